"""Delivery outcomes, written in batches: one short transaction for many sent messages."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

from domain.services.outbox import Outbox

from ..app import App

log = logging.getLogger(__name__)


class Outcomes:
    """Also the keeper of the leases: rows claimed and not yet recorded are `held`, and their
    short lease is renewed with the flushes, so a worker that dies lets them go in seconds."""

    def __init__(self, app: App, every: float = 0.2, most: int = 500,
                 lease_seconds: float = 6.0) -> None:
        self.app, self.every, self.most = app, every, most
        self.lease_seconds = lease_seconds
        self.held: set[int] = set()  # leased by this worker, outcome not yet written
        self._renewed = time.monotonic()
        self._sent: list[int] = []
        self._other: list[tuple[str, int, Any]] = []
        self._full = asyncio.Event()

    def hold(self, ids: list[int]) -> None:
        if not self.held:
            self._renewed = time.monotonic()  # just leased: the lease is fresh
        self.held.update(ids)

    def sent(self, message_id: int) -> None:
        self._sent.append(message_id)
        if len(self._sent) >= self.most:
            self._full.set()

    def defer(self, message_id: int, seconds: float) -> None:
        self._other.append(("defer", message_id, seconds))

    def release(self, message_id: int) -> None:
        """Claimed but never sent (stopping): due again now, not after the lease; no attempt."""
        self.defer(message_id, 0)

    def retry(self, message_id: int, error: str) -> None:
        self._other.append(("retry", message_id, error))

    def unreachable(self, message_id: int, error: str) -> None:
        self._other.append(("unreachable", message_id, error))

    def fail(self, message_id: int, error: str) -> None:
        self._other.append(("fail", message_id, error))

    @property
    def pending(self) -> int:
        return len(self._sent) + len(self._other)

    async def flush_forever(self) -> None:
        try:
            while True:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._full.wait(), self.every)
                # Shielded: a stop must not cut a transaction in half (SQLite would keep the lock).
                await asyncio.shield(self.flush())
        finally:
            # Cancelled (stopping): what was sent is written, so a restart does not repeat it.
            await asyncio.shield(self.flush())

    async def flush(self) -> None:
        """Write the outcomes held, and renew the leases of rows still in hand when a third
        of the lease has passed: one short transaction, so the two never race."""
        self._full.clear()
        sent, other = self._sent, self._other
        renew = time.monotonic() - self._renewed >= self.lease_seconds / 3
        if not sent and not other and not (renew and self.held):
            return
        self._sent, self._other = [], []
        recorded = {*sent, *(message_id for _, message_id, _ in other)}
        started = time.monotonic()
        try:
            async with self.app.unit_of_work() as uow:
                outbox = Outbox(uow)
                await outbox.sent_many(sent)
                for kind, message_id, detail in other:
                    await self._record(outbox, kind, message_id, detail)
                if renew:
                    await outbox.renew(self.held - recorded, self.lease_seconds)
                await uow.commit()
        except Exception as exc:
            if not self.app.outage.note(exc):
                log.exception("recording %d delivery outcomes failed", len(sent) + len(other))
            self._sent, self._other = sent + self._sent, other + self._other
            return
        self.app.outage.passed()
        self.held -= recorded
        if renew:
            self._renewed = started

    @staticmethod
    async def _record(outbox: Outbox, kind: str, message_id: int, detail: Any) -> None:
        if kind == "defer":
            await outbox.later(message_id, detail)
        elif kind == "retry":
            await outbox.later(message_id, None, detail)
        elif kind == "unreachable":
            await outbox.unreachable_by_id(message_id, detail)
        else:
            await outbox.failed(message_id, detail)
