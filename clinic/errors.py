"""Domain errors. Domain functions raise these; each side (web, API) maps them."""

from __future__ import annotations


class DomainError(Exception):
    """Base class: a request the domain refuses, with a message fit for the user."""

    status_code = 400
    title = "Bad request"

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.title
        super().__init__(self.message)


class NotFound(DomainError):
    """The thing does not exist, or the caller may not know that it does."""

    status_code = 404
    title = "Not found"


class Forbidden(DomainError):
    """The caller is known but their role may not do this."""

    status_code = 403
    title = "Forbidden"


class Conflict(DomainError):
    """The request clashes with existing state (slot held, email taken)."""

    status_code = 409
    title = "Conflict"

    def __init__(self, message: str | None = None, field: str | None = None) -> None:
        self.field = field
        super().__init__(message)

    @property
    def errors(self) -> list[dict[str, str]] | None:
        return [{"field": self.field, "message": self.message}] if self.field else None


class RuleViolation(DomainError):
    """A business rule refused one field's value."""

    status_code = 422
    title = "Invalid input"

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)

    @property
    def errors(self) -> list[dict[str, str]]:
        return [{"field": self.field, "message": self.message}]


class ValidationFailed(DomainError):
    """Several fields were refused at once."""

    status_code = 422
    title = "Invalid input"

    def __init__(self, violations: list[RuleViolation]) -> None:
        self.violations = violations
        super().__init__("; ".join(v.message for v in violations) or self.title)

    @property
    def errors(self) -> list[dict[str, str]]:
        return [{"field": v.field, "message": v.message} for v in self.violations]
