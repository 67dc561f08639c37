"""Delivery bookkeeping for the outbox: claim due rows, record each outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update

from ..models import Account, OutboxMessage, OutboxStatus
from ..uow import UnitOfWork

MAX_ATTEMPTS = 12


@dataclass(frozen=True)
class Due:
    message: OutboxMessage
    account: Account | None


class Outbox:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def claim(self, platform: str, limit: int = 100) -> list[Due]:
        """Due rows for one platform's recipients, oldest first.

        On PostgreSQL rows are locked with SKIP LOCKED so that several workers share the
        outbox without sending a row twice; the claim lasts until the caller commits.
        """
        stmt = (
            select(OutboxMessage, Account)
            .join(Account, Account.id == OutboxMessage.account_id)
            .where(OutboxMessage.status == OutboxStatus.PENDING,
                   OutboxMessage.next_attempt_at <= self.uow.now(),
                   Account.platform == platform)
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
        if self.uow.postgres:
            stmt = stmt.with_for_update(skip_locked=True, of=OutboxMessage)
        rows = (await self.uow.session.execute(stmt)).all()
        return [Due(message, account) for message, account in rows]

    def sent(self, message: OutboxMessage) -> None:
        message.status, message.sent_at = OutboxStatus.SENT, self.uow.now()
        message.attempts += 1

    def retry(self, message: OutboxMessage, error: str, delay_seconds: float | None = None) -> None:
        """Try again later, backing off exponentially (or after the platform's retry_after)."""
        message.attempts += 1
        message.last_error = error[:500]
        if message.attempts >= MAX_ATTEMPTS:
            message.status = OutboxStatus.FAILED
            return
        delay = delay_seconds if delay_seconds is not None else min(2 ** message.attempts, 600)
        message.next_attempt_at = self.uow.now() + timedelta(seconds=delay)

    async def unreachable(self, message: OutboxMessage, account: Account, error: str) -> None:
        """The recipient blocked the bot: mark them and skip everything queued for them."""
        account.unreachable_since = self.uow.now()
        message.attempts += 1
        await self.uow.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.account_id == account.id,
                   OutboxMessage.status == OutboxStatus.PENDING)
            .values(status=OutboxStatus.SKIPPED, last_error=error[:500]))
