"""Domain errors: a code the conversation layer turns into a message, plus its parameters."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule refused the action. `code` is a message key; `params` fill its placeholders."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


class NotAllowed(DomainError):
    """The actor may not do this (wrong role, not an operator, someone else's object)."""


class NotFound(DomainError):
    """The object named does not exist (or is not visible to this actor)."""


class InvalidInput(DomainError):
    """A value broke a form rule: length, format, range."""


class Conflict(DomainError):
    """The state changed under the actor: already decided, already requested, stale."""
