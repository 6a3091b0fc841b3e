"""The OpenAPI description and request validation of /api/v1 (spectree + pydantic).

Shape errors from pydantic become the same 422 problem as business-rule errors.
"""

from __future__ import annotations

from spectree import Response, SecurityScheme, SecuritySchemeData, SpecTree

from clinic.api.schemas import Problem
from clinic.errors import RuleViolation, ValidationFailed

BEARER = {"bearerAuth": []}


def _field_name(location: tuple) -> str:
    return ".".join(str(part) for part in location) or "body"


class RequestInvalid(ValidationFailed):
    """The request's JSON, query or form did not have the documented shape."""

    def __init__(self, error) -> None:
        violations = [
            RuleViolation(_field_name(item.get("loc", ())), item.get("msg", "Invalid value."))
            for item in error.errors(include_url=False, include_input=False)
        ]
        super().__init__(violations or [RuleViolation("body", "The request body is invalid.")])


def _reject_invalid(_request, _response, error, _instance, *_args) -> None:
    if error is not None:
        raise RequestInvalid(error)


spec = SpecTree(
    "flask",
    title="Clinic API",
    version="1",
    description=(
        "Appointment booking for clinics in Bangladesh. Authenticate with "
        "`POST /api/v1/auth/login` and send `Authorization: Bearer <access_token>`. "
        "Errors are RFC 9457 problem objects."
    ),
    # Never registered on the app: clinic.api.docs serves the document and the docs page
    # (from vendored assets). spectree skips routes under this path, so it is not api/v1.
    path="apidoc",
    page_templates={},
    before=_reject_invalid,
    security_schemes=[
        SecurityScheme(
            name="bearerAuth",
            data=SecuritySchemeData(type="http", scheme="bearer", bearer_format="JWT"),
        )
    ],
    annotations=True,
    mode="strict",  # only the routes decorated with spec.validate, not the web pages
    validation_error_model=Problem,  # 422s are problem objects with field errors
)

__all__ = ["BEARER", "Response", "spec"]
