"""An announcement's stored text and how one reader's copy is assembled from it.

An announcement is composed once, at send time, as a title, one section per category and the
anti-scam footer, in each language. A follower of a few categories gets only their sections:
the outbox row says which, and the copy is assembled at delivery, so a broadcast to 100,000
followers stores one text, not 100,000.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

ALL = "*"  # a section every reader gets (an ad-hoc announcement's body)


def assemble(text: dict[str, Any], categories: Sequence[str] = ()) -> str:
    """Title, the sections for `categories` (empty: all) and the footer."""
    wanted = set(categories)
    sections = [body for code, body in text.get("sections", [])
                if not wanted or code == ALL or code in wanted]
    parts = [text.get("title", ""), *sections, text.get("footer", "")]
    return "\n\n".join(p for p in parts if p)


def reader_copy(texts: dict[str, Any], lang: str, categories: Sequence[str] = (),
                bilingual: bool = False) -> str:
    """A follower's copy in their language; a channel post carries Chinese then English."""
    if bilingual:
        return "\n\n".join(assemble(texts[code], categories) for code in ("zh", "en"))
    return assemble(texts.get(lang) or texts["en"], categories)


def section_codes(texts: dict[str, Any]) -> set[str]:
    return {code for code, _ in texts.get("en", {}).get("sections", [])}
