"""One user's updates run one at a time, in arrival order, in this process (every front end)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field


@dataclass
class UserLocks:
    """One user's updates run one at a time, in arrival order (asyncio.Lock is FIFO)."""

    locks: dict[str, asyncio.Lock] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)

    @asynccontextmanager
    async def hold(self, user: str) -> AsyncIterator[None]:
        lock = self.locks.setdefault(user, asyncio.Lock())
        self.users[user] = self.users.get(user, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self.users[user] -= 1
            if not self.users[user]:
                del self.users[user], self.locks[user]
