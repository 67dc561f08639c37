"""The announcements' own English and Chinese catalogs (gettext .po, as the conversations')."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALES = Path(__file__).parent / "locales"


@cache
def catalog(lang: str) -> dict[str, str]:
    with (LOCALES / lang / "announcements.po").open("rb") as fh:
        return {str(m.id): str(m.string) for m in read_po(fh, locale=lang) if m.id and m.string}


def say(lang: str, key: str, **params: object) -> str:
    template = catalog(lang).get(key) or catalog("en")[key]
    return template.format(**params) if params else template
