"""Telegram updates to `Incoming`, and `Reply` text to Telegram HTML: shared by both libraries.

Both aiogram's and python-telegram-bot's update objects carry the Bot API's field names
(`update.message.from_user.language_code`, `callback_query.data` …), so one translation
serves both and the two front ends cannot drift apart.
"""

from __future__ import annotations

import html
import re
from collections.abc import Awaitable, Callable
from typing import Any

from handlers.contract import ButtonPress, FileUpload, Incoming

from ..console import parse_text
from ..markup import BOLD, ITALIC

PLATFORM = "telegram"
MAX_TEXT = 4096
Fetch = Callable[[str], Awaitable[bytes]]



def incoming(update: Any, fetch: Fetch) -> Incoming | None:
    """One update as the core sees it; None for what the bot does not answer (groups, edits)."""
    message = update.message
    if message is not None:
        if message.chat.type != "private" or message.from_user is None:
            return None
        return _from_message(str(update.update_id), message, fetch)
    query = update.callback_query
    if query is not None:
        return Incoming(**_sender(str(update.update_id), query.from_user),
                        press=ButtonPress(query.data or ""))
    return None


def _sender(key: str, user: Any) -> dict[str, Any]:
    return dict(platform=PLATFORM, user_id=str(user.id), display_name=user.full_name,
                language=user.language_code, dedupe_key=key)


def _from_message(key: str, message: Any, fetch: Fetch) -> Incoming:
    base = _sender(key, message.from_user)
    if message.text is not None:
        body, command = parse_text(message.text)
        return Incoming(**base, text=body, command=command)
    upload = file_of(message, fetch)
    if upload is not None:
        return Incoming(**base, file=upload)
    return Incoming(**base, text=message.caption or "")  # stickers, voice …: "not understood"


def file_of(message: Any, fetch: Fetch) -> FileUpload | None:
    """Photos and documents; the size comes from the update, so it is checked before fetching."""
    if message.photo:
        photo = message.photo[-1]  # the largest size Telegram offers
        return FileUpload(name=f"photo_{photo.file_unique_id}.jpg", mime_type="image/jpeg",
                          size=photo.file_size or 0, fetch=_fetcher(fetch, photo.file_id))
    document = message.document
    if document is not None:
        return FileUpload(name=document.file_name or "document",
                          mime_type=document.mime_type or "application/octet-stream",
                          size=document.file_size or 0, fetch=_fetcher(fetch, document.file_id))
    return None


def _fetcher(fetch: Fetch, file_id: str) -> Callable[[], Awaitable[bytes]]:
    async def fetch_bytes() -> bytes:
        return await fetch(file_id)

    return fetch_bytes


def chat_of(update: Any) -> int | None:
    if update.message is not None:
        return int(update.message.chat.id)
    query = update.callback_query
    if query is not None:
        return int(query.message.chat.id) if query.message is not None else int(query.from_user.id)
    return None


def to_html(text: str) -> str:
    """The Reply markup subset as Telegram HTML; everything else is escaped, never interpreted."""
    escaped = html.escape(text, quote=False)
    return ITALIC.sub(r"<i>\1</i>", BOLD.sub(r"<b>\1</b>", escaped))


def from_html(text: str) -> str:
    """Back to the markup subset (tests compare Telegram's texts with the console's)."""
    text = re.sub(r"</?b>", "*", text)
    return html.unescape(re.sub(r"</?i>", "_", text))


def pieces(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split a long text at line breaks so every piece fits one Telegram message."""
    out: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            out, current = out + ([current] if current else []) + [line[:limit]], ""
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            out.append(current)
            candidate = line
        current = candidate
    return out + [current]
