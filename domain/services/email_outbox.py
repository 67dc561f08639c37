"""Sanction e-mails: written with the decision, claimed and marked by the mailer after commit.

The provider's contact language is unknown, so every e-mail is bilingual (English, then
Simplified Chinese). The text is composed here, from the decision's facts, so the mailer
only moves bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from ..adapters.uow import UnitOfWork
from ..models import EmailMessage, EmailStatus, Provider, Sanction, SanctionKind
from .sanctions import Effect

# Capped low: a mail server that comes back gets the waiting e-mails within half a minute
# (retries of an unreachable server cost one connection attempt per round, nothing more).
MAX_BACKOFF_SECONDS = 30
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
class AppealLetter:
    """The answer to an appeal: the sanction overturned or upheld, and where that leaves them."""

    provider: Provider
    sanction: Sanction
    appeal_id: int
    overturned: bool
    reason: str


def compose_appeal(letter: AppealLetter) -> tuple[str, str]:
    s, p = letter.sanction, letter.provider
    verdict_en, verdict_zh = (("overturned", "撤销") if letter.overturned
                              else ("upheld", "维持"))
    subject = (f"[Service Market] Appeal #{letter.appeal_id}: sanction #{s.id} {verdict_en}"
               f" / 申诉处理结果")
    en = [f"Dear {p.company_name},", "",
          f"The service market's operators have decided your appeal #{letter.appeal_id} "
          f"against sanction #{s.id} ({KIND_EN[s.kind]}): the sanction is {verdict_en}.",
          f"Reason: {letter.reason}"]
    zh = [f"{p.company_name} 您好：", "",
          f"平台运营已处理您针对处罚 #{s.id}（{KIND_ZH[s.kind]}）的申诉 #{letter.appeal_id}："
          f"处罚{verdict_zh}。", f"理由：{letter.reason}"]
    if letter.overturned:
        en.append("Its points and effects have been removed.")
        zh.append("该处罚的扣分及影响已一并撤销。")
    en.append(f"Violation points you now hold: {p.violation_points}.")
    zh.append(f"您当前的违规积分：{p.violation_points} 分。")
    if p.suspended_until is not None:
        en.append(f"You remain suspended until {_day(p.suspended_until)} (UTC).")
        zh.append(f"您的服务仍暂停至 {_day(p.suspended_until)}（UTC）。")
    en += ["", "This decision is final: a sanction can be appealed once."]
    zh += ["", "此为最终处理结果：每项处罚只能申诉一次。"]
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
        return self._queue(letter.provider, compose(letter), letter.sanction.id)

    def queue_appeal(self, letter: AppealLetter) -> EmailMessage:
        """The appeal's answer; not tied to the sanction row, whose `email_sent_at` records
        the sanction's own e-mail."""
        return self._queue(letter.provider, compose_appeal(letter), None)

    def _queue(self, provider: Provider, mail: tuple[str, str],
               sanction_id: int | None) -> EmailMessage:
        row = EmailMessage(to_address=provider.contact_email, subject=mail[0], body=mail[1],
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
        return [Outgoing(r.id, r.to_address, r.subject, r.body) for r in rows]

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
