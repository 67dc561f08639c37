"""A Reply's buttons as the Bot API's InlineKeyboardMarkup: one builder for every Telegram sender.

The outbox worker posts this JSON as it is; aiogram and python-telegram-bot each turn it into
their own `InlineKeyboardMarkup` with one call (`model_validate`, `de_json`), so replies, notices
and inline results carry the same keyboard whichever library sends them.
"""

from __future__ import annotations

from typing import Any

from handlers.engine.contract import Button

Keyboard = tuple[tuple[Button, ...], ...]


def inline_keyboard(buttons: Keyboard) -> dict[str, Any] | None:
    """`{"inline_keyboard": [[button, …], …]}`, or None when there are no buttons (no markup)."""
    if not buttons:
        return None
    return {"inline_keyboard": [[_button(b) for b in row] for row in buttons]}


def _button(button: Button) -> dict[str, str]:
    """A link button opens its URL; any other sends its payload back as callback data."""
    if button.url:
        return {"text": button.label, "url": button.url}
    return {"text": button.label, "callback_data": button.payload}
