"""Chat identities (one per platform user) and the table the per-user chat state lives in."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, StrEnum, enum_type, utcnow


class Role(StrEnum):
    MERCHANT = "merchant"
    PROVIDER = "provider"


class Account(Base):
    """One platform user (Telegram user, WeChat OpenID, console handle)."""

    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("platform", "platform_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    platform_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(128), default="")
    language: Mapped[str] = mapped_column(String(8), default="en")
    # True once the user picked a language with /language: the client's code no longer overrides it.
    language_chosen: Mapped[bool] = mapped_column(default=False)
    role: Mapped[Role | None] = mapped_column(enum_type(Role), default=None)
    merchant_id: Mapped[int | None] = mapped_column(ForeignKey("merchants.id"), index=True)
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"), index=True)
    # Set when the platform says the user blocked the bot; delivery skips them.
    unreachable_since: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Conversation(Base):
    """Which step a user is on and the form filled so far; locked per update on PostgreSQL.

    Chat state is the engine's, not the domain's: only handlers/engine/conversation_store.py
    reads or writes this table. The class stays here because every table belongs to the one
    `Base.metadata` that Alembic and the tests' schema read, and it hangs off `accounts`;
    defining it in handlers would make domain/models import handlers, against the layers.
    """

    __tablename__ = "conversations"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    step: Mapped[str | None] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The payloads behind the last numbered options (WeChat and console replies by number).
    options: Mapped[list[str]] = mapped_column(default=list)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
