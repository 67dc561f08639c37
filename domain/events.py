"""Domain events: facts a unit of work collects and hands to the handlers it was given.

Past tense, frozen and hashable, so that a fact noticed twice in one transaction is handled
once. The unit of work runs their handlers before it commits, in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ListingChanged:
    """Something search shows of this provider changed: its profile, status, a certification,
    an evaluation or a ranking."""

    provider_id: int
