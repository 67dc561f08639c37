"""The search on screen (`Results`), how typed words become words and filters, and the
buttons that change it; apart from search_market.py to keep both short. Payloads carry only
what a button changes: the query and filters stay in the conversation state."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from domain.services.search import SearchQuery

from ..engine.context import Context
from ..engine.i18n import LANGUAGES
from ..engine.presses import Press


@dataclass
class Results:
    """The search on screen: words or a category, filters, order and page."""

    words: str
    category: str | None = None
    category_name: str = ""
    market: str | None = None
    language: str | None = None
    min_rating: int = 0
    accepting: bool = False
    order: str = "rank"
    page: int = 0
    # How many match, as counted for the query in `counted` (the words, category and
    # filters): page turns show it again instead of counting thousands of rows each time.
    total: int = 0
    counted: str = ""


class Filter(Enum):
    MARKET = "mk"
    LANGUAGE = "lg"
    RATING = "rt"


class SearchPress(Press, prefix="search"):
    """The catalog, and paging, filtering and ordering the results."""


@dataclass(frozen=True)
class Category(SearchPress, tag="cat"):
    code: str


@dataclass(frozen=True)
class Browse(SearchPress, tag="browse"):
    pass


@dataclass(frozen=True)
class BackToResults(SearchPress, tag="back"):
    pass


@dataclass(frozen=True)
class Page(SearchPress, tag="page"):
    page: int


@dataclass(frozen=True)
class OpenFilter(SearchPress, tag="f"):
    kind: Filter


@dataclass(frozen=True)
class SetFilter(SearchPress, tag="set"):
    kind: Filter
    value: str  # "-": any


@dataclass(frozen=True)
class Accepting(SearchPress, tag="acc"):
    pass


@dataclass(frozen=True)
class Order(SearchPress, tag="o"):
    order: str


def _names(ctx: Context, kind: str, codes: tuple[str, ...]) -> list[tuple[str, str]]:
    """Every way a market or language is named, in both languages, longest first."""
    names = [(ctx.translator(lang, f"{kind}.{code}").casefold(), code)
             for code in codes for lang in LANGUAGES]
    return sorted(set(names), key=lambda n: -len(n[0]))


def words_and_filters(ctx: Context, text: str) -> Results:
    """`logistics southeast asia` → words `logistics`, Market: Southeast Asia."""
    found_codes: dict[str, str] = {}
    rest = text
    for kind, codes in (("market", ctx.rules.markets), ("language", ctx.rules.languages)):
        for name, code in _names(ctx, kind, codes):
            pattern = re.escape(name) if not name.isascii() else rf"\b{re.escape(name)}\b"
            found = re.search(pattern, rest.casefold())
            if found:
                rest = (rest[:found.start()] + " " + rest[found.end():]).strip()
                found_codes[kind] = code
                break
    rest = " ".join(rest.split())
    if not rest:  # only a market or language: search for the words themselves
        return Results(words=text)
    return Results(words=rest, market=found_codes.get("market"),
                   language=found_codes.get("language"))


def query(search: Results) -> SearchQuery:
    return SearchQuery(text=search.words, category=search.category, market=search.market,
                       language=search.language, min_rating=search.min_rating,
                       accepting=search.accepting, order=search.order)


def counted_as(search: Results) -> str:
    """What the total depends on: everything but the order and the page."""
    return repr((search.words, search.category, search.market, search.language,
                 search.min_rating, search.accepting))
