"""Delivery counts per announcement and channel: sent, pending, failed, unreachable, skipped."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import case, func, select

from ..adapters.uow import UnitOfWork
from ..models import Account, OutboxMessage, OutboxStatus

SKIPS = ("held", "merged", "not sent")  # skipped by us (quota, set-up), not by the recipient


def channel_name(channel: str | None, platform: str | None) -> str:
    if channel is None:
        return f"{platform} followers"
    return "telegram channel" if channel.startswith("telegram:") else channel.split(":")[0]


def outcome(status: OutboxStatus, error: str | None) -> str:
    if status is OutboxStatus.SKIPPED:
        return "skipped" if (error or "").startswith(SKIPS) else "unreachable"
    return status.value


async def delivery_counts(uow: UnitOfWork, ids: list[int]) -> dict[int, dict[str, dict]]:
    if not ids:
        return {}
    quota = case(*((OutboxMessage.last_error.like(f"{s}%"), s) for s in SKIPS), else_="")
    rows = await uow.session.execute(
        select(OutboxMessage.announcement_id, OutboxMessage.channel, Account.platform,
               OutboxMessage.status, quota, func.count())
        .outerjoin(Account, Account.id == OutboxMessage.account_id)
        .where(OutboxMessage.announcement_id.in_(ids))
        .group_by(OutboxMessage.announcement_id, OutboxMessage.channel, Account.platform,
                  OutboxMessage.status, quota))
    result: dict[int, dict[str, dict]] = defaultdict(lambda: defaultdict(dict))
    for ann, channel, platform, status, reason, n in rows:
        counts = result[ann][channel_name(channel, platform)]
        key = outcome(status, reason)
        counts[key] = counts.get(key, 0) + n
    return {k: dict(v) for k, v in result.items()}
