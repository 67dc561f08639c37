"""Each push is processed once; its answer is kept so that WeChat's retries get it again.

WeChat retries a push it got no answer to within 5 s, three tries in all. The first try
claims the key (committed at once, before any work); a retry then finds the claim: if the
answer is stored it is sent again, if the first try is still working the retry gets
`success`. A claim left by a worker that died is taken over after STALE.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from domain.adapters.db import rowcount
from domain.adapters.uow import Environment, UnitOfWork
from domain.models import PushReply

STALE = timedelta(seconds=60)  # longer than WeChat's 3 tries × 5 s


@dataclass(frozen=True)
class Seen:
    done: bool
    reply: str | None


class Pushes:
    def __init__(self, env: Environment) -> None:
        self.env = env

    async def claim(self, key: str) -> Seen | None:
        """None: this try does the work. Otherwise what an earlier try left."""
        async with UnitOfWork(self.env) as uow:
            insert = pg_insert if uow.postgres else sqlite_insert
            now = uow.now()
            result = await uow.session.execute(
                insert(PushReply).values(key=key, done=False, started_at=now)
                .on_conflict_do_nothing())
            if rowcount(result):
                await uow.commit()
                return None
            taken = await uow.session.execute(
                update(PushReply).where(PushReply.key == key, PushReply.done.is_(False),
                                        PushReply.started_at < now - STALE)
                .values(started_at=now))
            if rowcount(taken):
                await uow.commit()
                return None
            row = (await uow.session.execute(
                select(PushReply.done, PushReply.reply).where(PushReply.key == key))).one()
            return Seen(bool(row.done), row.reply)

    @staticmethod
    async def finish(uow: UnitOfWork, key: str, reply: str | None) -> None:
        """Store the answer in the transaction that queues the rest of it."""
        await uow.session.execute(
            update(PushReply).where(PushReply.key == key).values(done=True, reply=reply))

    async def forget_before(self, days: int = 7) -> int:
        async with UnitOfWork(self.env) as uow:
            result = await uow.session.execute(
                delete(PushReply).where(PushReply.started_at < uow.now() - timedelta(days=days)))
            await uow.commit()
            return rowcount(result)
