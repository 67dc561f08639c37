"""Commands beside a running bot: one bot per SQLite file, and nothing lost to the others.

`python -m bot run` serves a webhook (aiogram, real HTTP) against the fake Bot API in a
process of its own while simulated users chat through it. Beside it:
- a second `python -m bot run` on the same SQLite file stops within seconds with one line
  that says what to do, and the first goes on serving (on PostgreSQL several `run`s are
  workers of one bot: tests/bot/test_migrate.py starts three together);
- `python -m bot chat` (typed into, a line at a time) and `python -m bot db upgrade`, on
  SQLite and on PostgreSQL: both succeed, no update is lost or doubled, nobody sees the
  apology, and the chat holds no transaction (on SQLite: no write lock) while it waits for
  the next line. On PostgreSQL `demo` seeds beside them as well (on SQLite, test_chaos.py
  seeds the bulk demo beside a bot).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sqlite3
import time
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path

import aiohttp
import pytest

from bot.app import App
from bot.cli import BESIDE
from bot.locks import sqlite_file
from bot.settings import ROOT
from tests.bot.processes import BotProcess, bot_env, fresh_database, row, scalar
from tests.conftest import PG_URL
from tests.smtp import free_port
from tests.waiting import until

from .drivers import SECRET
from .fake_api import TOKEN, FakeBotApi
from .test_chaos import EACH, Users, _assert_exactly_once, _bot_app, _processed, _replies

USERS = 8


@pytest.fixture
async def database_url(tmp_path: Path) -> AsyncIterator[str]:
    async with fresh_database(tmp_path) as url:
        yield url


def _webhook_env(tmp: Path, url: str, fake: FakeBotApi) -> dict[str, str]:
    port = free_port()
    return bot_env(tmp, url, telegram_token=TOKEN, telegram_api_url=fake.url,
                   telegram_webhook_url=f"http://127.0.0.1:{port}/tg",
                   telegram_webhook_secret=SECRET, http_host="127.0.0.1", http_port=port)


async def _chatting(fake: FakeBotApi, env: dict[str, str], users: list[int], gap: float,
                    first_id: int = 1_000_000) -> list[int]:
    """Each user sends EACH updates through the bot's webhook, again until answered 200;
    returns the update_ids acknowledged."""
    chatting = Users(fake, env["SMBOT_TELEGRAM_WEBHOOK_URL"])
    async with aiohttp.ClientSession() as http:
        await asyncio.gather(*(chatting.by_webhook(http, user, first_id + 100 * n, gap=gap)
                               for n, user in enumerate(users)))
    assert not chatting.refused or chatting.refused.keys() == {503}, chatting.refused
    return chatting.acknowledged


async def _all_answered(app: App, fake: FakeBotApi, users: list[int], acknowledged: list[int]
                        ) -> None:
    """Every acknowledged update processed once and answered once, no apology."""
    expected = set(acknowledged)
    assert len(expected) == len(users) * EACH
    await until(lambda: sum(_replies(fake).values()) >= len(expected), timeout=20)
    await asyncio.sleep(0.3)  # a doubled reply would show by now
    _assert_exactly_once(app, fake, users, await _processed(app), expected)


async def _stop(bot: BotProcess) -> None:
    bot.signal(signal.SIGTERM)
    assert await bot.wait(20) == 0, bot.output
    assert not [line for line in bot.lines if "Traceback" in line or "ERROR" in line], bot.output


@pytest.mark.skipif(bool(PG_URL), reason="SQLite: one process per database file")
async def test_a_second_run_on_one_sqlite_file_stops_at_once_with_one_line(
        tmp_path: Path, database_url: str, remote_fake: FakeBotApi) -> None:
    env = _webhook_env(tmp_path, database_url, remote_fake)
    first = await BotProcess(env, tmp_path).start()
    barrier = tmp_path / "again"
    # The same command typed again; it imports first, so that what is timed is the refusal.
    second = BotProcess(_importing(env), tmp_path, *_at(barrier), "run")
    app = None
    try:
        await second.start()
        await first.wait_for_line("webhook http")
        await second.wait_for_line("ready")
        with _write_locked(sqlite_file(database_url)):  # it is refused before it writes
            barrier.touch()
            started = time.monotonic()
            code = await second.wait(30)
            took = time.monotonic() - started
        assert (code, second.lines[1:]) == (1, [
            f"Another `python -m bot run` or `chat` is using {sqlite_file(database_url)}; "
            "stop it first (one process per SQLite file)."]), second.output
        assert took < 5, f"refused after {took:.1f} s"
        app = await _bot_app(database_url, tmp_path, remote_fake)
        users = [7000 + n for n in range(USERS)]
        acknowledged = await asyncio.wait_for(_chatting(remote_fake, env, users, 0.05), 30)
        await _all_answered(app, remote_fake, users, acknowledged)  # the first still serves
        await _stop(first)
    finally:
        await first.kill()
        await second.kill()
        if app is not None:
            await app.close()


async def test_chat_and_db_upgrade_beside_a_running_bot_lose_no_update(
        tmp_path: Path, database_url: str, remote_fake: FakeBotApi) -> None:
    env = _webhook_env(tmp_path, database_url, remote_fake)
    bot = await BotProcess(env, tmp_path).start()
    # The commands import first and wait for the barrier, so that they run while users chat.
    barrier = tmp_path / "go"
    together = _importing(env)
    chat = BotProcess(together, tmp_path, *_at(barrier), "chat", terminal=True)
    upgrade = BotProcess(together, tmp_path, *_at(barrier), "db", "upgrade", terminal=True)
    commands = [chat, upgrade]
    if PG_URL:  # on SQLite its one long transaction would hold the write lock for seconds
        commands.append(BotProcess(together, tmp_path, *_at(barrier), "demo", "--providers",
                                   "100"))
    app = None
    try:
        for command in commands:
            await command.start()
        await bot.wait_for_line("webhook http")
        for command in commands:
            await command.wait_for_line("ready")
        app = await _bot_app(database_url, tmp_path, remote_fake)
        users = [7000 + n for n in range(USERS)]
        chatting = asyncio.create_task(_chatting(remote_fake, env, users, 0.3))
        await asyncio.sleep(0.3)
        barrier.touch()
        await _converse(chat, database_url)
        assert [await command.wait(60) for command in commands] == [0] * len(commands), \
            "\n\n".join(command.output for command in commands)
        assert "database is at the newest schema" in upgrade.printed, upgrade.printed
        # SQLite: the bot runs the mailer and the jobs; PostgreSQL: the chat is a standby
        assert (BESIDE in chat.printed) == (not PG_URL), chat.printed
        assert not PG_URL or "seeded 100 providers" in commands[-1].output
        await _all_answered(app, remote_fake, users, await asyncio.wait_for(chatting, 60))
        await _stop(bot)
    finally:
        for process in (bot, *commands):
            await process.kill()
        if app is not None:
            await app.close()


def _importing(env: dict[str, str]) -> dict[str, str]:
    return env | {"PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}


def _at(barrier: Path) -> tuple[str, ...]:
    """`python -m bot …` that imports now and starts when `barrier` appears."""
    return ("-m", "tests.bot.start_together", str(barrier))


async def _converse(chat: BotProcess, url: str) -> None:
    """A few lines typed as a person does; while the chat waits for the next one, it holds
    no transaction."""
    await until(lambda: _said(chat, "Type as the current user"), timeout=30)
    await _type(chat, url, ["/help"], answers=1)
    await _type(chat, url, [":as ops", "/help"], answers=2)
    await chat.type(":quit")


async def _type(chat: BotProcess, url: str, lines: list[str], answers: int) -> None:
    since = await _server_time(url)
    for line in lines:
        await chat.type(line)
    await until(lambda: _answers(chat) >= answers, timeout=20)
    await asyncio.sleep(1.2)  # the chat waits for the next line
    await _no_transaction_held(url, since)


def _said(chat: BotProcess, fragment: str) -> bool:
    assert chat.process is not None and chat.process.returncode is None, chat.output
    return any(fragment in line for line in chat.printed)


def _answers(chat: BotProcess) -> int:
    """Replies the chat printed (one per command here: /help answers with one message)."""
    return sum(line.count("bot → ") for line in chat.printed)


async def _server_time(url: str) -> datetime | None:
    if sqlite_file(url) is not None:
        return None
    now: datetime = await scalar(url, "SELECT now()")
    return now


async def _no_transaction_held(url: str, since: datetime | None) -> None:
    """SQLite: a writer gets the lock within 5 s (the bot's own transactions take
    milliseconds). PostgreSQL: no transaction of the chat's begun since the lines were typed
    has sat idle for a second (the demo's seeding, which may start late on a loaded machine,
    computes between its statements)."""
    database = sqlite_file(url)
    if database is not None:
        await asyncio.to_thread(_write_lock_free, database)
        return
    connected, held = await row(
        url, "SELECT count(*), count(*) FILTER (WHERE state LIKE 'idle in transaction%' "
        "AND xact_start >= :since AND state_change < now() - interval '1 second') "
        "FROM pg_stat_activity WHERE datname = current_database() "
        "AND application_name = 'smbot chat'", since=since)
    assert connected > 0  # the chat's pool is there, under its name
    assert held == 0


def _write_lock_free(database: Path) -> None:
    with _write_locked(database):  # "database is locked" after 5 s if someone holds it
        pass


@contextlib.contextmanager
def _write_locked(database: Path | None) -> Iterator[None]:
    """SQLite's write lock held by this test for the block."""
    assert database is not None
    connection = sqlite3.connect(database, timeout=5, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        yield
        connection.execute("ROLLBACK")
    finally:
        connection.close()
