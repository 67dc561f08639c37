"""Statements and database round trips, counted on an engine while a block of code runs.

A statement is one `cursor.execute` (SAVEPOINT and RELEASE included; SQLite's BEGIN IMMEDIATE
is one too), or one query sent to asyncpg directly (the inbox's steps). Round trips add what
the driver sends outside a cursor: PostgreSQL's BEGIN (asyncpg starts its transaction on its
own), every COMMIT and ROLLBACK (none on an autocommitted connection), and the pool's pre-ping
when it is on (three round trips on asyncpg). SQLite has no network: what costs there is each
hand-off to aiosqlite's thread, counted as "trips to the SQLite thread" (ours run most
statements on the event loop: domain/adapters/sqlite_driver.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import aiosqlite
import asyncpg
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine


@dataclass
class Tally:
    statements: int = 0
    round_trips: int = 0
    thread_trips: int = 0
    sqlite: bool = False
    kinds: Counter[str] = field(default_factory=Counter)

    def per(self, updates: int) -> str:
        kinds = ", ".join(f"{n / updates:g} {kind}" for kind, n in sorted(self.kinds.items()))
        trips = (f"{self.thread_trips / updates:g} trips to the SQLite thread" if self.sqlite
                 else f"{self.round_trips / updates:g} round trips")
        return f"{self.statements / updates:g} statements, {trips} per update ({kinds})"


def _kind(statement: str) -> str:
    return statement.lstrip().split(None, 1)[0].upper()


@contextmanager
def counting(engine: AsyncEngine) -> Iterator[Tally]:
    """Count what `engine` sends while the block runs."""
    tally = Tally(sqlite=engine.dialect.name == "sqlite")
    sync, postgres = engine.sync_engine, engine.dialect.name == "postgresql"

    def statement(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        tally.statements += 1
        tally.round_trips += 1
        tally.kinds[_kind(sql)] += 1

    def control(name: str) -> Any:
        def count(conn: Any, *_args: Any) -> None:
            # An autocommitted connection's BEGIN, COMMIT and ROLLBACK are SQLAlchemy's own
            # bookkeeping: asyncpg sends nothing for them (the inbox's statements run so).
            options = getattr(conn, "get_execution_options", dict)()
            if options.get("isolation_level") == "AUTOCOMMIT":
                return
            tally.round_trips += 1
            tally.kinds[name] += 1
        return count

    listeners: list[tuple[Any, str, Any]] = [(sync, "before_cursor_execute", statement),
                                             (sync, "commit", control("COMMIT")),
                                             (sync, "rollback", control("ROLLBACK"))]
    if postgres:
        listeners.append((sync, "begin", control("BEGIN")))
        if sync.pool._pre_ping:  # asyncpg pings in three: BEGIN, an empty query, ROLLBACK
            listeners += [(sync.pool, "checkout", control("PING")) for _ in range(3)]
    for target, name, listener in listeners:
        event.listen(target, name, listener)
    handoff = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        tally.thread_trips += 1  # every SQLite connection's: only this engine runs meanwhile
        return await handoff(self, fn, *args, **kwargs)

    direct = asyncpg.Connection._execute

    async def driver(self: asyncpg.Connection, query: str, *args: Any, **kwargs: Any) -> Any:
        # The inbox's steps go to asyncpg itself, past SQLAlchemy (handlers/engine/inbox.py):
        # each is a statement and a round trip of its own, autocommitted.
        statement(None, None, query)
        return await direct(self, query, *args, **kwargs)

    setattr(aiosqlite.Connection, "_execute", counted)  # noqa: B010 - mypy: no method-assign
    setattr(asyncpg.Connection, "_execute", driver)  # noqa: B010
    try:
        yield tally
    finally:
        setattr(aiosqlite.Connection, "_execute", handoff)  # noqa: B010
        setattr(asyncpg.Connection, "_execute", direct)  # noqa: B010
        for target, name, listener in listeners:
            event.remove(target, name, listener)
