"""Processes starting together on an empty database: one migrates, the others wait and go on."""

from __future__ import annotations

import asyncio
import random
import signal
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from bot.app import App
from bot.locks import FileLock, migration_key, sqlite_file
from bot.migrate import alembic_config, lock_file, upgrade
from bot.settings import ROOT
from domain.adapters.db import create_engine
from tests.bot.processes import BotProcess, bot_env, fresh_database, scalar
from tests.bot.telegram.fake_api import TOKEN, FakeBotApi
from tests.conftest import PG_URL

# The newest revision, read from the scripts: a branch that adds one needs no edit here.
HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


async def test_an_upgrade_waits_while_another_process_migrates(app: App) -> None:
    key = migration_key(app.settings.lock_key)
    database = sqlite_file(app.settings.database_url)
    other = create_engine(PG_URL) if database is None else None
    holder = FileLock(lock_file(database)) if database is not None else None
    if holder is not None:
        assert holder.try_acquire()
    else:
        assert other is not None
        conn = await other.connect()
        await conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
    try:
        waiting = asyncio.create_task(upgrade(app.engine, app.settings.lock_key))
        await asyncio.sleep(1.0)
        assert not waiting.done()  # blocked on the other's lock
    finally:
        if holder is not None:
            holder.release()
        else:
            await conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
            await conn.close()
            await other.dispose()  # type: ignore[union-attr]
    await asyncio.wait_for(waiting, 30)


async def _at_the_barrier(processes: list[BotProcess], barrier: Path) -> None:
    """Start them, wait until each has imported the bot, then let them all go at once."""
    for process in processes:
        await process.start()
    for process in processes:
        await process.wait_for_line("ready", timeout=90)
    barrier.touch()


def _together(tmp: Path, env: dict[str, str], barrier: Path, *args: str) -> BotProcess:
    env = env | {"PYTHONPATH": str(ROOT)}
    return BotProcess(env, tmp, "-m", "tests.bot.start_together", str(barrier), *args)


async def _version(url: str) -> list[str]:
    engine = create_engine(url)
    async with engine.connect() as conn:
        versions = (await conn.execute(text("SELECT version_num FROM alembic_version"))).all()
    await engine.dispose()
    return [v for (v,) in versions]


async def test_three_bots_started_together_on_a_fresh_postgresql_database(
        tmp_path: Path) -> None:
    if not PG_URL:
        pytest.skip("needs PostgreSQL (SMBOT_TEST_DATABASE_URL)")
    fake = FakeBotApi()
    await fake.start(thread=True)
    key = random.randrange(1, 2**31 - 2)  # small: pg_locks shows it whole, as objid
    barrier = tmp_path / "go"
    async with fresh_database(tmp_path) as url:
        env = bot_env(tmp_path, url, telegram_token=TOKEN, telegram_api_url=fake.url,
                      lock_key=key)
        bots = [_together(tmp_path, env, barrier, "run") for _ in range(3)]
        try:
            await _at_the_barrier(bots, barrier)
            for bot in bots:
                await bot.wait_for_line("polling as", timeout=90)
            assert await _version(url) == [HEAD]
            assert await _leaders(url, key + 1) == 1  # one scheduler among the three
            for bot in bots:
                bot.signal(signal.SIGTERM)
            codes = [await bot.wait(20) for bot in bots]
        finally:
            for bot in bots:
                await bot.kill()
            await fake.close()
    assert codes == [0, 0, 0], "\n\n".join(b.output for b in bots)
    assert not any("Error" in line for b in bots for line in b.lines)


async def _leaders(url: str, key: int) -> int:
    return int(await scalar(
        url, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
        "AND classid = 0 AND objid = :key AND database = "
        "(SELECT oid FROM pg_database WHERE datname = current_database())", key=key) or 0)


async def test_three_upgrades_started_together_on_a_fresh_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'fresh.sqlite3'}"
    barrier = tmp_path / "go"
    env = bot_env(tmp_path, url)
    upgrades = [_together(tmp_path, env, barrier, "db", "upgrade") for _ in range(3)]
    try:
        await _at_the_barrier(upgrades, barrier)
        codes = [await process.wait(90) for process in upgrades]
    finally:
        for process in upgrades:
            await process.kill()
    assert codes == [0, 0, 0], "\n\n".join(p.output for p in upgrades)
    assert await _version(url) == [HEAD]
