"""Statements and database round trips, counted on an engine while a block of code runs.

A statement is one `cursor.execute` (SAVEPOINT and RELEASE included; SQLite's BEGIN IMMEDIATE
is one too). Round trips add what the driver sends outside a cursor: PostgreSQL's BEGIN
(asyncpg starts its transaction on its own), every COMMIT and ROLLBACK, and the pool's
pre-ping on PostgreSQL when it is on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine


@dataclass
class Tally:
    statements: int = 0
    round_trips: int = 0
    kinds: Counter[str] = field(default_factory=Counter)

    def per(self, updates: int) -> str:
        kinds = ", ".join(f"{n / updates:g} {kind}" for kind, n in sorted(self.kinds.items()))
        return (f"{self.statements / updates:g} statements, {self.round_trips / updates:g} "
                f"round trips per update ({kinds})")


def _kind(statement: str) -> str:
    return statement.lstrip().split(None, 1)[0].upper()


@contextmanager
def counting(engine: AsyncEngine) -> Iterator[Tally]:
    """Count what `engine` sends while the block runs."""
    tally = Tally()
    sync, postgres = engine.sync_engine, engine.dialect.name == "postgresql"

    def statement(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        tally.statements += 1
        tally.round_trips += 1
        tally.kinds[_kind(sql)] += 1

    def control(name: str) -> Any:
        def count(*_args: Any) -> None:
            tally.round_trips += 1
            tally.kinds[name] += 1
        return count

    listeners: list[tuple[Any, str, Any]] = [(sync, "before_cursor_execute", statement),
                                             (sync, "commit", control("COMMIT")),
                                             (sync, "rollback", control("ROLLBACK"))]
    if postgres:
        listeners.append((sync, "begin", control("BEGIN")))
        if sync.pool._pre_ping:
            listeners.append((sync.pool, "checkout", control("PING")))
    for target, name, listener in listeners:
        event.listen(target, name, listener)
    try:
        yield tally
    finally:
        for target, name, listener in listeners:
            event.remove(target, name, listener)
