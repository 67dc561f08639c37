"""Keeping the search index (`search_terms`, `search_words`) in step with the market.

Anything that changes what search shows of a provider (its name, description, markets,
languages, status or suspension, a certification granted, renewed or revoked, an evaluation,
or a new ranking) is a `ListingChanged` event, which the composition root hands to
`on_listing_changed`: the unit of work runs it before it commits. `reindex_all` rebuilds
everything (demo seeding, benchmarks, after a ranking run).

Reindexing one provider reads only the categories it is certified in. jieba learns the whole
catalog's vocabulary once per process (descriptions are segmented with it), and a category's
terms are computed once per vocabulary.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import delete, func, insert, select

from ..events import ListingChanged
from ..models import (
    Category,
    Certification,
    Evaluation,
    Provider,
    ProviderStatus,
    Ranking,
    SearchTerm,
    SearchWord,
)
from ..search_text import index_terms, taught, teach, teach_catalog, vocabulary_size
from .uow import UnitOfWork

BATCH = 2000
RANKED = 1000.0  # ranked providers sort above every unranked one (whose score is 0..5)
Progress = Callable[[int, int], None]


def period(now: datetime) -> str:
    """The ranking period a moment belongs to (monthly, as Ranking.period: "2026-11")."""
    return now.strftime("%Y-%m")


def category_terms(category: Category) -> frozenset[str]:
    teach([category.name_zh, *category.keywords])  # a word new since the catalog was taught
    return _terms(category.code, category.name_en, category.name_zh, tuple(category.keywords),
                  vocabulary_size())


@lru_cache(maxsize=1024)
def _terms(code: str, name_en: str, name_zh: str, keywords: tuple[str, ...],
           _vocabulary: int) -> frozenset[str]:
    """A category's terms; the vocabulary size is in the key because a newly taught word can
    change how its names segment."""
    return frozenset(index_terms(" ".join([name_en, name_zh, *keywords])) | {f"@c:{code}"})


async def teach_the_catalog(uow: UnitOfWork) -> None:
    """Teach jieba the catalog's vocabulary, once per process."""
    if not taught():
        rows = await uow.session.execute(select(Category.name_zh, Category.keywords))
        teach_catalog(w for name, keywords in rows for w in [name, *keywords])


def mask(codes: Sequence[str], allowed: Sequence[str]) -> int:
    return sum(1 << allowed.index(c) for c in codes if c in allowed)


class _Context:
    """What rows for a batch of providers need, read in a few queries."""

    def __init__(self, categories: Sequence[Category] = ()) -> None:
        self.terms = {c.id: category_terms(c) for c in categories}
        self.certs: dict[int, list[Certification]] = defaultdict(list)
        self.ratings: dict[int, tuple[float, int]] = {}
        self.ranks: dict[tuple[int, int], float] = {}

    async def load(self, uow: UnitOfWork, ids: list[int]) -> None:
        s, now = uow.session, uow.now()
        for cert in await s.scalars(select(Certification).where(
                Certification.provider_id.in_(ids), Certification.revoked_at.is_(None),
                Certification.expires_at > now)):
            self.certs[cert.provider_id].append(cert)
        missing = {c.category_id for certs in self.certs.values() for c in certs} - set(self.terms)
        if missing:  # only the categories these providers are certified in
            for category in await s.scalars(select(Category).where(Category.id.in_(missing))):
                self.terms[category.id] = category_terms(category)
        avg = func.avg((Evaluation.quality + Evaluation.communication + Evaluation.timeliness)
                       / 3.0)
        for pid, rating, count in await s.execute(
                select(Evaluation.provider_id, avg, func.count()).where(
                    Evaluation.provider_id.in_(ids)).group_by(Evaluation.provider_id)):
            self.ratings[pid] = (float(rating), int(count))
        for pid, cid, score in await s.execute(select(
                Ranking.provider_id, Ranking.category_id, Ranking.score).where(
                Ranking.provider_id.in_(ids), Ranking.period == period(now),
                Ranking.market == "*")):
            self.ranks[(pid, cid)] = RANKED + float(score)


def visible(p: Provider) -> bool:
    """Active, or suspended for a time (listed again once it ends, whatever a job has done)."""
    return p.status is ProviderStatus.ACTIVE or (
        p.status is ProviderStatus.SUSPENDED and p.suspended_until is not None)


def default_score(rating: float, count: int) -> float:
    """A smoothed rating: a few good reviews do not beat many (prior: 3.5 over 5 reviews)."""
    return (rating * count + 3.5 * 5) / (count + 5)


def provider_rows(p: Provider, ctx: _Context, markets: Sequence[str],
                  languages: Sequence[str], now: datetime) -> list[dict[str, Any]]:
    certs = ctx.certs.get(p.id, [])
    if not certs or not visible(p):
        return []
    rating, count = ctx.ratings.get(p.id, (0.0, 0))
    best = max([ctx.ranks.get((p.id, c.category_id), 0.0) for c in certs]
               + [default_score(rating, count)])
    until = max(c.expires_at for c in certs)
    rows: dict[str, dict[str, Any]] = {}
    base = dict(provider_id=p.id, rating=round(rating, 3), created_at=p.created_at,
                accepting=p.accepting_clients, markets=mask(p.markets, markets),
                languages=mask(p.languages, languages),
                listed_from=p.suspended_until if p.suspended_until and p.suspended_until > now
                else None)
    for term in index_terms(f"{p.company_name} {p.description} {p.description_zh}"):
        rows[term] = dict(base, term=term, listed_until=until, rank_score=best)
    for cert in certs:
        score = ctx.ranks.get((p.id, cert.category_id), best)
        for term in ctx.terms.get(cert.category_id, ()):
            row = rows.get(term)
            if row is None or row["listed_until"] < cert.expires_at:
                rows[term] = dict(base, term=term, listed_until=cert.expires_at, rank_score=score)
    return list(rows.values())


async def _write(uow: UnitOfWork, providers: list[Provider], ctx: _Context) -> set[str]:
    rules, now = uow.rules, uow.now()
    rows = [r for p in providers
            for r in provider_rows(p, ctx, rules.markets, rules.languages, now)]
    if rows:
        await uow.session.execute(insert(SearchTerm), rows)
    return {r["term"] for r in rows}


async def _add_words(uow: UnitOfWork, words: set[str]) -> None:
    known = set()
    new = sorted(words)
    for i in range(0, len(new), 500):
        chunk = new[i:i + 500]
        known |= set(await uow.session.scalars(
            select(SearchWord.term).where(SearchWord.term.in_(chunk))))
    fresh = [{"term": w, "length": len(w)} for w in new if w not in known and not
             w.startswith("@")]
    if fresh:
        await uow.session.execute(insert(SearchWord), fresh)


async def on_listing_changed(uow: UnitOfWork, event: ListingChanged) -> None:
    """The event handler the composition root registers: keeps search consistent in the
    transaction that changed the listing."""
    await reindex_provider(uow, event.provider_id)


async def reindex_provider(uow: UnitOfWork, provider_id: int) -> None:
    """Rebuild one provider's rows (none if it is not listed anywhere)."""
    await uow.session.execute(delete(SearchTerm).where(SearchTerm.provider_id == provider_id))
    provider = await uow.session.get(Provider, provider_id)
    if provider is None:
        return
    await teach_the_catalog(uow)
    ctx = _Context()
    await ctx.load(uow, [provider_id])
    await _add_words(uow, await _write(uow, [provider], ctx))


async def reindex_all(uow: UnitOfWork, progress: Progress | None = None) -> int:
    """Rebuild the whole index in batches; returns the number of rows written."""
    s = uow.session
    await s.execute(delete(SearchTerm))
    categories = list(await s.scalars(select(Category)))
    if not taught():
        teach_catalog(w for c in categories for w in [c.name_zh, *c.keywords])
    ids = list(await s.scalars(select(Provider.id).order_by(Provider.id)))
    words: set[str] = set()
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        ctx = _Context(categories)
        await ctx.load(uow, batch)
        providers = list(await s.scalars(select(Provider).where(Provider.id.in_(batch))))
        words |= await _write(uow, providers, ctx)
        s.expunge_all()
        if progress:
            progress(min(start + BATCH, len(ids)), len(ids))
    await _add_words(uow, words)
    return int(await s.scalar(select(func.count()).select_from(SearchTerm)) or 0)
