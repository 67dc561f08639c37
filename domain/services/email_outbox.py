"""Sanction e-mails: queued with the decision, claimed and marked by the mailer after commit.

Like a chat notice, an e-mail is queued as a kind and its facts (JSON-safe parameters),
never as text: the domain writes no wording. The mailer renders it from the message catalogs
when it sends it (handlers/conversations/sanction_letters.py), bilingual (English, then
Simplified Chinese) since the provider's contact language is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import select, update

from ..adapters.uow import UnitOfWork
from ..models import EmailMessage, EmailStatus, Provider, Sanction
from .sanctions import Effect

# Capped low: a mail server that comes back gets the waiting e-mails within half a minute
# (retries of an unreachable server cost one connection attempt per round, nothing more).
MAX_BACKOFF_SECONDS = 30
LEASE_SECONDS = 5 * 60  # a mailer that dies mid-send leaves its rows to be retried after this


class LetterKind(StrEnum):
    """Every kind of e-mail the services queue; each has a writer in the handlers."""

    SANCTION = "sanction"
    APPEAL = "appeal"


def _day(moment: datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%d") if moment else None


@dataclass(frozen=True)
class SanctionLetter:
    """The decision, the reason, the points now held, how to appeal."""

    provider: Provider
    sanction: Sanction
    effect: Effect
    points_held: int
    appeal_until: datetime
    appeal_days: int

    def params(self) -> dict[str, Any]:
        s = self.sanction
        return {"company": self.provider.company_name, "sanction_id": s.id,
                "sanction_kind": s.kind.value, "reason": s.reason, "points": s.points,
                "points_held": self.points_held, "expelled": self.effect.expelled,
                "suspended_until": _day(self.effect.suspended_until),
                "appeal_until": _day(self.appeal_until), "appeal_days": self.appeal_days}


@dataclass(frozen=True)
class AppealLetter:
    """The answer to an appeal: the sanction overturned or upheld, and where that leaves them."""

    provider: Provider
    sanction: Sanction
    appeal_id: int
    overturned: bool
    reason: str

    def params(self) -> dict[str, Any]:
        s, p = self.sanction, self.provider
        return {"company": p.company_name, "appeal_id": self.appeal_id, "sanction_id": s.id,
                "sanction_kind": s.kind.value, "overturned": self.overturned,
                "reason": self.reason, "points_held": p.violation_points,
                "suspended_until": _day(p.suspended_until)}


@dataclass(frozen=True)
class Outgoing:
    """A claimed e-mail, detached from the session: it is sent outside any transaction.

    `kind` and `params` say what to write; a row queued before e-mails were written from the
    catalogs carries its `subject` and `body` instead (kind None)."""

    id: int
    to_address: str
    kind: str | None
    params: dict[str, Any]
    subject: str | None = None
    body: str | None = None


class EmailOutbox:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    def queue_sanction(self, letter: SanctionLetter) -> EmailMessage:
        """Written in the decision's transaction: it exists exactly when the decision does."""
        return self._queue(letter.provider, LetterKind.SANCTION, letter.params(),
                           letter.sanction.id)

    def queue_appeal(self, letter: AppealLetter) -> EmailMessage:
        """The appeal's answer; not tied to the sanction row, whose `email_sent_at` records
        the sanction's own e-mail."""
        return self._queue(letter.provider, LetterKind.APPEAL, letter.params(), None)

    def _queue(self, provider: Provider, kind: LetterKind, params: dict[str, Any],
               sanction_id: int | None) -> EmailMessage:
        row = EmailMessage(to_address=provider.contact_email, kind=kind.value, params=params,
                           sanction_id=sanction_id, created_at=self.uow.now(),
                           next_attempt_at=self.uow.now())
        self.uow.session.add(row)
        return row

    async def claim(self, limit: int = 50) -> list[Outgoing]:
        """Lease due e-mails, oldest first; SKIP LOCKED lets several mailers share the queue.

        The lease is committed before sending, so no lock or write transaction is held while
        the SMTP server takes its time.
        """
        stmt = (select(EmailMessage)
                .where(EmailMessage.status == EmailStatus.PENDING,
                       EmailMessage.next_attempt_at <= self.uow.now())
                .order_by(EmailMessage.id).limit(limit))
        if self.uow.postgres:
            stmt = stmt.with_for_update(skip_locked=True)
        rows = (await self.uow.session.scalars(stmt)).all()
        for row in rows:
            row.next_attempt_at = self.uow.now() + timedelta(seconds=LEASE_SECONDS)
        return [Outgoing(r.id, r.to_address, r.kind, dict(r.params or {}), r.subject, r.body)
                for r in rows]

    async def release(self, ids: list[int]) -> None:
        """Claimed but not sent (the mailer is stopping): due again now, no attempt counted."""
        if ids:
            await self.uow.session.execute(
                update(EmailMessage)
                .where(EmailMessage.id.in_(ids), EmailMessage.status == EmailStatus.PENDING)
                .values(next_attempt_at=self.uow.now()))

    async def record(self, outcomes: dict[int, str | None]) -> None:
        """Sent (None) or the error to retry on, per e-mail id."""
        for email_id, error in outcomes.items():
            row = await self.uow.session.get(EmailMessage, email_id)
            if row is None or row.status is EmailStatus.SENT:
                continue
            if error is None:
                await self.sent(row)
            else:
                self.retry(row, error)

    async def sent(self, message: EmailMessage) -> None:
        now = self.uow.now()
        message.status, message.sent_at = EmailStatus.SENT, now
        message.attempts += 1
        if message.sanction_id is not None:
            sanction = await self.uow.session.get(Sanction, message.sanction_id)
            if sanction is not None:
                sanction.email_sent_at = now

    def retry(self, message: EmailMessage, error: str) -> None:
        """Never given up: a decision's e-mail is retried, backing off, until it is accepted."""
        message.attempts += 1
        message.last_error = error[:500]
        delay = min(2 ** message.attempts, MAX_BACKOFF_SECONDS)
        message.next_attempt_at = self.uow.now() + timedelta(seconds=delay)
