"""Waiting for something that happens in another task, thread or process, with a deadline."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable


async def until(condition: Callable[[], Awaitable[bool] | bool], timeout: float = 60) -> None:
    """Return once `condition()` (a value or a coroutine) is true; fail after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if await result if inspect.isawaitable(result) else result:
            return
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)
