"""The provider's side of a binding request: Accept or Decline, once, only their own."""

from sqlalchemy import select

from bot.app import App
from domain.models import Account, Binding, BindingStatus, Role
from tests import factories
from tests.handlers.binding_flow import parties, request, status_of
from tests.transcript import Transcript


async def test_accepting_activates_the_binding_and_tells_the_merchant(chat: Transcript,
                                                                      app: App) -> None:
    pid = await parties(app)
    await request(chat, pid, days=30)
    said = await chat.press("bob", "Accept")
    assert said.to("bob").text == "You accepted binding #1. It is active until 2026-12-02."
    assert "BrightWave Digital accepted your binding request #1" in said.to("alice").text
    async with app.unit_of_work() as uow:
        binding = await uow.session.get(Binding, 1)
        assert binding is not None and binding.status is BindingStatus.ACTIVE
        assert binding.ends_at is not None and binding.ends_at.date().isoformat() == "2026-12-02"


async def test_declining_without_a_reason_tells_the_merchant(chat: Transcript,
                                                            app: App) -> None:
    pid = await parties(app)
    await request(chat, pid)
    said = await chat.press("bob", "Decline")
    assert "Send a short reason the merchant will read (optional)" in said.text
    assert await status_of(app) is BindingStatus.REQUESTED
    said = await chat.press("bob", "Decline without a reason")
    assert "You declined binding request #1" in said.to("bob").text
    assert "BrightWave Digital declined your binding request #1." in said.to("alice").text
    assert "reason" not in said.to("alice").text


async def test_a_declines_reason_reaches_the_merchant_in_their_language(
        chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await request(chat, pid)
    await chat.say("alice", "/bindings", lang="zh")
    await chat.press("bob", "Decline")
    said = await chat.say("bob", "We are fully booked until March.")
    assert "You declined binding request #1" in said.to("bob").text
    assert "对方给出的理由：We are fully booked until March." in said.to("alice").text
    async with app.unit_of_work() as uow:
        binding = await uow.session.get(Binding, 1)
        assert binding is not None and binding.status is BindingStatus.DECLINED
        assert binding.decline_reason == "We are fully booked until March."


async def test_cancelling_a_decline_leaves_the_request_waiting(chat: Transcript,
                                                               app: App) -> None:
    pid = await parties(app)
    await request(chat, pid)
    await chat.run("bob", "> Decline", "> Cancel")
    assert await status_of(app) is BindingStatus.REQUESTED
    said = await chat.forge("bob", "bindans:yes:1:abcdef")  # a forged Decline-without-reason
    assert "no longer valid" in said.text
    assert await status_of(app) is BindingStatus.REQUESTED


async def test_a_request_is_answered_once(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await request(chat, pid)
    await chat.press("bob", "Accept")
    said = await chat.forge("bob", "bindans:dec:1")
    assert said.text == "Request #1 was already accepted."
    assert await status_of(app) is BindingStatus.ACTIVE


async def test_every_member_is_asked_and_the_first_answer_counts(chat: Transcript,
                                                                 app: App) -> None:
    pid = await parties(app)
    await factories.account(app, "carol")
    async with app.unit_of_work() as uow:
        carol = await uow.session.scalar(select(Account).where(Account.platform_id == "carol"))
        assert carol is not None
        carol.role, carol.provider_id = Role.PROVIDER, pid
        await uow.commit()
    said = await request(chat, pid)
    assert said.to("carol").last.labels == ["Accept", "Decline"]
    await chat.run("carol", "> Decline", "> Decline without a reason")
    said = await chat.press("bob", "Accept")
    assert said.text == "Request #1 was already declined."


async def test_someone_elses_request_cannot_be_answered(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await factories.provider(app, "mallory", name="Shady Growth Ltd")
    await request(chat, pid)
    said = await chat.forge("mallory", "bindans:acc:1")
    assert said.text == "That binding was not found among yours."
    said = await chat.forge("alice", "bindans:acc:1")
    assert "Only service providers can do that" in said.text
    said = await chat.forge("bob", "bindans:maybe:1")
    assert "That button is no longer valid" in said.text


async def test_a_withdrawn_request_cannot_be_accepted(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await request(chat, pid)
    await chat.say("alice", "/bindings")
    await chat.run("alice", "> Withdraw request #1", "> Confirm")
    said = await chat.press("bob", "Accept")
    assert said.to("bob").text == "Request #1 was withdrawn by the merchant."


async def test_the_provider_answers_from_bindings_too(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await request(chat, pid)
    said = await chat.say("bob", "/bindings")
    assert "#1 Alice Beauty Store — Advertising agency — waiting for the answer" in said.text
    assert said.last.labels == ["Accept #1", "Decline #1"]
    said = await chat.press("bob", "Accept #1")
    assert "You accepted binding #1" in said.to("bob").text
