"""Whose turn it is: one user's updates are handled one at a time, in update order, and the
next one waits until the replies of the last are out — in one process, and across workers
sharing PostgreSQL (two apps on one database here; real processes in the chaos tests)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, insert, select, text

from bot.app import App, build_app
from bot.settings import Settings
from domain.models import InboxEntry, ProcessedUpdate
from handlers.engine import inbox
from handlers.engine import turns as turns_module
from handlers.engine.contract import Command, Incoming, Reply
from handlers.engine.deferral import UpdateDeferred
from handlers.engine.turns import OrderedLocks
from tests.clock import Clock
from tests.conftest import PG_URL, Database

needs_pg = pytest.mark.skipif(not PG_URL, reason="several workers share PostgreSQL only")


def update(seq: int, user: str = "amy") -> Incoming:
    return Incoming(platform="telegram", user_id=user, display_name=user.title(),
                    language="en", dedupe_key=str(seq), command=Command("help"), sequence=seq)


@pytest.fixture
async def second(database: Database, settings: Settings, clock: Clock,
                 app: App) -> AsyncIterator[App]:
    """Another worker on the same database."""
    worker = await build_app(settings, clock=clock, migrate=False,
                             engine_options=database.options)
    yield worker
    await worker.close()


class Log:
    """What was delivered, in order; a delivery can be made slow to hold the turn."""

    def __init__(self) -> None:
        self.sent: list[int] = []
        self.started: dict[int, asyncio.Event] = {}

    def deliver(self, seq: int, hold: float = 0.0) -> Callable[[list[Reply]], Awaitable[None]]:
        started = self.started.setdefault(seq, asyncio.Event())

        async def send(replies: list[Reply]) -> None:
            assert replies, "a handled update has its replies"
            started.set()
            await asyncio.sleep(hold)
            self.sent.append(seq)

        return send


async def _in_order(workers: list[App]) -> None:
    log = Log()
    first = asyncio.create_task(workers[0].turns.take(update(1), log.deliver(1, hold=0.4)))
    await asyncio.wait_for(log.started[1].wait(), 10)
    # Updates 2..9 arrive while update 1's replies are still going out, newest first.
    later = [asyncio.create_task(workers[n % len(workers)].turns.take(update(seq),
                                                                      log.deliver(seq)))
             for n, seq in enumerate(range(9, 1, -1))]
    await asyncio.wait_for(asyncio.gather(first, *later), 30)
    assert log.sent == list(range(1, 10))
    await _inbox_is_empty(workers[0])


async def _inbox_is_empty(app: App) -> None:
    async with app.unit_of_work() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(InboxEntry)) == 0


async def test_one_users_updates_go_in_update_order_after_the_last_ones_replies(
        app: App) -> None:
    await _in_order([app])


@needs_pg
async def test_two_workers_take_one_users_updates_in_update_order(app: App, second: App) -> None:
    await _in_order([app, second])


@needs_pg
async def test_the_same_update_on_two_workers_is_handled_and_answered_once(
        app: App, second: App) -> None:
    log = Log()
    results = await asyncio.gather(app.turns.take(update(5), log.deliver(5)),
                                   second.turns.take(update(5), log.deliver(5)))
    assert log.sent == [5]  # one worker answered; the other sent nothing
    assert sorted(len(r) for r in results)[0] == 0
    async with app.unit_of_work() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(ProcessedUpdate)) == 1
    await _inbox_is_empty(app)


@needs_pg
async def test_a_dead_workers_update_stops_holding_the_user_up_within_seconds(
        app: App, second: App, clock: Clock) -> None:
    # A worker appended update 1 and died before handling it: nobody renews its row.
    async with app.engine.connect() as conn:
        await inbox.append((await conn.get_raw_connection()).driver_connection, update(1),
                           clock())  # outside a transaction, as a worker appends
    log = Log()
    waiting = asyncio.create_task(second.turns.take(update(2), log.deliver(2)))
    await asyncio.sleep(0.5)
    assert log.sent == [] and not waiting.done()  # update 1 might still come: it waits
    clock.advance(seconds=inbox.STALE.total_seconds() + 1)
    await asyncio.wait_for(waiting, 5)
    assert log.sent == [2]
    # Telegram sends update 1 again (it was never acknowledged): it is handled then.
    await app.turns.take(update(1), log.deliver(1))
    assert log.sent == [2, 1]
    await _inbox_is_empty(app)


@needs_pg
async def test_the_inbox_connection_cut_while_idle_is_replaced_without_losing_an_update(
        app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    """The inbox steps run on one connection of the process's own (no pool check-out per
    step). The server cutting it while it sat idle (a restart, a proxy's idle timeout) costs
    the next update nothing: the step runs again on a new connection."""
    log = Log()
    await app.turns.take(update(1), log.deliver(1))
    monkeypatch.setattr(turns_module, "IDLE_LINE", 0.0)  # any pause counts as idle
    async with app.engine.connect() as conn:
        cut = await conn.scalar(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND backend_type = 'client backend'"))
        await conn.commit()
    assert cut >= 1
    await app.turns.take(update(2), log.deliver(2))
    assert log.sent == [1, 2]
    await _inbox_is_empty(app)


@needs_pg
async def test_the_inbox_steps_do_not_wait_for_the_disk_and_the_pool_never_gets_that_setting(
        database: Database, settings: Settings, clock: Clock, app: App) -> None:
    """The inbox's own commits are asynchronous (synchronous_commit off); every other
    connection's commits stay durable, the one the line gave up too. With a pool of two (the
    line's and the update's), both connections the pool gives after the line closed are
    durable: given back rather than discarded, the line's would be one of them."""
    small = await build_app(settings, clock=clock, migrate=False,
                            engine_options={**database.options, "pool_size": 2,
                                            "max_overflow": 0, "pool_timeout": 5})
    try:
        log = Log()
        await small.turns.take(update(1), log.deliver(1))
        assert await small.turns._on_line(
            lambda driver: driver.fetchval("SHOW synchronous_commit")) == "off"
        await small.turns.close()
        async with small.engine.connect() as one, small.engine.connect() as two:
            assert [await c.scalar(text("SHOW synchronous_commit")) for c in (one, two)] == [
                "on", "on"]
        assert log.sent == [1]
    finally:
        await small.close()


@needs_pg
async def test_an_inbox_step_that_hangs_defers_its_update_and_the_next_ones_go_on(
        app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every update of a process queues behind the inbox step under way. Here a retried
    update's append waits on a lock nobody lets go of (a silent server would do the same):
    it is deferred after LINE_TIMEOUT, and the next user's update goes through."""
    monkeypatch.setattr(turns_module, "LINE_TIMEOUT", 0.5)
    log = Log()
    await app.turns.take(update(1), log.deliver(1))
    async with app.engine.connect() as blocker:
        await blocker.execute(insert(InboxEntry).values(
            key=inbox.key_of(update(2)), platform="telegram", user_id="amy", seq=2,
            done=False, alive_at=app.env.clock()))  # uncommitted: the key's row is locked
        with pytest.raises(UpdateDeferred):
            await asyncio.wait_for(app.turns.take(update(2), log.deliver(2)), 5)
        await asyncio.wait_for(app.turns.take(update(3, user="bob"), log.deliver(3)), 5)
        await blocker.rollback()
    assert log.sent == [1, 3]
    await app.turns.take(update(2), log.deliver(2))  # Telegram's retry
    assert log.sent == [1, 3, 2]


async def test_a_waiter_that_gives_up_does_not_hold_up_the_next() -> None:
    locks, order = OrderedLocks(), []

    async def hold(seq: int, pause: float = 0.0) -> None:
        async with locks.hold("amy", seq):
            order.append(seq)
            await asyncio.sleep(pause)

    first = asyncio.create_task(hold(1, 0.1))
    await asyncio.sleep(0)
    quitter = asyncio.create_task(hold(2))
    third = asyncio.create_task(hold(3))
    await asyncio.sleep(0.01)
    quitter.cancel()
    await asyncio.gather(first, third, return_exceptions=True)
    assert order == [1, 3]
    assert locks.users == 0


@given(arrivals=st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 50)), st.booleans()),
                         min_size=1, max_size=12))
def test_waiters_get_the_lock_one_at_a_time_in_sequence_then_arrival_order(
        arrivals: list[tuple[int | None, bool]]) -> None:
    """Whatever the sequences and whichever waiters give up, the lock goes to the rest one at a
    time: smallest sequence first (none counts as last), then first come."""
    loop = asyncio.new_event_loop()  # not asyncio.run: it unsets the thread's current loop
    try:
        loop.run_until_complete(_waiters(arrivals))
    finally:
        loop.close()


async def _waiters(arrivals: list[tuple[int | None, bool]]) -> None:
    locks, order, inside = OrderedLocks(), [], [0]

    async def hold(n: int, seq: int | None) -> None:
        async with locks.hold("amy", seq):
            inside[0] += 1
            assert inside[0] == 1, "two holders at once"
            order.append(n)
            await asyncio.sleep(0)
            inside[0] -= 1

    gate = asyncio.Event()

    async def first() -> None:
        async with locks.hold("amy", 0):
            await gate.wait()

    holder = asyncio.create_task(first())
    await asyncio.sleep(0)
    waiters = []
    for n, (seq, _) in enumerate(arrivals):
        waiters.append(asyncio.create_task(hold(n, seq)))
        await asyncio.sleep(0)  # each is waiting before the next arrives
    for task, (_, quits) in zip(waiters, arrivals, strict=True):
        if quits:
            task.cancel()
    await asyncio.sleep(0)
    gate.set()
    await asyncio.gather(holder, *waiters, return_exceptions=True)
    stayed = [(float("inf") if seq is None else seq, n)
              for n, (seq, quits) in enumerate(arrivals) if not quits]
    assert order == [n for _, n in sorted(stayed)]
    assert locks.users == 0
