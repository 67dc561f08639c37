"""Our getUpdates loop confirms (moves the offset past) only updates that were processed."""

from __future__ import annotations

import asyncio
import collections
from dataclasses import dataclass

import pytest

from bot.telegram import polling
from bot.telegram.polling import Polling
from handlers.engine.deferral import UpdateDeferred
from tests.waiting import until


@dataclass(frozen=True)
class Update:
    update_id: int


class Telegram:
    """Hands out every update at or past the offset, as the Bot API does."""

    def __init__(self, count: int) -> None:
        self.pending = [Update(i) for i in range(1, count + 1)]
        self.offsets: list[int | None] = []

    async def fetch(self, offset: int | None, timeout: int) -> list[Update]:
        self.offsets.append(offset)
        if offset is not None:
            self.pending = [u for u in self.pending if u.update_id >= offset]
        if not self.pending:
            await asyncio.sleep(0.01)
        return list(self.pending)


async def test_a_deferred_update_holds_the_offset_and_is_processed_once_it_succeeds(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(polling, "FIRST_PAUSE", 0.05)  # retried sooner than 0.5 s
    telegram = Telegram(5)
    processed: collections.Counter[int] = collections.Counter()
    outage = {"on": True}

    async def handle(update: Update) -> None:
        if update.update_id == 3 and outage["on"]:
            raise UpdateDeferred("3", ConnectionRefusedError())
        processed[update.update_id] += 1

    loop = Polling(telegram.fetch, handle)
    running = asyncio.create_task(loop.run(timeout=0))
    try:
        await until(lambda: set(processed) == {1, 2, 4, 5}, timeout=5)
        await asyncio.sleep(0.2)
        assert loop.offset == 3  # never past the deferred update
        assert all(offset is None or offset <= 3 for offset in telegram.offsets)
        outage["on"] = False
        await until(lambda: loop.offset == 6, timeout=5)
    finally:
        await loop.stop()
        await asyncio.wait_for(running, 5)
    assert processed == {1: 1, 2: 1, 3: 1, 4: 1, 5: 1}  # the done ones were not redone
