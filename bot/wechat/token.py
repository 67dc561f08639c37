"""One access_token for every worker: kept in the database, refreshed by one worker at a time.

Each call to WeChat's token endpoint can knock out the token other processes hold, so no
process fetches its own: the token lives in `access_tokens`, and whoever finds it close to
expiry refreshes it while holding the row (SELECT … FOR UPDATE on PostgreSQL; SQLite's
BEGIN IMMEDIATE serialises writers anyway). The next worker in line sees the fresh token.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from domain.adapters.uow import Environment, UnitOfWork
from domain.models import AccessToken

# Refresh this long before expiry (WeChat keeps the old token valid five more minutes anyway).
MARGIN = timedelta(minutes=5)
Fetch = Callable[[], Awaitable[tuple[str, int]]]  # (token, expires_in seconds)


class TokenHolder:
    def __init__(self, env: Environment, app_id: str, fetch: Fetch) -> None:
        self.env, self.app_id, self.fetch = env, app_id, fetch
        self._cached: tuple[str, datetime] | None = None
        self._lock = asyncio.Lock()

    async def get(self) -> str:
        """A token valid for at least MARGIN, from memory, the database or WeChat."""
        if self._fresh():
            assert self._cached is not None
            return self._cached[0]
        async with self._lock:
            if not self._fresh():
                await self._load_or_refresh(failed=None)
            assert self._cached is not None
            return self._cached[0]

    async def refresh(self, failed: str) -> str:
        """WeChat refused `failed` (expired, invalid): replace it unless another worker has."""
        async with self._lock:
            if self._cached is None or self._cached[0] == failed:
                await self._load_or_refresh(failed=failed)
            assert self._cached is not None
            return self._cached[0]

    def _fresh(self) -> bool:
        return self._cached is not None and self._cached[1] - MARGIN > self.env.clock()

    async def _load_or_refresh(self, failed: str | None) -> None:
        async with UnitOfWork(self.env) as uow:
            row = await self._locked_row(uow)
            now = uow.now()
            if row.token and row.token != failed and row.expires_at - MARGIN > now:
                self._cached = (row.token, row.expires_at)
                return
            token, expires_in = await self.fetch()
            row.token, row.expires_at = token, now + timedelta(seconds=expires_in)
            row.refreshes += 1
            await uow.commit()
            self._cached = (row.token, row.expires_at)

    async def _locked_row(self, uow: UnitOfWork) -> AccessToken:
        insert = pg_insert if uow.postgres else sqlite_insert
        await uow.session.execute(
            insert(AccessToken).values(app_id=self.app_id, token="", expires_at=uow.now(),
                                       refreshes=0).on_conflict_do_nothing())
        stmt = select(AccessToken).where(AccessToken.app_id == self.app_id)
        if uow.postgres:
            stmt = stmt.with_for_update()
        return (await uow.session.scalars(stmt.execution_options(populate_existing=True))).one()
