"""How blacklisted names and e-mails are compared: spelled differently, matched the same.

An expelled company must not come back as "BRIGHTWAVE DIGITAL CO., LTD." or "Brightwave-Digital
Limited", nor its contact as " Ads+new@BrightWave.example". Both sides of every comparison go
through the same function, so the stored value is the normalized one.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Legal-form words dropped from the end of a Latin-script name (after punctuation is gone).
LATIN_SUFFIXES = frozenset({
    "ltd", "limited", "co", "company", "inc", "incorporated", "corp", "corporation", "llc",
    "llp", "lp", "plc", "gmbh", "ag", "sa", "sarl", "bv", "pte", "pty", "kk", "group",
    "holding", "holdings", "intl", "international",
})
# Chinese legal forms, longest first, stripped from the end as often as they appear.
CHINESE_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团", "公司", "控股")
_WORDS = re.compile(r"[\W_]+", re.UNICODE)
# What the blacklist's `value` column holds. NFKC spells some characters out at length (㍿ is
# 株式会社, ﷺ eighteen letters), so a name within its 80 characters can normalize to more.
MAX_VALUE = 254


def company(name: str) -> str:
    """Case, width, punctuation, spaces and legal-form suffixes do not make a new name."""
    text = unicodedata.normalize("NFKC", name).casefold()
    words = [w for w in _WORDS.split(text) if w]
    while len(words) > 1 and words[-1] in LATIN_SUFFIXES:
        words.pop()
    joined = "".join(words)
    stripped = True
    while stripped:
        stripped = False
        for suffix in CHINESE_SUFFIXES:
            if joined.endswith(suffix) and len(joined) > len(suffix):
                joined, stripped = joined[: -len(suffix)], True
    return joined or text.strip()


def email(address: str) -> str:
    """Case, spaces and a "+tag" do not make a new mailbox."""
    text = unicodedata.normalize("NFKC", address).strip().casefold()
    local, at, domain = text.partition("@")
    if not at:
        return text
    return f"{local.split('+', 1)[0]}@{domain.strip().rstrip('.')}"


def normalize(kind: str, value: str) -> str:
    """The value as stored and compared; one too long for the column becomes its digest, the
    same for every spelling that normalizes alike."""
    normal = email(value) if kind == "email" else company(value)
    if len(normal) <= MAX_VALUE:
        return normal
    return "sha256:" + hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()
