"""Chat state: which step a user is on, the form so far, and the payloads behind the numbers
of the last numbered options (WeChat and the console answer by number).

It is the engine's business, not the domain's. `SqlConversationStore` keeps it in the
`conversations` table on the update's own unit of work, so that the dedupe key, the state and
everything the update changed commit together or not at all. (The table class stays in
domain/models: see `Conversation`.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Integer, bindparam, column, delete, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from domain.adapters.db import rowcount
from domain.adapters.uow import UnitOfWork
from domain.models import Account, Conversation, InboxEntry, ProcessedUpdate
from domain.models.base import UtcDateTime
from domain.services.chat_accounts import ChatAccounts


@dataclass
class State:
    """A working copy of a user's chat state; written back only if the update succeeds."""

    step: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    options: list[str] = field(default_factory=list)

    def copy(self) -> State:
        # Deep: a handler that edits nested form data in place must not edit the copy.
        return State(self.step, _copied(self.data), list(self.options))


class ConversationStore(Protocol):
    """The port the dispatcher and the front ends use; one update, one store."""

    async def arrive(self, key: str, platform: str, platform_id: str, display_name: str,
                     language: str | None) -> tuple[Account, State] | None: ...

    async def claim(self, key: str) -> bool: ...

    async def enter(self, platform: str, platform_id: str, display_name: str,
                    language: str | None) -> tuple[Account, State]: ...

    async def save(self, account_id: int, state: State) -> None: ...

    async def peek(self, account_id: int) -> State | None: ...

    async def step_of(self, platform: str, platform_id: str) -> str | None: ...

    async def set_options(self, account_id: int, payloads: list[str]) -> None: ...

    async def forget_before(self, cutoff: datetime) -> int: ...


# An update's dedupe key; a repeat inserts nothing. Written out (not pg_insert/sqlite_insert)
# because SQLAlchemy cannot cache ON CONFLICT statements and would compile it on every update.
CLAIM = ('INSERT INTO processed_updates ("key", processed_at) VALUES (:key, :at) '
         "ON CONFLICT DO NOTHING")
# PostgreSQL: the claim, the sender's account and their conversation, the conversation row
# locked, in one round trip. The account row is locked too (NO KEY UPDATE: inserts that refer
# to it go on): a locked row is read again as committed once the wait ends, so an update that
# waited behind the user's last one sees the account that one left (a role, a language);
# `fresh` is 0 for a repeat, the rest NULL for a user without
# an account or a conversation yet (the slow path makes them).
CLAIM_AND_ENTER = text(
    "WITH claim AS (" + CLAIM + " RETURNING 1) "
    "SELECT (SELECT count(*) FROM claim) AS fresh, x.* FROM (SELECT 1) AS one "
    "LEFT JOIN LATERAL (SELECT " + ", ".join(f"a.{c.name}" for c in Account.__table__.c)
    + ", c.step, c.data, c.options FROM accounts a "
    "JOIN conversations c ON c.account_id = a.id "
    "WHERE a.platform = :platform AND a.platform_id = :platform_id "
    "FOR UPDATE OF c FOR NO KEY UPDATE OF a) AS x ON true"
).bindparams(bindparam("at", type_=UtcDateTime())).columns(
    column("fresh", Integer), *Account.__table__.c, Conversation.__table__.c.step,
    Conversation.__table__.c.data, Conversation.__table__.c.options)
ENTER_PG = select(Account, CLAIM_AND_ENTER.selected_columns.fresh,
                  *(CLAIM_AND_ENTER.selected_columns[n] for n in ("step", "data", "options"))
                  ).from_statement(CLAIM_AND_ENTER)
STATE = (Conversation.account_id, Conversation.step, Conversation.data, Conversation.options)
# Built once: building a statement and its cache key on every update cost more than its
# round trip.
ENTER = (select(Account, *STATE).outerjoin(Conversation, Conversation.account_id == Account.id)
         .where(Account.platform == bindparam("platform"),
                Account.platform_id == bindparam("platform_id")))
_TABLE = Conversation.metadata.tables["conversations"]
SAVE = (update(_TABLE).where(_TABLE.c.account_id == bindparam("of"))
        .values(step=bindparam("s"), data=bindparam("d"), options=bindparam("o")))


_CLAIM = text(CLAIM).bindparams(bindparam("at", type_=UtcDateTime()))


class SqlConversationStore:
    """Chat state in the `conversations` table and dedupe keys in `processed_updates`.

    The state is read and written with plain statements, not as ORM objects: it runs on
    every update, and the ORM's flush machinery cost more than the statements themselves.
    """

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self._loaded: dict[int, State] = {}  # as read: save() writes only what changed

    async def arrive(self, key: str, platform: str, platform_id: str, display_name: str,
                     language: str | None) -> tuple[Account, State] | None:
        """`claim` and `enter` together (None for a repeat): on PostgreSQL one round trip for
        a user seen before."""
        if not self.uow.postgres:
            if not await self.claim(key):
                return None
            return await self.enter(platform, platform_id, display_name, language)
        row = (await self.uow.session.execute(ENTER_PG, {
            "key": key, "at": self.uow.now(), "platform": platform,
            "platform_id": platform_id})).one()
        found, fresh, step, data, options = row
        if not fresh:
            return None
        if found is None:  # new, or without a conversation yet: the slow path
            return await self.enter(platform, platform_id, display_name, language)
        account = await ChatAccounts(self.uow).arrived(found, platform, platform_id,
                                                       display_name, language)
        return account, self._keep(account.id, step, data, options)

    async def claim(self, key: str) -> bool:
        """Insert the update's dedupe key; False if this update was processed before."""
        result = await self.uow.session.execute(_CLAIM, {"key": key, "at": self.uow.now()})
        return bool(rowcount(result))

    async def enter(self, platform: str, platform_id: str, display_name: str,
                    language: str | None) -> tuple[Account, State]:
        """The sender's account (found or created by the domain) and their state, the row
        locked for this transaction on PostgreSQL."""
        session = self.uow.session
        # One query for both: this runs for every update.
        row = (await session.execute(ENTER, {"platform": platform,
                                             "platform_id": platform_id})).first()
        found, has_state, step, data, options = row if row is not None else (None,) * 5
        account = await ChatAccounts(self.uow).arrived(found, platform, platform_id,
                                                       display_name, language)
        if self.uow.postgres:
            if has_state is None:  # first update: another worker may be creating it too
                await session.execute(pg_insert(Conversation).values(
                    account_id=account.id, data={}, options=[]).on_conflict_do_nothing())
            # This row lock keeps one user's updates one at a time across workers (SQLite's
            # BEGIN IMMEDIATE already serialises every writer).
            has_state, step, data, options = (await session.execute(
                select(*STATE).where(Conversation.account_id == account.id)
                .with_for_update())).one()
        elif has_state is None:
            await session.execute(insert(Conversation).values(
                account_id=account.id, data={}, options=[]))
            data, options = {}, []
        return account, self._keep(account.id, step, data, options)

    def _keep(self, account_id: int, step: str | None, data: dict[str, Any] | None,
              options: list[str] | None) -> State:
        loaded = self._loaded[account_id] = State(step, data or {}, options or [])
        return loaded.copy()

    async def save(self, account_id: int, state: State) -> None:
        """Write the working copy back, if it changed (commits with the unit of work)."""
        if state == self._loaded[account_id]:
            return
        await self.uow.session.execute(SAVE, {
            "of": account_id, "s": state.step, "d": dict(state.data),
            "o": list(state.options)})
        self._loaded[account_id] = state.copy()

    async def peek(self, account_id: int) -> State | None:
        """A user's state, read only (None before their first update)."""
        conversation = await self.uow.session.get(Conversation, account_id)
        return None if conversation is None else _state(conversation).copy()

    async def step_of(self, platform: str, platform_id: str) -> str | None:
        """The form step a user is on (read only: for a front end deciding what "2" means)."""
        return await self.uow.session.scalar(
            select(Conversation.step).join(Account, Account.id == Conversation.account_id)
            .where(Account.platform == platform, Account.platform_id == platform_id))

    async def set_options(self, account_id: int, payloads: list[str]) -> None:
        """The numbers of a message sent outside an update (a notice) now answer its options."""
        conversation = await self.uow.session.get(Conversation, account_id)
        if conversation is not None:
            conversation.options = list(payloads)

    async def forget_before(self, cutoff: datetime) -> int:
        """Old dedupe keys can go: platforms retry within minutes, not weeks. So can inbox
        rows a dead worker left (they stopped counting seconds after it died)."""
        result = await self.uow.session.execute(
            delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < cutoff))
        await self.uow.session.execute(delete(InboxEntry).where(InboxEntry.alive_at < cutoff))
        return rowcount(result)


def _state(conversation: Conversation) -> State:
    return State(conversation.step, conversation.data or {}, conversation.options or [])


def _copied(value: Any) -> Any:
    """A deep copy of JSON-like data (what the state holds), several times cheaper than
    copy.deepcopy; anything else (immutable in practice: a tuple, a number) is shared."""
    if isinstance(value, dict):
        return {k: _copied(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copied(v) for v in value]
    return value
