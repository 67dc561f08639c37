"""Following announcements, in English and Chinese, through every front end (shared suite)."""

from __future__ import annotations

from typing import Any

from tests.scripts import FOLLOW_EN, FOLLOW_ZH


async def test_a_guest_follows_two_categories_for_the_spotlight_then_stops(driver: Any) -> None:
    said = await driver.run("gina", *FOLLOW_EN)
    assert said.last.text == ("Done! You follow: Advertising agency, Logistics and fulfilment.\n"
                              "You receive: Newly certified providers (weekly digest).\n"
                              "/subscriptions shows it; /unsubscribe stops it.")
    said = await driver.say("gina", "/subscriptions")
    assert said.last.labels == ["Change", "Unsubscribe"]
    said = await driver.press("gina", "Unsubscribe")
    assert said.last.text.startswith("You will no longer receive announcements.")
    said = await driver.say("gina", "/subscriptions")
    assert said.last.text == "You do not follow any announcements. Send /subscribe to start."


async def test_a_chinese_follower_chooses_all_categories_and_the_spotlight(driver: Any) -> None:
    await driver.say("li", "/language")
    await driver.press("li", "简体中文")
    said = await driver.run("li", *FOLLOW_ZH)
    assert "您关注的类目：全部类目。\n您接收的推送：优质服务商（每月榜单推荐）。" in said.last.text
    said = await driver.say("li", "/unsubscribe")
    assert said.last.text.startswith("您将不再收到官方推送。")
