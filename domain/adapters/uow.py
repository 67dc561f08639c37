"""The unit of work: one transaction, the rules and clock, the events it collects, and the
outbox and audit writers.

One update is one unit of work: the dedupe key, the conversation state, every service's
changes and the outbox rows they cause commit together or not at all.

Events (domain/events.py) are collected while the work runs and handled by the handlers the
composition root put in the Environment, just before the commit and in the same transaction:
that is how the search index follows every listing change without this module knowing it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
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
from ..events import ListingChanged
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

Handler = Callable[["UnitOfWork", Any], Awaitable[None]]
Handlers = Mapping[type, Sequence[Handler]]
# A commit whose handlers keep raising new events past this many rounds is a bug (a loop).
MAX_EVENT_ROUNDS = 10


@dataclass(frozen=True)
class Environment:
    """What every unit of work shares: built once by the composition root.

    `handlers` has no default on purpose: a unit of work without the search handler would
    let the index drift silently.
    """

    sessions: async_sessionmaker[AsyncSession]
    rules: Rules
    storage_dir: Path
    handlers: Handlers
    clock: Callable[[], datetime] = utcnow
    dialect: str = "sqlite"


class UnitOfWork:
    """One transaction: the session, commit and rollback, and the events it collects."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.rules = env.rules
        self.session: AsyncSession = env.sessions()
        self.events: list[object] = []

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

    def record(self, event: object) -> None:
        """Note an event the session cannot see (a bulk UPDATE bypasses the ORM)."""
        self.events.append(event)

    async def commit(self) -> None:
        """Handle the events collected so far, then commit them with the work: one transaction."""
        for _ in range(MAX_EVENT_ROUNDS):
            if self.session.new or self.session.dirty or self.session.deleted:
                await self.session.flush()
            events = self._collect()
            if not events:
                await self.session.commit()
                return
            for fact in events:
                for handler in self.env.handlers.get(type(fact), ()):
                    await handler(self, fact)
        raise RuntimeError(f"events still raised after {MAX_EVENT_ROUNDS} rounds")

    def _collect(self) -> list[object]:
        """Recorded and flush-noticed events, each once, in a stable order: two transactions
        reindexing the same providers then lock their rows in the same order (PostgreSQL)."""
        noticed: set[object] = self.session.info.pop(NOTICED, set())
        events = set(self.events) | noticed
        self.events.clear()
        return sorted(events, key=lambda e: (type(e).__name__, repr(e)))

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


NOTICED = "noticed_events"
LISTING = (Certification, Evaluation, Ranking)


class MarketSession(Session):
    """The ORM session of every unit of work: notes listing changes at each flush."""


@event.listens_for(MarketSession, "after_flush")
def _note_listing_changes(session: Session, _flush_context: object) -> None:
    """A ListingChanged for every provider whose listing a flush changed (new, changed or
    deleted rows).

    Noticed here rather than recorded by each service: a provider, certification, evaluation
    or ranking is written in many services, and none can forget the index this way. Only
    bulk UPDATEs, which the session never sees, record the event themselves (uow.record).
    """
    noticed: set[object] = session.info.setdefault(NOTICED, set())
    for row in (*session.new, *session.dirty, *session.deleted):
        if isinstance(row, Provider) and row.id is not None:
            noticed.add(ListingChanged(row.id))
        elif isinstance(row, LISTING) and row.provider_id is not None:
            noticed.add(ListingChanged(row.provider_id))
