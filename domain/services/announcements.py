"""Operators' ad-hoc announcements: written in both languages, then released to followers.

Submitting records the announcement (operator only, texts and audience checked) in the
operator's own update; the announcements worker composes and fans it out at once, in the
transaction that marks it sent, so it goes out exactly once even if a process dies between.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from .. import validation as v
from ..actor import Actor
from ..adapters.uow import UnitOfWork
from ..errors import InvalidInput, NotFound
from ..models import (
    Announcement,
    AnnouncementKind,
    AnnouncementStatus,
    Category,
    OutboxMessage,
    OutboxStatus,
)
from .announcement_counts import delivery_counts

MAX_TEXT = 1500
LANGS = ("en", "zh")


@dataclass(frozen=True)
class AnnouncementView:
    id: int
    kind: str
    period: str
    status: str
    at: str
    counts: dict[str, dict[str, int]]  # channel → outcome → rows


def check_text(text: str) -> str:
    """Without control and invisible characters, as every stored text: this one goes out to
    every follower (a bidi override or a terminal escape would reach them all)."""
    text = v.clean(text).strip()
    if not text or len(text) > MAX_TEXT:
        raise InvalidInput("announce.error.text", maximum=MAX_TEXT)
    return text


class Announcements:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def submit(self, actor: Actor, texts: dict[str, str],
                     audience: list[str]) -> Announcement:
        actor.require_operator()
        bodies = {lang: check_text(texts.get(lang, "")) for lang in LANGS}
        known = set(await self.uow.session.scalars(select(Category.code)))
        if any(code not in known for code in audience):
            raise InvalidInput("follow.error.unknown_category")
        now = self.uow.now()
        row = Announcement(kind=AnnouncementKind.ADHOC, period=f"{now:%Y-%m-%dT%H:%M:%S.%f}",
                           texts={"draft": bodies}, audience=sorted(set(audience)),
                           scheduled_at=now, status=AnnouncementStatus.SCHEDULED,
                           created_by=actor.identity, created_at=now)
        self.uow.session.add(row)
        await self.uow.session.flush()
        self.uow.audit(actor, "announcement.submitted", f"announcement:{row.id}",
                       audience=row.audience)
        return row

    async def card_number(self, number: int) -> int:
        """WeChat: a follower replies with a number from the newest mass send; the provider
        whose card that number stands for (NotFound when no such number was sent)."""
        newest = await self.uow.session.scalar(
            select(Announcement.texts).join(OutboxMessage,
                                            OutboxMessage.announcement_id == Announcement.id)
            .where(OutboxMessage.channel.like("wechat:%"),
                   OutboxMessage.status == OutboxStatus.SENT)
            .order_by(OutboxMessage.sent_at.desc(), Announcement.id.desc()).limit(1))
        cards = (newest or {}).get("cards", [])
        if not 0 < number <= len(cards):
            raise NotFound("error.card_unavailable")
        return int(cards[number - 1])

    async def recent(self, actor: Actor, limit: int = 10) -> list[AnnouncementView]:
        actor.require_operator()
        rows = list(await self.uow.session.scalars(select(Announcement).order_by(
            Announcement.created_at.desc(), Announcement.id.desc()).limit(limit)))
        counts = await delivery_counts(self.uow, [a.id for a in rows])
        return [AnnouncementView(a.id, a.kind.value, a.period, a.status.value,
                                 f"{a.created_at:%Y-%m-%d %H:%M}", counts.get(a.id, {}))
                for a in rows]
