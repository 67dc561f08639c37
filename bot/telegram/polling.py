"""Our own getUpdates loop, for both libraries: the offset moves only past processed updates.

A library's polling confirms an update (the next getUpdates' offset) as soon as it has been
handed to a handler, whatever became of it: while the database restarts, those updates would
be gone. Here an update counts as done once the bridge returned; one the core deferred
(UpdateDeferred: the database is unreachable) holds the offset, and getUpdates hands it (and
those after it) out again after a short pause. Updates already done that come again are
skipped here; a repeat reaching the core anyway is dropped by its dedupe key.

Updates are handled concurrently, as the libraries do; the bridge keeps one user's in order.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from handlers.engine.deferral import UpdateDeferred

log = logging.getLogger(__name__)
Fetch = Callable[[int | None, int], Coroutine[Any, Any, list[Any]]]  # (offset, timeout) -> updates
Handle = Callable[[Any], Awaitable[None]]
FIRST_PAUSE, LONGEST_PAUSE = 0.5, 5.0  # after a deferral or a failed getUpdates


class Polling:
    def __init__(self, fetch: Fetch, handle: Handle) -> None:
        self.fetch, self.handle = fetch, handle
        self.offset: int | None = None
        self.running: dict[int, asyncio.Task[bool]] = {}  # update_id -> done (False: deferred)
        self.done: set[int] = set()  # handled, at or past the offset: not handled again
        self.retry_at: dict[int, float] = {}  # deferred updates: when to try them again
        self.pause = 0.0
        self._stopping = asyncio.Event()
        self._fetching: asyncio.Task[list[Any]] | None = None

    async def stop(self) -> None:
        """No further getUpdates; run() returns once the updates in hand are finished."""
        self._stopping.set()
        if self._fetching is not None:
            self._fetching.cancel()

    async def run(self, timeout: int = 30) -> None:
        self._stopping.clear()
        try:
            while not self._stopping.is_set():
                updates = await self._fetch(timeout)
                if not updates:
                    continue
                if not self._start(updates):
                    await self._wait()  # all in hand: until one finishes or a retry is due
                self._collect(updates)
        finally:
            if self.running:
                await asyncio.gather(*self.running.values(), return_exceptions=True)

    async def _fetch(self, timeout: int) -> list[Any] | None:
        # Unconfirmed updates come back at once, so a long poll only waits when all is done.
        self._fetching = asyncio.create_task(self.fetch(self.offset, timeout))
        try:
            return await self._fetching
        except asyncio.CancelledError:
            if not self._stopping.is_set():
                raise
            return None
        except Exception as exc:
            log.warning("getUpdates failed: %s", " ".join(str(exc).split())[:200])
            await self._sleep(self._longer())
            return None
        finally:
            self._fetching = None

    def _start(self, updates: list[Any]) -> int:
        """Start the updates not in hand, done or waiting to be retried; how many started."""
        now, started = asyncio.get_running_loop().time(), 0
        for update in updates:
            key = update.update_id
            if key in self.running or key in self.done or self.retry_at.get(key, 0) > now:
                continue
            self.retry_at.pop(key, None)
            self.running[key] = asyncio.create_task(self._one(update))
            started += 1
        return started

    async def _wait(self) -> None:
        due = min(self.retry_at.values(), default=None)
        seconds = None if due is None else max(0.0, due - asyncio.get_running_loop().time())
        if self.running:
            await asyncio.wait(self.running.values(), timeout=seconds,
                               return_when=asyncio.FIRST_COMPLETED)
        else:
            await self._sleep(FIRST_PAUSE if seconds is None else seconds)

    async def _one(self, update: Any) -> bool:
        try:
            await self.handle(update)
        except UpdateDeferred:
            return False
        except Exception:  # a bug or the Bot API failing a reply: logged, not fetched again
            log.exception("update %s failed", update.update_id)
        return True

    def _collect(self, updates: list[Any]) -> None:
        """Record finished updates, then move the offset past the longest done prefix."""
        now = asyncio.get_running_loop().time()
        for update_id, task in list(self.running.items()):
            if not task.done():
                continue
            del self.running[update_id]
            if task.result():
                self.done.add(update_id)
                self.pause = 0.0
            else:
                self.retry_at[update_id] = now + self._longer()
        for update_id in sorted(u.update_id for u in updates):
            if update_id not in self.done:
                break
            self.offset = max(self.offset or 0, update_id + 1)
        if self.offset is not None:
            self.done = {i for i in self.done if i >= self.offset}

    def _longer(self) -> float:
        self.pause = min(LONGEST_PAUSE, max(FIRST_PAUSE, self.pause * 2))
        return self.pause

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)
