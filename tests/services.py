"""Which real services the suite may use, and what happens when one is missing.

Outside CI a missing service skips its tests with the reason. With
``CLINIC_REQUIRE_SERVICES=1`` (set by ``.ci/run``) or ``CI=true`` the same
situation fails the run instead, so CI can never pass on skipped suites.
"""

from __future__ import annotations

import os
import shutil

import pytest

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def services_required() -> bool:
    return os.environ.get("CLINIC_REQUIRE_SERVICES") == "1" or os.environ.get("CI") == "true"


def unavailable(reason: str):
    """Skip (locally) or fail (CI) the current test or fixture."""
    if services_required():
        pytest.fail(f"required service unavailable: {reason}", pytrace=False)
    pytest.skip(reason)


def chromium_path() -> str | None:
    path = os.environ.get("CHROMIUM_PATH", DEFAULT_CHROMIUM)
    return path if os.path.isfile(path) and os.access(path, os.X_OK) else shutil.which(path)
