"""Domain errors raised by services; the API exception handler and views map them to 4xx."""

from __future__ import annotations


class DomainError(Exception):
    """A request that breaks a business rule. ``errors`` maps field names to messages."""

    status_code = 400

    def __init__(self, message: str, *, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class PermissionDeniedError(DomainError):
    status_code = 403


class NotFoundError(DomainError):
    status_code = 404


class ConflictError(DomainError):
    status_code = 409
