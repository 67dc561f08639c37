"""A provider edits its own profile in chat; the card and results follow; its own card
offers Edit profile; a provider not taking clients offers no Request binding."""

from bot.app import App
from tests import factories
from tests.handlers.market_setup import market
from tests.transcript import Transcript

DESC = "We run TikTok Shop ad campaigns and weekly reporting for cross-border sellers."
DESC_ZH = "我们为跨境卖家提供 TikTok Shop 广告投放和每周数据报告服务，欢迎咨询合作。"


async def test_own_card_offers_edit_profile_and_the_edits_show(app: App,
                                                               chat: Transcript) -> None:
    ids = await market(app)
    said = await chat.say("bob", f"/start p_{ids['bright']}")
    assert said.last.labels == ["Edit profile", "All evaluations", "Share"]
    said = await chat.press("bob", "Edit profile")
    assert "Accepting new clients: yes" in said.text
    said = await chat.press("bob", "Description (English)")
    assert "20 to 1,000 characters" in said.text and "‹ Back" in said.last.labels
    said = await chat.say("bob", "too short")
    assert "Too short" in said.text
    said = await chat.say("bob", DESC)
    assert "Saved." in said.text and DESC in said.last.text
    await chat.press("bob", "Markets")
    await chat.press("bob", "Southeast Asia")
    said = await chat.press("bob", "Done")
    assert "Markets: United States, Southeast Asia" in said.last.text
    await chat.press("bob", "Website")
    said = await chat.say("bob", "not a site")
    assert "is not a web address" in said.text
    said = await chat.say("bob", "https://brightwave.example")
    assert "Website: https://brightwave.example" in said.last.text
    said = await chat.press("bob", "✓ Accepting new clients")
    assert "Accepting new clients: no" in said.text
    said = await chat.press("bob", "Done")
    assert "up to date" in said.text
    card = await chat.say("alice", f"/start p_{ids['bright']}")
    assert DESC in card.text and "Not accepting new clients at the moment." in card.text
    assert "Request binding" not in card.last.labels and "Report" in card.last.labels
    said = await chat.say("alice", "/search advertising")
    assert "BrightWave Digital — no evaluations yet · not accepting new clients" in said.text


async def test_chinese_description_and_editing_in_chinese(app: App, chat: Transcript) -> None:
    ids = await market(app)
    await factories.merchant(app, "li")
    await chat.say("bob", "/editprofile", lang="zh")
    said = await chat.press("bob", "中文介绍")
    assert "请发送中文介绍" in said.text
    said = await chat.say("bob", DESC_ZH)
    assert "已保存" in said.text and "服务市场：美国" in said.last.text
    await chat.press("bob", "服务语言")
    said = await chat.press("bob", "‹ 上一步")
    assert "请选择要修改的内容" in said.text
    said = await chat.say("li", f"/start p_{ids['bright']}", lang="zh")
    assert DESC_ZH in said.text
    said = await chat.say("alice", f"/start p_{ids['bright']}")
    assert DESC_ZH not in said.text and "Request binding" in said.last.labels


async def test_only_providers_edit_and_forged_edits_are_refused(app: App,
                                                                chat: Transcript) -> None:
    await market(app)
    said = await chat.say("alice", "/editprofile")
    assert "not available to you" in said.text
    said = await chat.forge("alice", "edit:menu")
    assert "Only service providers can do that" in said.text
    said = await chat.forge("bob", "edit:acc")
    assert "no longer valid" in said.text


async def test_profile_lists_use_the_chinese_enumeration_comma(app: App,
                                                               chat: Transcript) -> None:
    await market(app)
    said = await chat.say("bob", "/profile", lang="zh")
    assert "英语、中文" in said.text
    said = await chat.say("bob", "/profile", lang="en")
    assert "English, Chinese" in said.text
