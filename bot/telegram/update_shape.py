"""The shape of a webhook update, checked before any library sees it.

A body that is not an update — nesting deeper than any update, integers beyond 64 bits, a
field of the wrong type, an update_id too long for the dedupe key — is the sender's mistake
(400), never our 500. Only the fields the bot reads are checked; the library checks the rest
when it parses, and that refusal is a 400 too (bot/telegram/webhook.py).
"""

from __future__ import annotations

from typing import Any

MAX_DEPTH = 32  # a real update nests about six levels deep
INT64 = 2**63
MAX_UPDATE_ID = 2**53  # Telegram's ids fit a double; the dedupe key column holds them easily

Shape = dict[str, Any]
USER: Shape = {"id": int, "first_name": str, "last_name": str, "language_code": str}
CHAT: Shape = {"id": int, "type": str}
PHOTO: Shape = {"file_id": str, "file_unique_id": str, "file_size": int}
DOCUMENT: Shape = {"file_id": str, "file_name": str, "mime_type": str, "file_size": int}
MESSAGE: Shape = {"message_id": int, "from": USER, "chat": CHAT, "text": str, "caption": str,
                  "photo": [PHOTO], "document": DOCUMENT}
UPDATE: Shape = {
    "message": MESSAGE, "edited_message": MESSAGE,
    "callback_query": {"id": str, "from": USER, "data": str, "message": MESSAGE},
    "inline_query": {"id": str, "from": USER, "query": str},
}


def problem(data: Any) -> str | None:
    """What is wrong with `data` as an update, or None."""
    if not isinstance(data, dict):
        return "not an object"
    update_id = data.get("update_id")
    if type(update_id) is not int or not 0 <= update_id <= MAX_UPDATE_ID:
        return "update_id must be an integer from 0 to 2^53"
    if _depth(data) > MAX_DEPTH:
        return "nested too deeply"
    return _check(data, UPDATE, "")


def _check(value: Any, shape: Any, where: str) -> str | None:
    if isinstance(shape, list):
        if not isinstance(value, list):
            return f"{where} must be a list"
        return next((p for i, item in enumerate(value)
                     if (p := _check(item, shape[0], f"{where}[{i}]"))), None)
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return f"{where or 'update'} must be an object"
        return next((p for key, inner in shape.items() if key in value and value[key] is not None
                     and (p := _check(value[key], inner, f"{where}.{key}".lstrip(".")))), None)
    if shape is int:
        if type(value) is not int or not -INT64 <= value < INT64:
            return f"{where} must be a 64-bit integer"
        return None
    return None if isinstance(value, shape) else f"{where} must be a {shape.__name__}"


def _depth(value: Any, level: int = 0) -> int:
    """How deep the value nests; stops counting past MAX_DEPTH."""
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level
