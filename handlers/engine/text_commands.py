"""Typed text to a command: the one rule every front end follows (console, Telegram, WeChat).

It lives in the engine, beside `Command`, because what counts as a command is the core's
convention, not a platform's: `/name args`, the name lower-cased, and Telegram's `@botname`
suffix (sent in groups and by menu taps) dropped so `/help@market_bot` is `/help` everywhere.
"""

from __future__ import annotations

from .contract import Command


def parse_text(text: str) -> tuple[str | None, Command | None]:
    """(text, None) for plain text; (None, command) for `/cmd@bot args`. A lone "/" is text."""
    if text.startswith("/") and len(text) > 1:
        head, _, args = text[1:].partition(" ")
        return None, Command(head.split("@", 1)[0].lower(), args.strip())
    return text, None
