"""The gate every update passes: dedupe, the sender's account, and its conversation state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..actor import Actor
from ..adapters.db import rowcount
from ..adapters.uow import UnitOfWork
from ..models import Account, Conversation, ProcessedUpdate


@dataclass
class State:
    """A working copy of the conversation row; written back only if the update succeeds."""

    step: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    options: list[str] = field(default_factory=list)


class UpdateGate:
    def __init__(self, uow: UnitOfWork, operators: frozenset[str]) -> None:
        self.uow = uow
        self.operators = operators

    async def claim(self, key: str) -> bool:
        """Insert the dedupe key; False if this update was processed before."""
        insert = pg_insert if self.uow.postgres else sqlite_insert
        stmt = insert(ProcessedUpdate).values(key=key, processed_at=self.uow.now())
        result = await self.uow.session.execute(stmt.on_conflict_do_nothing())
        return bool(rowcount(result))

    async def enter(self, platform: str, platform_id: str, display_name: str,
                    language: str | None) -> tuple[Account, Conversation]:
        """Find or create the account; lock its conversation row for this transaction."""
        session = self.uow.session
        row = (await session.execute(
            select(Account, Conversation)
            .outerjoin(Conversation, Conversation.account_id == Account.id)
            .where(Account.platform == platform, Account.platform_id == platform_id))).first()
        account, conversation = row if row is not None else (None, None)
        if account is None:
            account = Account(platform=platform, platform_id=platform_id,
                              display_name=display_name[:128],
                              language=normalize_language(language), created_at=self.uow.now())
            session.add(account)
            await session.flush()
        else:
            self._refresh(account, display_name, language)
        if self.uow.postgres:
            # This row lock keeps one user's updates in order across workers (SQLite's
            # BEGIN IMMEDIATE already serialises every writer).
            conversation = await session.get(Conversation, account.id, with_for_update=True,
                                             populate_existing=True)
        if conversation is None:
            conversation = Conversation(account_id=account.id, data={}, options=[])
            session.add(conversation)
            await session.flush()
        return account, conversation

    async def step_of(self, platform: str, platform_id: str) -> str | None:
        """The form step a user is on (read only: for a front end deciding what "2" means)."""
        return await self.uow.session.scalar(
            select(Conversation.step).join(Account, Account.id == Conversation.account_id)
            .where(Account.platform == platform, Account.platform_id == platform_id))

    @staticmethod
    def _refresh(account: Account, display_name: str, language: str | None) -> None:
        if display_name and account.display_name != display_name[:128]:
            account.display_name = display_name[:128]
        if language and not account.language_chosen:
            account.language = normalize_language(language)
        # Writing to the bot again means they have unblocked it: deliver to them again.
        account.unreachable_since = None

    def actor(self, account: Account) -> Actor:
        identity = f"{account.platform}:{account.platform_id}"
        return Actor(account_id=account.id, identity=identity, role=account.role,
                     merchant_id=account.merchant_id, provider_id=account.provider_id,
                     is_operator=identity in self.operators)

    @staticmethod
    def save(conversation: Conversation, state: State) -> None:
        conversation.step, conversation.data = state.step, dict(state.data)
        conversation.options = list(state.options)

    async def forget_before(self, cutoff: datetime) -> int:
        """Old dedupe keys can go: platforms retry within minutes, not weeks."""
        result = await self.uow.session.execute(
            delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < cutoff))
        return rowcount(result)


def normalize_language(code: str | None) -> str:
    """zh, zh-hans, zh-CN, zh-TW … speak Chinese here; everything else English."""
    return "zh" if (code or "").lower().startswith("zh") else "en"
