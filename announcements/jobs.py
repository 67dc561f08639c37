"""The scheduled jobs, as plain objects the leader's scheduler registers.

Each job is `id`, an APScheduler `trigger` in the configured time zone, `run` (what the
trigger fires) and `catch_up` (what a process runs once when it becomes the leader: the last
due period, if it has no announcement yet). Both are idempotent per period, so a run that
fires twice, or a catch-up racing a run, announces once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from apscheduler.triggers.interval import IntervalTrigger

from domain.adapters.search_index import period
from domain.adapters.uow import UnitOfWork
from domain.services.ranking import Rankings

from .service import Announcer

ADHOC_SECONDS = 5  # how soon an operator's confirmed announcement starts going out


@dataclass(frozen=True)
class ScheduledJob:
    id: str
    trigger: Any  # an APScheduler trigger
    run: Callable[[], Awaitable[object]]
    catch_up: Callable[[], Awaitable[object]] | None = None


def build_jobs(announcer: Announcer) -> list[ScheduledJob]:
    def announce(kind: str) -> Callable[[], Awaitable[object]]:
        async def run() -> object:
            return await announcer.send_due(kind)

        return run

    async def rank() -> object:
        async with UnitOfWork(announcer.env) as uow:
            scored = await Rankings(uow, announcer.ranking).compute()
            await uow.commit()
        return len(scored)

    async def rank_if_missing() -> object:
        from sqlalchemy import func, select

        from domain.models import Ranking

        async with UnitOfWork(announcer.env) as uow:
            done = await uow.session.scalar(select(func.count()).select_from(Ranking).where(
                Ranking.period == period(uow.now())))
        return None if done else await rank()

    async def release() -> object:
        return await announcer.release()

    return [ScheduledJob("ranking", announcer.trigger("ranking"), rank, rank_if_missing),
            ScheduledJob("adhoc", IntervalTrigger(seconds=ADHOC_SECONDS), release, release),
            *(ScheduledJob(kind, announcer.trigger(kind), announce(kind), announce(kind))
              for kind in ("digest", "spotlight"))]
