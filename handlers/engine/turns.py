"""Whose turn it is: one user's updates one at a time, in update order, until their replies
are out — in this process (every database) and across workers (PostgreSQL's inbox).

Front ends hand each update to `Turns.take` with a `deliver` callback that sends its replies;
the next update of the same user is handled only after that. In one process a priority lock
per user does it (SQLite allows one bot process per file); on PostgreSQL several workers
share the inbox table (see inbox.py), and waiting there never holds a lock.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from domain.adapters.db import IDLE_PING_SECONDS
from domain.adapters.outage import is_transient

from . import inbox
from .contract import Incoming, Reply
from .deferral import UpdateDeferred
from .dispatch import Dispatcher, NotYourTurn

log = logging.getLogger(__name__)
Deliver = Callable[[list[Reply]], Awaitable[None]]
FIRST_PAUSE, LONGEST_PAUSE = 0.002, 0.05  # polling for a turn held by another worker
# Seconds a connection may sit idle before it may have died unnoticed: the pool's own rule.
IDLE_LINE = IDLE_PING_SECONDS
# Seconds one inbox step may take. Every update of the process queues behind the step on
# the line: a server gone silent, or a retried update waiting on its own row's lock, must not
# hold them all. The step fails as an outage (the update is deferred); the line is replaced.
LINE_TIMEOUT = 10.0
T = TypeVar("T")


@dataclass(frozen=True)
class _Line:
    """The inbox's connection: SQLAlchemy's (the pool made it and discards it), used
    through the driver's own."""

    conn: AsyncConnection
    driver: inbox.Driver


@dataclass
class OrderedLocks:
    """Per user, one holder at a time; waiters go in sequence order (then arrival order)."""

    _held: set[str] = field(default_factory=set)
    _waiting: dict[str, list[tuple[float, int, asyncio.Future[None]]]] = field(
        default_factory=dict)
    _arrival: itertools.count = field(default_factory=itertools.count)

    @asynccontextmanager
    async def hold(self, user: str, sequence: int | None = None) -> AsyncIterator[None]:
        if user in self._held:
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            entry = (float("inf") if sequence is None else sequence, next(self._arrival), waiter)
            heapq.heappush(self._waiting.setdefault(user, []), entry)
            try:
                await waiter  # handed over by the holder: the lock is ours from here
            except BaseException:
                if waiter.done() and not waiter.cancelled():
                    self._release(user)  # it was handed over just as we were cancelled
                else:
                    self._forget(user, entry)
                raise
        else:
            self._held.add(user)
        try:
            yield
        finally:
            self._release(user)

    def _release(self, user: str) -> None:
        queue = self._waiting.get(user)
        while queue:
            *_, waiter = heapq.heappop(queue)
            if not waiter.done():
                waiter.set_result(None)  # the lock passes straight to the next in order
                return
        self._waiting.pop(user, None)
        self._held.discard(user)

    def _forget(self, user: str, entry: tuple[float, int, asyncio.Future[None]]) -> None:
        queue = self._waiting.get(user, [])
        if entry in queue:
            queue.remove(entry)
            heapq.heapify(queue)

    @property
    def users(self) -> int:
        return len(self._held)


class Turns:
    """The only way front ends hand an update to the core."""

    def __init__(self, dispatcher: Dispatcher, engine: AsyncEngine) -> None:
        self.dispatcher, self.engine = dispatcher, engine
        self.shared = dispatcher.env.dialect == "postgresql"  # several workers may run
        self.locks = OrderedLocks()
        self._held: dict[int, inbox.Ticket] = {}  # inbox rows this process renews
        self._renewing: asyncio.Task[None] | None = None
        self._closing = asyncio.Event()  # the renewer stops between statements, not in one
        self._finished: dict[str, asyncio.Event] = {}  # wakes this process's waiters early
        self._line: _Line | None = None  # see _on_line
        self._line_lock = asyncio.Lock()
        self._line_used = 0.0

    async def take(self, incoming: Incoming, deliver: Deliver | None = None) -> list[Reply]:
        """Handle the update in its turn, then `deliver` its replies before the user's next
        update is handled. Raises UpdateDeferred like Dispatcher.handle."""
        if not self.shared or incoming.sequence is None:
            async with self.locks.hold(incoming.identity, incoming.sequence):
                replies = await self.dispatcher.handle(incoming)
                if deliver is not None:
                    await deliver(replies)
                return replies
        return await self._take_shared(incoming, deliver)

    async def _take_shared(self, incoming: Incoming, deliver: Deliver | None) -> list[Reply]:
        with _outage_defers(incoming):
            ticket, ahead = await self._on_line(
                lambda conn: inbox.append(conn, incoming, self._now()))
        self._hold(ticket)
        handled: list[Reply] | None = None
        try:
            handled = await self._handle_in_turn(incoming, ticket, ahead)
            replies = handled or []
            if deliver is not None and handled is not None:
                await deliver(replies)
            return replies
        finally:
            self._held.pop(ticket.id, None)
            if handled is not None or ticket.fresh:
                await self._remove(ticket)
            self._wake(incoming.identity)

    async def _handle_in_turn(self, incoming: Incoming, ticket: inbox.Ticket, ahead: bool
                              ) -> list[Reply] | None:
        pause = FIRST_PAUSE
        while True:
            if ahead:
                await self._wait(incoming.identity, pause)
                pause = min(pause * 2, LONGEST_PAUSE)
                with _outage_defers(incoming):
                    ahead = await self._on_line(
                        lambda conn: inbox.blocked(conn, ticket, self._now()))
                continue
            try:
                return await self.dispatcher.handle_update(incoming, ticket)
            except NotYourTurn:
                ahead = True

    async def _wait(self, user: str, pause: float) -> None:
        """Until a turn of this user ends in this process, or `pause` (another worker's)."""
        finished = self._finished.setdefault(user, asyncio.Event())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(finished.wait(), pause)

    def _wake(self, user: str) -> None:
        finished = self._finished.pop(user, None)
        if finished is not None:
            finished.set()

    async def _remove(self, ticket: inbox.Ticket) -> None:
        """The replies are out: the user's next update may go. A failure here only delays it
        (the row stops counting after inbox.STALE)."""
        try:
            await self._on_line(lambda conn: inbox.remove(conn, ticket))
        except Exception as error:
            log.info("inbox row %s stays until it is stale: %s", ticket.id, error)

    def _hold(self, ticket: inbox.Ticket) -> None:
        self._held[ticket.id] = ticket
        if self._renewing is None or self._renewing.done():
            self._renewing = asyncio.create_task(self._renew())

    async def _renew(self) -> None:
        """Keep this process's rows alive while it holds them; ends when it holds none. On a
        connection of its own: a pool busy with updates must not make the rows look dead."""
        renewer: AsyncConnection | None = None
        try:
            while self._held and not self._closing.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._closing.wait(), inbox.RENEW_SECONDS)
                if not self._held or self._closing.is_set():
                    return
                try:
                    if renewer is None:
                        renewer = await self._dedicated()
                    await inbox.renew(renewer, list(self._held), self._now())
                except Exception as error:  # an outage: the updates themselves will say so
                    log.debug("inbox renewal failed: %s", error)
                    await _closed(renewer)
                    renewer = None
        finally:
            await _closed(renewer)

    async def _dedicated(self) -> AsyncConnection:
        conn = await self.engine.connect()
        return await conn.execution_options(isolation_level="AUTOCOMMIT")

    async def _on_line(self, step: Callable[[inbox.Driver], Awaitable[T]]) -> T:
        """Run one of the inbox's one-statement steps (append, poll, removal) on this
        process's own connection, one step at a time: checking a connection out of the pool
        and back cost more than the statement (0.3 ms of 0.45). These steps wait on no lock
        but a retried update's own row, briefly. A failed step drops the connection; one that
        sat idle may have died with a server restart since, so its step is tried once more on
        a new connection (every step can be repeated). After close(), the pool serves."""
        if self._closing.is_set():
            async with self.engine.connect() as conn:
                conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
                return await step(await _driver_of(conn))
        async with self._line_lock:
            for attempt in (1, 2):
                opened = self._line is None
                idle = 0.0 if opened else time.monotonic() - self._line_used
                try:
                    # Opening the connection counts too: a server that stopped answering
                    # (packets dropped) must not hold every update here.
                    async with asyncio.timeout(LINE_TIMEOUT):
                        if self._line is None:
                            self._line = await self._open_line()
                        result = await step(self._line.driver)
                    self._line_used = time.monotonic()
                    return result
                except BaseException as error:
                    line, self._line = self._line, None
                    await _dropped(line.conn if line is not None else None)
                    if attempt == 2 or idle < IDLE_LINE or not is_transient(error):
                        raise
            raise AssertionError("unreachable")

    async def _open_line(self) -> _Line:
        """A connection for the inbox's steps whose commits do not wait for the disk
        (synchronous_commit off): the update's own transaction, which commits durably after
        its append, flushes the append with it; a removal lost with a crash of the server
        leaves a row that stops counting after inbox.STALE. The setting stays with this
        connection: it is discarded, never given back to the pool, when the line ends."""
        conn = await self._dedicated()
        try:
            driver = await _driver_of(conn)
            await driver.execute("SET synchronous_commit = off")
        except BaseException:
            await _dropped(conn)
            raise
        return _Line(conn, driver)

    def _now(self) -> datetime:
        return self.dispatcher.env.clock()  # the environment's clock: tests move it

    async def close(self) -> None:
        """Stop renewing; a renewal under way finishes first (cancelling it mid-statement
        would leave the pool a connection it can only log an error about)."""
        self._closing.set()
        if self._renewing is not None:
            with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(self._renewing, 5)
        async with self._line_lock:
            line, self._line = self._line, None
            await _dropped(line.conn if line is not None else None)  # its settings stay


@contextmanager
def _outage_defers(incoming: Incoming) -> Iterator[None]:
    """A database outage while queueing defers the update, as in Dispatcher.handle."""
    try:
        yield
    except Exception as error:
        if not is_transient(error):
            raise
        raise UpdateDeferred(incoming.dedupe_key, error) from error


async def _driver_of(conn: AsyncConnection) -> inbox.Driver:
    driver = (await conn.get_raw_connection()).driver_connection
    assert driver is not None  # an open connection has one
    return driver


async def _dropped(conn: AsyncConnection | None) -> None:
    """Let go of a connection a step failed on, mid-statement perhaps: the pool discards it
    rather than taking back one in an unknown state. (None: it never opened.)"""
    if conn is not None:
        with contextlib.suppress(Exception):
            await conn.invalidate()
    await _closed(conn)


async def _closed(conn: AsyncConnection | None) -> None:
    """Close `conn` if there is one (a broken one too)."""
    if conn is not None:
        with contextlib.suppress(Exception):
            await conn.close()
