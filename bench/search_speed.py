"""Issue 3: keyword search over the market, against the same search as one hand-written query.

Both sides run the same page-one query, and when there is more than one page, the same count
of every match (the total the results show); ours also resolves the words (vocabulary
look-ups, prefix and typo expansion) and builds the statements, which is the overhead the
ratio shows.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable

from sqlalchemy import TextClause, bindparam, text

from bot.app import App
from domain.actor import Actor
from domain.adapters.uow import UnitOfWork
from domain.models import Role
from domain.models.base import UtcDateTime
from domain.services.search import Search, SearchQuery

QUERIES = ("advertising", "tiktok ads", "logistics warehouse", "influencer", "translation",
           "advertsing", "广告", "达人", "海外仓", "物流", "直播", "翻译")
ROUNDS = 25
ACTOR = Actor(account_id=0, identity="bench:merchant", role=Role.MERCHANT, merchant_id=0)

LISTED = "listed_until > :now AND (listed_from IS NULL OR listed_from <= :now)"
PART = """SELECT * FROM (SELECT provider_id, rank_score AS key, rating FROM search_terms
  WHERE term = :{term} AND {listed}{also}
  ORDER BY rank_score DESC, provider_id DESC LIMIT 6) AS x{term}"""
ALSO = """ AND EXISTS (SELECT 1 FROM search_terms o WHERE o.term IN ({terms})
  AND o.provider_id = search_terms.provider_id AND o.listed_until > :now
  AND (o.listed_from IS NULL OR o.listed_from <= :now))"""
HAND_WRITTEN = """SELECT b.provider_id, b.rating, p.company_name FROM (
  SELECT provider_id, max(key) AS key, max(rating) AS rating FROM ({parts}) u
  GROUP BY provider_id) b JOIN providers p ON p.id = b.provider_id
ORDER BY b.key DESC, b.provider_id DESC LIMIT 6"""
COUNT = """SELECT count(DISTINCT provider_id) FROM search_terms
  WHERE term IN ({terms}) AND {listed}{also}"""


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * .99))]


async def _timed(call: Callable[[], Awaitable[object]]) -> float:
    started = time.perf_counter()
    await call()
    return (time.perf_counter() - started) * 1000


async def measure(app: App, queries: tuple[str, ...] = QUERIES) -> dict[str, list[float]]:
    """Milliseconds per search, ours and hand-written, over every query and round."""
    ours: list[float] = []
    hand: list[float] = []
    async with app.unit_of_work() as uow:
        search = Search(uow)
        resolved, counted = {}, {}
        for q in queries:  # warm up (jieba's dictionary, statement caches) and resolve once
            page = await search.find(ACTOR, SearchQuery(text=q))
            resolved[q], counted[q] = (await search.resolve(q))[0], page.more
            assert page.hits, f"{q!r} found nothing"
        for _ in range(ROUNDS):
            for q in queries:
                ours.append(await _timed(lambda q=q: search.find(ACTOR, SearchQuery(text=q))))
                statements = _hand_written(resolved[q], uow.now(), counted[q])
                hand.append(await _timed(lambda s=statements: _run(uow, s)))
    return {"ours": ours, "hand": hand}


async def _run(uow: UnitOfWork, statements: list[tuple[TextClause, dict]]) -> None:
    for sql, params in statements:
        await uow.session.execute(sql, params)


def _hand_written(groups: list[list[str]], now: object, count: bool
                  ) -> list[tuple[TextClause, dict]]:
    """The page-one query written out by hand for these resolved terms, and the count of
    every match when there is more than one page."""
    params: dict = {"now": now}
    also = ""
    for g, group in enumerate(groups[1:]):
        keys = [f"g{g}_{i}" for i in range(len(group))]
        params.update(zip(keys, group, strict=True))
        also += ALSO.format(terms=", ".join(f":{k}" for k in keys))
    parts, firsts = [], []
    for i, term in enumerate(groups[0]):
        params[f"t{i}"] = term
        firsts.append(f":t{i}")
        parts.append(PART.format(term=f"t{i}", listed=LISTED, also=also))
    now_type = bindparam("now", type_=UtcDateTime())
    statements = [(text(HAND_WRITTEN.format(parts=" UNION ALL ".join(parts))).bindparams(
        now_type), params)]
    if count:
        sql = COUNT.format(terms=", ".join(firsts), listed=LISTED, also=also)
        statements.append((text(sql).bindparams(now_type), params))
    return statements


def report(label: str, figures: dict[str, list[float]]) -> list[str]:
    ours_med, ours_p99 = percentiles(figures["ours"])
    hand_med, hand_p99 = percentiles(figures["hand"])
    return [f"{label}: keyword search over {len(figures['ours'])} runs: median {ours_med:.2f} ms,"
            f" p99 {ours_p99:.2f} ms (target < 5 ms, < 25 ms)",
            f"{label}: hand-written SQL: median {hand_med:.2f} ms, p99 {hand_p99:.2f} ms; "
            f"ratio {ours_med / hand_med:.2f} (target < 1.5)"]
