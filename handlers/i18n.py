"""Message catalogs (gettext .po, English and Simplified Chinese) and the translator.

Each conversation keeps its messages in its own `locales/<lang>/<module>.po`, so adding a
conversation never touches another's catalog. Message ids are keys (`start.welcome`);
English is a catalog like Chinese, so wording changes never change code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

from .markup import Markup, escape

LANGUAGES = ("en", "zh")
LOCALES = Path(__file__).parent / "locales"


def load_catalogs(root: Path = LOCALES) -> dict[str, dict[str, str]]:
    catalogs: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        messages: dict[str, str] = {}
        for po in sorted((root / lang).glob("*.po")):
            with po.open("rb") as fh:
                for message in read_po(fh, locale=lang):
                    if message.id and message.string:
                        if message.id in messages:
                            raise ValueError(f"{po}: message {message.id!r} defined twice")
                        messages[str(message.id)] = str(message.string)
        catalogs[lang] = messages
    return catalogs


@dataclass(frozen=True)
class Translator:
    catalogs: dict[str, dict[str, str]]

    def __call__(self, lang: str, key: str, **params: object) -> Markup:
        """The message in markup; text parameters are inserted escaped, `Markup` ones as they
        are, so a user's `*` or `_` can never open or close the message's markup."""
        template = self.catalogs.get(lang, {}).get(key) or self.catalogs["en"].get(key) or key
        if not params:
            return Markup(template)
        safe = {name: escape(value) if isinstance(value, str) else value
                for name, value in params.items()}
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
