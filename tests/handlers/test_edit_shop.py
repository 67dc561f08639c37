"""/editshop: a merchant edits the shop's profile; the binding notices use the new name."""

from bot.app import App
from tests import factories
from tests.transcript import Transcript


async def test_a_merchant_edits_the_shop(app: App, chat: Transcript) -> None:
    await factories.merchant(app, "alice")
    said = await chat.say("alice", "/editshop")
    assert "*Alice Beauty Store* — your shop" in said.text
    await chat.press("alice", "Shop name")
    said = await chat.say("alice", "A")
    assert "Too short" in said.text
    said = await chat.say("alice", "Alice Home Goods")
    assert "Saved." in said.text and "*Alice Home Goods* — your shop" in said.last.text
    await chat.press("alice", "Markets")
    await chat.press("alice", "Japan / Korea")
    said = await chat.press("alice", "Done")
    assert "Markets: United States, Japan / Korea" in said.last.text
    await chat.press("alice", "Monthly GMV")
    said = await chat.press("alice", "Over $1M")
    assert "Monthly GMV: Over $1M" in said.last.text
    said = await chat.press("alice", "Done")
    assert "up to date" in said.text
    said = await chat.say("alice", "/profile")
    assert "Alice Home Goods" in said.text


async def test_editing_the_shop_in_chinese(app: App, chat: Transcript) -> None:
    await factories.merchant(app, "alice")
    said = await chat.say("alice", "/editshop", lang="zh")
    assert "您的店铺" in said.text
    await chat.press("alice", "销售市场")
    await chat.press("alice", "东南亚")
    said = await chat.press("alice", "完成")
    assert "销售市场：美国、东南亚" in said.last.text
    said = await chat.say("bob", "/editshop")
    assert "not available to you" in said.text
