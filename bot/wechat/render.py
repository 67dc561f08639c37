"""Replies as WeChat text: numbered options, plain links, no markup, pieces under 2,000 bytes.

WeChat has no inline buttons and renders no markup. Options become numbered lines, numbered
across every reply of one update in the order the dispatcher stores their payloads, so that
the user's `2` picks the second payload; link buttons become plain links.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from domain.markup import plain
from handlers.engine.contract import Attachment, Reply
from handlers.engine.i18n import Say

from .file_links import attachment_lines

# ~2,048 bytes is where WeChat answers 45002 (community-reported): keep clear of it.
MAX_BYTES = 2000
# XML 1.0 forbids these; one in a reply makes WeChat show "service unavailable".
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Rendered:
    text: str
    payloads: list[str]  # behind the numbers, in order

    @property
    def pieces(self) -> list[str]:
        """The first may be the passive reply, the rest go as customer-service messages."""
        return pieces(self.text)

    def __add__(self, other: Rendered) -> Rendered:
        text = "\n\n".join(t for t in (self.text, other.text) if t)
        return Rendered(text, self.payloads + other.payloads)


def render(replies: Sequence[Reply], say: Say, first_number: int = 1,
           file_link: Callable[[Attachment], str] | None = None) -> Rendered:
    blocks, payloads = [], []
    for reply in replies:
        lines = [plain(clean(reply.text)), *attachment_lines(reply.attachments, say, file_link)]
        numbered = False
        for row in reply.buttons:
            for button in row:
                label = clean(button.label)
                if button.payload:
                    payloads.append(button.payload)
                    numbered = True
                    link = f" {button.url}" if button.url else ""
                    # [n], as the console shows options: texts have numbered lists of their own.
                    lines.append(f"[{first_number + len(payloads) - 1}] {label}{link}")
                elif button.url:
                    lines.append(f"{label}: {button.url}")
        if numbered:
            lines.append(say("wechat.pick_number"))
        blocks.append("\n".join(line for line in lines if line))
    return Rendered("\n\n".join(b for b in blocks if b).strip(), payloads)


def clean(text: str) -> str:
    return _ILLEGAL.sub("", text)


def pieces(text: str, limit: int = MAX_BYTES) -> list[str]:
    """Split at line breaks (within a line only when it alone is too long), by UTF-8 bytes."""
    if not text:
        return []
    out: list[str] = []
    current = ""
    for line in text.split("\n"):
        for part in _cut(line, limit):
            candidate = f"{current}\n{part}" if current else part
            if len(candidate.encode()) > limit:
                out.append(current)
                candidate = part
            current = candidate
    return [p for p in [*out, current] if p.strip()]


def _cut(line: str, limit: int) -> list[str]:
    if len(line.encode()) <= limit:
        return [line]
    parts, current = [], ""
    for char in line:
        if len((current + char).encode()) > limit:
            parts.append(current)
            current = ""
        current += char
    return [*parts, current]
