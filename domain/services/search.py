"""Finding listed providers: by category or by keywords (EN/ZH, typo-tolerant), filtered, paged.

Everything reads the `search_terms` index (domain/adapters/search_index.py): one query per
page, over rows that already carry each provider's listing window, score, rating, markets and
languages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, or_, select

from ..actor import Actor
from ..adapters.search_index import period
from ..adapters.search_sql import count_statement, page_statement
from ..adapters.uow import UnitOfWork
from ..errors import InvalidInput, NotAllowed
from ..models import Category, SearchTerm, SearchWord
from ..search_text import (
    edit_distance,
    is_chinese,
    query_words,
    taught,
    teach_catalog,
    typed_forms,
    unstem,
)

PAGE = 5
ORDERS = ("rank", "rating", "new")
RATINGS = (0, 3, 4)
MAX_QUERY = 100
T = SearchTerm


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    category: str | None = None  # a category code: browse instead of keywords
    market: str | None = None
    language: str | None = None
    min_rating: int = 0
    accepting: bool = False
    order: str = "rank"


@dataclass(frozen=True)
class Hit:
    provider_id: int
    name: str
    rating: float
    accepting: bool = True
    featured: str | None = None  # the period it is featured for (a badge in results)


@dataclass(frozen=True)
class ResultPage:
    """One page of results. The total is counted (one index scan) only when there is more
    than one page; a single page counts its own hits."""

    hits: list[Hit]
    page: int
    more: bool = False
    unknown: list[str] = field(default_factory=list)  # query words that match nothing at all
    corrected: dict[str, str] = field(default_factory=dict)  # word as typed → a real word
    total: int = 0

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE))


@dataclass(frozen=True)
class CategoryCount:
    code: str
    name_en: str
    name_zh: str
    listed: int


def listed_now(now: datetime, t: type[SearchTerm] = SearchTerm) -> ColumnElement[bool]:
    return and_(t.listed_until > now, or_(t.listed_from.is_(None), t.listed_from <= now))


class Search:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    def _check(self, actor: Actor, query: SearchQuery | None = None) -> None:
        """Registered users and operators search; the filters must be the offered ones."""
        if actor.role is None and not actor.is_operator:
            raise NotAllowed("error.search_register_first")
        if query is None:
            return
        if len(query.text) > MAX_QUERY:
            raise InvalidInput("error.search_too_long", maximum=MAX_QUERY)
        rules = self.uow.rules
        bad = ((query.order not in ORDERS and "order") or (query.min_rating not in RATINGS
               and "rating") or (query.market not in (None, *rules.markets) and "markets")
               or (query.language not in (None, *rules.languages) and "languages"))
        if bad:
            raise InvalidInput("error.search_bad_filter")

    async def categories(self, actor: Actor) -> list[CategoryCount]:
        """The catalog with the number of providers listed in each category right now."""
        self._check(actor)
        counts = dict((await self.uow.session.execute(
            select(T.term, func.count()).where(T.term >= "@c:", T.term < "@c;",
                                               listed_now(self.uow.now())).group_by(T.term)
        )).tuples().all())
        rows = await self.uow.session.scalars(
            select(Category).where(Category.retired.is_(False)).order_by(Category.position))
        return [CategoryCount(c.code, c.name_en, c.name_zh, int(counts.get(f"@c:{c.code}", 0)))
                for c in rows]

    async def find(self, actor: Actor, query: SearchQuery, page: int = 0,
                   total: int | None = None) -> ResultPage:
        """One page of results. `total`, when the caller counted this query before (a page
        turn), is shown again instead of counting every match anew."""
        self._check(actor, query)
        if page < 0 or page > 10_000:
            raise InvalidInput("error.search_bad_filter")
        if query.category is not None:
            groups = [[f"@c:{query.category}"]]
            rows = await self._rows(groups, query, page)
            if not rows:
                await self._category(query.category)
            return await self._page(groups, query, rows, page, total=total)
        if not taught() and any(is_chinese(ch) for ch in query.text):
            await self._teach()
        # A query that is exactly a company's name puts that company first.
        name = query.text.strip().lower() or None
        # Optimistic: every word as it stands, in one query; only an empty page pays for
        # looking the words up (prefixes, typos, words that match nothing).
        words = query_words(query.text)
        groups = [[w] for w in words]
        rows = await self._rows(groups, query, page, name) if words else []
        if rows:
            return await self._page(groups, query, rows, page, total=total)
        resolved, unknown, corrected = await self.resolve(query.text)
        if unknown or not resolved:
            return ResultPage([], page, False, unknown, corrected)
        if resolved != groups:
            rows = await self._rows(resolved, query, page, name)
        return await self._page(resolved, query, rows, page, corrected, total)

    def _filters(self, query: SearchQuery) -> dict[str, object]:
        return {"market": query.market, "language": query.language,
                "min_rating": query.min_rating, "accepting": query.accepting}

    async def _rows(self, groups: list[list[str]], query: SearchQuery, page: int,
                    name: str | None = None) -> list:
        now = self.uow.now()
        statement, params = page_statement(groups, self._filters(query), query.order, page,
                                           PAGE, self.uow.rules, now, period(now), name)
        return list((await self.uow.session.execute(statement, params)).all())

    async def _page(self, groups: list[list[str]], query: SearchQuery, rows: list, page: int,
                    corrected: dict[str, str] | None = None,
                    total: int | None = None) -> ResultPage:
        current = period(self.uow.now())
        hits = [Hit(r.provider_id, r.company_name, float(r.rating), bool(r.accepting_clients),
                    current if r.featured else None) for r in rows[:PAGE]]
        more = len(rows) > PAGE
        seen = page * PAGE + len(hits) + more  # at least this many match
        if total is None and (more or page):
            statement, params = count_statement(groups, self._filters(query), self.uow.rules,
                                                self.uow.now())
            total = int(await self.uow.session.scalar(statement, params) or 0)
        return ResultPage(hits, page, more, [], corrected or {}, max(total or 0, seen))

    async def _category(self, code: str) -> None:
        if not await self.uow.session.scalar(select(Category.id).where(
                Category.code == code, Category.retired.is_(False))):
            raise InvalidInput("error.search_bad_filter")

    async def resolve(self, text: str) -> tuple[list[list[str]], list[str], dict[str, str]]:
        """Each query word becomes the indexed terms it stands for: itself, words it begins,
        or — misspelt — the closest indexed words."""
        groups, unknown, corrected = [], [], {}
        words = query_words(text)
        typed = typed_forms(text)
        known = set(await self.uow.session.scalars(
            select(SearchWord.term).where(SearchWord.term.in_(words)))) if words else set()
        for word in words:
            terms = [word] if word in known else await self._expand(word)
            if not terms:
                unknown.append(word)
            elif terms[0] != word and not terms[0].startswith(word):
                corrected[typed.get(word, word)] = unstem(terms[0], typed.get(word, word))
            groups.append(terms)
        return groups, unknown, corrected

    async def _teach(self) -> None:
        rows = await self.uow.session.execute(select(Category.name_zh, Category.keywords))
        teach_catalog(w for name, keywords in rows for w in [name, *keywords])

    async def _expand(self, word: str) -> list[str]:
        s = self.uow.session
        if len(word) >= 3 or is_chinese(word):
            prefixed = list(await s.scalars(select(SearchWord.term).where(
                SearchWord.term > word, SearchWord.term < word + "\uffff")
                .order_by(SearchWord.length, SearchWord.term).limit(8)))
            if prefixed:
                return prefixed
        if len(word) < 4 or is_chinese(word):
            return []
        limit = 1 if len(word) <= 5 else 2
        near = await s.scalars(select(SearchWord.term).where(
            SearchWord.term >= word[0], SearchWord.term < word[0] + "\uffff",
            SearchWord.length.between(len(word) - limit, len(word) + limit)))
        scored = sorted((edit_distance(word, t, limit), t) for t in near)
        best = [t for d, t in scored if d <= limit and d == scored[0][0]]
        return best[:3]
