"""RFC 9457 problem responses for the JSON API."""

from __future__ import annotations

import json
from http import HTTPStatus

from flask import Response

PROBLEM_MIMETYPE = "application/problem+json"


def problem(
    status: int,
    detail: str | None = None,
    *,
    title: str | None = None,
    errors: list[dict] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    phrase = HTTPStatus(status).phrase
    body: dict = {
        "type": "about:blank",
        "title": title or phrase,
        "status": status,
        "detail": detail or phrase,
    }
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_MIMETYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response
