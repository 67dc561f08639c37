"""Who leads the scheduler: a PostgreSQL advisory lock, or the sole process on SQLite.

On PostgreSQL the leader holds `pg_try_advisory_lock` on a connection of its own, outside the
pool, so that no pooled use can release it and the lock ends exactly when that session does
(the process stopped, died, or lost its connection). On SQLite one process owns the database
file (`background.Background` refuses a second), so it always leads.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any, Protocol

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.pool import NullPool

from domain.adapters.db import is_sqlite

from .locks import leader_key

log = logging.getLogger(__name__)


class Leadership(Protocol):
    async def acquire(self) -> bool:
        """True when this process now leads; never waits for another leader."""
        ...

    async def held(self) -> bool:
        """False once the lock is lost (its connection gone)."""
        ...

    async def release(self) -> None: ...


class SoleLeadership:
    """One process per database (SQLite): it always leads."""

    async def acquire(self) -> bool:
        return True

    async def held(self) -> bool:
        return True

    async def release(self) -> None:
        return None


class AdvisoryLeadership:
    """`pg_try_advisory_lock(key)` held by a dedicated session; lost with that session."""

    def __init__(self, database_url: str, key: int, timeout: float = 5.0) -> None:
        self.key, self.timeout = key, timeout
        self.engine = create_async_engine(database_url, poolclass=NullPool,
                                          isolation_level="AUTOCOMMIT")
        self.pid: int | None = None  # the lock session's backend, for operators and tests
        self._connection: AsyncConnection | None = None
        self._use = asyncio.Lock()  # one statement at a time on the connection

    async def acquire(self) -> bool:
        async with self._use:
            try:
                if self._connection is None:
                    self._connection = await self.engine.connect()
                    self.pid = await self._scalar("SELECT pg_backend_pid()")
                return bool(await self._scalar("SELECT pg_try_advisory_lock(:key)"))
            except Exception as exc:
                log.warning("scheduler: cannot reach the database for the leader lock: %s", exc)
                await self._drop()
                return False

    async def held(self) -> bool:
        async with self._use:
            if self._connection is None:
                return False
            try:
                await self._scalar("SELECT 1")
            except Exception as exc:
                log.warning("scheduler: the leader lock's connection is gone: %s", exc)
                await self._drop()
                return False
            return True

    async def release(self) -> None:
        async with self._use:
            if self._connection is not None:
                with contextlib.suppress(Exception):
                    await self._scalar("SELECT pg_advisory_unlock(:key)")
            await self._drop()
        await self.engine.dispose()

    async def _scalar(self, sql: str) -> Any:
        assert self._connection is not None
        result = await asyncio.wait_for(
            self._connection.execute(text(sql), {"key": self.key}), self.timeout)
        return result.scalar()

    async def _drop(self) -> None:
        connection, self._connection, self.pid = self._connection, None, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.invalidate()
            with contextlib.suppress(Exception):
                await connection.close()


def leadership_for(database_url: str, lock_key: int) -> Leadership:
    if is_sqlite(database_url):
        return SoleLeadership()
    return AdvisoryLeadership(database_url, leader_key(lock_key))
