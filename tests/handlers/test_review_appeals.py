"""/appeals: operators uphold or overturn; overturning removes the sanction's points and effects."""

import asyncio
from pathlib import Path

from sqlalchemy import func, select

from bot.app import App
from domain.models import (
    Appeal,
    AppealStatus,
    AuditEntry,
    BlacklistEntry,
    Provider,
    ProviderStatus,
    Sanction,
)
from tests import factories
from tests.sanctioning import report, uphold
from tests.transcript import Said, Transcript

TEXT = "The $500 was a refundable deposit written into our contract, clause 4."


async def _appealed(chat: Transcript, app: App, tmp_path: Path, action: str = "Points",
                    *answers: str) -> int:
    provider_id = await factories.provider(app, "bob")
    await report(app, "alice", provider_id)
    await uphold(chat, "ops", action, *(answers or (("12",) if action == "Points" else ())))
    pdf = tmp_path / "contract.pdf"
    pdf.write_bytes(b"%PDF-1.4 contract")
    await chat.run("bob", "> Appeal", TEXT)
    await chat.send_file("bob", pdf)
    await chat.press("bob", "Send appeal")
    return provider_id


async def _decide(chat: Transcript, operator: str, button: str, reason: str) -> Said:
    await chat.run(operator, "/appeals", f"> {button}", reason)
    return await chat.press(operator, "Confirm")


async def _provider(app: App, provider_id: int) -> Provider:
    """The provider's row as committed (read, then detached with its values loaded)."""
    async with app.unit_of_work() as uow:
        provider = await uow.session.get(Provider, provider_id)
        assert provider is not None
        uow.session.expunge(provider)
        return provider


async def test_the_queue_shows_the_appeal_with_the_sanction_and_files(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    await _appealed(chat, app, tmp_path)
    said = await chat.say("ops", "/appeals")
    assert "Appeal 1 of 1* — appeal #1" in said.text
    assert "Sanction #1: points deduction, 12 points, given 2026-11-02 by console:ops" in said.text
    assert TEXT in said.text and "contract.pdf" in said.text
    assert said.last.labels == ["Uphold sanction", "Overturn"]


async def test_overturning_removes_the_points_and_lifts_the_suspension(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    provider_id = await _appealed(chat, app, tmp_path)
    assert (await _provider(app, provider_id)).status is ProviderStatus.SUSPENDED
    said = await _decide(chat, "ops", "Overturn", "The contract shows a refundable deposit.")
    assert "Appeal #1 accepted: sanction #1 overturned" in said.to("ops").text
    assert "No open appeals" in said.to("ops").text
    bob = said.to("bob").text
    assert "accepted: sanction #1 is overturned" in bob
    assert "Points you now hold: 0; status: active." in bob
    assert "on appeal, the sanction was overturned" in said.to("alice").text
    provider = await _provider(app, provider_id)
    assert (provider.status, provider.violation_points, provider.suspended_until) == (
        ProviderStatus.ACTIVE, 0, None)
    async with app.unit_of_work() as uow:
        sanction = await uow.session.get(Sanction, 1)
        assert sanction is not None and sanction.overturned_at is not None
        entry = await uow.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "appeal.overturned"))
        assert entry is not None and entry.actor == "console:ops"
        assert entry.subject == "appeal:1" and "refundable" in (entry.reason or "")


async def test_upholding_keeps_the_sanction(chat: Transcript, app: App, tmp_path: Path) -> None:
    provider_id = await _appealed(chat, app, tmp_path)
    said = await _decide(chat, "ops", "Uphold sanction", "The deposit was never refunded.")
    assert "rejected: sanction #1 stands" in said.to("bob").text
    assert "Points you now hold: 12; status: suspended." in said.to("bob").text
    assert "appeal was rejected; the sanction stands" in said.to("alice").text
    provider = await _provider(app, provider_id)
    assert provider.status is ProviderStatus.SUSPENDED and provider.violation_points == 12
    async with app.unit_of_work() as uow:
        appeal = await uow.session.get(Appeal, 1)
        assert appeal is not None and appeal.status is AppealStatus.UPHELD


async def test_overturning_an_expulsion_removes_it_from_the_blacklist(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    provider_id = await _appealed(chat, app, tmp_path, "Expel")
    async with app.unit_of_work() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(BlacklistEntry)) == 2
    await _decide(chat, "ops", "Overturn", "Wrong provider: the name was similar.")
    assert (await _provider(app, provider_id)).status is ProviderStatus.ACTIVE
    async with app.unit_of_work() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(BlacklistEntry)) == 0


async def test_two_operators_deciding_at_once_exactly_one_wins(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    provider_id = await _appealed(chat, app, tmp_path)
    await chat.run("ops", "/appeals", "> Overturn", "The contract shows a deposit.")
    await chat.run("ops2", "/appeals", "> Uphold sanction", "The deposit was kept.")
    first, second = await asyncio.gather(chat.press("ops", "Confirm"),
                                         chat.press("ops2", "Confirm"))
    answers = first.to("ops").text + second.to("ops2").text
    assert answers.count("was already decided") == 1
    points = (await _provider(app, provider_id)).violation_points
    async with app.unit_of_work() as uow:
        appeal = await uow.session.get(Appeal, 1)
        assert appeal is not None
        assert (appeal.status, points) in {(AppealStatus.OVERTURNED, 0),
                                           (AppealStatus.UPHELD, 12)}
        decided = await uow.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action.like("appeal.%"), AuditEntry.action != "appeal.file"))
        assert decided == 1


async def test_the_operator_who_loses_the_race_is_told_and_left_at_the_queue(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    await _appealed(chat, app, tmp_path)
    await chat.run("ops", "/appeals", "> Overturn", "The contract shows a deposit.")
    await _decide(chat, "ops2", "Uphold sanction", "The deposit was never refunded.")
    said = await chat.press("ops", "Confirm")
    assert said.to("ops").text == ("Appeal #1 was already decided (sanction upheld) by "
                                   "console:ops2; nothing was changed.\n---\nNo open appeals.")
    said = await chat.forge("ops", "appeals:yes")
    assert "no longer valid" in said.text


async def test_deciding_an_appeal_twice_is_refused(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    await _appealed(chat, app, tmp_path)
    await _decide(chat, "ops", "Uphold sanction", "The deposit was never refunded.")
    said = await chat.forge("ops2", "appeals:act:1:o")
    assert "Appeal #1 was already decided (sanction upheld) by console:ops" in said.text


async def test_a_non_operator_cannot_decide_appeals(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    provider_id = await _appealed(chat, app, tmp_path)
    said = await chat.say("bob", "/appeals")
    assert said.text == "Only platform operators can do that."
    for payload in ("appeals:act:1:o", "appeals:open:1", "appeals:yes"):
        said = await chat.forge("bob", payload)
        assert said.text == "Only platform operators can do that."
    assert (await _provider(app, provider_id)).violation_points == 12


async def test_free_text_at_the_confirmation_keeps_it(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    await _appealed(chat, app, tmp_path)
    await chat.run("ops", "/appeals", "> Overturn", "The contract shows a deposit.")
    said = await chat.say("ops", "ok")
    assert "Please choose one of the buttons" in said.text
    assert said.last.labels == ["Confirm", "Cancel", "‹ Back"]
