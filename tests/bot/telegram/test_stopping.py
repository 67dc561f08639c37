"""SIGTERM and SIGINT stop the bot gracefully: no update or delivery is lost or repeated.

The process tests run `python -m bot run` for real against the fake Bot API (in this test's
process, on its own thread) and stop it with a signal while messages are on the wire.
"""

from __future__ import annotations

import asyncio
import collections
import signal
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.app import App, build_app
from bot.frontends import run_telegram
from bot.settings import load_settings
from bot.telegram.webhook import SECRET_HEADER
from domain.models import Account, OutboxMessage, OutboxStatus
from domain.notices import TeamMemberJoined
from tests.bot.processes import BotProcess, bot_env, fresh_database
from tests.smtp import free_port
from tests.waiting import until

from .drivers import SECRET
from .fake_api import TOKEN, FakeBotApi

RECIPIENTS = 40


@pytest.fixture
async def database_url(tmp_path: Path) -> AsyncIterator[str]:
    async with fresh_database(tmp_path) as url:
        yield url


async def _queue_notices(url: str, tmp: Path) -> App:
    """A migrated database holding one queued notice for each of RECIPIENTS Telegram users."""
    app = await build_app(load_settings(database_url=url, storage_dir=tmp / "storage"))
    async with app.unit_of_work() as uow:
        accounts = [Account(platform="telegram", platform_id=str(20_000 + i),
                            created_at=uow.now()) for i in range(RECIPIENTS)]
        uow.session.add_all(accounts)
        await uow.session.flush()
        for account in accounts:
            uow.notify(account.id, TeamMemberJoined(member=f"member {account.platform_id}"))
        await uow.commit()
    return app


async def _count(app: App, *where: Any) -> int:
    async with app.unit_of_work() as uow:
        return int(await uow.session.scalar(
            select(func.count()).select_from(OutboxMessage).where(*where)) or 0)


async def test_sigterm_mid_delivery_records_what_was_sent_and_repeats_nothing(
        tmp_path: Path, database_url: str, remote_fake: FakeBotApi) -> None:
    app = await _queue_notices(database_url, tmp_path)
    env = bot_env(tmp_path, database_url, telegram_token=TOKEN,
                  telegram_api_url=remote_fake.url, telegram_rate_global=20)
    remote_fake.send_delay = 0.5  # several sends are always on the wire
    first = await BotProcess(env, tmp_path).start()
    try:
        await first.wait_for_line("polling as @market_test_bot")
        # SIGTERM while sends are on the wire: between two batches none may be, for an instant.
        in_flight = 0

        def on_the_wire() -> bool:
            nonlocal in_flight
            in_flight = len(remote_fake.called("sendMessage")) - len(remote_fake.sent)
            return len(remote_fake.sent) >= 5 and in_flight > 0

        await until(on_the_wire)
        first.signal(signal.SIGTERM)
        started = time.monotonic()
        assert await first.wait(15) == 0, first.output
    finally:
        await first.kill()
    assert time.monotonic() - started < 10
    assert in_flight > 0 and "SIGTERM: stopping" in first.output
    getting = len(remote_fake.called("getUpdates"))

    sent = {c.params["chat_id"] for c in remote_fake.sent}
    assert 5 <= len(sent) < RECIPIENTS
    assert await _count(app, OutboxMessage.status == OutboxStatus.SENT) == len(sent)
    # Rows it claimed and did not send are due now, not after a five-minute lease.
    leased = await _count(app, OutboxMessage.status == OutboxStatus.PENDING,
                          OutboxMessage.next_attempt_at > datetime.now(UTC))
    assert leased == 0
    assert len(remote_fake.called("getUpdates")) == getting  # nothing fetched after the stop

    remote_fake.send_delay = 0.0
    second = await BotProcess(env, tmp_path).start()
    try:
        await until(lambda: _all_sent(app), timeout=60)
        second.signal(signal.SIGINT)
        assert await second.wait(15) == 0, second.output
    finally:
        await second.kill()
        await app.close()
    received = collections.Counter(c.params["chat_id"] for c in remote_fake.sent)
    assert len(received) == RECIPIENTS and set(received.values()) == {1}  # nobody twice


async def _all_sent(app: App) -> bool:
    return await _count(app, OutboxMessage.status == OutboxStatus.SENT) == RECIPIENTS


def _command(user: int, text: str) -> dict[str, Any]:
    """An update's body (without update_id): `text`, a command, from a private chat."""
    sender = {"id": user, "is_bot": False, "first_name": f"u{user}", "language_code": "en"}
    return {"message": {
        "message_id": user, "date": int(time.time()), "chat": {"id": user, "type": "private"},
        "from": sender, "text": text, "entities": [{"type": "bot_command", "offset": 0,
                                                    "length": len(text)}]}}


@pytest.mark.parametrize("library", ["aiogram", "ptb"])
async def test_a_stopping_webhook_answers_503_and_finishes_the_update_in_hand(
        app: App, fake: FakeBotApi, library: str) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/tg"
    app.settings = app.settings.model_copy(update={
        "telegram_token": TOKEN, "telegram_api_url": fake.url, "telegram_library": library,
        "telegram_webhook_url": url, "telegram_webhook_secret": SECRET,
        "telegram_webhook_host": "127.0.0.1", "telegram_webhook_port": port})
    app.settings = app.settings.model_validate(app.settings.model_dump())
    fake.send_delay = 1.0  # the reply to /start takes a second to go out
    stop = asyncio.Event()
    bot = asyncio.create_task(run_telegram(app, stop))
    headers = {SECRET_HEADER: SECRET}
    async with aiohttp.ClientSession() as http:
        await until(lambda: bool(fake.called("setWebhook")))
        first = asyncio.create_task(
            http.post(url, json={"update_id": 1, **_command(7001, "/start")}, headers=headers))
        await until(lambda: bool(fake.called("sendMessage")))  # the reply is on the wire
        stop.set()
        late_update = {"update_id": 2, **_command(7002, "/start")}
        async with http.post(url, json=late_update, headers=headers) as late:
            assert late.status == 503
        async with http.get(f"http://127.0.0.1:{port}/health") as health:
            assert health.status == 503  # the load balancer takes this worker out
        async with await first as answered:
            assert answered.status == 200
    assert await asyncio.wait_for(bot, 10) == 0
    assert [c.params["chat_id"] for c in fake.sent] == [7001]


@pytest.mark.parametrize("library", ["aiogram", "ptb"])
async def test_stopping_polling_fetches_nothing_more_and_finishes_the_update_in_hand(
        app: App, fake: FakeBotApi, library: str) -> None:
    app.settings = app.settings.model_copy(update={
        "telegram_token": TOKEN, "telegram_api_url": fake.url, "telegram_library": library})
    app.settings = app.settings.model_validate(app.settings.model_dump())
    fake.send_delay = 1.0
    stop = asyncio.Event()
    bot = asyncio.create_task(run_telegram(app, stop))
    await until(lambda: bool(fake.called("getUpdates")))
    fake.push(_command(7001, "/start"))
    await until(lambda: bool(fake.called("sendMessage")))
    stop.set()
    assert await asyncio.wait_for(bot, 10) == 0
    fetched = len(fake.called("getUpdates"))
    fake.push(_command(7002, "/start"))
    await asyncio.sleep(0.5)
    assert len(fake.called("getUpdates")) == fetched
    assert [c.params["chat_id"] for c in fake.sent] == [7001]
