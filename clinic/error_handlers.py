"""One error handler per side: JSON problems under /api/, HTML pages elsewhere."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from clinic.errors import DomainError
from clinic.problems import problem

RETAINED_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


def wants_json() -> bool:
    return request.path == "/api" or request.path.startswith("/api/")


def _page(status: int, title: str, detail: str, headers=None):
    body = render_template("errors/error.html", status=status, title=title, detail=detail)
    return body, status, headers or {}


def handle_http_exception(exc: HTTPException):
    status = exc.code or 500
    headers = {k: v for k, v in exc.get_headers() if k in RETAINED_HEADERS}
    title = exc.name
    detail = exc.description or title
    if status >= 500:
        detail = "Something went wrong on our side. Please try again in a moment."
    if wants_json():
        return problem(status, detail, title=title, headers=headers)
    return _page(status, title, detail, headers)


def handle_domain_error(exc: DomainError):
    errors = getattr(exc, "errors", None)
    if wants_json():
        return problem(exc.status_code, exc.message, title=exc.title, errors=errors)
    return _page(exc.status_code, exc.title, exc.message)


def handle_internal_error(exc: InternalServerError):
    original = getattr(exc, "original_exception", None)
    if original is not None:
        current_app.logger.exception("Unhandled error", exc_info=original)
    return handle_http_exception(InternalServerError())


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(InternalServerError, handle_internal_error)
