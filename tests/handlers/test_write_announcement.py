"""/announce and /announcements: operators write, preview, confirm; followers receive it."""

from __future__ import annotations

import pytest

from bot.app import App
from domain.actor import Actor
from domain.errors import NotAllowed
from domain.services.announcements import Announcements
from tests.announcements.market import announcer, follower
from tests.transcript import Transcript

WRITE = ("/announce", "The market is closed on 1 January.", "1月1日平台休息。")


async def test_an_operator_announces_to_a_category_and_sees_the_deliveries(
        app: App, chat: Transcript) -> None:
    await follower(app, "console", "fay")
    await follower(app, "console", "lou", categories=["logistics"])
    await follower(app, "console", "ada", categories=["advertising"], language="zh")
    said = await chat.run("ops", *WRITE, "> Advertising agency", "> Done")
    assert said.last.text == (
        "Preview:\n\n*Official announcement*\n\nThe market is closed on 1 January.\n\n"
        "⚠️ The platform never charges entry fees, and only certified providers are listed "
        "here. Report anyone who claims otherwise with /report.\n\n"
        "Audience: Advertising agency\nSend it now?")
    said = await chat.press("ops", "Confirm")
    assert said[0].text.startswith("Announcement #1 is going out to followers now.")
    assert await announcer(app, channel=None).release() == []  # the console released it
    lines = {m.to: m.text for m in said[1:]}
    assert set(lines) == {"fay", "ada"}  # lou follows logistics only
    assert lines["ada"].startswith("*官方公告*\n\n1月1日平台休息。")
    said = await chat.say("ops", "/announcements")
    assert said.text.splitlines()[1] == \
        "#1 Announcement · 2026-11-02T09:00 · sent · 2026-11-02 09:00 UTC"
    assert "    Console followers: sent 2" in said.text


async def test_a_text_past_the_limit_is_refused_and_asked_again(chat: Transcript) -> None:
    await chat.say("ops", "/announce")
    said = await chat.say("ops", "x" * 1501)
    assert said[0].text == "The text must have 1 to 1,500 characters. Send it again."
    said = await chat.say("ops", "Short and fine.")
    assert said.text.startswith("Now send the Chinese text")


async def test_control_and_invisible_characters_never_reach_the_followers(
        chat: Transcript) -> None:
    await chat.say("ops", "/announce")
    said = await chat.say("ops", "\u202e\x07\u200b")  # nothing left once cleaned
    assert said[0].text == "The text must have 1 to 1,500 characters. Send it again."
    said = await chat.run("ops", "Closed\x07 on 1\u202e January.\x1b", "1月1日\u200b休息。",
                          "> Advertising agency", "> Done")
    assert "\n\nClosed on 1 January.\n\n" in said.last.text  # the preview
    assert not any(c in said.last.text for c in "\x07\u202e\x1b\u200b")


async def test_a_chinese_operator_writes_in_chinese(chat: Transcript) -> None:
    await chat.say("ops2", "/language", lang="zh")
    await chat.press("ops2", "简体中文")
    said = await chat.run("ops2", *WRITE, "> 全部关注者")
    assert "接收对象：全部关注者" in said.last.text and "1月1日平台休息。" in said.last.text
    said = await chat.press("ops2", "取消")
    assert said.text == "公告未发送。"


async def test_only_operators_announce_whatever_the_buttons_say(app: App,
                                                                chat: Transcript) -> None:
    said = await chat.say("mallory", "/announce")
    assert "only" in said.text.lower()
    assert "staff" in said.text.lower() or "operator" in said.text.lower()
    async with app.unit_of_work() as uow:
        with pytest.raises(NotAllowed):
            await Announcements(uow).submit(Actor(account_id=1, identity="console:mallory"),
                                            {"en": "Free entry!", "zh": "免费入驻！"}, [])


async def test_a_confirm_from_another_form_is_stale(chat: Transcript) -> None:
    from tests.scripts import STALE

    await chat.run("ops", *WRITE, "> All followers")
    assert (await chat.forge("ops", "announce:yes:0:abcdef")).text == STALE
    said = await chat.press("ops", "Confirm")  # the real one still works
    assert said[0].text.startswith("Announcement #1 is going out")
