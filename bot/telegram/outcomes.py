"""Delivery outcomes, written in batches: one short transaction for many sent messages."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from domain.services.outbox import Outbox

from ..app import App

log = logging.getLogger(__name__)


class Outcomes:
    def __init__(self, app: App, every: float = 0.2, most: int = 500) -> None:
        self.app, self.every, self.most = app, every, most
        self._sent: list[int] = []
        self._other: list[tuple[str, int, Any]] = []
        self._full = asyncio.Event()

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
        self._full.clear()
        sent, other = self._sent, self._other
        if not sent and not other:
            return
        self._sent, self._other = [], []
        try:
            async with self.app.unit_of_work() as uow:
                outbox = Outbox(uow)
                await outbox.sent_many(sent)
                for kind, message_id, detail in other:
                    await self._record(outbox, kind, message_id, detail)
                await uow.commit()
        except Exception:
            log.exception("recording %d delivery outcomes failed", len(sent) + len(other))
            self._sent, self._other = sent + self._sent, other + self._other

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
