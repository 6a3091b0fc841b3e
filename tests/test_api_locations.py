"""GET /locations/...: the tree for address pickers, in the paged envelope."""

import pytest


def test_divisions(client):
    body = client.get("/api/v1/locations/divisions").get_json()
    assert body["total"] == 8 and body["skip"] == 0 and body["limit"] == 20
    dhaka = next(d for d in body["items"] if d["name"] == "Dhaka")
    assert dhaka["bn_name"] == "ঢাকা"


def test_districts_then_thanas(client):
    divisions = client.get("/api/v1/locations/divisions").get_json()["items"]
    dhaka = next(d for d in divisions if d["name"] == "Dhaka")
    districts = client.get(
        f"/api/v1/locations/divisions/{dhaka['id']}/districts?limit=100"
    ).get_json()
    assert districts["total"] == 13
    dhaka_district = next(d for d in districts["items"] if d["name"] == "Dhaka")
    thanas = client.get(f"/api/v1/locations/districts/{dhaka_district['id']}/thanas?limit=100")
    names = {t["name"] for t in thanas.get_json()["items"]}
    assert {"Dhanmondi", "Savar", "Gulshan"} <= names


def test_paging(client):
    first = client.get("/api/v1/locations/divisions?skip=0&limit=3").get_json()
    rest = client.get("/api/v1/locations/divisions?skip=3&limit=100").get_json()
    assert len(first["items"]) == 3 and len(rest["items"]) == 5
    assert {d["id"] for d in first["items"]}.isdisjoint({d["id"] for d in rest["items"]})


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "skip=-1", "limit=abc"])
def test_bad_paging_is_422(client, query):
    response = client.get(f"/api/v1/locations/divisions?{query}")
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["errors"]


@pytest.mark.parametrize(
    "path", ["/api/v1/locations/divisions/999/districts", "/api/v1/locations/districts/9999/thanas"]
)
def test_unknown_parent_is_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.get_json()["detail"].startswith("No such")
