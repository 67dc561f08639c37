"""Delivery bookkeeping for the outbox: claim due rows, record each outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from ..adapters.uow import UnitOfWork
from ..models import Account, Announcement, OutboxMessage, OutboxStatus

MAX_ATTEMPTS = 12


@dataclass(frozen=True)
class Due:
    message: OutboxMessage
    account: Account | None


class Outbox:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def claim(self, platform: str, limit: int = 100, channels: bool = False) -> list[Due]:
        """Due rows for one platform's recipients (and its channels, if asked), oldest first.

        On PostgreSQL rows are locked with SKIP LOCKED so that several workers share the
        outbox without sending a row twice; the claim lasts until the caller commits.
        """
        whom = Account.platform == platform
        if channels:
            whom = or_(whom, OutboxMessage.channel.like(f"{platform}:%"))
        stmt = (
            select(OutboxMessage, Account)
            .outerjoin(Account, Account.id == OutboxMessage.account_id)
            .where(OutboxMessage.status == OutboxStatus.PENDING,
                   OutboxMessage.next_attempt_at <= self.uow.now(), whom)
            # The due index's own order: a claim reads its batch, not every due row.
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit)
        )
        if self.uow.postgres:
            stmt = stmt.with_for_update(skip_locked=True, of=OutboxMessage)
        rows = (await self.uow.session.execute(stmt)).all()
        await self._with_texts([message for message, _ in rows])
        return [Due(message, account) for message, account in rows]

    async def _with_texts(self, messages: list[OutboxMessage]) -> None:
        """Give announcement rows their texts for rendering, without writing them back:
        the text is stored once on the announcement, not on each of its rows."""
        ids = {m.announcement_id for m in messages if m.announcement_id is not None}
        if not ids:
            return
        texts = dict((await self.uow.session.execute(
            select(Announcement.id, Announcement.texts).where(Announcement.id.in_(ids))))
            .tuples().all())
        for m in messages:
            if m.announcement_id in texts:
                t = texts[m.announcement_id]
                set_committed_value(m, "params", {**m.params, "texts": {"en": t["en"],
                                                                         "zh": t["zh"]}})

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

    async def lease(self, platform: str, limit: int, seconds: float,
                    channels: bool = False) -> list[Due]:
        """Claim due rows and hold them for `seconds`, committed at once by the caller.

        Until the lease runs out no worker claims them again; the worker renews it (renew())
        while the rows are in hand. A worker that dies mid-send leaves them to be taken when
        the short lease runs out, so a crash loses nothing and repeats at most what was in
        flight. Rows for recipients who blocked the bot are skipped here.
        """
        until = self.uow.now() + timedelta(seconds=seconds)
        leased = []
        for due in await self.claim(platform, limit, channels):
            if due.account is not None and due.account.unreachable_since is not None:
                due.message.status, due.message.last_error = OutboxStatus.SKIPPED, "unreachable"
                continue
            due.message.next_attempt_at = until
            leased.append(due)
        return leased

    async def renew(self, ids: list[int] | set[int], seconds: float) -> None:
        """Extend the lease of rows still in hand (queued or being sent) by `seconds`.

        Leases are short and renewed while a worker lives, so that rows a crashed worker
        held are due again within seconds of the crash, not after minutes.
        """
        if ids:
            await self.uow.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(sorted(ids)),
                       OutboxMessage.status == OutboxStatus.PENDING)
                .values(next_attempt_at=self.uow.now() + timedelta(seconds=seconds)))

    async def sent_many(self, ids: list[int]) -> None:
        if ids:
            await self.uow.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(ids), OutboxMessage.status == OutboxStatus.PENDING)
                .values(status=OutboxStatus.SENT, sent_at=self.uow.now(),
                        attempts=OutboxMessage.attempts + 1))

    async def later(self, message_id: int, seconds: float | None,
                    error: str | None = None) -> None:
        """Try again in `seconds` (None: back off): a failure counts as an attempt, a deferral
        (no error) does not."""
        message = await self.uow.session.get(OutboxMessage, message_id)
        if message is None or message.status != OutboxStatus.PENDING:
            return
        if error is None:
            message.next_attempt_at = self.uow.now() + timedelta(seconds=seconds or 0)
        else:
            self.retry(message, error, seconds)

    async def hold(self, message_id: int, error: str, seconds: float = 600) -> None:
        """Our own bug (a renderer failed): keep the row, try again later without counting it
        as an attempt, so that it goes out once the fix is deployed."""
        message = await self.uow.session.get(OutboxMessage, message_id)
        if message is not None and message.status == OutboxStatus.PENDING:
            message.last_error = error[:500]
            message.next_attempt_at = self.uow.now() + timedelta(seconds=seconds)

    async def failed(self, message_id: int, error: str) -> None:
        """A refusal that will not change (bad request): stop trying, keep the reason."""
        message = await self.uow.session.get(OutboxMessage, message_id)
        if message is not None:
            message.status, message.last_error = OutboxStatus.FAILED, error[:500]
            message.attempts += 1

    async def unreachable_by_id(self, message_id: int, error: str) -> None:
        message = await self.uow.session.get(OutboxMessage, message_id)
        if message is not None and message.account_id is None:  # a channel refused the bot
            await self.failed(message_id, error)
        elif message is not None:
            account = await self.uow.session.get(Account, message.account_id)
            if account is not None:
                await self.unreachable(message, account, error)
