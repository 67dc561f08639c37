"""An operator asks the reporter for more evidence; the reporter adds it to the same report,
which comes back to the queue with everything attached."""

from pathlib import Path

from sqlalchemy import select

from bot.app import App
from domain.models import AuditEntry, Report, ReportStatus
from tests import factories
from tests.applying import documents
from tests.sanctioning import report
from tests.transcript import Transcript

REQUEST = "Please send the bank transfer receipt for the fee."


async def test_the_reporter_adds_evidence_to_the_same_report(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    provider_id = await factories.provider(app, "bob")
    report_id = await report(app, "carol", provider_id)
    said = await chat.run("ops", "/cases", "> Ask for evidence", REQUEST)
    assert "more evidence asked from the reporter" in said.text
    said = await chat.press("ops", "Confirm")
    assert "Report R-000001 is back with its reporter for more evidence" in said.to("ops").text
    assert REQUEST in said.to("carol").text and said.to("carol").labels == ["Add evidence"]
    assert not said.to("bob")  # the provider hears nothing of it
    assert (await chat.say("ops", "/cases")).text == "No open reports. 🎉"
    assert "more evidence asked from you" in (await chat.say("carol", "/reports")).text

    said = await chat.press("carol", "Add evidence")  # on the request's notice
    assert REQUEST in said.text and said.labels == ["Cancel"]
    said = await chat.send_file("carol", documents(tmp_path, 1)[0])
    assert "Added “doc1.pdf”." in said.text and "Send" in said.labels
    said = await chat.say("carol", "https://bank.example/receipt/77")
    stale_send = chat.console._payload("carol", "Send")
    said = await chat.press("carol", "Send")
    assert "2 more items are added to report R-000001" in said.text
    assert (await chat.forge("carol", stale_send)).text.startswith("That button is no longer")

    said = await chat.say("ops", "/cases")
    assert "receipt.pdf" in said.text and "doc1.pdf" in said.text
    assert "https://bank.example/receipt/77" in said.text
    assert said.last.files == ["receipt.pdf", "doc1.pdf"]
    async with app.unit_of_work() as uow:
        row = await uow.session.get(Report, report_id)
        assert row is not None and row.status is ReportStatus.OPEN
        actions = (await uow.session.scalars(select(AuditEntry.action).where(
            AuditEntry.subject == f"report:{report_id}").order_by(AuditEntry.id))).all()
    assert actions == ["report.evidence_requested", "report.evidence_added"]


async def test_a_case_waiting_for_evidence_cannot_be_decided(chat: Transcript, app: App) -> None:
    provider_id = await factories.provider(app, "bob")
    await report(app, "carol", provider_id)
    await chat.run("ops2", "/cases", "> Dismiss", "Not a violation of the rules.")
    await chat.run("ops", "/cases", "> Ask for evidence", REQUEST, "> Confirm")
    said = await chat.press("ops2", "Confirm")
    assert "waiting for more evidence from its reporter (asked by console:ops)" in said.text
