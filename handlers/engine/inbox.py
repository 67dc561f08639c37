"""The inbox: one user's updates one at a time, in update order, across workers (PostgreSQL).

Each worker appends the update it received (one autocommitted statement) before handling it.
An update may be handled when no live row of the same user comes before it (a smaller `seq`)
and none is `done` — handled, its replies still on their way — so replies leave in order too.
The check runs again inside the update's transaction, after the user's conversation row is
locked: two workers can never both pass it. A row goes once its replies are out; a worker
that died leaves rows nobody renews, and they stop counting after STALE.

Appending, polling and removing run on the driver's own connection (asyncpg's, in
PostgreSQL's $n style; see `Driver`), outside any transaction: SQLAlchemy's machinery cost
three times the statement.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from .contract import Incoming

# A row not renewed for this long belongs to a dead worker. Renewals come every RENEW_SECONDS
# on a connection of their own; the margin is for a worker whose event loop is very busy.
STALE = timedelta(seconds=15)
RENEW_SECONDS = 2.0


def _ahead(row_id: str, seq: str, platform: str = ":platform", user_id: str = ":user_id",
           stale: str = ":stale") -> str:
    """Rows ahead of the given one: a smaller seq, the same seq appended earlier (WeChat's
    CreateTime counts seconds), or handled with replies still on their way."""
    return f"""
        SELECT 1 FROM inbox o
        WHERE o.platform = {platform} AND o.user_id = {user_id} AND o.id <> {row_id}
          AND o.alive_at > {stale}
          AND (o.done OR o.seq < {seq} OR (o.seq = {seq} AND o.id < {row_id}))"""


# $1 key, $2 platform, $3 user_id, $4 seq, $5 now, $6 stale
_APPEND = f"""
    WITH mine AS (
        INSERT INTO inbox (key, platform, user_id, seq, done, alive_at)
        VALUES ($1, $2, $3, $4, false, $5)
        -- A platform's retry of an update not handled yet takes its place again at once.
        ON CONFLICT (key) DO UPDATE SET alive_at = CASE WHEN inbox.done THEN inbox.alive_at
                                                        ELSE EXCLUDED.alive_at END
        RETURNING id, seq, (xmax = 0) AS fresh
    )
    SELECT mine.id, mine.seq, mine.fresh,
           EXISTS ({_ahead("mine.id", "mine.seq", "$2", "$3", "$6")}) AS blocked
    FROM mine
"""
# $1 id, $2 seq, $3 platform, $4 user_id, $5 stale
_BLOCKED = f"SELECT EXISTS ({_ahead('$1', '$2', '$3', '$4', '$5')})"
_TAKE = text(f"""UPDATE inbox SET done = true WHERE id = :id
                  AND NOT EXISTS ({_ahead(':id', ':seq')}) RETURNING id""")
_REMOVE = "DELETE FROM inbox WHERE id = $1"
_RENEW = text("UPDATE inbox SET alive_at = :now WHERE id = ANY(:ids)")


class Driver(Protocol):
    """The driver's connection (asyncpg's), which the steps use directly."""

    async def fetchrow(self, query: str, *args: object) -> Any: ...

    async def fetchval(self, query: str, *args: object) -> Any: ...

    async def execute(self, query: str, *args: object) -> str: ...


@dataclass(frozen=True)
class Ticket:
    """An update's row in the inbox."""

    id: int
    platform: str
    user_id: str
    seq: int
    fresh: bool  # this worker appended it (not a copy of an update another worker holds)

    def params(self, now: datetime) -> dict[str, object]:
        return {"id": self.id, "platform": self.platform, "user_id": self.user_id,
                "seq": self.seq, "stale": now - STALE}


KEY_LENGTH = 128  # processed_updates.key and inbox.key


def key_of(incoming: Incoming) -> str:
    """The update's key here and in processed_updates: platform and dedupe key, or their
    digest when longer than the columns hold (a WeChat menu click's key alone may be 128
    bytes)."""
    key = f"{incoming.platform}:{incoming.dedupe_key}"
    if len(key) <= KEY_LENGTH:
        return key
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{incoming.platform[:16]}:#{digest}"


async def append(conn: Driver, incoming: Incoming, now: datetime) -> tuple[Ticket, bool]:
    """The update's ticket, and whether an earlier update of the user is ahead of it now."""
    assert incoming.sequence is not None
    row = await conn.fetchrow(_APPEND, key_of(incoming), incoming.platform, incoming.user_id,
                              incoming.sequence, now, now - STALE)
    ticket = Ticket(row["id"], incoming.platform, incoming.user_id, row["seq"],
                    bool(row["fresh"]))
    return ticket, bool(row["blocked"])


async def blocked(conn: Driver, ticket: Ticket, now: datetime) -> bool:
    """Whether an earlier update of the user, or one whose replies are on their way, is ahead."""
    return bool(await conn.fetchval(_BLOCKED, ticket.id, ticket.seq, ticket.platform,
                                    ticket.user_id, now - STALE))


async def take_turn(session: AsyncSession, ticket: Ticket, now: datetime) -> bool:
    """In the update's transaction, with the user's row locked: False while another update is
    ahead; else the update is marked handled (it commits with the update), so that later ones
    wait until its replies are out. One statement: this runs for every update."""
    return (await session.scalar(_TAKE, ticket.params(now))) is not None


async def remove(conn: Driver, ticket: Ticket) -> None:
    await conn.execute(_REMOVE, ticket.id)


async def renew(conn: AsyncConnection, ids: Iterable[int], now: datetime) -> None:
    await conn.execute(_RENEW, {"ids": list(ids), "now": now})
