"""The OpenAPI document is valid, complete, and its security matches the real behaviour."""

import re

import pytest
from openapi_spec_validator import validate

UNDOCUMENTED = {"/api/v1/", "/api/v1/openapi.json", "/api/v1/docs"}


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_document_is_valid_openapi_3(document):
    validate(document)
    assert document["openapi"].startswith("3.")
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_every_api_route_is_documented(app, document):
    routes = set()
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        if path.startswith("/api/v1/") and path not in UNDOCUMENTED:
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                routes.add((method.lower(), path))
    documented = {(m, p) for p, ops in document["paths"].items() for m in ops}
    assert routes == documented


def test_declared_security_is_what_the_endpoint_enforces(client, document):
    for path, operations in document["paths"].items():
        url = re.sub(r"\{\w+\}", "1", path)
        for method, operation in operations.items():
            response = client.open(url, method=method.upper())
            needs_token = bool(operation.get("security"))
            assert (response.status_code == 401) == needs_token, (
                method,
                path,
                response.status_code,
            )
            # Every documented operation describes its errors as problems.
            assert "422" in operation["responses"], (method, path)


def test_docs_page_uses_only_local_assets(client):
    response = client.get("/api/v1/docs")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "/static/vendor/swagger-ui-5.35.0/swagger-ui-bundle.js" in html
    assert 'data-spec-url="/api/v1/openapi.json"' in html
    assert not re.search(r"""(src|href)=["']https?://""", html)
    assert client.get("/docs").headers["Location"].endswith("/api/v1/docs")
