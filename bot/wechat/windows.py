"""WeChat's customer-service window and the notices held while it is closed.

A user's message opens a 48-hour window in which 5 customer-service messages may follow
(a follow or menu click: 3 within a minute). Notices that find the window closed or its
count used up are held, never dropped: marked in the outbox and pushed far into the
future, and shown in the reply to the user's next message ("You have 2 new notices: …").
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from domain.adapters.uow import UnitOfWork
from domain.models import Account, ChatWindow, OutboxMessage, OutboxStatus

MESSAGE_SPAN, EVENT_SPAN = timedelta(hours=48), timedelta(minutes=1)
HELD = "held: outside the 48-hour window or over its count"
HOLD_FOR = timedelta(days=3650)  # until the user's next message brings them
TEXT_KIND = "wechat.text"  # a rendered piece of a reply, sent as it is


async def open_window(uow: UnitOfWork, account_id: int, allowance: int) -> None:
    """The user spoke (allowance 5) or followed / clicked the menu (3, for a minute)."""
    now = uow.now()
    window = await uow.session.get(ChatWindow, account_id, with_for_update=uow.postgres)
    span = MESSAGE_SPAN if allowance > 3 else EVENT_SPAN
    if window is None and uow.postgres:
        # Two pushes of a new user finishing at once on PostgreSQL: the second waits for the
        # first's row instead of failing on the key (SQLite has one writer at a time).
        await uow.session.execute(pg_insert(ChatWindow).values(
            account_id=account_id, closes_at=now, allowance=0).on_conflict_do_nothing())
        window = await uow.session.get(ChatWindow, account_id, with_for_update=True,
                                       populate_existing=True)
    if window is None:
        uow.session.add(ChatWindow(account_id=account_id, closes_at=now + span,
                                   allowance=allowance))
        return
    if span == MESSAGE_SPAN or window.closes_at <= now:
        window.closes_at, window.allowance = now + span, allowance
    else:  # a click inside an open 48-hour window: at least 3 more, the window stays
        window.allowance = max(window.allowance, allowance)


async def take_allowance(uow: UnitOfWork, account_id: int, count: int = 1) -> bool:
    """Reserve `count` messages in the open window; False (nothing reserved) if they don't fit."""
    window = await uow.session.get(ChatWindow, account_id, with_for_update=uow.postgres)
    if window is None or window.closes_at <= uow.now() or window.allowance < count:
        return False
    window.allowance -= count
    return True


async def close_window(uow: UnitOfWork, account_id: int) -> None:
    """WeChat said the window is closed or used up (45015, 45047): believe it."""
    window = await uow.session.get(ChatWindow, account_id)
    if window is not None:
        window.allowance = 0


def hold(uow: UnitOfWork, message: OutboxMessage) -> None:
    message.next_attempt_at = uow.now() + HOLD_FOR
    message.last_error = HELD


async def take_held(uow: UnitOfWork, account: Account) -> list[OutboxMessage]:
    """The account's held notices, oldest first, marked sent: the caller shows them now."""
    stmt = (select(OutboxMessage)
            .where(OutboxMessage.account_id == account.id,
                   OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.last_error == HELD)
            .order_by(OutboxMessage.id))
    if uow.postgres:
        stmt = stmt.with_for_update(skip_locked=True)
    rows = list((await uow.session.scalars(stmt)).all())
    for row in rows:
        row.status, row.sent_at = OutboxStatus.SENT, uow.now()
        row.attempts += 1
    return rows


def queue_text(uow: UnitOfWork, account_id: int, text: str, at: datetime | None = None) -> None:
    """A piece of a reply that goes as a customer-service message (through the outbox)."""
    uow.session.add(OutboxMessage(account_id=account_id, kind=TEXT_KIND, params={"text": text},
                                  next_attempt_at=at or uow.now()))
