"""The announcements' own English and Chinese catalogs (gettext .po, as the conversations')."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

from domain.markup import Markup, escape

LOCALES = Path(__file__).parent / "locales"


@cache
def catalog(lang: str) -> dict[str, str]:
    with (LOCALES / lang / "announcements.po").open("rb") as fh:
        return {str(m.id): str(m.string) for m in read_po(fh, locale=lang) if m.id and m.string}


def say(lang: str, key: str, **params: object) -> Markup:
    """The message in the reply markup; text parameters (provider names, links) are inserted
    escaped, so a name's `*` or `_` shows as typed (domain/markup.py)."""
    template = catalog(lang).get(key) or catalog("en")[key]
    safe = {name: escape(value) if isinstance(value, str) else value
            for name, value in params.items()}
    return Markup(template.format(**safe))
