"""The Reply markup subset (*bold*, _italic_), recognised the same way by every front end.

Markers count only where they stand around words: snake_case, e-mails and links keep theirs.
"""

from __future__ import annotations

import re

BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
ITALIC = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")


def plain(text: str) -> str:
    """The text without markers, for platforms that render no markup (WeChat)."""
    return ITALIC.sub(r"\1", BOLD.sub(r"\1", text))
