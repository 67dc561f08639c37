"""Work that runs beside the conversations: the mailer and the periodic maintenance jobs.

The jobs are idempotent (reminders are marked sent, point expiry is a recomputation), so
several processes running them at once do no harm; APScheduler keeps them in memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from domain.services.bindings import send_binding_reminders
from domain.services.sanctions import Sanctions
from domain.services.updates import UpdateGate

from .app import App
from .mailer import run_mailer

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
    """Binding reminders, expired points, finished suspensions and old dedupe keys."""
    async with app.unit_of_work() as uow:
        reminders = await send_binding_reminders(uow)
        refreshed = await Sanctions(uow).refresh_due()
        gate = UpdateGate(uow, app.dispatcher.operators)
        forgotten = await gate.forget_before(uow.now() - DEDUPE_RETENTION)
        await uow.commit()
    return Maintenance(reminders, refreshed, forgotten)


@dataclass
class Background:
    app: App
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    scheduler: AsyncIOScheduler | None = None
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def start(self) -> None:
        self.tasks.append(asyncio.create_task(run_mailer(self.app, self.stop)))
        self.scheduler = AsyncIOScheduler(timezone=self.app.settings.timezone)
        self.scheduler.add_job(self._maintain, "interval", minutes=MAINTENANCE_MINUTES,
                               id="maintenance", next_run_time=None, coalesce=True,
                               max_instances=1)
        self.scheduler.start()
        self.tasks.append(asyncio.create_task(self._maintain()))  # once at start-up too

    async def _maintain(self) -> None:
        try:
            result = await maintenance_round(self.app)
            log.info("maintenance: %s", result)
        except Exception:
            log.exception("maintenance round failed; it runs again later")

    async def close(self) -> None:
        self.stop.set()
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
