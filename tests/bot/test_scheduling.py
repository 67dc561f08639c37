"""The running scheduler does the maintenance by itself, in one worker, handed over on failure."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import select, text

from bot.app import App, build_app
from bot.background import Background
from bot.locks import AlreadyRunning
from bot.settings import Settings
from domain.adapters.db import create_engine
from domain.models import OutboxMessage, Provider, ProviderStatus
from tests import factories
from tests.clock import Clock
from tests.conftest import PG_URL
from tests.waiting import until

FAST = timedelta(seconds=0.2)


async def test_the_running_scheduler_lifts_a_suspension_and_sends_a_reminder(
        app: App, clock: Clock) -> None:
    _, provider_id = await factories.active_binding(app, "alice", "bob", days=30)
    await factories.suspend(app, provider_id, days=7)
    background = Background(app, maintenance_every=FAST)
    background.start()
    try:
        await asyncio.wait_for(background.host.leading.wait(), 10)  # catch-up round done
        assert background.host.scheduler is not None
        job = background.host.scheduler.get_job("maintenance")
        assert job is not None and job.next_run_time is not None  # scheduled, not paused
        clock.advance(days=25)  # the suspension is over, the binding ends in five days

        async def done() -> bool:
            async with app.unit_of_work() as uow:
                status = await uow.session.scalar(
                    select(Provider.status).where(Provider.id == provider_id))
                kinds = (await uow.session.scalars(select(OutboxMessage.kind))).all()
            return status is ProviderStatus.ACTIVE and "binding.ending" in kinds

        await until(done)
        assert background.host.runs["maintenance"] >= 1
    finally:
        await background.close()
    assert background.host.scheduler is None


async def test_a_second_process_on_one_sqlite_file_is_refused(app: App) -> None:
    if PG_URL:
        pytest.skip("SQLite: one process per database file")
    first = Background(app)
    first.start()
    try:
        with pytest.raises(AlreadyRunning, match="one process per SQLite file"):
            Background(app).start()
    finally:
        await first.close()
    again = Background(app)  # the file is free once the first has stopped
    again.start()
    await again.close()


class Counting:
    """A job as another package would plug one in: four attributes, nothing from bot/."""

    def __init__(self) -> None:
        self.id = "counting"
        self.trigger = IntervalTrigger(seconds=0.1)
        self.runs = self.catch_ups = 0
        self.run = self._run
        self.catch_up = self._catch_up

    async def _run(self) -> None:
        self.runs += 1

    async def _catch_up(self) -> None:
        self.catch_ups += 1


async def test_a_plugged_in_job_catches_up_once_on_taking_the_lead_then_runs_on_time(
        app: App) -> None:
    job = Counting()
    background = Background(app, [job])
    background.start()
    try:
        await asyncio.wait_for(background.host.leading.wait(), 10)
        assert job.catch_ups == 1 and job.runs == 0  # catch-up first, before any run
        await until(lambda: job.runs >= 3)
    finally:
        await background.close()
    assert job.catch_ups == 1


@pytest.fixture
async def two_workers(database: Any, settings: Settings, clock: Clock
                      ) -> AsyncIterator[list[Background]]:
    """Two apps on one PostgreSQL database, each with its own scheduler host."""
    if not PG_URL:
        pytest.skip("leader election uses PostgreSQL advisory locks")
    await database.reset()
    fast = settings.model_copy(update={"leader_poll_seconds": 0.2})
    apps = [await build_app(fast, clock=clock, engine_options=database.options)
            for _ in range(2)]
    workers = [Background(a, maintenance_every=FAST) for a in apps]
    yield workers
    for worker in workers:
        await worker.close()
    for a in apps:
        await a.close()


async def _leader(workers: list[Background]) -> Background:
    await until(lambda: sum(w.host.leading.is_set() for w in workers) == 1)
    return next(w for w in workers if w.host.leading.is_set())


async def test_one_worker_leads_and_another_takes_over_when_its_lock_is_killed(
        two_workers: list[Background]) -> None:
    for worker in two_workers:
        worker.start()
    leader = await _leader(two_workers)
    standby = next(w for w in two_workers if w is not leader)
    await until(lambda: leader.host.runs["maintenance"] >= 3)
    assert standby.host.runs["maintenance"] == 0 and not standby.host.leading.is_set()

    pid = leader.host.leadership.pid  # type: ignore[attr-defined]
    engine = create_engine(PG_URL)
    async with engine.begin() as conn:
        await conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    await engine.dispose()

    await until(standby.host.leading.is_set)
    assert await _leader(two_workers) is standby  # the old leader stopped its scheduler
    assert leader.host.scheduler is None
    await until(lambda: standby.host.runs["maintenance"] >= 2)
    runs = leader.host.runs["maintenance"]
    await asyncio.sleep(0.6)
    assert leader.host.runs["maintenance"] == runs  # and runs nothing any more

    await standby.close()  # a graceful stop hands the lead back at once
    await until(leader.host.leading.is_set)

