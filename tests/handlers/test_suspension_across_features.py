"""A sanction reaches every feature at once: a suspended provider leaves search and takes no
new bindings until the suspension ends; an expelled one is gone for good and blacklisted."""

from bot.app import App
from domain.models import Binding, BindingStatus
from tests import factories
from tests.clock import Clock
from tests.handlers.binding_flow import parties, request
from tests.sanctioning import report, uphold
from tests.transcript import Transcript

UNAVAILABLE = ("BrightWave Digital is suspended or no longer in the market, "
               "so it cannot take binding requests now.")


async def search(chat: Transcript) -> str:
    return (await chat.say("alice", "/search BrightWave")).text


async def binding_status(app: App, binding_id: int) -> BindingStatus:
    async with app.unit_of_work() as uow:
        row = await uow.session.get(Binding, binding_id)
        assert row is not None
        return row.status


async def test_a_suspended_provider_leaves_search_and_cannot_be_asked_until_it_ends(
        chat: Transcript, app: App, clock: Clock) -> None:
    provider_id = await parties(app)
    said = await request(chat, provider_id)  # asked before the suspension: still pending
    assert said.to("bob").labels == ["Accept", "Decline"]
    await factories.merchant(app, "dave", shop="Dave Shop")
    await report(app, "carol", provider_id)
    await uphold(chat, "ops", "Suspend", "7")
    assert "BrightWave Digital" not in await search(chat)
    said = await chat.forge("dave", f"bind:new:{provider_id}")
    assert said.text == UNAVAILABLE
    # The request's Accept button, pressed after the sanction notice arrived:
    said = await chat.forge("bob", "bindans:acc:1")  # nor take the client who asked before
    assert said.text == UNAVAILABLE
    assert await binding_status(app, 1) is BindingStatus.REQUESTED
    clock.advance(days=7, minutes=1)
    assert "1. BrightWave Digital" in await search(chat)
    said = await request(chat, provider_id, merchant="dave")
    assert said.to("bob").labels == ["Accept", "Decline"]


async def test_an_expelled_provider_is_gone_and_its_team_invite_is_refused(
        chat: Transcript, app: App, clock: Clock) -> None:
    provider_id = await parties(app)
    code = (await chat.say("bob", "/invite")).text.split("*")[1]
    await report(app, "carol", provider_id)
    await uphold(chat, "ops", "Expel")
    assert "BrightWave Digital" not in await search(chat)
    said = await chat.forge("alice", f"bind:new:{provider_id}")
    assert said.text == UNAVAILABLE
    said = await chat.say("erin", f"/start join_{code}")
    assert "expelled" in said.text and "joined" not in said.text
    said = await chat.say("bob", "/invite")
    assert "expelled" in said.text and code not in said.text
    clock.advance(days=365)
    assert "BrightWave Digital" not in await search(chat)
