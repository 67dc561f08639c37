"""Message catalogs (gettext .po, English and Simplified Chinese) and the translator.

Each conversation keeps its messages in its own `locales/<lang>/<module>.po`, so adding a
conversation never touches another's catalog. Message ids are keys (`start.welcome`);
English is a catalog like Chinese, so wording changes never change code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from domain.markup import Markup, escape

LANGUAGES = ("en", "zh")
LOCALES = Path(__file__).parent.parent / "locales"


def load_catalogs(root: Path = LOCALES) -> dict[str, dict[str, str]]:
    catalogs: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        messages: dict[str, str] = {}
        for po in sorted((root / lang).glob("*.po")):
            for key, text in _read_po(po, lang, po.stat().st_mtime_ns):
                if key in messages:
                    raise ValueError(f"{po}: message {key!r} defined twice")
                messages[key] = text
        catalogs[lang] = messages
    return catalogs


@lru_cache(maxsize=256)
def _read_po(po: Path, lang: str, mtime_ns: int) -> tuple[tuple[str, str], ...]:
    """One file's messages, parsed once per version of the file: parsing all of them takes
    about 0.1 s, and the test suite builds an app (so a translator) for each of 700 tests."""
    with po.open("rb") as fh:
        return tuple((str(m.id), str(m.string)) for m in read_po(fh, locale=lang)
                     if m.id and m.string)


# Parameters that are amounts, written the reader's way (1,000); ids and years are not.
AMOUNTS = frozenset({"count", "minimum", "maximum", "length", "need", "required", "total",
                     "limit", "shown", "sent", "merchants", "min_merchants", "members",
                     "active", "bindings", "points", "days"})


def _locale(lang: str) -> Locale:
    return Locale.parse("zh_Hans_CN" if lang == "zh" else "en_US")


def plural_form(lang: str, n: int) -> str:
    """Babel's CLDR plural category: "one" or "other" in English, always "other" in Chinese."""
    return str(_locale(lang).plural_form(n))


def natural(lang: str, params: dict[str, object]) -> dict[str, object]:
    return {k: format_decimal(v, locale=_locale(lang))
            if k in AMOUNTS and isinstance(v, int) and not isinstance(v, bool) else v
            for k, v in params.items()}


@dataclass(frozen=True)
class Translator:
    catalogs: dict[str, dict[str, str]]

    def __call__(self, lang: str, key: str, **params: object) -> Markup:
        """The message in markup; text parameters are inserted escaped, `Markup` ones as they
        are, so a user's `*` or `_` can never open or close the message's markup. A `count`
        picks the `key.one` variant where the language's plural rule says so ("1 file",
        "2 files"), and amounts are written the reader's way (1,000)."""
        if isinstance(params.get("count"), int):
            form = plural_form(lang, int(params["count"]))  # type: ignore[call-overload]
            if form != "other" and f"{key}.{form}" in self.catalogs.get(lang, {}):
                key = f"{key}.{form}"
        template = self.catalogs.get(lang, {}).get(key) or self.catalogs["en"].get(key) or key
        if not params:
            return Markup(template)
        safe = {name: escape(value) if isinstance(value, str) else value
                for name, value in natural(lang, params).items()}
        return Markup(template.format(**safe))

    def bind(self, lang: str) -> Say:
        return Say(self, lang)


@dataclass(frozen=True)
class Say:
    """The translator bound to one reader's language (what notice renderers get)."""

    translator: Translator
    lang: str

    def __call__(self, key: str, **params: object) -> Markup:
        return self.translator(self.lang, key, **params)
