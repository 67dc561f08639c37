"""User text can never break a message: crossed or unclosed markup characters in a comment,
a report or a notice are shown as typed, and Telegram (the fake refuses malformed HTML the
way the Bot API does) accepts every message."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import select

from bot.app import App
from bot.console import Console
from bot.telegram.run import delivery_for
from domain.models import Account, OutboxMessage, OutboxStatus
from domain.notices import EvaluationPosted
from tests import factories
from tests.handlers.binding_flow import bound, parties
from tests.sanctioning import report
from tests.transcript import Transcript

from .drivers import TelegramDriver
from .fake_api import FakeBotApi

CROSSED = "*a _b* c_ <i>&amp; \\_"


async def _evaluated(app: App) -> int:
    """alice evaluated BrightWave Digital with a comment full of markup characters."""
    chat = Transcript(Console(app))
    pid = await parties(app)
    await bound(chat, pid)
    await chat.forge("alice", "eval:new:1")
    await chat.run("alice", "> 4", "> 5", "> 3", CROSSED, "> Confirm")
    return pid


async def test_a_crossed_comment_renders_on_the_card_for_every_viewer(
        driver: Any, telegram_app: App) -> None:
    pid = await _evaluated(telegram_app)
    said = await driver.say("dora", f"/start p_{pid}")
    assert "*BrightWave Digital*" in said.text and CROSSED in said.text
    said = await driver.press("dora", "All evaluations")
    assert CROSSED in said.text


async def test_the_cases_queue_shows_a_report_with_markup_characters(
        driver: Any, telegram_app: App) -> None:
    pid = await factories.provider(telegram_app, "bob", name="Bright_Wave *Digital")
    await report(telegram_app, "alice", pid, description=f"They said {CROSSED} twice.",
                 evidence="my_proof*1.pdf")
    operator = "ops"
    if isinstance(driver, TelegramDriver):
        identity = f"telegram:{driver.user(operator)['id']}"
        telegram_app.dispatcher.operators = telegram_app.dispatcher.operators | {identity}
    said = await driver.say(operator, "/cases")
    assert f"They said {CROSSED} twice." in said.text
    assert "Bright_Wave *Digital" in said.text and "my_proof*1.pdf" in said.text
    assert said.last.labels[0] == "Dismiss"


async def test_a_notice_with_markup_characters_is_delivered(
        telegram_app: App, fake: FakeBotApi) -> None:
    async with telegram_app.unit_of_work() as uow:
        account = Account(platform="telegram", platform_id="7001", created_at=uow.now())
        uow.session.add(account)
        await uow.session.flush()
        uow.notify(account.id, EvaluationPosted(
            evaluation_id=1, shop="Shop_*One*", edited=False, quality=4, communication=5,
            timeliness=3, comment=CROSSED, answered=False))
        await uow.commit()
    delivery = delivery_for(telegram_app, idle_seconds=0.05)
    task = asyncio.create_task(delivery.run())
    try:
        for _ in range(200):
            if fake.sent:
                break
            await asyncio.sleep(0.05)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await delivery.api.close()
    await asyncio.sleep(0)
    assert [c.params["chat_id"] for c in fake.sent] == [7001]
    assert "&lt;i&gt;&amp;amp;" in fake.sent[0].params["text"]
    async with telegram_app.unit_of_work() as uow:
        row = await uow.session.scalar(select(OutboxMessage))
        assert row is not None and row.status in (OutboxStatus.SENT, OutboxStatus.PENDING)
