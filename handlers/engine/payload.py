"""Reading button payloads and deep links. A payload that does not parse is stale — only that.

Payloads are never trusted (forged, stale, or from an old message), so every part is checked
here and refused with `StaleButton`. Anything else that goes wrong under a button handler is a
bug, reported as an internal error with its traceback, not hidden as "no longer valid".
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from enum import Enum
from typing import TypeVar

from domain import validation as v

from .context import StaleButton

E = TypeVar("E", bound=Enum)
T = TypeVar("T")


def ident(text: str) -> int:
    """A record id (1 … 2³¹−1, ASCII digits): larger ones would overflow PostgreSQL's integer."""
    number = v.record_id(text)
    if number is None:
        raise StaleButton()
    return number


def page(text: str, *, last: int = 10_000) -> int:
    """A page number from 0 to `last`."""
    number = v.digits(text, max_digits=len(str(last)))
    if number is None or number > last:
        raise StaleButton()
    return number


def number_in(text: str, allowed: Collection[int]) -> int:
    """One of the numbers the button offered (scores, durations, points)."""
    number = v.digits(text, max_digits=6)
    if number is None or number not in allowed:
        raise StaleButton()
    return number


def member(text: str, kind: type[E]) -> E:
    """An enum member by its value (a violation type, a sanction kind)."""
    try:
        return kind(text)
    except ValueError:
        raise StaleButton() from None


def choice(text: str, options: Mapping[str, T]) -> T:
    """What the payload's code stands for among `options`."""
    if text not in options:
        raise StaleButton()
    return options[text]


def fields(text: str, count: int) -> list[str]:
    """Exactly `count` colon-separated parts."""
    parts = text.split(":")
    if len(parts) != count:
        raise StaleButton()
    return parts
