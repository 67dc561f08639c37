"""Rankings, subscriptions and official announcements."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, StrEnum, enum_type, utcnow


class Ranking(Base):
    __tablename__ = "rankings"
    # ix_rankings_provider_period: every result page asks, per provider shown, whether it is
    # featured this period; the unique constraint's index leads with the period and made each
    # of those read the whole period's rankings (1 ms a provider, 10 ms a page).
    __table_args__ = (UniqueConstraint("period", "category_id", "market", "provider_id"),
                      Index("ix_rankings_provider_period", "provider_id", "period"))

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(16), index=True)  # e.g. "2026-11"
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    # A market code, or "*" for the category over every market (featured and search use it).
    market: Mapped[str] = mapped_column(String(8), default="*")
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    score: Mapped[float] = mapped_column(Float)
    rank: Mapped[int]
    featured: Mapped[bool] = mapped_column(default=False)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


class Subscription(Base):
    __tablename__ = "subscriptions"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    categories: Mapped[list[str]] = mapped_column(default=list)  # empty: all categories
    # What the follower receives: "digest" (newly certified), "spotlight" (featured).
    kinds: Mapped[list[str]] = mapped_column(default=lambda: ["digest", "spotlight"])
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AnnouncementKind(StrEnum):
    DIGEST = "digest"
    SPOTLIGHT = "spotlight"
    ADHOC = "adhoc"


class AnnouncementStatus(StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    SENT = "sent"
    CANCELLED = "cancelled"


class Announcement(Base):
    __tablename__ = "announcements"
    __table_args__ = (UniqueConstraint("kind", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[AnnouncementKind] = mapped_column(enum_type(AnnouncementKind))
    period: Mapped[str] = mapped_column(String(32))
    texts: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {"en": ..., "zh": ...}
    # Category codes of the followers it goes to; empty: every follower of the kind.
    audience: Mapped[list[str]] = mapped_column(default=list)
    scheduled_at: Mapped[datetime | None]
    status: Mapped[AnnouncementStatus] = mapped_column(
        enum_type(AnnouncementStatus), default=AnnouncementStatus.DRAFT
    )
    created_by: Mapped[str | None] = mapped_column(String(96))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
