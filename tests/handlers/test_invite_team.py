"""/invite: a provider's colleagues join the same provider with a code or a deep link."""

from sqlalchemy import select

from bot.app import App
from domain.models import Account, Role
from tests import factories
from tests.transcript import Transcript


async def invite_command(chat: Transcript) -> str:
    said = await chat.say("bob", "/invite")
    return next(line for line in said.text.splitlines() if line.startswith("/start join_"))


async def test_a_colleague_joins_the_provider_with_the_invite_link(
        chat: Transcript, app: App) -> None:
    provider_id = await factories.provider(app, "bob")
    command = await invite_command(chat)
    said = await chat.say("carol", command)
    assert "You joined BrightWave Digital as a team member" in said.to("carol").text
    assert "carol joined your team" in said.to("bob").text
    async with app.unit_of_work() as uow:
        carol = await uow.session.scalar(select(Account).where(Account.platform_id == "carol"))
        assert carol is not None
        assert (carol.role, carol.provider_id) == (Role.PROVIDER, provider_id)
    said = await chat.say("carol", "/profile")
    assert "BrightWave Digital" in said.text


async def test_the_same_code_is_shown_until_it_is_renewed(chat: Transcript, app: App) -> None:
    await factories.provider(app, "bob")
    first = await invite_command(chat)
    assert await invite_command(chat) == first
    said = await chat.press("bob", "New code")
    assert "The old code no longer works." in said.text
    assert first not in said.text
    said = await chat.say("carol", first)
    assert "That invite code is not valid" in said.text
    async with app.unit_of_work() as uow:
        carol = await uow.session.scalar(select(Account).where(Account.platform_id == "carol"))
        assert carol is not None and carol.role is None


async def test_a_registered_user_cannot_join_another_provider(
        chat: Transcript, app: App) -> None:
    await factories.provider(app, "bob")
    await factories.merchant(app, "alice")
    command = await invite_command(chat)
    said = await chat.say("alice", command)
    assert "You are already registered as a merchant" in said.text


async def test_a_forged_code_and_a_merchants_invite_are_refused(
        chat: Transcript, app: App) -> None:
    said = await chat.say("carol", "/start join_NOTACODE")
    assert "That invite code is not valid" in said.text
    said = await chat.say("carol", "/start join_")
    assert "That invite code is not valid" in said.text
    await factories.merchant(app, "alice")
    said = await chat.say("alice", "/invite")
    assert "not available to you" in said.text
    said = await chat.forge("alice", "invite:renew")
    assert "Only service providers can do that" in said.text


async def test_the_invite_speaks_chinese(chat: Transcript, app: App) -> None:
    await factories.provider(app, "li", language="zh")
    said = await chat.say("li", "/invite", lang="zh")
    assert "您团队的邀请码" in said.text and said.last.labels == ["更换邀请码"]
