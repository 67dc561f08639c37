"""Telegram's sending limits: evenly spaced sends overall, a pause after 429, per-chat gaps."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import math


class Pacer:
    """At most `rate` sends a second, spaced evenly, and one pause for everyone.

    Each sender reserves its own slot `interval` after the previous one; a sliding one-second
    window of actual send times then catches the bunching that a busy event loop causes
    (timers that fire late fire together). A 429's retry_after holds the whole bot, not just
    the message that got it: every sender waits here until the pause is over.
    """

    def __init__(self, rate: float, window_share: float = 1.0) -> None:
        self.interval = 1.0 / rate
        # The window may hold a little less than `rate`: requests granted before an event loop
        # stall reach the server late, bunched with the next ones.
        # Rounded, not floored: at Telegram's 30/s a floor would cap sending at 28/s (93%).
        self.per_second = max(1, round(rate * window_share))
        self._next = 0.0
        self._window: collections.deque[float] = collections.deque()
        self.paused_until = 0.0

    async def slot(self, stop: asyncio.Event | None = None) -> bool:
        """Wait for a turn to send; False (no turn taken) once `stop` is set meanwhile."""
        loop = asyncio.get_running_loop()
        while True:
            now = loop.time()
            if now < self.paused_until:
                if not await _sleep(self.paused_until - now, stop):
                    return False
                continue
            start = max(now, self._next)
            self._next = start + self.interval
            if start > now:
                if not await _sleep(start - now, stop):
                    return False
                now = loop.time()
            window = self._window
            while window and window[0] <= now - 1.0:
                window.popleft()
            if now >= self.paused_until and len(window) < self.per_second:
                window.append(now)
                return True
            full = bool(window) and len(window) >= self.per_second
            if full and not await _sleep(window[0] + 1.0 - now, stop):
                return False

    def pause(self, seconds: float) -> None:
        until = asyncio.get_running_loop().time() + seconds
        self.paused_until = max(self.paused_until, until)


class ChatSlots:
    """The gap each chat needs between two messages: private chats and groups differ."""

    def __init__(self, per_chat: float, group_per_minute: float) -> None:
        self.private_gap = 1.0 / per_chat
        self.group_gap = 60.0 / group_per_minute
        self._free_at: dict[int | str, float] = {}

    def wait_for(self, chat: int | str) -> float:
        """Seconds until this chat may get another message (inf while one is in flight)."""
        free_at = self._free_at.get(chat, 0.0)
        return max(0.0, free_at - asyncio.get_running_loop().time())

    def take(self, chat: int | str) -> None:
        self._free_at[chat] = math.inf

    def sent(self, chat: int | str) -> None:
        gap = self.group_gap if _is_group(chat) else self.private_gap
        self._free_at[chat] = asyncio.get_running_loop().time() + gap

    def forget_idle(self) -> None:
        now = asyncio.get_running_loop().time()
        self._free_at = {c: t for c, t in self._free_at.items() if t > now}


async def _sleep(seconds: float, stop: asyncio.Event | None) -> bool:
    """Sleep; False at once if `stop` is (or becomes) set, for a wait nobody needs any more."""
    if stop is None or seconds < 0.25:  # short waits stay cheap: no task per send
        await asyncio.sleep(seconds)
        return stop is None or not stop.is_set()
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
    return not stop.is_set()


def _is_group(chat: int | str) -> bool:
    return isinstance(chat, str) or chat < 0
