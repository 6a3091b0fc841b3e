"""JSON encoding for the API: money (Decimal) as a number, as the spec's examples show,
and dates and timestamps in ISO 8601 (Flask's default is the HTTP date format)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask.json.provider import DefaultJSONProvider


class ClinicJSONProvider(DefaultJSONProvider):
    @staticmethod
    def default(o):
        if isinstance(o, Decimal):
            return float(o)
        if isinstance(o, (date, datetime)):
            return o.isoformat()
        return DefaultJSONProvider.default(o)
