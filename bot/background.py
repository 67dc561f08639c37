"""Work that runs beside the conversations: the mailer and the periodic maintenance job.

The round is idempotent (reminders are marked sent, point expiry is a recomputation), so a
run repeated by a new leader does no harm; the scheduler host runs it in one process at a time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.interval import IntervalTrigger

from domain.services.bindings import send_binding_reminders
from domain.services.renewals import renewal_round
from domain.services.sanctions import Sanctions
from handlers.engine.conversation_store import SqlConversationStore

from .app import App
from .leadership import leadership_for
from .locks import FileLock, claim_database
from .mailer import run_mailer
from .scheduling import ScheduledJob, SchedulerHost

log = logging.getLogger(__name__)
MAINTENANCE_MINUTES = 10
# Platforms retry an update within minutes (Telegram keeps them 24 hours); a week is ample.
DEDUPE_RETENTION = timedelta(days=7)


@dataclass(frozen=True)
class Maintenance:
    reminders: int
    providers_refreshed: int
    dedupe_keys_forgotten: int


async def maintenance_round(app: App) -> Maintenance:
    """Binding reminders, expired points, finished suspensions, certification renewal
    reminders and old dedupe keys."""
    async with app.unit_of_work() as uow:
        reminders = await send_binding_reminders(uow)
        refreshed = await Sanctions(uow).refresh_due()
        await renewal_round(uow)  # certification reminders and ended notices
        forgotten = await SqlConversationStore(uow).forget_before(uow.now() - DEDUPE_RETENTION)
        await uow.commit()
    return Maintenance(reminders, refreshed, forgotten)


class MaintenanceJob:
    """The maintenance round as a scheduled job: every `every`, and once on taking the lead
    (a leader that just started, or took over, does the round it may have missed)."""

    id = "maintenance"

    def __init__(self, app: App, every: timedelta = timedelta(minutes=MAINTENANCE_MINUTES)
                 ) -> None:
        self.app = app
        self.trigger = IntervalTrigger(seconds=every.total_seconds(),
                                       timezone=ZoneInfo(app.settings.timezone))
        self.run: Callable[[], Awaitable[object]] = self._round
        self.catch_up: Callable[[], Awaitable[object]] | None = self._round

    async def _round(self) -> None:
        log.info("maintenance: %s", await maintenance_round(self.app))


class Background:
    """The mailer in every process; the scheduled jobs (maintenance first) in the leader only.

    On SQLite one process owns the database file: a second one is refused at `start`, unless
    the caller claimed the file already (`owner`, see locks.claim_database).
    """

    def __init__(self, app: App, jobs: Sequence[ScheduledJob] = (), *,
                 maintenance_every: timedelta = timedelta(minutes=MAINTENANCE_MINUTES),
                 owner: FileLock | None = None) -> None:
        settings = app.settings
        self.app = app
        self.stop = asyncio.Event()
        self.jobs: list[ScheduledJob] = [MaintenanceJob(app, maintenance_every), *jobs]
        self.host = SchedulerHost(leadership_for(settings.database_url, settings.lock_key),
                                  self.jobs, timezone=settings.timezone,
                                  poll_seconds=settings.leader_poll_seconds)
        self.tasks: list[asyncio.Task[None]] = []
        self._owner = owner

    def start(self) -> None:
        """Raises AlreadyRunning when another process runs on the same SQLite file."""
        if self._owner is None:
            self._owner = claim_database(self.app.settings.database_url)
        self.tasks.append(asyncio.create_task(run_mailer(self.app, self.stop)))
        self.tasks.append(asyncio.create_task(self.host.run(self.stop)))

    async def close(self) -> None:
        """The mailer records what it sent and releases the rest; running jobs finish; the
        leader lock is released so that a standby takes over at once."""
        self.stop.set()
        for result in await asyncio.gather(*self.tasks, return_exceptions=True):
            if isinstance(result, Exception):
                log.error("background task failed: %r", result)
        if self._owner is not None:
            self._owner.release()
