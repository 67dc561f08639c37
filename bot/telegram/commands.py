"""The command menu per language, from the router's commands that /help lists."""

from __future__ import annotations

import re
from typing import Any

from handlers.engine.i18n import LANGUAGES

_NAME = re.compile(r"^[a-z0-9_]{1,32}$")


def menus(app: Any) -> list[tuple[str | None, list[tuple[str, str]]]]:
    """(language_code, [(command, description)]) for each language, and English as default.

    Operator-only commands stay out of the menu everyone sees.
    """
    dispatcher = app.dispatcher
    specs = [s for s in dispatcher.router.commands.values()
             if s.help_key and not s.operator and _NAME.match(s.name)]
    out: list[tuple[str | None, list[tuple[str, str]]]] = []
    for language in (None, *LANGUAGES):
        lang = language or "en"
        out.append((language, [(s.name, dispatcher.translator(lang, s.help_key)[:256])
                               for s in specs]))
    return out
