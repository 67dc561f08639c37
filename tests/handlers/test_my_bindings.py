"""/bindings: scope, status and end date; revoking with a confirmation; expiry by the clock."""

from sqlalchemy import select

from bot.app import App
from domain.models import Binding, BindingStatus
from tests import factories
from tests.clock import Clock
from tests.handlers.binding_flow import bound, parties, request
from tests.transcript import Transcript


async def test_no_bindings_yet(chat: Transcript, app: App) -> None:
    await parties(app)
    said = await chat.say("alice", "/bindings")
    assert "You have no bindings yet" in said.text
    said = await chat.say("bob", "/bindings")
    assert "No merchant has asked to bind you yet." in said.text


async def test_the_list_shows_scope_status_and_end_date(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await bound(chat, pid, days=30)
    said = await chat.say("alice", "/bindings")
    assert said.text.splitlines()[1] == \
        "#1 BrightWave Digital — Advertising agency — active, 30 days, ends 2026-12-02"
    assert said.last.labels == ["Evaluate #1", "Revoke #1"]


async def test_revoking_asks_first_then_tells_the_provider(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await bound(chat, pid)
    await chat.say("alice", "/bindings")
    said = await chat.press("alice", "Revoke #1")
    assert "Revoke binding #1 with BrightWave Digital?" in said.text
    said = await chat.say("alice", "yes")
    assert "Please choose one of the buttons" in said[0].text
    said = await chat.press("alice", "Confirm")
    assert "Binding #1 with BrightWave Digital is revoked" in said.to("alice").text
    assert said.to("bob").text == \
        "Alice Beauty Store revoked binding #1. The authorization has ended."
    said = await chat.say("alice", "/bindings")
    assert "— revoked, 90 days" in said.text and "Revoke #1" not in said.labels


async def test_cancelling_the_revocation_keeps_the_binding(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await bound(chat, pid)
    await chat.say("alice", "/bindings")
    await chat.press("alice", "Revoke #1")
    said = await chat.press("alice", "Cancel")
    assert said.text == "Binding #1 is unchanged."
    async with app.unit_of_work() as uow:
        binding = await uow.session.get(Binding, 1)
        assert binding is not None and binding.status is BindingStatus.ACTIVE


async def test_a_forged_revoke_of_someone_elses_binding_is_refused(chat: Transcript,
                                                                   app: App) -> None:
    pid = await parties(app)
    await factories.merchant(app, "mallory", shop="Other Shop")
    await bound(chat, pid)
    said = await chat.forge("mallory", "bindings:rv:1")
    assert said.text == "That binding was not found among yours."
    said = await chat.forge("mallory", "bindings:yes")
    assert "That button is no longer valid" in said.text
    async with app.unit_of_work() as uow:
        binding = await uow.session.get(Binding, 1)
        assert binding is not None and binding.status is BindingStatus.ACTIVE


async def test_an_expired_binding_is_not_active_whatever_the_jobs(chat: Transcript, app: App,
                                                                  clock: Clock) -> None:
    pid = await parties(app)
    await bound(chat, pid, days=30)
    clock.advance(days=30, seconds=1)
    said = await chat.say("alice", "/bindings")
    assert "— expired, 30 days, ends 2026-12-02" in said.text
    assert said.last.labels == ["Evaluate #1"]
    said = await chat.forge("alice", "bindings:rv:1")
    assert said.text == "Binding #1 has already ended, so there is nothing to revoke."
    async with app.unit_of_work() as uow:
        binding = await uow.session.get(Binding, 1)
        assert binding is not None and binding.status is BindingStatus.EXPIRED


async def test_an_expired_confirmation_is_refused(chat: Transcript, app: App,
                                                  clock: Clock) -> None:
    pid = await parties(app)
    await bound(chat, pid, days=30)
    await chat.say("alice", "/bindings")
    await chat.press("alice", "Revoke #1")
    clock.advance(days=31)
    said = await chat.press("alice", "Confirm")
    assert "has already ended" in said.text
    assert (await chat.say("bob", "/bindings")).text.count("expired") == 1


async def test_the_provider_sees_clients_read_only(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await bound(chat, pid)
    said = await chat.say("bob", "/bindings")
    assert "Your clients' bindings:\n#1 Alice Beauty Store" in said.text
    assert said.labels == []
    said = await chat.forge("bob", "bindings:rv:1")
    assert "Only merchants can do that" in said.text


async def test_a_pending_request_can_be_withdrawn(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await request(chat, pid)
    said = await chat.say("alice", "/bindings")
    assert "waiting for the answer" in said.text and said.last.labels == ["Revoke #1"]
    said = await chat.run("alice", "> Revoke #1", "> Confirm")
    assert "Binding #1 with BrightWave Digital is revoked" in said.to("alice").text
    async with app.unit_of_work() as uow:
        rows = (await uow.session.scalars(select(Binding))).all()
        assert [r.status for r in rows] == [BindingStatus.REVOKED]


async def test_help_lists_the_commands_per_role(chat: Transcript, app: App) -> None:
    await parties(app)
    merchant = await chat.say("alice", "/help")
    assert "/bindings — your bindings" in merchant.text
    assert "/report — report a provider's violation" in merchant.text
    assert "/reports — your reports and their status" in merchant.text
    provider = await chat.say("bob", "/help")
    assert "/bindings" in provider.text and "/report " not in provider.text
