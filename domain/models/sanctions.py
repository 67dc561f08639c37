"""Sanctions against providers and their appeals."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, StrEnum, enum_type, utcnow


class SanctionKind(StrEnum):
    WARNING = "warning"
    POINTS = "points"
    SUSPENSION = "suspension"
    EXPULSION = "expulsion"


class Sanction(Base):
    __tablename__ = "sanctions"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"))
    kind: Mapped[SanctionKind] = mapped_column(enum_type(SanctionKind))
    points: Mapped[int] = mapped_column(default=0)
    suspension_days: Mapped[int | None]
    reason: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(96))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    points_expire_at: Mapped[datetime | None]
    email_sent_at: Mapped[datetime | None]
    overturned_at: Mapped[datetime | None]


class AppealStatus(StrEnum):
    OPEN = "open"
    UPHELD = "upheld"
    OVERTURNED = "overturned"


class Appeal(Base):
    __tablename__ = "appeals"

    id: Mapped[int] = mapped_column(primary_key=True)
    sanction_id: Mapped[int] = mapped_column(ForeignKey("sanctions.id"), unique=True)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[AppealStatus] = mapped_column(
        enum_type(AppealStatus), default=AppealStatus.OPEN
    )
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(96))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class EmailStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"


class EmailMessage(Base):
    """An e-mail queued with the decision that causes it and sent after commit, with retries.

    Queued as a kind and its parameters, written from the catalogs when sent; `subject` and
    `body` are only set on rows queued before that (they are sent as they are)."""

    __tablename__ = "email_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    kind: Mapped[str | None] = mapped_column(String(40))
    params: Mapped[dict[str, Any] | None]
    subject: Mapped[str | None] = mapped_column(String(255))
    body: Mapped[str | None] = mapped_column(Text)
    sanction_id: Mapped[int | None] = mapped_column(ForeignKey("sanctions.id"))
    status: Mapped[EmailStatus] = mapped_column(enum_type(EmailStatus), default=EmailStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
