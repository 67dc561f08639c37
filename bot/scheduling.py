"""The scheduler host: exactly one process runs the periodic jobs, the others stand by.

APScheduler 3 keeps its jobs inside one process and must not share them (DESIGN section 9), so
only the holder of the leader lock (leadership.py) runs an AsyncIOScheduler. Standbys try for
the lock every `poll_seconds` and take over once the leader stops or dies; the leader checks
its lock as often, and before every run, and stops its scheduler the moment the lock is gone.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any, Protocol

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger

from .leadership import Leadership

log = logging.getLogger(__name__)
# A run that starts late (a busy loop, a standby that just took over) still runs, once.
JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600}


class ScheduledJob(Protocol):
    """A periodic job: `run` on `trigger`, and `catch_up` (if any) each time this process
    becomes leader, so that a run the previous leader missed is done once, not lost."""

    @property
    def id(self) -> str: ...

    @property
    def trigger(self) -> BaseTrigger: ...

    @property
    def run(self) -> Callable[[], Awaitable[object]]: ...

    @property
    def catch_up(self) -> Callable[[], Awaitable[object]] | None: ...


class SchedulerHost:
    """Leads (an AsyncIOScheduler running every job) or stands by, until asked to stop."""

    def __init__(self, leadership: Leadership, jobs: Sequence[ScheduledJob], *,
                 timezone: str, poll_seconds: float) -> None:
        self.leadership, self.jobs = leadership, list(jobs)
        self.timezone, self.poll_seconds = timezone, poll_seconds
        self.scheduler: AsyncIOScheduler | None = None
        self.leading = asyncio.Event()  # set once catch-up is done and the scheduler runs
        self.runs: collections.Counter[str] = collections.Counter()  # scheduled runs by job id
        self._running: set[asyncio.Task[Any]] = set()
        self._stop = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        """Until `stop`; then running jobs finish and the lock is released for a standby."""
        self._stop = stop
        try:
            while not stop.is_set():
                try:
                    await self._look()
                except Exception:
                    log.exception("scheduler: leadership check failed; trying again")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.poll_seconds)
        finally:
            await asyncio.shield(self._step_down(release=True))

    async def _unless_stopped(self, work: Awaitable[None]) -> None:
        """A catch-up may wait (for the bot's username, say): a stop must not wait for it.
        What it did not finish is due again when a leader next catches up."""
        task, stopped = asyncio.ensure_future(work), asyncio.ensure_future(self._stop.wait())
        await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
        await _cancel(stopped)
        if not task.done():
            await _cancel(task)

    async def _look(self) -> None:
        if self.scheduler is None:
            if await self.leadership.acquire():
                await self._lead()
        elif not await self.leadership.held():
            log.warning("scheduler: lost the leader lock; stopping the scheduler, standing by")
            await self._step_down(release=False)

    async def _lead(self) -> None:
        log.info("scheduler: this process leads; jobs: %s", [j.id for j in self.jobs])
        for job in self.jobs:
            if job.catch_up is not None:
                await self._unless_stopped(_guarded(f"{job.id} (catch-up)", job.catch_up))
        if self._stop.is_set():  # stopped while catching up: lead nothing, the next leader will
            return
        scheduler = AsyncIOScheduler(timezone=self.timezone, job_defaults=JOB_DEFAULTS)
        for job in self.jobs:
            scheduler.add_job(self._runner(job), job.trigger, id=job.id, name=job.id)
        scheduler.start()
        self.scheduler = scheduler
        self.leading.set()

    def _runner(self, job: ScheduledJob) -> Callable[[], Coroutine[Any, Any, None]]:
        async def run() -> None:  # a coroutine function: APScheduler awaits it on the loop
            if self.scheduler is None or not await self.leadership.held():
                return  # no longer leading: the watch loop stops the scheduler
            task = asyncio.current_task()
            assert task is not None
            self._running.add(task)
            try:
                self.runs[job.id] += 1
                await _guarded(job.id, job.run)
            finally:
                self._running.discard(task)

        return run

    async def _step_down(self, *, release: bool) -> None:
        scheduler, self.scheduler = self.scheduler, None
        self.leading.clear()
        if scheduler is not None and scheduler.running:
            scheduler.shutdown(wait=False)
        if self._running:
            await asyncio.gather(*self._running, return_exceptions=True)
        if release:
            await self.leadership.release()


async def _cancel(task: asyncio.Task[Any]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def _guarded(name: str, work: Callable[[], Awaitable[object]]) -> None:
    """A failing job is logged and runs again at its next time; the host goes on."""
    try:
        await work()
    except Exception:
        log.exception("scheduled job %s failed; it runs again at its next time", name)
