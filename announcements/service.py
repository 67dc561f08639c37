"""The announcement use cases: send a scheduled kind for its period, catch up, ad-hoc, list.

Unique per kind and period (a database constraint): however often a schedule fires, a new
leader catches up or an operator runs `announce send`, each period is announced once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from domain.actor import SYSTEM, Actor
from domain.adapters.uow import Environment, UnitOfWork
from domain.markup import shown
from domain.models import Announcement, AnnouncementKind, AnnouncementStatus, Ranking
from domain.ranking_config import RankingConfig
from domain.services.announcements import Announcements, AnnouncementView
from domain.services.ranking import Rankings

from . import compose as c
from .config import AnnouncementConfig
from .fanout import Channels, fan_out
from .i18n import say
from .periods import last_fire, period_of, window

Progress = Callable[[int, int], None]
SCHEDULED = ("digest", "spotlight")


@dataclass(frozen=True)
class Outcome:
    announcement_id: int
    kind: str
    period: str
    created: bool  # False: the period was announced already (nothing sent again)
    queued: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)


class Announcer:
    def __init__(self, env: Environment, config: AnnouncementConfig, ranking: RankingConfig,
                 channels: Channels, link: Callable[[int], str]) -> None:
        self.env, self.config, self.ranking = env, config, ranking
        self.channels, self.link = channels, link

    def trigger(self, kind: str) -> Any:
        return self.config.trigger(kind, self.channels.timezone)

    def fire_time(self, kind: str, period: str | None, now: datetime) -> datetime:
        """The run a period belongs to: the last one due, or the first run in `period`."""
        if kind not in SCHEDULED:
            raise ValueError(f"expects digest or spotlight, got {kind!r}")
        trigger, zone = self.trigger(kind), ZoneInfo(self.channels.timezone)
        if period is None:
            fire = last_fire(trigger, now.astimezone(zone))
            if fire is None:
                raise ValueError(f"no {kind} run is due yet")
            return fire
        try:
            start = (datetime.strptime(period + "-1", "%G-W%V-%u") if kind == "digest"
                     else datetime.strptime(period, "%Y-%m")).replace(tzinfo=zone)
        except ValueError:
            example = "2026-W49" if kind == "digest" else "2026-12"
            raise ValueError(f"expects a {kind} period like {example}, got {period!r}") from None
        fire = trigger.get_next_fire_time(None, start)
        if fire is None or period_of(kind, fire) != period or fire > now:
            raise ValueError(f"the {kind} of {period} is not due yet")
        return fire

    async def _texts(self, uow: UnitOfWork, kind: str, fire: datetime) -> dict[str, Any]:
        per, limit = self.config.providers_per_category, self.config.wechat_text_bytes
        if kind == "digest":
            start, end = window(self.trigger(kind), fire)
            sections = await c.digest_sections(uow, start, end)
            title = {lang: say(lang, "digest.title", start=start.date().isoformat(),
                               end=(end - timedelta(days=1)).date().isoformat())
                     for lang in c.LANGS}
        else:
            period = fire.strftime("%Y-%m")
            if not await uow.session.scalar(select(func.count()).select_from(Ranking)
                                            .where(Ranking.period == period)):
                await Rankings(uow, self.ranking).compute(period)
            sections = await c.spotlight_sections(uow, period)
            title = {lang: say(lang, "spotlight.title", year=fire.year,
                               month_name=say(lang, f"month.{fire.month}"))
                     for lang in c.LANGS}
        texts = c.compose(title, sections, self.link, per, limit)
        texts["empty"] = not sections
        return texts

    async def preview(self, kind: str, period: str | None = None, lang: str = "en",
                      wechat: bool = False) -> str:
        """The text as it would go out now; nothing is stored or sent."""
        from domain.announcement_text import assemble

        async with UnitOfWork(self.env) as uow:
            texts = await self._texts(uow, kind, self.fire_time(kind, period, uow.now()))
        # As a plain-text front end shows it: markers kept, a name's escapes gone.
        return texts["wechat"][lang] if wechat else shown(assemble(texts[lang]))

    async def send(self, kind: str, period: str | None = None,
                   progress: Progress | None = None, actor: Actor = SYSTEM) -> Outcome:
        """Compose and fan out the kind's period now, unless it was announced already."""
        async with UnitOfWork(self.env) as uow:
            fire = self.fire_time(kind, period, uow.now())
            name = period_of(kind, fire)
            existing = await self._existing(uow, kind, name)
            if existing is not None:
                return Outcome(existing, kind, name, False)
            texts = await self._texts(uow, kind, fire)
            return await self._record(uow, kind, name, texts, [], actor, progress, fire)

    async def send_due(self, kind: str) -> Outcome | None:
        """What a schedule and a new leader run: the last due period, if it is missing."""
        try:
            outcome = await self.send(kind)
        except ValueError:
            return None  # nothing due yet
        except IntegrityError:
            return None  # another process announced it first: exactly once
        return outcome if outcome.created else None

    async def adhoc(self, actor: Actor, texts: dict[str, str], audience: list[str],
                    progress: Progress | None = None) -> Outcome:
        """Submit an operator's announcement and release it at once (tests, the CLI)."""
        async with UnitOfWork(self.env) as uow:
            await Announcements(uow).submit(actor, texts, audience)
            await uow.commit()
        released = await self.release(progress)
        return released[-1]

    async def release(self, progress: Progress | None = None) -> list[Outcome]:
        """Compose and fan out submitted ad-hoc announcements, each in its own transaction
        (which also marks it sent: a crash before the commit leaves it to the next run)."""
        outcomes: list[Outcome] = []
        while True:
            async with UnitOfWork(self.env) as uow:
                stmt = select(Announcement).where(
                    Announcement.kind == AnnouncementKind.ADHOC,
                    Announcement.status == AnnouncementStatus.SCHEDULED,
                    Announcement.scheduled_at <= uow.now()).order_by(Announcement.id).limit(1)
                ann = await uow.session.scalar(
                    stmt.with_for_update(skip_locked=True) if uow.postgres else stmt)
                if ann is None:
                    return outcomes
                outcomes.append(await self._release(uow, ann, progress))

    async def _release(self, uow: UnitOfWork, ann: Announcement,
                       progress: Progress | None) -> Outcome:
        bodies = ann.texts["draft"]
        title = {lang: say(lang, "adhoc.title") for lang in c.LANGS}
        ann.texts = c.compose(title, [], self.link, 1, self.config.wechat_text_bytes, bodies)
        ann.status, ann.sent_at = AnnouncementStatus.SENT, uow.now()
        await uow.session.flush()
        result = await fan_out(uow, ann, self.channels, progress)
        uow.audit(SYSTEM, "announcement.adhoc", f"announcement:{ann.id}", None,
                  queued=dict(result.queued), skipped=result.skipped)
        await uow.commit()
        return Outcome(ann.id, "adhoc", ann.period, True, dict(result.queued), result.skipped)

    async def _existing(self, uow: UnitOfWork, kind: str, period: str) -> int | None:
        return await uow.session.scalar(select(Announcement.id).where(
            Announcement.kind == AnnouncementKind(kind), Announcement.period == period))

    async def _record(self, uow: UnitOfWork, kind: str, period: str, texts: dict[str, Any],
                      audience: list[str], actor: Actor, progress: Progress | None,
                      fire: datetime) -> Outcome:
        empty = texts.pop("empty")
        ann = Announcement(kind=AnnouncementKind(kind), period=period, texts=texts,
                           audience=audience, scheduled_at=fire, created_by=actor.identity,
                           created_at=uow.now(), sent_at=None if empty else uow.now(),
                           status=AnnouncementStatus.CANCELLED if empty
                           else AnnouncementStatus.SENT)
        uow.session.add(ann)
        await uow.session.flush()
        skipped = {"all": "nothing to announce in this period"} if empty else {}
        queued: dict[str, int] = {}
        if not empty:
            result = await fan_out(uow, ann, self.channels, progress)
            queued, skipped = dict(result.queued), result.skipped
        uow.audit(actor, f"announcement.{kind}", f"announcement:{ann.id}", None,
                  period=period, queued=queued, skipped=skipped)
        await uow.commit()
        return Outcome(ann.id, kind, period, True, queued, skipped)

    async def recent(self, limit: int = 10) -> list[AnnouncementView]:
        """The newest announcements with their delivery counts per channel."""
        async with UnitOfWork(self.env) as uow:
            return await Announcements(uow).recent(SYSTEM, limit)
