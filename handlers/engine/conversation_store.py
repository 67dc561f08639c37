"""Chat state: which step a user is on, the form so far, and the payloads behind the numbers
of the last numbered options (WeChat and the console answer by number).

It is the engine's business, not the domain's. `SqlConversationStore` keeps it in the
`conversations` table on the update's own unit of work, so that the dedupe key, the state and
everything the update changed commit together or not at all. (The table class stays in
domain/models: see `Conversation`.)
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from domain.adapters.db import rowcount
from domain.adapters.uow import UnitOfWork
from domain.models import Account, Conversation, InboxEntry, ProcessedUpdate
from domain.services.chat_accounts import ChatAccounts


@dataclass
class State:
    """A working copy of a user's chat state; written back only if the update succeeds."""

    step: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    options: list[str] = field(default_factory=list)

    def copy(self) -> State:
        # Deep: a handler that edits nested form data in place must not edit the copy.
        return State(self.step, copy.deepcopy(self.data), list(self.options))


class ConversationStore(Protocol):
    """The port the dispatcher and the front ends use; one update, one store."""

    async def claim(self, key: str) -> bool: ...

    async def enter(self, platform: str, platform_id: str, display_name: str,
                    language: str | None) -> tuple[Account, State]: ...

    def save(self, account_id: int, state: State) -> None: ...

    async def peek(self, account_id: int) -> State | None: ...

    async def step_of(self, platform: str, platform_id: str) -> str | None: ...

    async def set_options(self, account_id: int, payloads: list[str]) -> None: ...

    async def forget_before(self, cutoff: datetime) -> int: ...


class SqlConversationStore:
    """Chat state in the `conversations` table and dedupe keys in `processed_updates`."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self._rows: dict[int, Conversation] = {}

    async def claim(self, key: str) -> bool:
        """Insert the update's dedupe key; False if this update was processed before."""
        insert = pg_insert if self.uow.postgres else sqlite_insert
        stmt = insert(ProcessedUpdate).values(key=key, processed_at=self.uow.now())
        result = await self.uow.session.execute(stmt.on_conflict_do_nothing())
        return bool(rowcount(result))

    async def enter(self, platform: str, platform_id: str, display_name: str,
                    language: str | None) -> tuple[Account, State]:
        """The sender's account (found or created by the domain) and their state, the row
        locked for this transaction on PostgreSQL."""
        session = self.uow.session
        # One query for both: this runs for every update.
        row = (await session.execute(
            select(Account, Conversation)
            .outerjoin(Conversation, Conversation.account_id == Account.id)
            .where(Account.platform == platform, Account.platform_id == platform_id))).first()
        found, conversation = row if row is not None else (None, None)
        account = await ChatAccounts(self.uow).arrived(found, platform, platform_id,
                                                       display_name, language)
        if self.uow.postgres:
            if conversation is None:  # first update: another worker may be creating it too
                await session.execute(pg_insert(Conversation).values(
                    account_id=account.id, data={}, options=[]).on_conflict_do_nothing())
            # This row lock keeps one user's updates one at a time across workers (SQLite's
            # BEGIN IMMEDIATE already serialises every writer).
            conversation = await session.get(Conversation, account.id, with_for_update=True,
                                             populate_existing=True)
        if conversation is None:
            conversation = Conversation(account_id=account.id, data={}, options=[])
            session.add(conversation)
            await session.flush()
        self._rows[account.id] = conversation
        return account, _state(conversation).copy()

    def save(self, account_id: int, state: State) -> None:
        """Write the working copy back (commits with the unit of work)."""
        conversation = self._rows[account_id]
        conversation.step, conversation.data = state.step, dict(state.data)
        conversation.options = list(state.options)

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
