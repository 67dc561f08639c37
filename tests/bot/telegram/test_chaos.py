"""Chaos: the database restarts, a worker is killed, SQLite is locked — and no update or
message that was acknowledged is lost.

- A throwaway PostgreSQL cluster (initdb in a temporary directory, its own port) is stopped
  and started again while simulated users chat through the webhook (real HTTP, aiogram),
  through polling (python-telegram-bot against the fake Bot API) and through WeChat's
  callback: every update is processed exactly once and nobody sees the apology.
- `kill -9` of `python -m bot run` mid-broadcast of 2,000 messages: after a restart nothing is
  lost, the repeats are at most the messages sent but not yet recorded at the kill, and
  delivery resumes within 10 s of the restart (its leases are short).
- SQLite: `python -m bot demo` seeding beside a running bot loses no update.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import signal
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.app import App, build_app
from bot.settings import ROOT, load_settings
from bot.telegram.run import build_frontend, start_frontend
from bot.telegram.webhook import SECRET_HEADER, serve, webhook_app
from domain.models import Account, OutboxMessage, OutboxStatus, ProcessedUpdate
from domain.notices import TeamMemberJoined
from tests import pg_cluster
from tests.bot.processes import BotProcess, bot_env, fresh_database
from tests.bot.wechat import wire
from tests.bot.wechat.conftest import serving
from tests.bot.wechat.driver import WeChatDriver
from tests.bot.wechat.fake_api import FakeWeChatApi
from tests.smtp import free_port
from tests.waiting import until

from .drivers import SECRET
from .fake_api import TOKEN, FakeBotApi

USERS, EACH = 12, 6  # per front end: users, and updates each user sends
BROADCAST = 2000


def _help(user: int, update_id: int | None = None) -> dict[str, Any]:
    sender = {"id": user, "is_bot": False, "first_name": f"u{user}", "language_code": "en"}
    update: dict[str, Any] = {"message": {
        "message_id": 1, "date": int(time.time()), "chat": {"id": user, "type": "private"},
        "from": sender, "text": "/help",
        "entities": [{"type": "bot_command", "offset": 0, "length": 5}]}}
    return update if update_id is None else {"update_id": update_id, **update}


async def _bot_app(url: str, tmp: Path, fake: FakeBotApi) -> App:
    return await build_app(load_settings(database_url=url, storage_dir=tmp / "storage",
                                         telegram_token=TOKEN, telegram_api_url=fake.url))


class Users:
    """Simulated users: through the webhook, a user sends again until the answer is 200,
    as Telegram does; through polling, updates queue at the fake Bot API."""

    def __init__(self, fake: FakeBotApi, webhook: str) -> None:
        self.fake, self.webhook = fake, webhook
        self.acknowledged: list[int] = []  # webhook update_ids answered 200
        self.pushed: list[int] = []  # polling update_ids
        self.refused = collections.Counter[int]()  # webhook answers other than 200, by status
        self.wechat_acknowledged: list[int] = []  # MsgIds answered 200
        self.wechat_answers: list[str] = []  # passive replies (or "success": answered later)

    async def by_webhook(self, http: aiohttp.ClientSession, user: int, first_id: int,
                         count: int = EACH, gap: float = 0.15) -> None:
        for update_id in range(first_id, first_id + count):
            while True:
                try:
                    async with http.post(self.webhook, json=_help(user, update_id),
                                         headers={SECRET_HEADER: SECRET}) as answer:
                        if answer.status == 200:
                            break
                        self.refused[answer.status] += 1
                except aiohttp.ClientError:
                    self.refused[0] += 1
                await asyncio.sleep(0.3)
            self.acknowledged.append(update_id)
            await asyncio.sleep(gap)

    async def by_wechat(self, wechat: WeChatDriver, openid: str, first_id: int,
                        count: int = EACH, gap: float = 0.15) -> None:
        """WeChat sends a push again when it got no answer (here: anything but 200)."""
        for msg_id in range(first_id, first_id + count):
            xml = wire.message_xml(openid, "text", {"Content": "/help"}, int(time.time()),
                                   str(msg_id))
            while True:
                try:
                    status, body = await wechat.post(xml)
                except aiohttp.ClientError:
                    status, body = 0, ""
                if status == 200:
                    break
                self.refused[status] += 1
                await asyncio.sleep(0.3)
            self.wechat_answers.append(body if body == "success" else wechat.reply_text(body))
            self.wechat_acknowledged.append(msg_id)
            await asyncio.sleep(gap)

    async def by_polling(self, user: int, count: int = EACH, gap: float = 0.15) -> None:
        for _ in range(count):
            self.pushed.append(self.fake.push(_help(user)))
            await asyncio.sleep(gap)


async def _processed(app: App) -> set[str]:
    async with app.unit_of_work() as uow:
        return set((await uow.session.scalars(select(ProcessedUpdate.key))).all())


def _replies(fake: FakeBotApi) -> collections.Counter[int]:
    return collections.Counter(int(c.params["chat_id"]) for c in fake.sent)


def _assert_exactly_once(app: App, fake: FakeBotApi, users: list[int], processed: set[str],
                         expected: set[int]) -> None:
    assert {f"telegram:{i}" for i in expected} <= processed
    apology = app.dispatcher.translator("en", "error.internal")
    assert not [c for c in fake.sent if c.params.get("text") == apology]
    replies = _replies(fake)
    assert {user: replies[user] for user in users} == {user: EACH for user in users}


async def test_a_postgresql_restart_mid_chat_loses_no_acknowledged_update(
        tmp_path: Path, remote_fake: FakeBotApi, caplog: pytest.LogCaptureFixture) -> None:
    reason = pg_cluster.why_not()
    if reason is not None:
        pytest.skip(reason)
    cluster = pg_cluster.Cluster(free_port())
    wechat_fake = FakeWeChatApi()
    await wechat_fake.start()
    try:
        await asyncio.to_thread(cluster.create)
        await cluster.start()
        app = await _bot_app(cluster.url, tmp_path, remote_fake)
        wechat_serving = serving(app, wechat_fake, "plain")
        try:
            wechat = await wechat_serving.__anext__()
            await _chat_through_a_restart(app, cluster, remote_fake, wechat, caplog)
        finally:
            with contextlib.suppress(StopAsyncIteration):
                await wechat_serving.__anext__()
            await app.close()
    finally:
        await wechat_fake.close()
        await asyncio.to_thread(cluster.destroy)


async def _chat_through_a_restart(app: App, cluster: pg_cluster.Cluster, fake: FakeBotApi,
                                  wechat: WeChatDriver, caplog: pytest.LogCaptureFixture
                                  ) -> None:
    hooked, polled = build_frontend(app, "aiogram"), build_frontend(app, "ptb")
    await start_frontend(app, hooked)
    await start_frontend(app, polled)
    runner = await serve(webhook_app(app, hooked, SECRET, "/tg"), "127.0.0.1", 0)
    users = Users(fake, f"http://127.0.0.1:{runner.addresses[0][1]}/tg")
    polling = asyncio.create_task(polled.poll(timeout=1))
    web_users = [7000 + n for n in range(USERS)]
    poll_users = [8000 + n for n in range(USERS)]
    caplog.set_level(logging.WARNING)
    try:
        async with aiohttp.ClientSession() as http:
            chatting = [asyncio.create_task(users.by_webhook(http, user, 1_000_000 + 100 * n))
                        for n, user in enumerate(web_users)]
            chatting += [asyncio.create_task(users.by_polling(user)) for user in poll_users]
            chatting += [asyncio.create_task(users.by_wechat(wechat, f"ochaos{n}", 5_000 + 100 * n))
                         for n in range(USERS)]
            await asyncio.sleep(0.4)
            await cluster.stop("fast")  # mid-run: replies on the wire, transactions open
            await asyncio.sleep(1.5)
            await cluster.start()
            await asyncio.wait_for(asyncio.gather(*chatting), 60)
        expected = {*users.acknowledged, *users.pushed}
        await until(lambda: _all_in(app, expected), timeout=30)
        await until(lambda: sum(_replies(fake).values()) >= len(expected), timeout=10)
    finally:
        await polled.stop_polling()
        await asyncio.wait_for(polling, 10)
        await runner.cleanup()
        await hooked.close()
        await polled.close()
    _assert_exactly_once(app, fake, web_users + poll_users, await _processed(app), expected)
    processed = await _processed(app)
    assert {f"wechat:m{i}" for i in users.wechat_acknowledged} <= processed  # none lost
    assert len(users.wechat_acknowledged) == USERS * EACH
    apology = app.dispatcher.translator("en", "error.internal")
    assert not [a for a in users.wechat_answers if apology in a]
    async with app.unit_of_work() as uow:
        accounts = await uow.session.scalar(select(func.count()).select_from(Account))
    assert accounts == 3 * USERS  # a user's first update made the account once
    assert app.outage.outages >= 1 and app.outage.total_deferred > 0, "no update was deferred"
    assert users.refused[503] > 0  # the webhook asked Telegram to send again
    ours = ("bot", "handlers", "domain", "announcements")  # SQLAlchemy's pool logs its own
    errors = [r for r in caplog.records
              if r.levelno >= logging.ERROR and r.name.split(".")[0] in ours]
    assert not errors, [r.getMessage() for r in errors]
    warnings = [r.getMessage() for r in caplog.records if r.name == "bot.outage"]
    assert len(warnings) == 2 * app.outage.outages, warnings  # down, back: not one per update


async def _all_in(app: App, update_ids: set[int]) -> bool:
    return {f"telegram:{i}" for i in update_ids} <= await _processed(app)


async def test_kill_9_mid_broadcast_loses_nothing_and_resumes_within_ten_seconds(
        tmp_path: Path, remote_fake: FakeBotApi) -> None:
    remote_fake.send_delay = 0.02  # requests are always in flight
    async with fresh_database(tmp_path) as url:
        app = await _bot_app(url, tmp_path, remote_fake)
        try:
            await _queue(app, BROADCAST)
            env = bot_env(tmp_path, url, telegram_token=TOKEN,
                          telegram_api_url=remote_fake.url, telegram_rate_global=500)
            # The restarted worker has done its imports already (seconds on a loaded machine)
            # and waits for the barrier: the restart is measured from the barrier on.
            barrier = tmp_path / "restart"
            second = await BotProcess(env | {"PYTHONPATH": str(ROOT)}, tmp_path, "-m",
                                      "tests.bot.start_together", str(barrier), "run").start()
            try:
                in_flight = await _kill_mid_broadcast(app, env, tmp_path, remote_fake, second)
                before = len(remote_fake.sent)
                barrier.touch()
                restarted = time.monotonic()
                await second.wait_for_line("polling as", timeout=60)
                up = time.monotonic() - restarted
                await until(lambda: len(remote_fake.sent) > before, timeout=30)
                resumed = time.monotonic() - restarted
                await until(lambda: _count_sent(app, BROADCAST), timeout=60)
                second.signal(signal.SIGTERM)
                assert await second.wait(15) == 0, second.output
            finally:
                await second.kill()
        finally:
            await app.close()
    received = _replies(remote_fake)
    assert len(received) == BROADCAST  # nothing lost
    repeats = sum(n - 1 for n in received.values())
    assert repeats <= in_flight, (repeats, in_flight)
    # Within 10 s of the restart; on a machine so loaded that start-up alone (migrations,
    # getMe) takes longer, within 2 s of the worker being up: no lease is waited out.
    assert resumed < max(10.0, up + 2.0), f"resumed {resumed:.1f} s after, up {up:.1f} s"


async def _kill_mid_broadcast(app: App, env: dict[str, str], tmp: Path,
                              fake: FakeBotApi, second: BotProcess) -> int:
    """Kill -9 once a third is out; returns how many were sent but not recorded then."""
    first = await BotProcess(env, tmp).start()
    try:
        await second.wait_for_line("ready", timeout=60)
        await until(lambda: len(fake.sent) >= BROADCAST // 3, timeout=60)
        first.signal(signal.SIGKILL)
        await first.wait(15)
    finally:
        await first.kill()
    await asyncio.sleep(0.3)  # requests on the wire at the kill are answered by now
    async with app.unit_of_work() as uow:
        recorded = await uow.session.scalar(select(func.count()).select_from(OutboxMessage)
                                            .where(OutboxMessage.status == OutboxStatus.SENT))
    assert recorded is not None and recorded < BROADCAST
    return len(fake.called("sendMessage")) - recorded


async def _queue(app: App, count: int) -> None:
    async with app.unit_of_work() as uow:
        accounts = [Account(platform="telegram", platform_id=str(30_000 + i),
                            created_at=uow.now()) for i in range(count)]
        uow.session.add_all(accounts)
        await uow.session.flush()
        for account in accounts:
            uow.notify(account.id, TeamMemberJoined(member=f"member {account.platform_id}"))
        await uow.commit()


async def _count_sent(app: App, count: int) -> bool:
    async with app.unit_of_work() as uow:
        sent = await uow.session.scalar(select(func.count()).select_from(OutboxMessage)
                                        .where(OutboxMessage.status == OutboxStatus.SENT))
    return sent == count


async def test_demo_seeding_beside_a_running_sqlite_bot_loses_no_update(
        tmp_path: Path, remote_fake: FakeBotApi) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'market.sqlite3'}"
    app = await _bot_app(url, tmp_path, remote_fake)
    frontend = build_frontend(app, "aiogram")
    await start_frontend(app, frontend)
    runner = await serve(webhook_app(app, frontend, SECRET, "/tg"), "127.0.0.1", 0)
    users = Users(remote_fake, f"http://127.0.0.1:{runner.addresses[0][1]}/tg")
    web_users = [7000 + n for n in range(USERS)]
    demo = await BotProcess(bot_env(tmp_path, url), tmp_path,
                            "-m", "bot", "demo", "--bulk", "1000").start()
    try:
        async with aiohttp.ClientSession() as http:
            # Spread over the seeding: the demo's one long transaction holds the write lock.
            chatting = [users.by_webhook(http, user, 1_000_000 + 100 * n, gap=1.0)
                        for n, user in enumerate(web_users)]
            await asyncio.wait_for(asyncio.gather(*chatting), 90)
        assert await demo.wait(60) == 0, demo.output
        expected = set(users.acknowledged)
        processed = await _processed(app)
        await until(lambda: sum(_replies(remote_fake).values()) >= len(expected), timeout=10)
        _assert_exactly_once(app, remote_fake, web_users, processed, expected)
        assert "seeded 300 providers" in demo.output
    finally:
        await demo.kill()
        await runner.cleanup()
        await frontend.close()
        await app.close()
