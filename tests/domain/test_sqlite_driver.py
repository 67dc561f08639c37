"""SQLite statements run on the event loop when they are quick, in the driver's thread when
they would wait: the loop never stalls behind a lock or a long query, and nothing runs twice
or is lost on the way."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.adapters.db import create_engine


@pytest.fixture
async def engines(tmp_path: Path) -> AsyncIterator[tuple[AsyncEngine, AsyncEngine]]:
    """Two engines on one file: two processes' worth of connections."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'two.sqlite3'}"
    first, second = create_engine(url), create_engine(url)
    async with first.begin() as conn:
        await conn.execute(text("CREATE TABLE t (x INTEGER)"))
    yield first, second
    await first.dispose()
    await second.dispose()


async def _longest_stall(work: asyncio.Task[object]) -> float:
    """The longest the event loop went without running this task's 10 ms ticks."""
    longest, last = 0.0, time.monotonic()
    while not work.done():
        await asyncio.sleep(0.01)
        now = time.monotonic()
        longest, last = max(longest, now - last), now
    await work
    return longest


async def test_a_writer_waiting_for_the_lock_waits_off_the_event_loop(
        engines: tuple[AsyncEngine, AsyncEngine]) -> None:
    first, second = engines

    async def hold_the_lock() -> None:
        async with first.begin() as conn:
            await conn.execute(text("INSERT INTO t VALUES (1)"))
            await asyncio.sleep(0.5)  # the write lock is held all this time

    async def write_too() -> None:
        await asyncio.sleep(0.05)
        async with second.begin() as conn:
            await conn.execute(text("INSERT INTO t VALUES (2)"))

    holder = asyncio.create_task(hold_the_lock())
    stall = await _longest_stall(asyncio.create_task(write_too()))
    await holder
    assert stall < 0.25  # it waited 0.45 s for the lock, the loop ran on
    async with second.connect() as conn:
        assert (await conn.execute(text("SELECT x FROM t ORDER BY x"))).scalars().all() == [1, 2]


async def test_a_long_query_moves_to_the_thread_and_answers_in_full(
        engines: tuple[AsyncEngine, AsyncEngine]) -> None:
    first, _ = engines
    count = text("SELECT count(*), sum(i) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
                 "SELECT i + 1 FROM n WHERE i < 3000000) SELECT i FROM n)")

    async def long_query() -> tuple[int, int]:
        async with first.connect() as conn:
            return tuple((await conn.execute(count)).one())  # type: ignore[return-value]

    started = time.monotonic()
    work = asyncio.create_task(long_query())
    stall = await _longest_stall(work)
    took = time.monotonic() - started
    assert work.result() == (3_000_000, 3_000_000 * 3_000_001 // 2)
    assert took > 0.3, "the query was meant to be long"
    assert stall < took / 2  # cut off on the loop after 2 ms, then run in the thread


async def test_a_cancelled_long_query_leaves_the_loop_running_and_the_connection_usable(
        engines: tuple[AsyncEngine, AsyncEngine]) -> None:
    """A request given up on (a dropped webhook call, a shutdown) cancels its await, but the
    thread finishes the query: rolling the connection back must queue behind it there, not
    wait for it on the event loop."""
    first, _ = engines
    long = text("SELECT count(*) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
                "SELECT i + 1 FROM n WHERE i < 3000000) SELECT i FROM n)")

    async def give_up() -> None:
        async with first.connect() as conn:
            task = asyncio.create_task(conn.execute(long))
            await asyncio.sleep(0.2)  # in the thread by now
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    stall = await _longest_stall(asyncio.create_task(give_up()))
    assert stall < 0.5  # the query ran on for about a second after it was given up
    async with first.begin() as conn:  # the pool's connections still work
        await conn.execute(text("INSERT INTO t VALUES (3)"))
    async with first.connect() as conn:
        assert (await conn.execute(text("SELECT x FROM t"))).scalars().all() == [3]
