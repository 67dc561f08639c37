"""Two scheduler processes on PostgreSQL: one leads; killing its lock makes the other lead;
each period's announcement is sent exactly once, however the lead moves."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select, text

from bot.announcing import jobs_for
from bot.app import App, build_app
from bot.background import Background
from bot.settings import Settings
from domain.adapters.db import create_engine
from domain.models import OutboxMessage
from tests.clock import Clock
from tests.conftest import PG_URL
from tests.waiting import until

from .market import MONDAY_1003, certified, follower
from .test_jobs import announcements


@pytest.fixture
async def two_workers(database: Any, settings: Settings, clock: Clock
                      ) -> AsyncIterator[tuple[App, list[Background]]]:
    """Two apps on one PostgreSQL database, each with its scheduler host and our jobs."""
    if not PG_URL:
        pytest.skip("leader election uses PostgreSQL advisory locks")
    await database.reset()
    fast = settings.model_copy(update={"leader_poll_seconds": 0.2})
    apps = [await build_app(fast, clock=clock, engine_options=database.options)
            for _ in range(2)]
    workers = [Background(a, jobs_for(a)) for a in apps]
    yield apps[0], workers
    for worker in workers:
        await worker.close()
    for a in apps:
        await a.close()


async def kill_lock(worker: Background) -> None:
    pid = worker.host.leadership.pid  # type: ignore[attr-defined]
    engine = create_engine(PG_URL)
    async with engine.begin() as conn:
        await conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    await engine.dispose()


async def leader(workers: list[Background]) -> Background:
    await until(lambda: sum(w.host.leading.is_set() for w in workers) == 1)
    return next(w for w in workers if w.host.leading.is_set())


async def test_the_lead_moves_and_every_period_is_announced_once(
        two_workers: tuple[App, list[Background]], clock: Clock) -> None:
    app, workers = two_workers
    clock.now = MONDAY_1003  # both start three minutes after the digest was due
    await certified(app, "BrightWave Digital", ("advertising",), 2)
    await follower(app, "console", "fay")
    for worker in workers:
        worker.start()
    first = await leader(workers)
    second = next(w for w in workers if w is not first)
    assert await announcements(app) == [("digest", "2026-W49"), ("spotlight", "2026-11")]
    assert not second.host.leading.is_set()

    await kill_lock(first)  # the leader's connection dies: the standby takes over
    await until(second.host.leading.is_set)
    assert await leader(workers) is second
    assert await announcements(app) == [("digest", "2026-W49"), ("spotlight", "2026-11")]

    # A week later, with no process running the 10:00 jobs on time, the lead moves again:
    # the new leader does December's spotlight and the next digest, once each.
    clock.now = datetime(2026, 12, 7, 2, 30, tzinfo=UTC)
    await certified(app, "Blue Harbor Logistics", ("logistics",), 1)
    await kill_lock(second)
    await until(first.host.leading.is_set, timeout=30)
    assert await leader(workers) is first
    assert sorted(await announcements(app)) == [
        ("digest", "2026-W49"), ("digest", "2026-W50"), ("spotlight", "2026-11"),
        ("spotlight", "2026-12")]  # the spotlights recorded with nothing to announce
    async with app.unit_of_work() as uow:  # fay got each digest once
        rows = await uow.session.scalar(select(func.count()).select_from(OutboxMessage))
    assert rows == 2
