"""The one place that knows how htmx talks to the server."""

from __future__ import annotations

from flask import Response, redirect, render_template, request


def is_htmx() -> bool:
    """True for an htmx request that wants a fragment: not a boosted link or form (they
    swap the whole body) and not a history restore."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-Boosted") != "true"
        and headers.get("HX-History-Restore-Request") != "true"
    )


def render(page: str, partial: str, **context) -> Response:
    """Render ``partial`` for htmx callers and ``page`` (which includes it) otherwise."""
    body = render_template(partial if is_htmx() else page, **context)
    response = Response(body)
    response.vary.add("HX-Request")
    return response


def hx_redirect(url: str, code: int = 303) -> Response:
    """Redirect: ``HX-Redirect`` for htmx callers, a plain 303 for everyone else."""
    if is_htmx():
        response = Response(status=204)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url, code=code)
