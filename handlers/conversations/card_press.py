"""The provider card's buttons, apart from provider_card.py: search results and the shortlist
open cards, and the card shows their buttons (Save, Back to results), so the family sits where
all three can import it without importing each other."""

from __future__ import annotations

from dataclasses import dataclass

from ..engine.presses import Id, Press


class CardPress(Press, prefix="card"):
    """Opening a card, paging its evaluations, sharing it."""


@dataclass(frozen=True)
class ShowCard(CardPress, tag="show"):
    provider_id: Id


@dataclass(frozen=True)
class BackToCard(CardPress, tag="back"):
    """From the evaluations back to the card, in place."""

    provider_id: Id


@dataclass(frozen=True)
class Evaluations(CardPress, tag="ev"):
    """All evaluations, as a new message."""

    provider_id: Id
    page: int


@dataclass(frozen=True)
class EvaluationsPage(CardPress, tag="evp"):
    """Another page of them, in place."""

    provider_id: Id
    page: int


@dataclass(frozen=True)
class Share(CardPress, tag="share"):
    """Where the platform has no deep links: the `/start p_<id>` command to pass on."""

    provider_id: Id
