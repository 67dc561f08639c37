"""The unit of work: one transaction, the rules and clock, and the outbox and audit writers.

One update is one unit of work: the dedupe key, the conversation state, every service's
changes and the outbox rows they cause commit together or not at all.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from ..actor import Actor
from ..models import (
    Account,
    AuditEntry,
    Certification,
    Evaluation,
    OutboxMessage,
    Provider,
    Ranking,
    utcnow,
)
from ..notice_base import Notice
from ..rules import Rules


@dataclass(frozen=True)
class Environment:
    """What every unit of work shares: built once by the composition root."""

    sessions: async_sessionmaker[AsyncSession]
    rules: Rules
    storage_dir: Path
    clock: Callable[[], datetime] = utcnow
    dialect: str = "sqlite"


class UnitOfWork:
    def __init__(self, env: Environment) -> None:
        self.env = env
        self.rules = env.rules
        self.session: AsyncSession = env.sessions()

    @property
    def postgres(self) -> bool:
        return self.env.dialect == "postgresql"

    def now(self) -> datetime:
        return self.env.clock()

    async def __aenter__(self) -> UnitOfWork:
        await self.session.begin()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Leaving without commit() rolls back: nothing half-done survives an error.
        await self.session.rollback()
        await self.session.close()

    async def commit(self) -> None:
        """Commit, after bringing the search index in step with any listing change made.

        Every service that touches a provider, certification, evaluation or ranking is
        covered without having to remember the index: the session notes them at flush.
        """
        await self.session.flush()
        touched: set[int] = self.session.info.pop(TOUCHED, set())
        if touched:
            from .search_index import reindex_provider

            for provider_id in sorted(touched):
                await reindex_provider(self, provider_id)
        await self.session.commit()

    @asynccontextmanager
    async def attempt(self) -> AsyncIterator[None]:
        """A savepoint: a refused action is undone without losing the rest of the update."""
        async with self.session.begin_nested():
            yield

    def notify(self, account_id: int, notice: Notice) -> None:
        """Queue a notice for someone else; it commits with the change that caused it."""
        self.session.add(OutboxMessage(account_id=account_id, kind=notice.KIND,
                                       params=notice.to_params(), next_attempt_at=self.now()))

    async def notify_provider(self, provider_id: int, notice: Notice) -> int:
        """Notify every member account of a provider; returns how many were queued."""
        ids = (await self.session.scalars(
            select(Account.id).where(Account.provider_id == provider_id))).all()
        for account_id in ids:
            self.notify(account_id, notice)
        return len(ids)

    async def notify_merchant(self, merchant_id: int, notice: Notice) -> int:
        ids = (await self.session.scalars(
            select(Account.id).where(Account.merchant_id == merchant_id))).all()
        for account_id in ids:
            self.notify(account_id, notice)
        return len(ids)

    def audit(self, actor: Actor, action: str, subject: str, reason: str | None = None,
              **details: Any) -> None:
        self.session.add(AuditEntry(actor=actor.identity, action=action, subject=subject,
                                    reason=reason, details=details, at=self.now()))


TOUCHED = "touched_providers"
LISTING = (Certification, Evaluation, Ranking)


class MarketSession(Session):
    """The ORM session of every unit of work: notes listing changes at each flush."""


@event.listens_for(MarketSession, "after_flush")
def _note_listing_changes(session: Session, _flush_context: object) -> None:
    """Remember which providers' listings a flush changed (new, changed or deleted rows)."""
    touched: set[int] = session.info.setdefault(TOUCHED, set())
    for row in (*session.new, *session.dirty, *session.deleted):
        if isinstance(row, Provider) and row.id is not None:
            touched.add(row.id)
        elif isinstance(row, LISTING) and row.provider_id is not None:
            touched.add(row.provider_id)
