"""Exactly-once bookkeeping: processed update keys, the outbox and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, StrEnum, enum_type, utcnow


class ProcessedUpdate(Base):
    """A platform update's dedupe key, inserted in the same transaction as its effects."""

    __tablename__ = "processed_updates"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class InboxEntry(Base):
    """An update waiting for, or in, its user's turn (PostgreSQL: several workers).

    Each worker appends the update it received before handling it; a user's updates are then
    handled one at a time in `seq` order (Telegram's update_id, WeChat's CreateTime; arrival
    breaks ties), and the row goes once its replies are out. `done` marks a handled update
    whose replies are still being sent; `alive_at` is renewed while a worker holds the row, so
    that a dead worker's rows stop blocking the user within seconds.
    """

    __tablename__ = "inbox"
    __table_args__ = (Index("ix_inbox_user", "platform", "user_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(128), unique=True)
    platform: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(BigInteger)
    done: Mapped[bool] = mapped_column(default=False)
    alive_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


class OutboxMessage(Base):
    """A notice to someone other than the current sender, rendered in their language on delivery.

    The domain writes a notice kind and parameters, not text: wording and buttons belong to
    the conversation layer, and the recipient's language is known only at delivery.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    # For broadcasts to a channel rather than a person (announcements): platform:address.
    channel: Mapped[str | None] = mapped_column(String(128))
    # The announcement a broadcast row belongs to: delivery counts per announcement and channel.
    announcement_id: Mapped[int | None] = mapped_column(ForeignKey("announcements.id"),
                                                        index=True)
    kind: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[OutboxStatus] = mapped_column(
        enum_type(OutboxStatus), default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class AuditEntry(Base):
    """Who decided what, about which subject, why and when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor: Mapped[str] = mapped_column(String(96))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(96))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
