"""Operators see what they decide on: the provider's record on the case card, what the ladder
will do before a points sanction is confirmed, the original report on the appeal card."""

from pathlib import Path

from bot.app import App
from tests.clock import Clock
from tests.handlers.binding_flow import bound, parties
from tests.sanctioning import REASON, report, uphold
from tests.transcript import Transcript


async def test_the_case_card_shows_the_providers_record(chat: Transcript, app: App) -> None:
    provider_id = await parties(app)
    await bound(chat, provider_id)
    await report(app, "carol", provider_id)
    await uphold(chat, "ops", "Points", "6")
    await report(app, "dave", provider_id)
    said = await chat.say("ops", "/cases")
    assert "*Provider's record*: active, 6 points held, 1 active bindings" in said.text
    assert "• earlier sanction #1: points deduction, 6 points, 2026-11-02" in said.text
    said = await chat.say("ops", "/cases", lang="zh")
    assert "*服务商记录*：" in said.text and "以往处罚 #1" in said.text


async def test_a_points_sanction_says_what_the_ladder_will_do_before_confirming(
        chat: Transcript, app: App, clock: Clock) -> None:
    provider_id = await parties(app)
    await report(app, "carol", provider_id)
    await uphold(chat, "ops", "Points", "12")  # 12 points: suspended 7 days
    clock.advance(days=8)
    await report(app, "dave", provider_id)
    said = await chat.run("ops", "/cases", "> Points", "12", REASON)
    assert "This brings the provider to 24 points: suspended for 30 days, until 2026-12-10." \
        in said.text
    assert said.labels == ["Confirm", "Cancel", "‹ Back"]
    await chat.press("ops", "Cancel")  # the preview changed nothing
    said = await chat.run("ops", "/cases", "> Points", "3", REASON)
    assert "This brings the provider to 15 points: no further step on the ladder." in said.text
    said = await chat.run("ops", "/cases", "> Leave", "> Points", "36", REASON)
    assert "This brings the provider to 48 points: expelled from the market." in said.text


async def test_the_appeal_card_shows_the_original_report_and_its_evidence(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    provider_id = await parties(app)
    await report(app, "carol", provider_id, evidence="receipt.pdf")
    await uphold(chat, "ops", "Warning")
    pdf = tmp_path / "contract.pdf"
    pdf.write_bytes(b"%PDF-1.4 contract")
    await chat.run("bob", "> Appeal", "The fee was a refundable deposit, see clause 4.")
    await chat.send_file("bob", pdf)
    await chat.press("bob", "Send appeal")
    said = await chat.say("ops", "/appeals")
    assert "*The original report* R-000001 (2026-11-02)" in said.text
    assert "They asked me for a $500 'entry fee' before starting." in said.text
    assert said.last.files == ["contract.pdf", "receipt.pdf"]
