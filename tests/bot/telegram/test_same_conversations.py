"""One conversation suite, every front end: console, aiogram and PTB, polling and webhook."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from bot.app import App
from domain.models import Merchant
from tests.scripts import MERCHANT, STALE


async def test_start_offers_the_two_roles_as_buttons(driver: Any) -> None:
    said = await driver.say("alice", "/start")
    assert said.last.labels == ["I'm a merchant", "I'm a service provider", "Cancel"]


async def test_a_merchant_completes_the_profile_with_buttons(driver: Any) -> None:
    await driver.run("alice", *MERCHANT)
    said = await driver.press("alice", "$100k–1M")
    assert "All set, Alice Beauty Store" in said.text
    profile = await driver.say("alice", "/profile")
    assert "Markets: United States, Southeast Asia" in profile.text


async def test_toggling_a_market_marks_it(driver: Any) -> None:
    await driver.run("alice", "/start", "> I'm a merchant", "Alice Beauty Store")
    said = await driver.press("alice", "United States")
    assert "✓ United States" in said.last.labels


async def test_language_switch_answers_in_chinese(driver: Any) -> None:
    await driver.say("alice", "/language")
    said = await driver.press("alice", "简体中文")
    assert said[0].text == "已切换为简体中文。"
    said = await driver.say("alice", "/start", lang="en")
    assert "请选择您的身份" in said.text


async def test_the_client_language_picks_chinese(driver: Any) -> None:
    said = await driver.say("li", "/frobnicate", lang="zh")
    assert "未知命令 /frobnicate" in said.text


async def test_unknown_command_names_it_and_keeps_the_form(driver: Any) -> None:
    await driver.run("alice", "/start", "> I'm a merchant")
    said = await driver.say("alice", "/frobnicate")
    assert "Unknown command /frobnicate" in said[0].text
    assert "What is your shop called?" in said.last.text


async def test_forged_payloads_get_a_clear_answer(driver: Any) -> None:
    await driver.say("alice", "/start")
    for payload in ("nope:1", "start:role:admin", "start:gmv:999", "lang:fr", "start"):
        said = await driver.forge("alice", payload)
        assert said.text == STALE


async def test_a_repeated_update_is_processed_once(driver: Any, telegram_app: App) -> None:
    await driver.run("alice", *MERCHANT)
    first = await driver.press("alice", "Over $1M", key="900042")
    assert "All set" in first.text
    again = await driver.say("alice", "/start", key="900042")
    # WeChat retries a push it got no answer to: there the stored answer is sent again.
    assert again == (first if getattr(driver, "repeats_answers", False) else [])
    async with telegram_app.unit_of_work() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(Merchant)) == 1


async def test_markup_characters_are_shown_as_typed(driver: Any) -> None:
    await driver.run("alice", "/start", "> I'm a merchant")
    said = await driver.say("alice", "<b>Tom & Jerry</b>")
    assert "Which markets" in said.text
    profile = await driver.run("alice", "> United States", "> Done", "> Beauty", "> Over $1M")
    assert "<b>Tom & Jerry</b>" in profile.text
