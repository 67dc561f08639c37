"""The outbox worker against the fake server: limits kept, 429 and 403 obeyed, nothing lost."""

from __future__ import annotations

import asyncio
import collections
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import pytest
from pydantic import SecretStr
from sqlalchemy import func, select

from bot.app import App, build_app
from bot.settings import Settings
from bot.telegram.delivery import Delivery
from bot.telegram.run import delivery_for
from domain.models import Account, OutboxMessage, OutboxStatus
from domain.notices import BindingRevoked, Notice, NoticeError
from handlers.engine.contract import Button, Reply, rows
from tests.waiting import until

from .fake_api import TOKEN, FakeBotApi


@dataclass(frozen=True)
class Hello(Notice, listed=False):
    """A notice only these tests queue: the router need not render it everywhere."""

    KIND: ClassVar[str] = "test.hello"
    n: str


def render_hello(t: Callable[..., str], hello: Hello) -> Reply:
    return Reply(f"Hello *{hello.n}* & welcome", rows([Button("Open", f"test:{hello.n}")]))


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    """In its own thread: a remote server's clock is not stalled by the client's loop."""
    server = FakeBotApi()
    await server.start(thread=True)
    yield server
    await server.close()


@pytest.fixture
async def live_app(database: Any, settings: Settings, fake: FakeBotApi) -> AsyncIterator[App]:
    """An app on the real clock: leases and retry delays must actually run out."""
    await database.reset()
    configured = settings.model_copy(update={
        "telegram_token": SecretStr(TOKEN), "telegram_api_url": fake.url,
        "telegram_rate_global": 500.0})
    application = await build_app(configured, engine_options=database.options)
    application.dispatcher.router.notice(Hello, render_hello)
    yield application
    await application.close()


async def queue(app: App, recipients: int, per_recipient: int = 1) -> list[int]:
    """Recipients (Telegram accounts) and their queued notices; returns the chat ids."""
    async with app.unit_of_work() as uow:
        accounts = [Account(platform="telegram", platform_id=str(10_000 + i), created_at=uow.now())
                    for i in range(recipients)]
        uow.session.add_all(accounts)
        await uow.session.flush()
        for round_ in range(per_recipient):
            for account in accounts:
                uow.notify(account.id, Hello(n=f"{account.platform_id}-{round_}"))
        await uow.commit()
    return [int(a.platform_id) for a in accounts]


async def count(app: App, status: OutboxStatus) -> int:
    async with app.unit_of_work() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(OutboxMessage)
                                            .where(OutboxMessage.status == status)) or 0)


class Worker:
    def __init__(self, app: App, **options: Any) -> None:
        self.delivery: Delivery = delivery_for(app, **options)
        self.task = asyncio.create_task(self.delivery.run())

    async def stop(self) -> None:
        self.task.cancel()
        await asyncio.gather(self.task, return_exceptions=True)
        await self.delivery.api.close()


async def test_two_thousand_messages_keep_the_rate_limit(live_app: App, fake: FakeBotApi) -> None:
    fake.rate_global, fake.chat_interval = 500, 1.0
    chats = await queue(live_app, 2000)
    started = time.monotonic()
    worker = Worker(live_app)
    try:
        await until(lambda: _all_sent(live_app, 2000))
    finally:
        await worker.stop()
    elapsed = time.monotonic() - started
    assert fake.violations == 0 and fake.throttled == 0
    assert sorted(c.params["chat_id"] for c in fake.sent) == chats  # each once, nobody twice
    assert elapsed >= 2000 / 500 * 0.9  # the limit was applied, not just lucky
    first = fake.sent[0].params
    assert first["text"] == "Hello <b>10000-0</b> &amp; welcome"
    assert first["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "test:10000-0"


async def _all_sent(app: App, total: int) -> bool:
    return await count(app, OutboxStatus.SENT) == total


async def test_a_forced_429_pauses_everything_for_retry_after(
        live_app: App, fake: FakeBotApi) -> None:
    chats = await queue(live_app, 600)
    worker = Worker(live_app)
    try:
        await until(lambda: _sent_at_least(fake, 100))
        fake.throttle(2)
        await until(lambda: _all_sent(live_app, 600))
    finally:
        await worker.stop()
    assert fake.throttled == 1 and fake.pause_violations == 0
    times = sorted(c.at for c in fake.sent)
    assert max(b - a for a, b in zip(times, times[1:], strict=False)) >= 1.9  # the pause
    assert sorted(c.params["chat_id"] for c in fake.sent) == chats


async def _sent_at_least(fake: FakeBotApi, n: int) -> bool:
    return len(fake.sent) >= n


async def test_a_blocked_recipient_is_marked_and_skipped(live_app: App, fake: FakeBotApi) -> None:
    chats = await queue(live_app, 20, per_recipient=3)
    fake.block(chats[5])
    worker = Worker(live_app)
    try:
        await until(lambda: _all_sent(live_app, 19 * 3))
        await until(lambda: _skipped(live_app, 3))
    finally:
        await worker.stop()
    attempts = [c for c in fake.called("sendMessage") if c.params["chat_id"] == chats[5]]
    assert len(attempts) == 1  # one 403, then never again
    async with live_app.unit_of_work() as uow:
        blocked = await uow.session.scalar(
            select(Account).where(Account.platform_id == str(chats[5])))
        assert blocked is not None and blocked.unreachable_since is not None


async def _skipped(app: App, n: int) -> bool:
    return await count(app, OutboxStatus.SKIPPED) == n


async def test_a_server_error_is_retried_later(live_app: App, fake: FakeBotApi) -> None:
    chats = await queue(live_app, 3)
    fake.break_next(502)
    worker = Worker(live_app)
    try:
        await until(lambda: _all_sent(live_app, 3), timeout=15)
    finally:
        await worker.stop()
    assert sorted(c.params["chat_id"] for c in fake.sent) == chats
    async with live_app.unit_of_work() as uow:
        errors = (await uow.session.scalars(select(OutboxMessage.last_error))).all()
        assert sum(1 for e in errors if e and "502" in e) == 1


async def test_a_restart_in_the_middle_loses_nothing(live_app: App, fake: FakeBotApi) -> None:
    chats = await queue(live_app, 2000)
    first = Worker(live_app, lease_seconds=1)
    try:
        await until(lambda: _sent_at_least(fake, 500))
    finally:
        await first.stop()  # mid-delivery
    assert await count(live_app, OutboxStatus.SENT) < 2000
    second = Worker(live_app, lease_seconds=1)
    try:
        await until(lambda: _all_sent(live_app, 2000))
    finally:
        await second.stop()
    received = collections.Counter(c.params["chat_id"] for c in fake.sent)
    assert set(received) == set(chats)
    # Outcomes are saved on the way down: only a request in flight at the stop may repeat.
    assert sum(n - 1 for n in received.values()) <= first.delivery.senders


async def test_a_renderer_bug_is_loud_and_keeps_the_row_for_after_the_fix(
        live_app: App, fake: FakeBotApi, caplog: pytest.LogCaptureFixture) -> None:
    async with live_app.unit_of_work() as uow:
        account = Account(platform="telegram", platform_id="10001", created_at=uow.now())
        uow.session.add(account)
        await uow.session.flush()
        # A row of a known kind without the params its event needs: it cannot be rendered.
        uow.session.add(OutboxMessage(account_id=account.id, kind=BindingRevoked.KIND, params={},
                                      next_attempt_at=uow.now()))
        await uow.commit()
    worker = Worker(live_app)
    try:
        await until(lambda: _last_error(live_app))
    finally:
        await worker.stop()
    row = await _row(live_app)
    assert row.status is OutboxStatus.PENDING and row.attempts == 0
    assert "NoticeError" in (row.last_error or "") and "binding_id" in (row.last_error or "")
    assert any(r.exc_info and r.exc_info[0] is NoticeError for r in caplog.records)
    assert fake.sent == []


async def _row(app: App) -> OutboxMessage:
    async with app.unit_of_work() as uow:
        row = await uow.session.scalar(select(OutboxMessage))
        assert row is not None
        uow.session.expunge(row)  # keep its loaded attributes past the unit of work
        return row


async def _last_error(app: App) -> bool:
    return (await _row(app)).last_error is not None
