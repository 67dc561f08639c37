"""Scheduled jobs: a late leader catches up once; the jobs run under a real AsyncIOScheduler."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from sqlalchemy import func, select

from announcements.jobs import build_jobs
from bot.app import App
from domain.models import Announcement, Ranking
from tests.clock import Clock

from .market import MONDAY_1003, announcer, certified, follower


async def announcements(app: App) -> list[tuple[str, str]]:
    async with app.unit_of_work() as uow:
        rows = await uow.session.execute(select(Announcement.kind, Announcement.period)
                                         .order_by(Announcement.id))
        return [(k.value, p) for k, p in rows]


async def test_a_restart_at_1003_still_sends_the_1000_digest_once(app: App,
                                                                   clock: Clock) -> None:
    clock.now = MONDAY_1003
    await certified(app, "BrightWave Digital", ("advertising",), 2)
    await follower(app, "console", "fay")
    jobs = {job.id: job for job in build_jobs(announcer(app))}
    assert jobs["digest"].catch_up is not None
    first = await jobs["digest"].catch_up()
    assert first is not None and first.period == "2026-W49"
    assert await jobs["digest"].catch_up() is None  # a second leader, or a second restart
    assert await jobs["digest"].run() is None  # the schedule firing late as well
    # The spotlight of November went out on the 1st? Not in this database: it is caught up.
    spotlight = await jobs["spotlight"].catch_up()
    assert spotlight is not None and spotlight.period == "2026-11"
    assert await announcements(app) == [("digest", "2026-W49"), ("spotlight", "2026-11")]


async def test_before_mondays_run_last_weeks_digest_is_the_one_due(app: App, clock: Clock) -> None:
    clock.now = datetime(2026, 11, 30, 1, 59, tzinfo=UTC)  # 09:59 in Shanghai, Monday
    jobs = {job.id: job for job in build_jobs(announcer(app))}
    sent = await jobs["digest"].catch_up()  # last week's digest (W48) is the one due
    assert sent is not None and sent.period == "2026-W48"


async def test_the_ranking_job_computes_the_month_once_on_catch_up(app: App,
                                                                    clock: Clock) -> None:
    await certified(app, "BrightWave Digital", ("advertising",), 2)
    jobs = {job.id: job for job in build_jobs(announcer(app))}
    assert jobs["ranking"].catch_up is not None
    assert await jobs["ranking"].catch_up() == 2  # the provider, overall and in the US
    assert await jobs["ranking"].catch_up() is None
    async with app.unit_of_work() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(Ranking)) == 2


async def test_the_jobs_run_under_a_real_scheduler_and_announce_once(app: App,
                                                                     clock: Clock) -> None:
    from tests.waiting import until

    clock.now = MONDAY_1003
    await certified(app, "BrightWave Digital", ("advertising",), 2)
    finished: list[object] = []
    digest = next(job for job in build_jobs(announcer(app)) if job.id == "digest")

    async def counted() -> object:
        finished.append(await digest.run())
        return finished[-1]

    soon = datetime.now(UTC) + timedelta(milliseconds=300)
    jobs = [dataclasses.replace(digest, id=f"digest-{n}", trigger=DateTrigger(soon), run=counted)
            for n in range(2)]  # the same schedule fired twice at once
    scheduler = AsyncIOScheduler(timezone="Asia/Shanghai")
    for job in jobs:
        scheduler.add_job(job.run, job.trigger, id=job.id, misfire_grace_time=3600)
    scheduler.start()
    try:
        await until(lambda: len(finished) == 2, timeout=30)
    finally:
        scheduler.shutdown(wait=False)
    assert sum(result is not None for result in finished) == 1
    assert await announcements(app) == [("digest", "2026-W49")]


async def test_python_m_bot_runs_the_jobs_and_catches_up_on_taking_the_lead(
        app: App, clock: Clock) -> None:
    from bot.announcing import jobs_for
    from bot.background import Background

    clock.now = MONDAY_1003
    await certified(app, "BrightWave Digital", ("advertising",), 2)
    background = Background(app, jobs_for(app))
    background.start()
    try:
        await asyncio.wait_for(background.host.leading.wait(), 20)  # catch-ups done
        assert background.host.scheduler is not None
        assert {j.id for j in background.host.scheduler.get_jobs()} >= {
            "digest", "spotlight", "ranking", "adhoc"}
        assert background.host.scheduler.get_job("digest").misfire_grace_time == 3600
    finally:
        await background.close()
    assert await announcements(app) == [("digest", "2026-W49"), ("spotlight", "2026-11")]


async def test_two_processes_catching_up_at_once_announce_the_period_once(
        app: App, clock: Clock, settings: object, database: object) -> None:
    """Two apps (two engines, as two processes would have) race on the same due digest: the
    unique (kind, period) lets one win; the other finds it done or loses at commit."""
    from bot.app import build_app

    clock.now = MONDAY_1003
    await certified(app, "BrightWave Digital", ("advertising",), 2)
    await follower(app, "console", "fay")
    other = await build_app(settings, clock=clock,  # type: ignore[arg-type]
                            engine_options=database.options)  # type: ignore[attr-defined]
    try:
        results = await asyncio.gather(*(announcer(a).send_due("digest") for a in (app, other)
                                         for _ in range(3)))
    finally:
        await other.close()
    assert sum(r is not None for r in results) == 1
    assert await announcements(app) == [("digest", "2026-W49")]
    async with app.unit_of_work() as uow:
        from domain.models import OutboxMessage

        rows = await uow.session.scalar(select(func.count()).select_from(OutboxMessage))
        assert rows == 2  # fay and the channel post, once
