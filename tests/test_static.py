"""Vendored front-end assets are the pinned, unmodified files; nothing comes from a CDN."""

import hashlib
import re
from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "clinic" / "static" / "vendor"
TEMPLATES = VENDOR.parent.parent / "templates"


def test_vendored_files_match_their_checksums():
    lines = (VENDOR / "SHA256SUMS").read_text().splitlines()
    assert len(lines) >= 5
    for line in lines:
        digest, name = line.split(maxsplit=1)
        actual = hashlib.sha256((VENDOR / name).read_bytes()).hexdigest()
        assert actual == digest, name


def test_htmx_is_pinned_to_2_0():
    source = (VENDOR / "htmx-2.0.11" / "htmx.min.js").read_text()
    assert re.search(r'version:\s*"2\.0\.11"', source)


def test_templates_load_nothing_from_outside():
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        assert not re.search(r"""(src|href)=["']https?://""", text), template
        assert "//cdn" not in text and "unpkg.com" not in text, template


def test_static_files_are_served(client):
    for path in [
        "/static/vendor/htmx-2.0.11/htmx.min.js",
        "/static/vendor/bootstrap-5.3.8/bootstrap.min.css",
        "/static/css/app.css",
        "/static/img/favicon.svg",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        response.close()
