"""/appeal: a provider contests a sanction once, within the window, with text and files."""

from pathlib import Path

from sqlalchemy import func, select

from bot.app import App
from domain.models import Appeal, Sanction, StoredFile
from tests import factories
from tests.clock import Clock
from tests.sanctioning import report, uphold
from tests.transcript import Transcript

TEXT = "The $500 was a refundable deposit written into our contract, clause 4."


async def _sanctioned(chat: Transcript, app: App, handle: str = "bob",
                      name: str = "BrightWave Digital") -> int:
    provider_id = await factories.provider(app, handle, name=name)
    await report(app, "alice", provider_id)
    await uphold(chat, "ops", "Points", "> 6")
    async with app.unit_of_work() as uow:
        sanction_id = await uow.session.scalar(select(Sanction.id).where(
            Sanction.provider_id == provider_id))
        assert sanction_id is not None
        return sanction_id


def _pdf(tmp_path: Path, name: str = "contract.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4 signed contract, clause 4: deposit refundable")
    return path


async def test_a_provider_appeals_from_the_notice_with_text_and_a_file(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    sanction_id = await _sanctioned(chat, app)
    said = await chat.press("bob", "Appeal")
    assert f"Appeal of sanction #{sanction_id}" in said.text
    said = await chat.say("bob", TEXT)
    assert "Send supporting files" in said.text and "0 of 5" in said.text
    said = await chat.send_file("bob", _pdf(tmp_path))
    assert "Got contract.pdf." in said.text and "1 of 5" in said.last.text
    said = await chat.press("bob", "Send appeal")
    assert f"Appeal #1 for sanction #{sanction_id} sent, with 1 file(s)" in said.text
    async with app.unit_of_work() as uow:
        appeal = await uow.session.scalar(select(Appeal))
        assert appeal is not None and appeal.text == TEXT
        files = (await uow.session.scalars(select(StoredFile).where(
            StoredFile.attached_to == f"appeal:{appeal.id}"))).all()
        assert [f.name for f in files] == ["contract.pdf"]


async def test_appeal_lists_the_sanctions_that_can_be_appealed(
        chat: Transcript, app: App) -> None:
    sanction_id = await _sanctioned(chat, app)
    said = await chat.say("bob", "/appeal")
    assert said.last.labels == [f"#{sanction_id} · points deduction · 2026-11-02"]
    said = await chat.press("bob", f"#{sanction_id} · points deduction · 2026-11-02")
    assert "Why should it be lifted?" in said.text


async def test_a_provider_without_sanctions_is_told_so(chat: Transcript, app: App) -> None:
    await factories.provider(app, "bob")
    said = await chat.say("bob", "/appeal")
    assert "You have no sanction that can be appealed" in said.text
    said = await chat.say("bob", "/appeal", lang="zh")
    assert "您没有可申诉的处罚" in said.text


async def test_an_appeal_after_the_window_is_refused(
        chat: Transcript, app: App, clock: Clock) -> None:
    sanction_id = await _sanctioned(chat, app)
    clock.advance(days=14, minutes=1)
    said = await chat.press("bob", "Appeal")
    assert (f"The appeal window for sanction #{sanction_id} closed on 2026-11-16 "
            "(14 days after it was given).") == said.text
    said = await chat.say("bob", "/appeal")
    assert "no sanction that can be appealed" in said.text


async def test_the_last_day_of_the_window_still_counts(
        chat: Transcript, app: App, clock: Clock) -> None:
    await _sanctioned(chat, app)
    clock.advance(days=13, hours=23)
    said = await chat.press("bob", "Appeal")
    assert "Why should it be lifted?" in said.text


async def test_a_second_appeal_is_refused(chat: Transcript, app: App) -> None:
    sanction_id = await _sanctioned(chat, app)
    await chat.run("bob", "> Appeal", TEXT, "> Send appeal")
    said = await chat.forge("bob", f"appeal:pick:{sanction_id}")
    assert "has already been appealed" in said.text and "only once" in said.text
    async with app.unit_of_work() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(Appeal)) == 1


async def test_a_file_of_the_wrong_type_or_too_large_is_refused_and_the_form_waits(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    await _sanctioned(chat, app)
    await chat.run("bob", "> Appeal", TEXT)
    exe = tmp_path / "tool.exe"
    exe.write_bytes(b"MZ" * 10)
    said = await chat.send_file("bob", exe)
    assert "tool.exe" in said.text and "Got" not in said.text
    big = tmp_path / "scan.pdf"
    with big.open("wb") as fh:
        fh.truncate(11 * 1024 * 1024)
    said = await chat.send_file("bob", big)
    assert "scan.pdf" in said.text and "10" in said.text and "Got" not in said.text
    said = await chat.send_file("bob", _pdf(tmp_path))
    assert "Got contract.pdf." in said.text and "1 of 5" in said.last.text
    said = await chat.press("bob", "Send appeal")
    assert "with 1 file(s)" in said.text


async def test_free_text_where_a_button_is_expected(chat: Transcript, app: App) -> None:
    await _sanctioned(chat, app)
    await chat.run("bob", "> Appeal", TEXT)
    said = await chat.say("bob", "send it")
    assert "Please choose one of the buttons" in said.text
    assert said.last.labels == ["Send appeal", "Cancel", "‹ Back"]


async def test_a_too_short_appeal_text_is_refused(chat: Transcript, app: App) -> None:
    await _sanctioned(chat, app)
    said = await chat.run("bob", "> Appeal", "unfair")
    assert "Too short: your appeal" in said.text
    said = await chat.say("bob", TEXT)
    assert "Send supporting files" in said.text


async def test_someone_elses_sanction_cannot_be_appealed(chat: Transcript, app: App) -> None:
    sanction_id = await _sanctioned(chat, app)
    await factories.provider(app, "eve", name="Other Agency")
    said = await chat.forge("eve", f"appeal:pick:{sanction_id}")
    assert said.text == f"You have no sanction #{sanction_id}."
    said = await chat.forge("alice", f"appeal:pick:{sanction_id}")
    assert "Only service providers can do that." in said.text
    said = await chat.forge("eve", "appeal:send")
    assert "no longer valid" in said.text


async def test_only_providers_have_appeal(chat: Transcript, app: App) -> None:
    await factories.merchant(app, "alice")
    said = await chat.say("alice", "/appeal")
    assert "not available to you" in said.text
