"""Filing a report: provider, violation, description, evidence (files or links), a ticket.

Files here are limited to 1 MB (settings max_file_mb=1) so that "too large" needs no big file.
"""

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.app import App
from bot.settings import Settings, load_settings
from domain.models import Report, ReportStatus, StoredFile
from tests import factories
from tests.clock import Clock
from tests.conftest import OPERATORS, Database
from tests.transcript import Transcript

DESCRIPTION = "They said they are TikTok's official partner and asked for a fee."


@pytest.fixture
def settings(database: Database, tmp_path: Path) -> Settings:
    return load_settings(database_url=database.url_for(tmp_path), operators=OPERATORS,
                         storage_dir=tmp_path / "storage", max_file_mb=1)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    made = {"proof.png": b"\x89PNG\r\n\x1a\n small proof", "invoice.pdf": b"%PDF-1.4 invoice",
            "run.exe": b"MZ", "big.png": b"\x89PNG\r\n\x1a\n" + b"0" * 1_500_000}
    for name, data in made.items():
        (tmp_path / name).write_bytes(data)
    return {name: tmp_path / name for name in made}


async def parties(app: App) -> int:
    await factories.merchant(app, "alice")
    return await factories.provider(app, "bob")


async def reports(app: App) -> int:
    async with app.unit_of_work() as uow:
        return await uow.session.scalar(select(func.count()).select_from(Report)) or 0


async def to_evidence(chat: Transcript, provider_id: int) -> None:
    await chat.forge("alice", f"report:new:{provider_id}")
    await chat.press("alice", "Claims to be an official or exclusive partner")
    await chat.say("alice", DESCRIPTION)


async def file_one(chat: Transcript, provider_id: int) -> str:
    await to_evidence(chat, provider_id)
    await chat.say("alice", "https://example.com/chat-log")
    await chat.press("alice", "Done")
    return (await chat.press("alice", "Confirm")).text


async def test_report_by_name_with_files_and_links(chat: Transcript, app: App,
                                                   files: dict[str, Path]) -> None:
    await parties(app)
    said = await chat.say("alice", "/report")
    assert "Which provider do you want to report?" in said.text
    said = await chat.say("alice", "nobody like this")
    assert "No provider's name contains “nobody like this”" in said.text
    said = await chat.say("alice", "brightwave")
    assert said.last.labels == ["BrightWave Digital", "Cancel"]
    said = await chat.press("alice", "BrightWave Digital")
    assert "Reporting BrightWave Digital: what happened?" in said.text
    assert len(said.last.labels) == 7
    await chat.press("alice", "Charges entry or listing fees")
    said = await chat.say("alice", "Too short")
    assert "Too short: the description needs at least 20 characters" in said.text
    said = await chat.say("alice", DESCRIPTION)
    assert "Send up to 5 files (image or PDF) or links" in said.text
    said = await chat.send_file("alice", files["proof.png"])
    assert "Added (1 of at most 5)" in said.text
    await chat.send_file("alice", files["invoice.pdf"])
    said = await chat.say("alice", "https://example.com/a http://example.org/b")
    assert "Added (4 of at most 5)" in said.text
    said = await chat.press("alice", "Done")
    assert "Evidence: proof.png, invoice.pdf, https://example.com/a" in said.text
    assert "The provider will not learn who reported it." in said.text
    said = await chat.press("alice", "Confirm")
    assert said.to("alice").text.startswith("Report R-000001 about BrightWave Digital is filed")
    assert said.to("bob") == [] and len(said) == 1
    async with app.unit_of_work() as uow:
        report = await uow.session.get(Report, 1)
        assert report is not None and report.status is ReportStatus.OPEN
        assert report.links == ["https://example.com/a", "http://example.org/b"]
        attached = (await uow.session.scalars(select(StoredFile.name).where(
            StoredFile.attached_to == "report:1"))).all()
        assert sorted(attached) == ["invoice.pdf", "proof.png"]


async def test_report_from_the_card_and_search_words(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    said = await chat.say("alice", "/report Bright")
    assert said.last.labels == ["BrightWave Digital", "Cancel"]
    assert "R-000001" in await file_one(chat, pid)


async def test_evidence_is_required(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await to_evidence(chat, pid)
    said = await chat.press("alice", "Done")
    assert "Evidence is required" in said.text
    assert "Send up to 5 files" in said.last.text


async def test_wrong_type_too_large_and_bad_links_are_refused(chat: Transcript, app: App,
                                                              files: dict[str, Path]) -> None:
    pid = await parties(app)
    await to_evidence(chat, pid)
    said = await chat.send_file("alice", files["run.exe"])
    assert "“run.exe” is not an image or a PDF" in said.text
    said = await chat.send_file("alice", files["big.png"])
    assert "“big.png” is 1.4 MB; files may be at most 1 MB" in said.text
    said = await chat.say("alice", "ftp://example.com/x")
    assert "“ftp://example.com/x” is not a web link" in said.text
    said = await chat.say("alice", "see my screenshots")
    assert "is not a web link" in said.text
    said = await chat.send_file("alice", files["proof.png"])
    assert "Added (1 of at most 5)" in said.text
    async with app.unit_of_work() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(StoredFile)) == 1


async def test_at_most_five_pieces_of_evidence(chat: Transcript, app: App,
                                               files: dict[str, Path]) -> None:
    pid = await parties(app)
    await to_evidence(chat, pid)
    await chat.say("alice", " ".join(f"https://example.com/{n}" for n in range(4)))
    said = await chat.say("alice", "https://example.com/5 https://example.com/6")
    assert "At most 5 pieces of evidence per report" in said.text
    await chat.send_file("alice", files["proof.png"])
    said = await chat.send_file("alice", files["invoice.pdf"])
    assert "At most 5 pieces of evidence per report" in said.text
    said = await chat.press("alice", "Done")
    assert "Send this report?" in said.text


async def test_free_text_where_a_type_is_expected_keeps_the_form(chat: Transcript,
                                                                 app: App) -> None:
    pid = await parties(app)
    await chat.forge("alice", f"report:new:{pid}")
    said = await chat.say("alice", "they scammed me")
    assert "Please choose one of the buttons" in said[0].text
    assert "what happened?" in said.last.text
    said = await chat.forge("alice", "report:v:murder")
    assert "That button is no longer valid" in said.text


async def test_a_duplicate_open_report_is_refused(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await file_one(chat, pid)
    said = await chat.forge("alice", f"report:new:{pid}")
    assert "Your report R-000001 about BrightWave Digital is still open" in said.text
    async with app.unit_of_work() as uow:
        report = await uow.session.get(Report, 1)
        assert report is not None
        report.status = ReportStatus.DISMISSED
        await uow.commit()
    assert "R-000002" in await file_one(chat, pid)


async def test_a_sixth_report_in_a_day_is_refused(chat: Transcript, app: App,
                                                  clock: Clock) -> None:
    await factories.merchant(app, "alice")
    pids = [await factories.provider(app, None, name=f"Agency {n}") for n in range(6)]
    for pid in pids[:5]:
        assert "is filed" in await file_one(chat, pid)
        clock.advance(hours=1)
    said = await chat.forge("alice", f"report:new:{pids[5]}")
    assert "You have filed 5 reports in the last 24 hours" in said.text
    clock.advance(hours=20)
    assert "R-000006" in await file_one(chat, pids[5])


async def test_the_limit_is_checked_again_at_confirm(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    await to_evidence(chat, pid)
    await chat.run("alice", "https://example.com/x", "> Done")
    async with app.unit_of_work() as uow:
        uow.session.add(Report(merchant_id=1, reporter_account_id=1, provider_id=pid,
                               violation="fraud", description=DESCRIPTION,
                               created_at=uow.now()))
        await uow.commit()
    said = await chat.press("alice", "Confirm")
    assert "is still open" in said.text
    assert await reports(app) == 1


async def test_only_merchants_report_and_forged_providers_are_refused(chat: Transcript,
                                                                      app: App) -> None:
    await parties(app)
    said = await chat.say("bob", "/report")
    assert "That command is not available to you" in said.text
    said = await chat.forge("bob", "report:new:1")
    assert "Only merchants can do that" in said.text
    said = await chat.forge("alice", "report:new:99")
    assert said.text == "That provider was not found."
    said = await chat.forge("alice", "report:yes")
    assert "That button is no longer valid" in said.text
    assert await reports(app) == 0


async def test_report_from_the_provider_card(chat: Transcript, app: App) -> None:
    pid = await parties(app)
    said = await chat.say("alice", f"/start p_{pid}")
    said = await chat.press("alice", "Report")
    assert "Reporting BrightWave Digital: what happened?" in said.text


async def test_a_description_past_2000_characters_keeps_the_step(chat: Transcript,
                                                                 app: App) -> None:
    pid = await parties(app)
    await chat.forge("alice", f"report:new:{pid}")
    await chat.press("alice", "Fraud")
    said = await chat.say("alice", "x" * 2001)
    assert "Too long" in said.text and "2,000" in said.text
    said = await chat.say("alice", "x" * 2000)
    assert "Send up to 5 files" in said.text


async def test_evidence_is_kept_under_its_sha256_with_its_metadata(
        chat: Transcript, app: App, files: dict[str, Path], settings: Settings) -> None:
    pid = await parties(app)
    await to_evidence(chat, pid)
    await chat.send_file("alice", files["invoice.pdf"])
    await chat.run("alice", "> Done", "> Confirm")
    digest = hashlib.sha256(files["invoice.pdf"].read_bytes()).hexdigest()
    async with app.unit_of_work() as uow:
        row = await uow.session.scalar(select(StoredFile))
        assert row is not None
        assert (row.sha256, row.name, row.mime_type, row.size, row.attached_to) == \
            (digest, "invoice.pdf", "application/pdf", 16, "report:1")
    stored = [p for p in settings.storage_dir.rglob("*") if p.is_file()]
    assert [p.name for p in stored] == [digest]
    assert stored[0].read_bytes() == files["invoice.pdf"].read_bytes()


async def test_the_same_evidence_file_twice_counts_once(chat: Transcript, app: App,
                                                        files: dict[str, Path],
                                                        tmp_path: Path) -> None:
    pid = await parties(app)
    await to_evidence(chat, pid)
    copy = tmp_path / "proof-again.png"
    copy.write_bytes(files["proof.png"].read_bytes())
    await chat.send_file("alice", files["proof.png"])
    said = await chat.send_file("alice", copy)
    assert "“proof-again.png” is the same file as “proof.png”" in said.text
    said = await chat.send_file("alice", files["invoice.pdf"])
    assert "Added (2 of at most 5)" in said.text
