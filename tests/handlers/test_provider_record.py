"""/provider NAME-OR-ID: an operator reads a provider's whole record."""

from datetime import timedelta

from bot.app import App
from domain.models import Appeal, AppealStatus, Binding, BindingStatus, Sanction, SanctionKind
from tests import factories
from tests.transcript import Transcript


async def sanctioned(app: App, provider_id: int) -> None:
    """Rows another conversation writes (sanctions, appeals, bindings), set up directly."""
    merchant_id = await factories.merchant(app, "alice")
    async with app.unit_of_work() as uow:
        now = uow.now()
        sanction = Sanction(provider_id=provider_id, kind=SanctionKind.POINTS, points=6,
                            reason="Charged an entry fee.", decided_by="console:ops",
                            created_at=now)
        uow.session.add(sanction)
        await uow.session.flush()
        uow.session.add(Appeal(sanction_id=sanction.id, text="The fee was a deposit.",
                               status=AppealStatus.OPEN, created_at=now))
        for status in (BindingStatus.ACTIVE, BindingStatus.DECLINED):
            uow.session.add(Binding(merchant_id=merchant_id, provider_id=provider_id,
                                    duration_days=90, status=status, requested_at=now,
                                    starts_at=now, ends_at=now + timedelta(days=90)))
        await uow.commit()


async def test_an_operator_sees_the_record_by_name(chat: Transcript, app: App) -> None:
    provider_id = await factories.provider(app, "bob", categories=("advertising", "content"))
    await sanctioned(app, provider_id)
    said = await chat.say("ops", "/provider brightwave")
    text = said.text
    assert f"BrightWave Digital* (#{provider_id})" in text
    assert "Status: active" in text and "Team members: 1" in text
    assert "• Advertising agency: 2026-11-02 → 2027-11-02 (active)" in text
    assert "Content and creative production" in text
    assert "*Bindings*: 1 active, 2 in all" in text
    assert "points, 6 points, 2026-11-02: Charged an entry fee." in text
    assert "appeal open: The fee was a deposit." in text


async def test_an_id_finds_the_provider_and_several_matches_offer_buttons(
        chat: Transcript, app: App) -> None:
    first = await factories.provider(app, None, name="Bright Ads")
    await factories.provider(app, None, name="Bright Media")
    said = await chat.say("ops", f"/provider {first}")
    assert "*Bright Ads*" in said.text
    said = await chat.say("ops", "/provider bright")
    assert "2 providers match" in said.text
    said = await chat.press("ops", said.last.labels[1])
    assert "*Bright Media*" in said.text


async def test_nothing_found_and_no_query_get_clear_answers(chat: Transcript) -> None:
    said = await chat.say("ops", "/provider")
    assert "Send /provider followed by" in said.text
    said = await chat.say("ops", "/provider 100%_nobody")
    assert "No provider matches “100%_nobody”" in said.text


async def test_nobody_else_can_read_a_record(chat: Transcript, app: App) -> None:
    provider_id = await factories.provider(app, "bob")
    said = await chat.say("bob", f"/provider {provider_id}")
    assert said.text == "Only platform operators can do that."
    said = await chat.forge("bob", f"prov:show:{provider_id}")
    assert said.text == "Only platform operators can do that."
