"""A provider ends an active binding with a reason; the merchant is told why."""

from bot.app import App
from domain.models import BindingStatus
from tests.handlers.binding_flow import bound, parties, status_of
from tests.transcript import Transcript


async def test_a_provider_ends_a_binding_and_the_merchant_is_told(app: App,
                                                                  chat: Transcript) -> None:
    pid = await parties(app)
    await bound(chat, pid)
    said = await chat.say("bob", "/bindings")
    assert "End #1" in said.labels
    said = await chat.press("bob", "End #1")
    assert "Why are you ending binding #1?" in said.text
    said = await chat.say("bob", "no")
    assert "Too short" in said.text
    said = await chat.say("bob", "We are closing our US team at the end of the month.")
    assert "End binding #1 now?" in said.text and "‹ Back" in said.last.labels
    said = await chat.press("bob", "Confirm")
    assert "Binding #1 has ended" in said.to("bob").text
    assert "BrightWave Digital ended binding #1.\nReason: We are closing our US team" \
        in said.to("alice").text
    assert await status_of(app) is BindingStatus.REVOKED
    said = await chat.forge("bob", "endb:new:1")
    assert "Binding #1 is not active" in said.text


async def test_ending_in_chinese_and_only_by_its_provider(app: App, chat: Transcript) -> None:
    pid = await parties(app)
    await bound(chat, pid)
    said = await chat.forge("alice", "endb:new:1")
    assert "Only service providers can do that" in said.text
    await chat.say("bob", "/bindings", lang="zh")
    said = await chat.press("bob", "结束 #1")
    assert "您为什么要结束绑定 #1" in said.text
    said = await chat.say("bob", "团队调整，暂停美国市场服务。")
    said = await chat.press("bob", "确认")
    assert "绑定 #1 已结束" in said.to("bob").text
