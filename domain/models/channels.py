"""Bookkeeping for platforms that answer inside the request and limit later messages (WeChat).

- `PushReply`: the rendered answer to one push, kept with its dedupe key, so that a platform
  retry of a finished push gets the same answer and a retry of a running one is told to wait.
- `AccessToken`: one API token for every worker, refreshed by one of them at a time.
- `ChatWindow`: when a user last spoke and how many messages the platform still lets us send
  them before they speak again (WeChat's 48-hour customer-service window).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class PushReply(Base):
    __tablename__ = "push_replies"

    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    done: Mapped[bool] = mapped_column(default=False)
    reply: Mapped[str | None] = mapped_column(Text)  # None: nothing to repeat ("success")
    started_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class AccessToken(Base):
    __tablename__ = "access_tokens"

    app_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    token: Mapped[str] = mapped_column(Text, default="")
    expires_at: Mapped[datetime] = mapped_column(default=utcnow)
    refreshes: Mapped[int] = mapped_column(default=0)


class ChatWindow(Base):
    __tablename__ = "chat_windows"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    closes_at: Mapped[datetime] = mapped_column(default=utcnow)
    allowance: Mapped[int] = mapped_column(default=0)  # messages left before the user speaks
