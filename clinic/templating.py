"""Template filters and globals."""

from __future__ import annotations

import json
from datetime import datetime

from flask import Flask

from clinic.timeutils import clinic_today, to_clinic_time

# htmx 2 defaults changed: no eval (strict CSP), no injected styles, and no page
# snapshots in localStorage (they would hold patient data). Errors swap in too, so
# a form re-rendered with 422 or an error page is shown.
HTMX_CONFIG = json.dumps(
    {
        "allowEval": False,
        "includeIndicatorStyles": False,
        "historyCacheSize": 0,
        "selfRequestsOnly": True,
        "responseHandling": [
            {"code": "204", "swap": False},
            {"code": "[23]..", "swap": True},
            {"code": "422", "swap": True},  # a form re-rendered with its errors
            {"code": "[45]..", "swap": True, "error": True},
        ],
    }
)


def clinic_datetime(value: datetime | None, fmt: str = "%d %b %Y, %H:%M") -> str:
    local = to_clinic_time(value)
    return local.strftime(fmt) if local else ""


def init_templates(app: Flask) -> None:
    app.jinja_env.filters["clinic_datetime"] = clinic_datetime
    app.jinja_env.globals["htmx_config"] = HTMX_CONFIG
    app.jinja_env.globals["clinic_today"] = clinic_today
    app.jinja_env.globals["clinic_name"] = app.config["CLINIC_NAME"]
