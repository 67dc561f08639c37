"""The one refusal the engine makes on its own: a button or form that no longer fits."""

from __future__ import annotations

from domain.errors import DomainError


class StaleButton(DomainError):
    """A payload that is forged, malformed or from a form the user has since left."""

    def __init__(self) -> None:
        super().__init__("error.stale_button")
