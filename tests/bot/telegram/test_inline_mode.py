"""Inline mode: `@bot words` returns matching provider cards, with a deep link to each."""

from __future__ import annotations

from typing import Any

import pytest

from bot.app import App
from domain.adapters.search_index import reindex_all
from tests import factories

from .drivers import TelegramDriver
from .fake_api import FakeBotApi
from .test_same_conversations import MERCHANT


async def _inline(driver: TelegramDriver, fake: FakeBotApi, handle: str, words: str) -> list:
    sender = driver.user(handle)
    before = len(fake.called("answerInlineQuery"))
    await driver.send(handle, {"inline_query": {"id": "iq1", "from": sender, "query": words,
                                                "offset": ""}}, None)
    answers = fake.called("answerInlineQuery")[before:]
    assert len(answers) == 1
    return answers[0].params["results"]


async def test_inline_query_lists_matching_providers(
        driver: Any, fake: FakeBotApi, telegram_app: App) -> None:
    if not isinstance(driver, TelegramDriver):
        pytest.skip("Telegram inline mode")
    provider_id = await factories.provider(telegram_app, None, "BrightWave Digital")
    await factories.provider(telegram_app, None, "Quiet Logistics", categories=("logistics",),
                             description="Warehousing and last-mile delivery.")
    async with telegram_app.unit_of_work() as uow:
        await reindex_all(uow)
        await uow.commit()
    await driver.run("alice", *MERCHANT, "> Over $1M")
    results = await _inline(driver, fake, "alice", "BrightWave")
    assert [r["title"] for r in results] == ["BrightWave Digital"]
    link = f"https://t.me/market_test_bot?start=p_{provider_id}"
    assert results[0]["input_message_content"]["message_text"] == \
        f"<b>BrightWave Digital</b> ★ 0.0\n{link}"
    assert results[0]["description"] == "★ 0.0"
    assert results[0]["reply_markup"] == {
        "inline_keyboard": [[{"text": "BrightWave Digital", "url": link}]]}


async def test_a_stranger_gets_no_inline_results(driver: Any, fake: FakeBotApi) -> None:
    if not isinstance(driver, TelegramDriver):
        pytest.skip("Telegram inline mode")
    assert await _inline(driver, fake, "stranger", "BrightWave") == []
