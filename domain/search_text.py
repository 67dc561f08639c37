"""Turning text into search terms, the same way for what is indexed and for what is asked.

Latin words are lower-cased and lightly stemmed ("agencies" → "agency"); Chinese runs are
segmented by jieba, which is taught the catalog's own vocabulary (达人, 代运营, 海外仓) so
that the market's words stay whole. Single Chinese characters and stop words are not indexed.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

import jieba

jieba.setLogLevel(logging.WARNING)

_RUNS = re.compile(r"[a-z0-9]+|[\u3400-\u9fff]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
STOP = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "by", "co", "com", "for", "from", "in", "inc",
     "is", "it", "llc", "ltd", "limited", "of", "on", "or", "our", "the", "to", "we", "with",
     "you", "your", "有限公司", "有限", "公司", "我们", "提供", "以及", "和", "的"})
MAX_TERM = 64
# jieba's dictionary is global to the process, and so is what it has been taught.
_taught: set[str] = set()
_catalog_taught = False
# "offered": words handed to teach(); "added": words jieba learnt. Read by the tests that
# check one provider's reindex does not hand jieba the whole catalog again.
teaching = Counter[str]()


def teach(words: Iterable[str]) -> None:
    """Make jieba keep these words whole (idempotent: a word already taught is skipped)."""
    for word in words:
        teaching["offered"] += 1
        if _CJK.search(word) and word not in _taught:
            jieba.add_word(word, freq=200000)
            _taught.add(word)
            teaching["added"] += 1


def teach_catalog(words: Iterable[str]) -> None:
    """Teach the whole catalog's vocabulary, which every text is segmented with; once is
    enough for this process (`taught()` says whether it happened)."""
    global _catalog_taught
    teach(words)
    _catalog_taught = True


def taught() -> bool:
    """Whether the catalog's vocabulary was taught in this process."""
    return _catalog_taught


def vocabulary_size() -> int:
    """How many words jieba was taught: grows whenever segmentation may have changed."""
    return len(_taught)


def stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def index_terms(text: str) -> set[str]:
    """Every term a text should be found by (jieba's search mode: whole words and their parts)."""
    terms: set[str] = set()
    for run in _RUNS.findall(_normal(text)):
        if _CJK.match(run):
            terms.update(w for w in jieba.cut_for_search(run) if len(w) > 1)
        else:
            terms.add(stem(run))
    return {t[:MAX_TERM] for t in terms if t not in STOP}


def query_words(text: str) -> list[str]:
    """The words of a query, in order, each of which a result must match (AND)."""
    words: list[str] = []
    for run in _RUNS.findall(_normal(text)):
        if _CJK.match(run):
            parts = [w for w in jieba.cut(run) if w not in STOP]
            words.extend(w for w in parts if len(w) > 1 or len(parts) == 1)
        else:
            words.append(stem(run))
    unique = [w[:MAX_TERM] for w in dict.fromkeys(words) if w not in STOP]
    return unique[:6]


def typed_forms(text: str) -> dict[str, str]:
    """Each Latin query word (as stemmed) → the word as the user typed it."""
    return {stem(run)[:MAX_TERM]: run for run in _RUNS.findall(_normal(text))
            if not _CJK.match(run)}


def unstem(term: str, typed: str) -> str:
    """An indexed stem shown as a real word, with the ending the user typed ("logistics")."""
    if stem(typed) == typed:
        return term
    if typed.endswith("ies") and term.endswith("y"):
        return term[:-1] + "ies"
    return term + "s"


def is_chinese(word: str) -> bool:
    return bool(_CJK.match(word))


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance, giving up (limit + 1) once it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
