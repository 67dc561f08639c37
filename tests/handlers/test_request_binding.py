"""Requesting a binding from a provider card: scope, duration, confirm; the provider is asked."""

from sqlalchemy import func, select

from bot.app import App
from domain.models import (
    Binding,
    BindingScope,
    BindingStatus,
    Certification,
    Provider,
    ProviderStatus,
)
from tests import factories
from tests.handlers.binding_flow import bound, parties, request
from tests.transcript import Transcript


async def count_bindings(app: App) -> int:
    async with app.unit_of_work() as uow:
        return await uow.session.scalar(select(func.count()).select_from(Binding)) or 0


async def set_status(app: App, provider_id: int, status: ProviderStatus) -> None:
    async with app.unit_of_work() as uow:
        provider = await uow.session.get(Provider, provider_id)
        assert provider is not None
        provider.status = status
        await uow.commit()


async def test_the_card_button_offers_the_certified_categories(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    said = await chat.forge("alice", f"bind:new:{pid}")
    assert "Binding request to *BrightWave Digital*" in said.text
    assert said.last.labels == ["Advertising agency", "Influencer and affiliate marketing", "Done",
                                 "Cancel"]


async def test_a_merchant_requests_and_the_provider_is_asked(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await chat.forge("alice", f"bind:new:{pid}")
    await chat.press("alice", "Advertising agency")
    said = await chat.press("alice", "Influencer and affiliate marketing")
    assert said.last.labels[:2] == ["✓ Advertising agency", "✓ Influencer and affiliate marketing"]
    said = await chat.press("alice", "Done")
    assert said.last.labels == ["30 days", "90 days", "180 days", "365 days", "‹ Back", "Cancel"]
    said = await chat.press("alice", "180 days")
    assert "Scope: Advertising agency, Influencer and affiliate marketing" in said.text
    assert "Duration: 180 days" in said.text
    said = await chat.press("alice", "Confirm")
    assert "Your binding request #1 has gone to BrightWave Digital" in said.to("alice").text
    assert "New binding request #1\nMerchant: Alice Beauty Store" in said.to("bob").text
    assert said.to("bob").last.labels == ["Accept", "Decline"]
    async with app.unit_of_work() as uow:
        binding = await uow.session.get(Binding, 1)
        assert binding is not None and binding.status is BindingStatus.REQUESTED
        scopes = await uow.session.scalar(select(func.count()).select_from(BindingScope))
        assert binding.duration_days == 180 and scopes == 2


async def test_a_chinese_provider_reads_the_request_in_chinese(chat: Transcript, app: App) -> None:
    await factories.merchant(app, "alice")
    pid = await factories.provider(app, "li", categories=("advertising",), language="zh")
    said = await request(chat, pid, scope=())
    assert "新的绑定申请 #1\n商家：Alice Beauty Store" in said.to("li").text
    assert "授权范围：广告代理" in said.to("li").text
    assert said.to("li").last.labels == ["接受", "拒绝"]


async def test_done_without_a_category_asks_again(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await chat.forge("alice", f"bind:new:{pid}")
    said = await chat.press("alice", "Done")
    assert "Please pick at least one category first." in said.text
    assert "Which service categories" in said.last.text


async def test_free_text_where_a_button_is_expected_keeps_the_form(chat: Transcript,
                                                                   app: App) -> None:
    pid = await parties(app)
    await chat.forge("alice", f"bind:new:{pid}")
    await chat.run("alice", "> Advertising agency", "> Done")
    said = await chat.say("alice", "ninety days please")
    assert "Please choose one of the buttons" in said[0].text
    assert "How long should the binding" in said.last.text
    said = await chat.press("alice", "30 days")
    assert "Duration: 30 days" in said.text


async def test_cancel_at_the_confirmation_sends_nothing(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await chat.forge("alice", f"bind:new:{pid}")
    await chat.run("alice", "> Advertising agency", "> Done", "> 30 days")
    said = await chat.press("alice", "Cancel")
    assert said.text == "Cancelled: no request was sent."
    assert await count_bindings(app) == 0


async def test_forged_scope_and_duration_are_refused(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await chat.forge("alice", f"bind:new:{pid}")
    said = await chat.forge("alice", "bind:t:logistics")
    assert "That button is no longer valid" in said.text
    await chat.run("alice", "> Advertising agency", "> Done")
    said = await chat.forge("alice", "bind:d:45")
    assert "That button is no longer valid" in said.text
    said = await chat.press("alice", "30 days")
    assert "Duration: 30 days" in said.text


async def test_a_second_request_while_one_is_pending_points_to_it(chat: Transcript,
                                                                  app: App) -> None:
    pid = await parties(app)
    await request(chat, pid)
    said = await chat.forge("alice", f"bind:new:{pid}")
    assert "You already asked BrightWave Digital (request #1)" in said.text
    assert await count_bindings(app) == 1


async def test_a_request_to_a_provider_already_bound_is_refused(chat: Transcript,
                                                                app: App) -> None:
    pid = await parties(app)
    await bound(chat, pid)
    said = await chat.forge("alice", f"bind:new:{pid}")
    assert "You are already bound to BrightWave Digital (binding #1)" in said.text


async def test_after_a_binding_expires_a_new_request_is_possible(chat: Transcript, app: App,
                                                                 clock) -> None:
    pid = await parties(app)
    await bound(chat, pid, days=30)
    clock.advance(days=31)
    said = await chat.forge("alice", f"bind:new:{pid}")
    assert "Which service categories" in said.text


async def test_a_suspended_provider_cannot_be_asked(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await set_status(app, pid, ProviderStatus.SUSPENDED)
    said = await chat.forge("alice", f"bind:new:{pid}")
    assert "BrightWave Digital is suspended or no longer in the market" in said.text


async def test_a_provider_suspended_during_the_form_is_refused_at_confirm(chat: Transcript,
                                                                          app: App) -> None:
    pid = await parties(app)
    await chat.forge("alice", f"bind:new:{pid}")
    await chat.run("alice", "> Advertising agency", "> Done", "> 30 days")
    await set_status(app, pid, ProviderStatus.EXPELLED)
    said = await chat.press("alice", "Confirm")
    assert "is suspended or no longer in the market" in said.text
    assert await count_bindings(app) == 0
    await set_status(app, pid, ProviderStatus.ACTIVE)
    said = await chat.press("alice", "Confirm")  # the form stayed where it was
    assert "Your binding request #1 has gone" in said.to("alice").text


async def test_an_unlisted_provider_cannot_be_asked(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    async with app.unit_of_work() as uow:
        for cert in (await uow.session.scalars(select(Certification))).all():
            cert.revoked_at = uow.now()
        await uow.commit()
    said = await chat.forge("alice", f"bind:new:{pid}")
    assert "holds no active certification" in said.text


async def test_only_merchants_can_request(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    said = await chat.forge("bob", f"bind:new:{pid}")
    assert "Only merchants can do that" in said.text
    said = await chat.forge("alice", "bind:new:999")
    assert "That provider was not found." in said.text
    said = await chat.forge("alice", "bind:new:abc")
    assert "That button is no longer valid" in said.text


async def test_from_a_shared_card_to_an_active_binding(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    said = await chat.say("alice", f"/start p_{pid}")
    assert "Request binding" in said.last.labels
    said = await chat.run("alice", "> Request binding", "> Influencer and affiliate marketing",
                          "> Done", "> 365 days", "> Confirm")
    assert said.to("bob").last.labels == ["Accept", "Decline"]
    said = await chat.press("bob", "Accept")
    assert "active until 2027-11-02" in said.to("alice").text
