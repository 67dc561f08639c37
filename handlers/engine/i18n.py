"""Message catalogs (gettext .po, English and Simplified Chinese) and the translator.

Each conversation keeps its messages in its own `locales/<lang>/<module>.po`, so adding a
conversation never touches another's catalog. Message ids are keys (`start.welcome`);
English is a catalog like Chinese, so wording changes never change code. A message that
counts something is a gettext plural entry (`msgid_plural`, `msgstr[0]`, `msgstr[1]`…):
the language's `Plural-Forms` expression picks the form for `count`.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from domain.markup import Markup, escape

LANGUAGES = ("en", "zh")
LOCALES = Path(__file__).parent.parent / "locales"

Text = str | tuple[str, ...]  # one text, or one per plural form of the language


@dataclass(frozen=True)
class Catalog:
    """One language's messages, and its gettext plural rule (from the .po headers)."""

    lang: str
    messages: dict[str, Text]
    num_plurals: int
    plural_expr: str  # C syntax, as in `Plural-Forms`: "(n != 1)", "0"
    _index: Callable[[int], int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", gettext.c2py(self.plural_expr))

    def get(self, key: str, count: object = None) -> str | None:
        """The text for `key`; for a plural message the form `count` takes (with no count,
        the last form, which reads for "several")."""
        text = self.messages.get(key)
        if not isinstance(text, tuple):
            return text
        if isinstance(count, int) and not isinstance(count, bool):
            return text[min(self._index(count), len(text) - 1)]
        return text[-1]


def load_catalogs(root: Path = LOCALES) -> dict[str, Catalog]:
    """Every .po file of each language, merged; an id defined twice or files that disagree
    on the language's plural rule are refused (each would silently hide the other)."""
    catalogs: dict[str, Catalog] = {}
    for lang in LANGUAGES:
        messages: dict[str, Text] = {}
        rules: set[tuple[int, str]] = set()
        for po in sorted((root / lang).glob("*.po")):
            rule, entries = _read_po(po, lang, po.stat().st_mtime_ns)
            rules.add(rule)
            for key, text in entries:
                if key in messages:
                    raise ValueError(f"{po}: message {key!r} defined twice")
                messages[key] = text
        if len(rules) > 1:
            raise ValueError(f"{root / lang}: the .po files disagree on Plural-Forms: {rules}")
        num_plurals, expr = rules.pop() if rules else (2, "(n != 1)")
        catalogs[lang] = Catalog(lang, messages, num_plurals, expr)
    return catalogs




@lru_cache(maxsize=256)
def _read_po(po: Path, lang: str, mtime_ns: int
             ) -> tuple[tuple[int, str], tuple[tuple[str, Text], ...]]:
    """One file's plural rule and messages, parsed once per version of the file: parsing all
    of them takes about 0.1 s, and the test suite builds an app (a translator) for each test."""
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    entries: list[tuple[str, Text]] = []
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if not key or not message.string:
            continue
        entries.append((str(key), tuple(message.string)
                        if isinstance(message.string, (tuple, list)) else str(message.string)))
    return (catalog.num_plurals, catalog.plural_expr), tuple(entries)


# Parameters that are amounts, written the reader's way (1,000); ids and years are not.
AMOUNTS = frozenset({"count", "minimum", "maximum", "length", "need", "required", "total",
                     "limit", "shown", "sent", "merchants", "min_merchants", "members",
                     "active", "bindings", "points", "days"})


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse("zh_Hans_CN" if lang == "zh" else "en_US")


@lru_cache(maxsize=4096)
def _amount(lang: str, value: int) -> str:
    """Babel's formatting, once per number: every results page writes its counts."""
    return format_decimal(value, locale=_locale(lang))


def natural(lang: str, params: dict[str, object]) -> dict[str, object]:
    return {k: _amount(lang, v)
            if k in AMOUNTS and isinstance(v, int) and not isinstance(v, bool) else v
            for k, v in params.items()}


@dataclass(frozen=True)
class Translator:
    catalogs: dict[str, Catalog]

    def __call__(self, lang: str, key: str, **params: object) -> Markup:
        """The message in markup; text parameters are inserted escaped, `Markup` ones as they
        are, so a user's `*` or `_` can never open or close the message's markup. A `count`
        picks a plural message's form by the language's rule ("1 file", "2 files"), and amounts
        are written the reader's way (1,000)."""
        template = self.template(lang, key, params.get("count"))
        if not params:
            return Markup(template)
        safe = {name: escape(value) if isinstance(value, str) else value
                for name, value in natural(lang, params).items()}
        return Markup(template.format(**safe))

    def plain(self, lang: str, key: str, **params: object) -> str:
        """The message as plain text (e-mail): parameters inserted as they are, unescaped, and
        numbers as given."""
        template = self.template(lang, key, params.get("count"))
        return template.format(**params) if params else template

    def template(self, lang: str, key: str, count: object = None) -> str:
        """The catalog text, unformatted: the reader's language, else English, else the key."""
        for catalog in (self.catalogs.get(lang), self.catalogs["en"]):
            text = catalog.get(key, count) if catalog else None
            if text:
                return text
        return key

    def bind(self, lang: str) -> Say:
        return Say(self, lang)


@dataclass(frozen=True)
class Say:
    """The translator bound to one reader's language (what notice renderers get)."""

    translator: Translator
    lang: str

    def __call__(self, key: str, **params: object) -> Markup:
        return self.translator(self.lang, key, **params)
