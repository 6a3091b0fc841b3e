"""Headless Chromium (Debian's package) driven by Playwright, against the live test app."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.services import CHROMIUM_ARGS, chromium_path, unavailable


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        unavailable("Chromium not found (install Debian's chromium or set CHROMIUM_PATH)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (make test installs it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageWatch:
    """What a page did that a test may want to refuse: console errors, foreign requests."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.foreign_requests: list[str] = []

    def on_request(self, request) -> None:
        host = urlsplit(request.url).hostname
        if request.url.startswith(("data:", "blob:", "about:")):
            return
        if host not in {"127.0.0.1"}:
            self.foreign_requests.append(request.url)

    def assert_clean(self, expected_statuses: tuple[int, ...] = ()) -> None:
        """No errors, except Chromium's note on responses the test expected (e.g. 422)."""
        expected = tuple(f"status of {code} " for code in expected_statuses)
        errors = [e for e in self.console_errors if not any(x in e for x in expected)]
        assert errors == [], errors
        assert self.page_errors == [], self.page_errors
        assert self.foreign_requests == [], self.foreign_requests


def after_htmx_swap(page, action) -> None:
    """Run ``action`` and wait until htmx has swapped and settled what it asked for, so
    the new content has its htmx behaviour before the test touches it (a person is never
    that fast; a test is)."""
    page.evaluate(
        "window.__settled = false;"
        "document.body.addEventListener('htmx:afterSettle', () => { window.__settled = true },"
        " {once: true})"
    )
    action()
    page.wait_for_function("() => window.__settled === true")


@pytest.fixture
def page(browser, server_url):
    context = browser.new_context(base_url=server_url)
    page = context.new_page()
    watch = PageWatch(server_url)
    page.on("console", lambda m: m.type == "error" and watch.console_errors.append(m.text))
    page.on("pageerror", lambda e: watch.page_errors.append(str(e)))
    page.on("request", watch.on_request)
    page.watch = watch
    yield page
    context.close()
