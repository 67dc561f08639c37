"""Sanction e-mails: written with the decision, claimed and marked by the mailer after commit.

The provider's contact language is unknown, so every e-mail is bilingual (English, then
Simplified Chinese). The text is composed here, from the decision's facts, so the mailer
only moves bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from ..models import EmailMessage, EmailStatus, Provider, Sanction, SanctionKind
from ..uow import UnitOfWork
from .sanctions import Effect

MAX_BACKOFF_SECONDS = 15 * 60
LEASE_SECONDS = 5 * 60  # a mailer that dies mid-send leaves its rows to be retried after this

KIND_EN = {SanctionKind.WARNING: "a warning", SanctionKind.POINTS: "violation points",
           SanctionKind.SUSPENSION: "a suspension", SanctionKind.EXPULSION: "expulsion"}
KIND_ZH = {SanctionKind.WARNING: "警告", SanctionKind.POINTS: "扣分（违规积分）",
           SanctionKind.SUSPENSION: "暂停服务", SanctionKind.EXPULSION: "清退"}


@dataclass(frozen=True)
class SanctionLetter:
    provider: Provider
    sanction: Sanction
    effect: Effect
    points_held: int
    appeal_until: datetime
    appeal_days: int


def _day(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d") if moment else "—"


def compose(letter: SanctionLetter) -> tuple[str, str]:
    """Subject and body: the decision, the reason, the points now held, how to appeal."""
    s, e = letter.sanction, letter.effect
    subject = f"[Service Market] Sanction #{s.id}: {KIND_EN[s.kind]} / 违规处理通知"
    en = [f"Dear {letter.provider.company_name},", "",
          f"The service market's operators have upheld a report against you and imposed "
          f"{KIND_EN[s.kind]} (sanction #{s.id}).",
          f"Reason: {s.reason}"]
    zh = [f"{letter.provider.company_name} 您好：", "",
          f"平台运营审核举报后，对您作出{KIND_ZH[s.kind]}处理（处罚编号 #{s.id}）。",
          f"原因：{s.reason}"]
    if s.points:
        en.append(f"Points added: {s.points}.")
        zh.append(f"本次扣分：{s.points} 分。")
    en.append(f"Violation points you now hold: {letter.points_held}.")
    zh.append(f"您当前的违规积分：{letter.points_held} 分。")
    if e.expelled:
        en.append("You have been expelled from the market; your company name and this "
                  "e-mail address cannot register again.")
        zh.append("您已被清退出服务市场，该公司名称和此邮箱不能再次入驻。")
    elif e.suspended_until is not None:
        en.append(f"You are suspended from the market until {_day(e.suspended_until)} (UTC).")
        zh.append(f"您的服务已暂停至 {_day(e.suspended_until)}（UTC），期间不在市场展示。")
    until, days = _day(letter.appeal_until), letter.appeal_days
    en += ["", f"How to appeal: send /appeal to the bot and choose sanction #{s.id} before "
           f"{until} (within {days} days). You may appeal once, with a text and optional files."]
    zh += ["", f"如何申诉：请在 {until} 前（{days} 天内）向机器人发送 /appeal 并选择"
           f"处罚 #{s.id}。每项处罚只能申诉一次，可附文字说明和文件。"]
    return subject, "\n".join(en + ["", "—" * 20, ""] + zh) + "\n"


@dataclass(frozen=True)
class Outgoing:
    """A claimed e-mail, detached from the session: it is sent outside any transaction."""

    id: int
    to_address: str
    subject: str
    body: str


class EmailOutbox:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    def queue_sanction(self, letter: SanctionLetter) -> EmailMessage:
        """Written in the decision's transaction: it exists exactly when the decision does."""
        subject, body = compose(letter)
        row = EmailMessage(to_address=letter.provider.contact_email, subject=subject,
                           body=body, sanction_id=letter.sanction.id,
                           created_at=self.uow.now(), next_attempt_at=self.uow.now())
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
        return [Outgoing(r.id, r.to_address, r.subject, r.body) for r in rows]

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
        delay = min(2 ** message.attempts * 15, MAX_BACKOFF_SECONDS)
        message.next_attempt_at = self.uow.now() + timedelta(seconds=delay)
