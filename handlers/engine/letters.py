"""E-mails written from the catalogs: a writer per kind, the bilingual frame around it.

The services queue an e-mail as a kind and its facts (domain/services/email_outbox.py); the
mailer asks the dispatcher to write it when it sends it. A provider's contact language is
unknown, so each e-mail is bilingual: the writer runs once per language, and the subject
joins both halves ("English / 中文"), the body puts the English first, a rule, then the
Chinese. E-mail is plain text: parameters go in as they are, never escaped for the chat's
markup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .i18n import Translator

Plain = Callable[..., str]  # the catalog text in one language, parameters inserted as they are
LetterWriter = Callable[[Plain, Mapping[str, Any]], tuple[str, list[str]]]  # subject, lines

LETTER_LANGUAGES = ("en", "zh")
RULE = "—" * 20


def plain(translator: Translator, lang: str) -> Plain:
    def say(key: str, **params: object) -> str:
        return translator.plain(lang, key, **params)
    return say


def write(translator: Translator, writer: LetterWriter,
          params: Mapping[str, Any]) -> tuple[str, str]:
    """Subject and body, both languages."""
    halves = [writer(plain(translator, lang), params) for lang in LETTER_LANGUAGES]
    body: list[str] = []
    for _, lines in halves:
        body += ([""] + [RULE] + [""] if body else []) + lines
    return " / ".join(subject for subject, _ in halves), "\n".join(body) + "\n"
