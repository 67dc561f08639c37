"""Telegram's HTML parse mode, checked the way the Bot API checks it.

The fake Bot API refuses what Telegram refuses ("Bad Request: can't parse entities: …"), and
the property test checks every reply with the same function, so a reply that Telegram would
reject fails a test instead of a user's chat.
https://core.telegram.org/bots/api#html-style
"""

from __future__ import annotations

import re

TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
        "tg-emoji", "code", "pre", "blockquote"}
ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});")
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(\s[^<>]*)?>")
MAX_LENGTH = 4096


def html_error(text: str) -> str | None:
    """What Telegram would say about `text` in parse_mode HTML; None when it is accepted."""
    stack: list[str] = []
    visible: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        offset = len(text[:i].encode())
        if char == "<":
            tag = TAG.match(text, i)
            if tag is None:
                return f"Unexpected end of name token at byte offset {offset}"
            closing, name = tag.group(1) == "/", tag.group(2).lower()
            if name not in TAGS:
                return f'Unsupported start tag "{name}" at byte offset {offset}'
            if closing:
                if not stack or stack[-1] != name:
                    expected = f'"</{stack[-1]}>"' if stack else "nothing"
                    return (f"Unmatched end tag at byte offset {offset}, expected {expected}, "
                            f'found "</{name}>"')
                stack.pop()
            else:
                stack.append(name)
            i = tag.end()
        elif char == "&":
            entity = ENTITY.match(text, i)
            if entity is None:
                return f"Unknown HTML entity at byte offset {offset}"
            visible.append("x")
            i = entity.end()
        elif char == ">":
            return f"Unexpected end tag at byte offset {offset}"
        else:
            visible.append(char)
            i += 1
    if stack:
        return f'Can\'t find end tag corresponding to start tag "{stack[-1]}"'
    if not "".join(visible).strip():
        return "text must be non-empty"
    if len("".join(visible).encode("utf-16-le")) // 2 > MAX_LENGTH:
        return "message is too long"
    return None
