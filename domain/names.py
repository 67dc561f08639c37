"""The English or Chinese form of what is stored in both: category names, descriptions.

One rule for every reader-facing pick, in conversations, notices and services alike: the
Chinese form for a Chinese reader, and English for everyone else — or when no Chinese form
was written (a provider's Chinese description is optional).
"""

from __future__ import annotations


def localized(lang: str, en: str, zh: str) -> str:
    """`zh` when `lang` is "zh" and there is one; otherwise `en`."""
    return zh if lang == "zh" and zh else en
