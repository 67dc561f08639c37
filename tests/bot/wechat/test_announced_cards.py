"""A follower answers a mass send with a number: the number opens that provider's card,
unless a numbered option or a form step takes the number first."""

from __future__ import annotations

from bot.app import App
from bot.wechat.mass import mass_send_job
from tests.announcements.market import MONDAY_1003, announcer, certified, follower
from tests.clock import Clock

from .driver import WeChatDriver


async def _mass_sent(app: App, clock: Clock, wechat: WeChatDriver) -> None:
    clock.now = MONDAY_1003
    await certified(app, "BrightWave Digital", ("advertising",), 2)
    await certified(app, "Blue Harbor Logistics", ("logistics",), 1)
    await follower(app, "wechat", wechat.openid("amy"))
    assert (await announcer(app).send("digest")).queued["wechat"] == 1
    assert await mass_send_job(app).run() == 1
    sent = wechat.fake.called("message/mass/sendall")[0].body["text"]["content"]
    assert "1. BrightWave Digital" in sent and "2. Blue Harbor Logistics" in sent, sent


async def test_the_number_from_the_mass_send_opens_the_card(
        app: App, clock: Clock, wechat: WeChatDriver) -> None:
    await _mass_sent(app, clock, wechat)
    said = await wechat.say("amy", "2")
    assert said.text.startswith("Blue Harbor Logistics"), said.text
    assert said.last.labels  # the card's own options, numbered
    said = await wechat.say("amy", "1")  # now the card's first option, not the first card
    assert not said.text.startswith("BrightWave Digital"), said.text
    said = await wechat.say("amy", "/cancel")
    said = await wechat.say("amy", "9")  # no such number in the mass send
    assert "Blue Harbor" not in said.text and "BrightWave" not in said.text


async def test_a_form_step_takes_the_number_as_its_answer(
        app: App, clock: Clock, wechat: WeChatDriver) -> None:
    await _mass_sent(app, clock, wechat)
    await wechat.say("amy", "/start")
    said = await wechat.press("amy", "I'm a merchant")
    said = await wechat.say("amy", "1")  # the shop name step: the number is its answer
    assert not said.text.startswith("BrightWave Digital"), said.text
    assert said.text.startswith("Too short: the shop name needs at least 2"), said.text
