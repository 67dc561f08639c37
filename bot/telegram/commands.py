"""The command menu per language, from the router's commands that /help lists."""

from __future__ import annotations

import re

from handlers.engine.i18n import LANGUAGES

from ..app import App

_NAME = re.compile(r"^[a-z0-9_]{1,32}$")


def menus(app: App) -> list[tuple[str | None, list[tuple[str, str]]]]:
    """(language_code, [(command, description)]) for each language, and English as default.

    Operator-only commands stay out of the menu everyone sees.
    """
    dispatcher = app.dispatcher
    listed = [(s.name, s.help_key) for s in dispatcher.router.commands.values()
              if s.help_key and not s.operator and _NAME.match(s.name)]
    out: list[tuple[str | None, list[tuple[str, str]]]] = []
    for language in (None, *LANGUAGES):
        lang = language or "en"
        out.append((language, [(name, dispatcher.translator(lang, key)[:256])
                               for name, key in listed]))
    return out
