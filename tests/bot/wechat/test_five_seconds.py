"""WeChat's 5-second rule: a slow answer gets `success` at once and follows as a
customer-service message; retries of the push never run it again."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest

from bot.app import App
from handlers.engine.context import Context
from handlers.engine.contract import Reply
from tests.waiting import until

from . import wire
from .conftest import serving
from .driver import WeChatDriver
from .fake_api import FakeWeChatApi

SLOW = 4.6  # seconds: past the 4-second budget, inside WeChat's patience for a retry


@pytest.fixture
async def slow_wechat(app: App, wechat_fake: FakeWeChatApi) -> AsyncIterator[WeChatDriver]:
    async for driver in serving(app, wechat_fake, "plain"):
        yield driver


async def test_a_slow_answer_gets_success_then_arrives_as_a_message(
        slow_wechat: WeChatDriver, app: App) -> None:
    runs = []

    async def slow(ctx: Context) -> Reply:
        runs.append(ctx.incoming.dedupe_key)
        await asyncio.sleep(SLOW)
        return Reply("Done at last, after a long think.")

    app.dispatcher.router.command("slow", slow)
    wechat = slow_wechat
    openid = wechat.openid("amy")
    wechat.fake.spoke(openid)
    xml = wire.message_xml(openid, "text", {"Content": "/slow"}, int(time.time()), "5001")
    started = time.monotonic()
    status, body = await wechat.post(xml)
    took = time.monotonic() - started
    assert (status, body) == (200, "success")
    assert 3.5 < took < 5.0
    status, body = await wechat.post(xml)  # WeChat's retry while the answer is being made
    assert (status, body) == (200, "success")
    await asyncio.sleep(SLOW - took)

    async def delivered() -> bool:
        # The answer is queued once the slow update commits: soon after SLOW, later on a
        # loaded machine (CI once missed a fixed 0.5 s margin).
        while await wechat.delivery.round():
            pass
        return bool(wechat.fake.sent)

    await until(delivered, timeout=15)
    assert wechat.fake.sent == [(openid, "Done at last, after a long think.")]
    status, body = await wechat.post(xml)  # a late retry: answered already, nothing to repeat
    assert (status, body) == (200, "success")
    await wechat.frontend.close()
    assert runs == ["m5001"]
    assert len(wechat.fake.sent) == 1


async def test_a_quick_answer_is_the_passive_reply(slow_wechat: WeChatDriver) -> None:
    started = time.monotonic()
    said = await slow_wechat.say("amy", "/help")
    assert time.monotonic() - started < 1.0
    assert len(said) == 1 and "/subscribe" in said.text
    assert slow_wechat.fake.sent == []
