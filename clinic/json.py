"""JSON encoding for the API: money (Decimal) as a number, as the spec's examples show."""

from __future__ import annotations

from decimal import Decimal

from flask.json.provider import DefaultJSONProvider


class ClinicJSONProvider(DefaultJSONProvider):
    @staticmethod
    def default(o):
        if isinstance(o, Decimal):
            return float(o)
        return DefaultJSONProvider.default(o)
