"""Fan-out: one announcement becomes outbox rows, in the transaction that records it.

- Telegram and console followers: one direct message each (the rate-limited delivery);
  a follower of some categories only gets a row if the announcement has one of them, and
  the row names them so that their copy holds only those sections.
- The Telegram channel: one post (`telegram:@name`).
- WeChat: one mass send per language tag (`wechat:lang:zh`), unless the account's quota
  says no: then the row is recorded as skipped with the reason, and merged into the next.
Rows are bulk-inserted: 100,000 followers take seconds, not minutes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, update

from domain.adapters.uow import UnitOfWork
from domain.announcement_text import section_codes
from domain.models import Account, Announcement, OutboxMessage, OutboxStatus, Subscription
from domain.notices import AnnouncementPublished

from .wechat_quota import HELD, Decision, decide

DIRECT = ("telegram", "console")  # platforms where a follower gets a direct message
CHUNK = 5000
NOT_CONFIGURED = "not sent: no WeChat account is configured (SMBOT_WECHAT_APP_ID)"
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Channels:
    """Where announcements go besides followers' chats, and the WeChat account's kind."""

    telegram_channel: str | None = None
    wechat_account: str = "subscription"
    timezone: str = "Asia/Shanghai"
    wechat_enabled: bool = True  # False: no WeChat account configured to send with


@dataclass
class FanOut:
    queued: Counter[str] = field(default_factory=Counter)  # channel → rows queued
    skipped: dict[str, str] = field(default_factory=dict)  # channel → reason


def _wants(kind: str, audience: set[str], categories: list[str],
           kinds: list[str]) -> list[str] | None:
    """The categories this follower's copy is cut to ([]: all), or None: not for them."""
    if kind != "adhoc" and kind not in kinds:
        return None
    mine = set(categories)
    if not mine:
        return []
    if audience and not mine & audience:
        return None
    return sorted(mine)


async def fan_out(uow: UnitOfWork, ann: Announcement, channels: Channels,
                  progress: Progress | None = None) -> FanOut:
    result = FanOut()
    audience = set(ann.audience) or (section_codes(ann.texts) - {"*"})
    subs = (await uow.session.execute(
        select(Subscription.account_id, Subscription.categories, Subscription.kinds,
               Account.platform, Account.language, Account.unreachable_since)
        .join(Account, Account.id == Subscription.account_id)
        .where(Subscription.active.is_(True)).order_by(Subscription.account_id))).all()
    now, rows, wechat_langs = uow.now(), [], set()
    for account_id, categories, kinds, platform, language, unreachable in subs:
        cut = _wants(ann.kind.value, audience, categories, kinds)
        if cut is None:
            continue
        if platform == "wechat":
            wechat_langs.add("zh" if language == "zh" else "en")
        elif platform in DIRECT:
            rows.append(_row(ann, now, account_id=account_id, categories=cut,
                             unreachable=unreachable is not None))
    await _insert(uow, rows, progress)
    result.queued.update(Counter("followers" for r in rows
                                 if r["status"] is OutboxStatus.PENDING))
    if channels.telegram_channel:
        await _insert(uow, [_row(ann, now, channel=f"telegram:{channels.telegram_channel}",
                                 bilingual=True)])
        result.queued["telegram channel"] += 1
    await _wechat(uow, ann, channels, sorted(wechat_langs), result)
    return result


def _row(ann: Announcement, now: datetime, *, account_id: int | None = None,
         channel: str | None = None, categories: list[str] | None = None,
         unreachable: bool = False, bilingual: bool = False, **sending: Any) -> dict[str, Any]:
    """One row; `sending` is a WeChat mass send's bookkeeping (language tag, message id and
    the held announcements it carries), read by the sender, not by the notice's renderer."""
    notice = AnnouncementPublished(categories=tuple(categories or ()), bilingual=bilingual)
    return dict(account_id=account_id, channel=channel, kind=notice.KIND,
                announcement_id=ann.id, params={**notice.to_params(), **sending}, attempts=0,
                next_attempt_at=now, created_at=now,
                last_error="unreachable" if unreachable else None,
                status=OutboxStatus.SKIPPED if unreachable else OutboxStatus.PENDING)


async def _insert(uow: UnitOfWork, rows: list[dict[str, Any]],
                  progress: Progress | None = None) -> None:
    for start in range(0, len(rows), CHUNK):
        await uow.session.execute(insert(OutboxMessage), rows[start:start + CHUNK])
        if progress:
            progress(min(start + CHUNK, len(rows)), len(rows))
    if progress and not rows:
        progress(0, 0)


def client_msg_id(ann: Announcement, lang: str) -> str:
    """Stable per announcement and tag: a repeated mass send is refused (45065), not sent."""
    return f"smbot-{ann.kind.value}-{ann.period}-{lang}"[:64]


async def _wechat(uow: UnitOfWork, ann: Announcement, channels: Channels, langs: list[str],
                  result: FanOut) -> None:
    if not langs:
        return
    zone = ZoneInfo(channels.timezone)
    decision = decide(channels.wechat_account, uow.now().astimezone(zone).date(),
                      await _sent_days(uow, zone)) if channels.wechat_enabled \
        else Decision(False, NOT_CONFIGURED)
    merge = await _take_held(uow, ann.id) if decision.send else []
    rows = []
    for lang in langs:
        row = _row(ann, uow.now(), channel=f"wechat:lang:{lang}", lang=lang,
                   clientmsgid=client_msg_id(ann, lang), merge=merge)
        if not decision.send:
            row.update(status=OutboxStatus.SKIPPED, last_error=decision.reason)
        rows.append(row)
    await _insert(uow, rows)
    if decision.send:
        result.queued["wechat"] += len(rows)
    else:
        result.skipped["wechat"] = decision.reason or ""


async def _sent_days(uow: UnitOfWork, zone: ZoneInfo) -> list[Any]:
    """Local days on which a WeChat mass send went out (or is queued to)."""
    since = uow.now() - timedelta(days=32)
    rows = await uow.session.execute(
        select(OutboxMessage.announcement_id, OutboxMessage.created_at).where(
            OutboxMessage.channel.like("wechat:%"), OutboxMessage.created_at >= since,
            OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENT])))
    return sorted({at.astimezone(zone).date() for _, at in rows})


async def _take_held(uow: UnitOfWork, into: int) -> list[int]:
    """Announcements held back by the quota: this send carries them, marked as merged."""
    since = uow.now() - timedelta(days=45)
    held = HELD.rstrip()
    where = (OutboxMessage.channel.like("wechat:%"), OutboxMessage.status ==
             OutboxStatus.SKIPPED, OutboxMessage.last_error.like(f"{held}%"),
             OutboxMessage.created_at >= since)
    found = set(await uow.session.scalars(select(OutboxMessage.announcement_id).where(*where)))
    if found:
        await uow.session.execute(update(OutboxMessage).where(*where).values(
            last_error=f"merged into announcement {into}"))
    return sorted(i for i in found if i is not None)
