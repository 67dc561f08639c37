"""Small wording helpers every conversation shares: lists and shortened entries."""

from __future__ import annotations


def shorten(text: str, limit: int) -> str:
    """At a word boundary with an ellipsis, never mid-word (Chinese has no spaces: cut)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut and text[limit - 1] != " ":
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:，。") + "…"
