"""Save on a card, /saved lists the shortlist with current rating and status."""

from datetime import timedelta

from bot.app import App
from tests.clock import Clock
from tests.handlers.market_setup import INFLUENCER_NAME, market, set_provider
from tests.transcript import Transcript


async def test_save_from_the_card_and_see_the_shortlist(app: App, chat: Transcript,
                                                        clock: Clock) -> None:
    ids = await market(app)
    said = await chat.say("alice", "/saved")
    assert "Your shortlist is empty" in said.text
    said = await chat.say("alice", f"/start p_{ids['bright']}")
    assert "☆ Save" in said.last.labels
    said = await chat.press("alice", "☆ Save")
    assert "Saved to your shortlist" in said.text
    said = await chat.say("alice", f"/start p_{ids['harbor']}")
    await chat.press("alice", "☆ Save")
    await chat.say("alice", f"/start p_{ids['daren']}")
    await chat.press("alice", "☆ Save")
    await set_provider(app, ids["harbor"], accepting_clients=False)
    await set_provider(app, ids["daren"], suspended_until=clock.now + timedelta(days=9))
    said = await chat.say("alice", "/saved")
    assert "1. BrightWave Digital — no evaluations yet · active" in said.text
    assert "Blue Harbor Logistics — no evaluations yet · not accepting new clients" in said.text
    assert f"{INFLUENCER_NAME} — no evaluations yet · suspended" in said.text
    assert f"{INFLUENCER_NAME}" not in " ".join(said.last.labels)  # not listed: no card
    said = await chat.press("alice", "1. BrightWave Digital")
    assert "★ Saved" in said.last.labels
    said = await chat.press("alice", "★ Saved")
    assert "Removed" in said.text
    said = await chat.say("alice", "/saved")
    assert "BrightWave" not in said.text


async def test_the_shortlist_in_chinese(app: App, chat: Transcript) -> None:
    ids = await market(app)
    await chat.say("alice", "/saved", lang="zh")
    said = await chat.say("alice", f"/start p_{ids['bright']}", lang="zh")
    said = await chat.press("alice", "☆ 收藏")
    assert "已加入收藏" in said.text
    said = await chat.say("alice", "/saved", lang="zh")
    assert "我收藏的服务商" in said.text and "1. BrightWave Digital — 暂无评价 · " in said.text


async def test_only_merchants_save_and_forged_saves_are_refused(app: App,
                                                                chat: Transcript) -> None:
    ids = await market(app)
    said = await chat.say("bob", f"/start p_{ids['daren']}")
    assert "☆ Save" not in said.last.labels
    said = await chat.forge("bob", f"saved:add:{ids['daren']}")
    assert "Only merchants can do that" in said.text
    said = await chat.forge("alice", "saved:add:999")
    assert "This provider is not available in the market." in said.text
