"""Real `python -m bot` processes for lifecycle tests, and a fresh database for them to share.

A process cannot use the test session's PostgreSQL schema (the search path is an engine
option, not a setting), so each test that starts processes gets an empty database: a new
SQLite file, or on PostgreSQL the database `<test database>_fresh` (one per xdist worker,
created when missing) with its `public` schema dropped and made anew before and after the
test. Emptying a schema takes milliseconds; `DROP DATABASE` waits for a checkpoint, seconds
on a busy server.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url

from domain.adapters.db import create_engine
from tests.conftest import PG_URL, ensure_database


@asynccontextmanager
async def fresh_database(tmp: Path) -> AsyncIterator[str]:
    """The URL of an empty database that exists for the block."""
    if not PG_URL:
        yield f"sqlite+aiosqlite:///{tmp / 'fresh.sqlite3'}"
        return
    url = make_url(PG_URL)
    url = url.set(database=f"{url.database}_fresh").render_as_string(hide_password=False)
    await asyncio.to_thread(ensure_database, url)
    await _empty(url)
    try:
        yield url
    finally:
        await _empty(url)


async def _empty(url: str) -> None:
    """No one connected, nothing in `public`: the database is as `CREATE DATABASE` left it."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                "WHERE datname = current_database() "
                                "AND pid <> pg_backend_pid()"))
        await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


async def scalar(url: str, sql: str, **params: object) -> Any:
    """One value read from the database at `url` on an engine of its own (the bot's, in
    another process, is out of reach)."""
    return (await row(url, sql, **params))[0]


async def row(url: str, sql: str, **params: object) -> tuple[Any, ...]:
    """The one row `sql` reads, as `scalar` does."""
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return tuple((await conn.execute(text(sql), params)).one())
    finally:
        await engine.dispose()


def bot_env(tmp: Path, database_url: str, **settings: object) -> dict[str, str]:
    """The environment of a bot process: this test's settings only, none of the caller's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMBOT_")}
    env.update({"SMBOT_DATABASE_URL": database_url, "SMBOT_STORAGE_DIR": str(tmp / "storage"),
                "SMBOT_LOCK_KEY": str(uuid.uuid4().int % 2**62)})
    env.update({f"SMBOT_{k.upper()}": str(v) for k, v in settings.items()})
    return env


class BotProcess:
    """`python -m bot ARGS` (or a prepared command) with its standard error collected; with
    `terminal`, also its standard output, and lines typed into its standard input."""

    def __init__(self, env: dict[str, str], cwd: Path, *args: str, terminal: bool = False
                 ) -> None:
        self.env, self.cwd = env, cwd
        self.args = args or ("-m", "bot", "run")
        self.terminal = terminal
        self.lines: list[str] = []
        self.printed: list[str] = []  # standard output, with `terminal`
        self.process: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None

    async def start(self) -> BotProcess:
        # cwd: the test's directory, so that no developer's .env file is read
        pipe, null = asyncio.subprocess.PIPE, asyncio.subprocess.DEVNULL
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, *self.args, env=self.env, cwd=self.cwd,
            stdin=pipe if self.terminal else null, stdout=pipe if self.terminal else null,
            stderr=pipe)
        self._reader = asyncio.create_task(self._read())
        return self

    async def _read(self) -> None:
        assert self.process is not None and self.process.stderr is not None
        streams = [_lines(self.process.stderr, self.lines)]
        if self.process.stdout is not None:
            streams.append(_lines(self.process.stdout, self.printed))
        await asyncio.gather(*streams)

    async def type(self, line: str) -> None:
        """A line on the process's standard input, as a person at the terminal types it."""
        assert self.process is not None and self.process.stdin is not None
        self.process.stdin.write(line.encode() + b"\n")
        await self.process.stdin.drain()

    async def wait_for_line(self, fragment: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not any(fragment in line for line in self.lines):
            assert self.process is not None
            assert self.process.returncode is None, f"exited early:\n{self.output}"
            assert time.monotonic() < deadline, f"no {fragment!r} in:\n{self.output}"
            await asyncio.sleep(0.05)

    def signal(self, number: int = signal.SIGTERM) -> None:
        assert self.process is not None
        self.process.send_signal(number)

    async def wait(self, timeout: float = 30) -> int:
        assert self.process is not None and self._reader is not None
        code = await asyncio.wait_for(self.process.wait(), timeout)
        await asyncio.wait_for(self._reader, 5)
        return code

    async def kill(self) -> None:
        """Clean-up after a failed test: nothing is left running."""
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            with contextlib.suppress(Exception):
                await self.wait(10)

    @property
    def output(self) -> str:
        return "\n".join(self.lines)


async def _lines(stream: asyncio.StreamReader, into: list[str]) -> None:
    async for raw in stream:
        into.append(raw.decode(errors="replace").rstrip("\n"))
