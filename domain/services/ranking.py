"""Computing and storing a period's rankings from the market's tables (the use case).

The arithmetic is in domain/ranking.py; this module only gathers its facts and replaces the
period's rows, so that `python -m bot rank` and the daily job give the same answer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import delete, insert, select

from ..adapters.search_index import period, reindex_all
from ..adapters.uow import UnitOfWork
from ..models import (
    Binding,
    BindingScope,
    Category,
    Certification,
    Evaluation,
    Provider,
    ProviderStatus,
    Ranking,
)
from ..ranking import Facts, Scored, rank
from ..ranking_config import RankingConfig
from .bindings import active_filter
from .responsiveness import answer_hours
from .sanctions import is_available

Progress = Callable[[int, int], None]


def period_bounds(name: str) -> tuple[datetime, datetime]:
    """The first moment of a monthly period and of the next one (UTC)."""
    try:
        start = datetime.strptime(name, "%Y-%m").replace(tzinfo=UTC)
    except ValueError:
        raise ValueError(f"expects a period like 2026-11, got {name!r}") from None
    end = start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
    return start, end


class Rankings:
    def __init__(self, uow: UnitOfWork, config: RankingConfig) -> None:
        self.uow, self.config = uow, config

    async def facts(self, at: datetime) -> list[Facts]:
        """Every certified, not expelled provider in each category it is certified in at `at`."""
        s = self.uow.session
        codes = dict((await s.execute(select(Category.id, Category.code))).tuples().all())
        pairs = (await s.execute(
            select(Provider, Certification.category_id).join(
                Certification, Certification.provider_id == Provider.id).where(
                Provider.status != ProviderStatus.EXPELLED, Certification.granted_at <= at,
                Certification.revoked_at.is_(None), Certification.expires_at > at)
            .distinct())).tuples().all()
        evaluations: dict[tuple[int, int], list[tuple[float, datetime]]] = defaultdict(list)
        for pid, cid, q, c, t, when in await s.execute(
                select(Evaluation.provider_id, BindingScope.category_id, Evaluation.quality,
                       Evaluation.communication, Evaluation.timeliness, Evaluation.created_at)
                .join(BindingScope, BindingScope.binding_id == Evaluation.binding_id)
                .where(Evaluation.created_at <= at)):
            evaluations[(pid, cid)].append(((q + c + t) / 3, when))
        bindings: dict[tuple[int, int], int] = defaultdict(int)
        for pid, cid in await s.execute(
                select(Binding.provider_id, BindingScope.category_id)
                .join(BindingScope, BindingScope.binding_id == Binding.id)
                .where(active_filter(at), Binding.starts_at <= at)):
            bindings[(pid, cid)] += 1
        answers = await answer_hours(s, at)
        return [Facts(p.id, codes[cid], tuple(p.markets), tuple(evaluations[(p.id, cid)]),
                      bindings[(p.id, cid)], tuple(answers[p.id]), p.violation_points,
                      is_available(p, at))
                for p, cid in pairs]

    async def compute(self, name: str | None = None,
                      progress: Progress | None = None) -> list[Scored]:
        """Replace the period's rankings (as of now, or its end if it is over) and reindex."""
        now = self.uow.now()
        name = name or period(now)
        start, end = period_bounds(name)
        at = min(now, end)
        if at < start:
            raise ValueError(f"period {name} has not begun")
        facts = await self.facts(at)
        if progress:
            progress(len(facts) // 2, len(facts) or 1)
        scored = rank(facts, at, self.config)
        await self._store(name, scored, now)
        if name == period(now):
            await reindex_all(self.uow)
        if progress:
            progress(len(facts) or 1, len(facts) or 1)
        return scored

    async def _store(self, name: str, scored: list[Scored], now: datetime) -> None:
        s = self.uow.session
        ids = dict((await s.execute(select(Category.code, Category.id))).tuples().all())
        await s.execute(delete(Ranking).where(Ranking.period == name))
        rows = [dict(period=name, category_id=ids[r.category], market=r.market,
                     provider_id=r.provider_id, score=r.score, rank=r.rank,
                     featured=r.featured, computed_at=now) for r in scored]
        for i in range(0, len(rows), 2000):
            await s.execute(insert(Ranking), rows[i:i + 2000])
