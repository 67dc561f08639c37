"""A decision button acts only on the object and the form it was shown for: an old Confirm
pressed after the user moved on to another form is refused as stale and changes nothing."""

from sqlalchemy import func, select

from bot.app import App
from domain.models import Appeal, Binding, Provider, ProviderStatus, Sanction
from tests import factories
from tests.sanctioning import REASON, report
from tests.transcript import Transcript

STALE = "That button is no longer valid. Use the newest message, or send /help."


def payload(chat: Transcript, user: str, label: str) -> str:
    """The payload behind a button the user was shown, kept to be pressed later."""
    return chat.console._payload(user, label)


async def _statuses(app: App) -> list[ProviderStatus]:
    async with app.unit_of_work() as uow:
        return list((await uow.session.scalars(
            select(Provider.status).order_by(Provider.id))).all())


async def test_an_old_warning_confirm_does_not_expel_another_provider(
        chat: Transcript, app: App) -> None:
    first = await factories.provider(app, "bob", "BrightWave Digital")
    second = await factories.provider(app, "erin", "Blue Harbor Logistics", ("logistics",))
    await report(app, "carol", first, minutes_ago=10)
    await report(app, "dave", second)
    await chat.run("ops", "/cases", "> Warning", REASON)
    old_confirm = payload(chat, "ops", "Confirm")
    await chat.run("ops", "/cases", "> Leave", "> Next ›", "> Expel",
                   REASON)  # now on R-000002's form

    said = await chat.forge("ops", old_confirm)

    assert said.text == STALE
    assert await _statuses(app) == [ProviderStatus.ACTIVE, ProviderStatus.ACTIVE]
    async with app.unit_of_work() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(Sanction)) == 0
    said = await chat.press("ops", "Confirm")  # the form on screen still works
    assert "expulsion" in said.to("ops")[0].text
    assert await _statuses(app) == [ProviderStatus.ACTIVE, ProviderStatus.EXPELLED]


async def test_a_confirm_from_an_earlier_form_on_the_same_case_is_stale(
        chat: Transcript, app: App) -> None:
    provider_id = await factories.provider(app, "bob")
    await report(app, "carol", provider_id)
    await chat.run("ops", "/cases", "> Warning", REASON)
    old_confirm = payload(chat, "ops", "Confirm")
    await chat.run("ops", "> Cancel", "/cases", "> Expel", REASON)
    assert (await chat.forge("ops", old_confirm)).text == STALE
    assert await _statuses(app) == [ProviderStatus.ACTIVE]


async def test_a_merchants_old_confirm_does_not_ask_another_provider(
        chat: Transcript, app: App) -> None:
    await factories.merchant(app, "alice")
    first = await factories.provider(app, "bob", "BrightWave Digital")
    second = await factories.provider(app, "erin", "Blue Harbor Logistics")
    await chat.forge("alice", f"bind:new:{first}")
    await chat.run("alice", "> Done", "> 365 days")
    old_confirm = payload(chat, "alice", "Confirm")
    await chat.forge("alice", f"bind:new:{second}")
    await chat.run("alice", "> Done", "> 30 days")

    said = await chat.forge("alice", old_confirm)

    assert said.text == STALE and not said.to("erin") and not said.to("bob")
    async with app.unit_of_work() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(Binding)) == 0
    said = await chat.press("alice", "Confirm")
    assert "Blue Harbor Logistics" in said.to("alice").text and said.to("erin")


async def test_a_forged_confirm_without_the_forms_nonce_is_stale(
        chat: Transcript, app: App) -> None:
    await factories.merchant(app, "alice")
    provider_id = await factories.provider(app, "bob")
    await chat.forge("alice", f"bind:new:{provider_id}")
    await chat.run("alice", "> Done", "> 30 days")
    for forged in ("bind:yes", f"bind:yes:{provider_id}", f"bind:yes:{provider_id}:xxxxxx"):
        assert (await chat.forge("alice", forged)).text == STALE
    assert "365" not in (await chat.press("alice", "Confirm")).text


async def test_an_old_send_appeal_does_not_appeal_another_sanction(
        chat: Transcript, app: App) -> None:
    provider_id = await factories.provider(app, "bob")
    for reporter in ("carol", "dave"):
        await report(app, reporter, provider_id)
        await chat.run("ops", "/cases", "> Warning", REASON, "> Confirm")
    text = "The fee was a refundable deposit written into our contract."
    await chat.run("bob", "/appeal", "> #1 · warning · 2026-11-02", text)
    old_send = payload(chat, "bob", "Send appeal")
    await chat.run("bob", "/appeal", "> Leave", "> #2 · warning · 2026-11-02", text)

    assert (await chat.forge("bob", old_send)).text == STALE
    async with app.unit_of_work() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(Appeal)) == 0
    said = await chat.press("bob", "Send appeal")
    assert "sanction #2" in said.text
