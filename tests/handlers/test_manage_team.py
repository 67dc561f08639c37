"""/team: members listed; the owner removes a member (who is told) or hands ownership over;
nobody else can."""

from bot.app import App
from tests import factories
from tests.handlers.test_invite_team import invite_command
from tests.transcript import Transcript


async def _team(app: App, chat: Transcript, *names: str) -> None:
    await factories.provider(app, "bob")
    command = await invite_command(chat)
    for name in names:
        await chat.say(name, command)


async def test_the_owner_removes_a_member_who_is_told(app: App, chat: Transcript) -> None:
    await _team(app, chat, "carol", "dave")
    said = await chat.say("bob", "/team")
    assert "*Your team* (3)" in said.text and "• bob (owner, you)" in said.text
    assert "• carol" in said.text
    said = await chat.press("bob", "Remove carol")
    assert "Remove carol from the team?" in said.text
    said = await chat.press("bob", "Confirm")
    assert "carol was removed from the team and told." in said.to("bob").text
    assert "You were removed from the team of BrightWave Digital" in said.to("carol").text
    said = await chat.say("carol", "/apply")
    assert "not available to you" in said.text
    said = await chat.say("dave", "/team")
    assert "• dave (you)" in said.text and said.labels == []
    said = await chat.forge("dave", "team:rm:1")
    assert said.text == "Only the team's owner can do that."


async def test_handing_ownership_over_in_chinese(app: App, chat: Transcript) -> None:
    await _team(app, chat, "carol")
    said = await chat.say("bob", "/team", lang="zh")
    assert "• bob（" not in said.text and "• bob (所有者、您)" in said.text
    said = await chat.press("bob", "转让给 carol")
    assert "确定将所有权转让给 carol 吗" in said.text
    said = await chat.press("bob", "确认")
    assert "carol 现在是团队所有者" in said.to("bob").text
    assert "You are now the owner of the team of BrightWave Digital" in said.to("carol").text
    said = await chat.say("carol", "/team")
    assert "• carol (owner, you)" in said.text and "Remove bob" in said.labels
    said = await chat.say("bob", "/team", lang="zh")
    assert said.labels == []
    said = await chat.forge("bob", "team:rm:2")
    assert said.text == "只有团队所有者可以执行此操作。"
