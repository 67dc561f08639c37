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

from domain import markup
from handlers.engine.contract import ButtonPress, FileUpload, Incoming
from handlers.engine.text_commands import parse_text

PLATFORM = "telegram"
MAX_TEXT = 4096
Fetch = Callable[[str], Awaitable[bytes]]



def incoming(update: Any, fetch: Fetch) -> Incoming | None:
    """One update as the core sees it; None for what the bot does not answer (groups, edits)."""
    message = update.message
    if message is not None:
        if message.chat.type != "private" or message.from_user is None:
            return None
        return _from_message(update.update_id, message, fetch)
    query = update.callback_query
    if query is not None:
        return Incoming(**_sender(update.update_id, query.from_user),
                        press=ButtonPress(query.data or ""))
    return None


def _sender(update_id: int, user: Any) -> dict[str, Any]:
    return dict(platform=PLATFORM, user_id=str(user.id), display_name=user.full_name,
                language=user.language_code, dedupe_key=str(update_id), sequence=update_id)


def _from_message(key: int, message: Any, fetch: Fetch) -> Incoming:
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


HTML_TAGS: markup.Tags = {"*": ("<b>", "</b>"), "_": ("<i>", "</i>")}


def _text(value: str) -> str:
    return html.escape(value, quote=False)


def to_html(text: str) -> str:
    """The Reply markup as Telegram HTML: well nested by construction, text always escaped."""
    return markup.render(markup.parse(text), HTML_TAGS, _text)


def from_html(text: str) -> str:
    """Back to the markup as a plain-text front end shows it (tests compare Telegram's texts
    with the console's)."""
    text = re.sub(r"</?b>", "*", text)
    return html.unescape(re.sub(r"</?i>", "_", text))


def length(text: str) -> int:
    """Telegram counts a message's length in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def pieces(text: str, limit: int = MAX_TEXT) -> list[str]:
    """The Reply markup as Telegram HTML messages of at most `limit` characters each.

    Split at line breaks where possible, else inside a line between characters; never inside
    a tag or an entity, because every piece is rendered from its own runs of styled text.
    """
    out: list[list[Run]] = []
    current: list[Run] | None = None
    size = 0
    for line in _lines(markup.runs(markup.parse(text))):
        width = sum(length(t) for _, t in line)
        if current is not None and size + 1 + width <= limit:
            current, size = [*current, ((), "\n"), *line], size + 1 + width
            continue
        if current is not None:
            out.append(current)
        chunks = _cut(line, limit)
        out.extend(chunks[:-1])
        current, size = chunks[-1], sum(length(t) for _, t in chunks[-1])
    out.append(current or [])
    # Telegram refuses a message of blanks: a piece cut from between blank lines is dropped.
    shown = [piece for piece in out if "".join(t for _, t in piece).strip()]
    return [_render(piece) for piece in shown] or [_render(out[0])]


Run = tuple[tuple[str, ...], str]


def _lines(runs: list[Run]) -> list[list[Run]]:
    lines: list[list[Run]] = [[]]
    for styles, text in runs:
        for number, part in enumerate(text.split("\n")):
            if number:
                lines.append([])
            if part:
                lines[-1].append((styles, part))
    return lines


def _cut(line: list[Run], limit: int) -> list[list[Run]]:
    """One line in chunks of at most `limit` characters (a character is never cut)."""
    chunks: list[list[Run]] = [[]]
    room = limit
    for styles, text in line:
        for char in text:
            width = length(char)
            if width > room:
                chunks.append([])
                room = limit
            chunk = chunks[-1]
            if chunk and chunk[-1][0] == styles:
                chunk[-1] = (styles, chunk[-1][1] + char)
            else:
                chunk.append((styles, char))
            room -= width
    return chunks


def _render(piece: list[Run]) -> str:
    out = []
    for styles, text in piece:
        opening = "".join(HTML_TAGS[m][0] for m in styles)
        closing = "".join(HTML_TAGS[m][1] for m in reversed(styles))
        out.append(opening + _text(text) + closing)
    return "".join(out)
