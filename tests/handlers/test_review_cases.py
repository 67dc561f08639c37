"""/cases: operators decide reports; reporters and providers are told, and it is audited."""

import asyncio

from sqlalchemy import select

from bot.app import App
from domain.models import (
    AuditEntry,
    EmailMessage,
    EmailStatus,
    Provider,
    ProviderStatus,
    Report,
    ReportStatus,
)
from tests import factories
from tests.sanctioning import REASON, report, uphold
from tests.transcript import Transcript


async def _setup(app: App) -> tuple[int, int]:
    provider_id = await factories.provider(app, "bob", email="ads@brightwave.example")
    return provider_id, await report(app, "alice", provider_id)


async def test_the_queue_shows_the_oldest_open_report_with_its_evidence(
        chat: Transcript, app: App) -> None:
    provider_id, newer = await _setup(app)
    older = await report(app, "carol", provider_id, minutes_ago=60, evidence="chat.png")
    said = await chat.say("ops", "/cases")
    assert f"Case 1 of 2* — report R-00000{older}" in said.text
    assert "Provider: BrightWave Digital" in said.text
    assert "charging entry fees" in said.text and "https://chat.example/thread/42" in said.text
    assert "chat.png — 12.4 KB — sha256 3f2a9c1b7d00…" in said.text
    assert said.last.labels == ["Dismiss", "Warning", "Ask for evidence", "Points", "Suspend",
                                "Expel", "Next ›"]
    assert said.last.files == ["chat.png"]  # the evidence itself goes with the card
    assert "*Provider's record*: active · points held: 0 · active bindings: 0" in said.text
    said = await chat.press("ops", "Next ›")
    assert f"Case 2 of 2* — report R-00000{newer}" in said.text and "receipt.pdf" in said.text


async def test_dismissing_tells_the_reporter_and_writes_an_audit_entry(
        chat: Transcript, app: App) -> None:
    _, report_id = await _setup(app)
    await chat.run("ops", "/cases", "> Dismiss", "The fee was a refundable deposit.")
    said = await chat.press("ops", "Confirm")
    assert f"Report R-00000{report_id} dismissed" in said.to("ops")[0].text
    assert "No open reports" in said.to("ops").text
    told = said.to("alice")
    assert len(told) == 1 and "was reviewed and dismissed" in told[0].text
    assert "refundable deposit" in told[0].text
    assert said.to("bob") == []
    async with app.unit_of_work() as uow:
        entry = await uow.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "report.dismiss"))
        assert entry is not None and entry.actor == "console:ops"
        assert entry.subject == f"report:{report_id}" and "deposit" in (entry.reason or "")


async def test_points_tell_the_provider_by_chat_and_queue_an_email(
        chat: Transcript, app: App) -> None:
    provider_id, report_id = await _setup(app)
    said = await uphold(chat, "ops", "Points", "> 6")
    assert "report R-000001 — upheld, 6 points (sanction #1)" in said.to("ops")[0].text
    provider_notice = said.to("bob")
    assert len(provider_notice) == 1
    text = provider_notice[0].text
    assert REASON in text and "Points added: 6." in text and "now hold: 6" in text
    assert "Alice" not in text and "alice" not in text  # the reporter stays anonymous
    assert provider_notice[0].labels == ["Appeal"]
    assert "was upheld; the provider was sanctioned (points deduction)" in said.to("alice").text
    async with app.unit_of_work() as uow:
        mail = await uow.session.scalar(select(EmailMessage))
        assert mail is not None and mail.status is EmailStatus.PENDING
        assert mail.to_address == "ads@brightwave.example" and mail.params is not None
        _, body = app.dispatcher.write_letter(mail.kind or "", mail.params)
        assert REASON in body and "/appeal" in body
        provider = await uow.session.get(Provider, provider_id)
        assert provider is not None and provider.violation_points == 6
        entry = await uow.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "report.uphold"))
        assert entry is not None and entry.details["points"] == 6


async def test_a_warning_also_sends_an_email(chat: Transcript, app: App) -> None:
    await _setup(app)
    said = await uphold(chat, "ops", "Warning")
    assert "*warning*" in said.to("bob").text and "now hold: 0" in said.to("bob").text
    async with app.unit_of_work() as uow:
        mail = await uow.session.scalar(select(EmailMessage))
        assert mail is not None and mail.params is not None
        assert "a warning" in app.dispatcher.write_letter(mail.kind or "", mail.params)[0]


async def test_typed_points_that_reach_the_ladder_suspend_the_provider(
        chat: Transcript, app: App) -> None:
    provider_id, _ = await _setup(app)
    said = await uphold(chat, "ops", "Points", "12")
    assert "You are suspended until 2026-11-09" in said.to("bob").text
    async with app.unit_of_work() as uow:
        provider = await uow.session.get(Provider, provider_id)
        assert provider is not None and provider.status is ProviderStatus.SUSPENDED


async def test_a_suspension_for_a_typed_number_of_days(chat: Transcript, app: App) -> None:
    await _setup(app)
    said = await uphold(chat, "ops", "Suspend", "45")
    assert "suspension of 45 days" in said.to("ops")[0].text
    assert "You are suspended until 2026-12-17" in said.to("bob").text


async def test_expulsion_blacklists_the_email_and_company_name(
        chat: Transcript, app: App) -> None:
    await _setup(app)
    said = await uphold(chat, "ops", "Expel")
    assert "You have been expelled" in said.to("bob").text
    # The company name is refused at its own step, before the rest of the form is asked.
    said = await chat.run("mallory", "/start", "> I'm a service provider", "brightwave digital")
    assert "expelled from the market and cannot register again" in said.text
    said = await chat.say("mallory", "  BRIGHTWAVE   digital  ")
    assert "expelled from the market and cannot register again" in said.text
    said = await chat.run("mallory", "/cancel", "/start", "> I'm a service provider",
                          "New Name Ltd", "We run TikTok and Meta ad campaigns for sellers.",
                          "> United States", "> Done", "> English", "> Done",
                          "ADS@brightwave.example")
    assert "expelled from the market and cannot register again" in said.text
    said = await chat.run("mallory", "/cancel", "/start", "> I'm a service provider",
                          "Other Name Ltd", "We run TikTok and Meta ad campaigns for sellers.",
                          "> United States", "> Done", "> English", "> Done",
                          "  Ads@BrightWave.Example  ")
    assert "expelled from the market and cannot register again" in said.text
    said = await chat.say("mallory", "fresh@new.example")  # the form waited at the e-mail
    assert "Welcome aboard, Other Name Ltd!" in said.text


async def test_points_that_are_not_a_number_or_out_of_range_are_refused(
        chat: Transcript) -> None:
    provider_id = await factories.provider(chat.console.app, "bob")
    await report(chat.console.app, "alice", provider_id)
    await chat.run("ops", "/cases", "> Points")
    said = await chat.say("ops", "lots")
    assert "“lots” is not a number" in said.text
    said = await chat.say("ops", "500")
    assert "Points must be between 1 and 100." in said.text
    said = await chat.say("ops", "x", lang="zh")
    assert "不是数字" in said.text
    said = await chat.say("ops", "9", lang="en")
    assert "upheld, 9 points" in said.text and "Send the reason" in said.text


async def test_free_text_where_a_button_is_expected_keeps_the_confirmation(
        chat: Transcript, app: App) -> None:
    await _setup(app)
    await chat.run("ops", "/cases", "> Warning", REASON)
    said = await chat.say("ops", "yes please")
    assert "Please choose one of the buttons" in said.text
    assert said.last.labels == ["Confirm", "Cancel", "‹ Back"]
    said = await chat.press("ops", "Confirm")
    assert "upheld" in said.to("ops").text


async def test_a_reason_that_is_too_short_is_refused(chat: Transcript, app: App) -> None:
    await _setup(app)
    said = await chat.run("ops", "/cases", "> Dismiss", "no")
    assert "Too short: the reason" in said.text
    said = await chat.say("ops", "Not a violation of our rules.")
    assert "Confirm?" in said.text


async def test_a_non_operator_cannot_reach_cases_nor_press_their_buttons(
        chat: Transcript, app: App) -> None:
    _, report_id = await _setup(app)
    said = await chat.say("alice", "/cases")
    assert said.text == "Only platform operators can do that."
    for payload in (f"cases:act:{report_id}:x", f"cases:open:{report_id}", "cases:yes",
                    "cases:pts:6"):
        said = await chat.forge("bob", payload)
        assert said.text == "Only platform operators can do that."
    async with app.unit_of_work() as uow:
        row = await uow.session.get(Report, report_id)
        assert row is not None and row.status is ReportStatus.OPEN


async def test_deciding_a_report_twice_is_refused(chat: Transcript, app: App) -> None:
    _, report_id = await _setup(app)
    await uphold(chat, "ops", "Warning")
    said = await chat.forge("ops", f"cases:act:{report_id}:d")
    assert f"Report R-00000{report_id} was already decided (upheld) by console:ops" in said.text


async def test_two_operators_deciding_at_once_exactly_one_wins(
        chat: Transcript, app: App) -> None:
    provider_id, report_id = await _setup(app)
    await chat.run("ops", "/cases", "> Points", "> 6", REASON)
    await chat.run("ops2", "/cases", "> Dismiss", "Looks like a misunderstanding.")
    first, second = await asyncio.gather(chat.press("ops", "Confirm"),
                                         chat.press("ops2", "Confirm"))
    answers = first.to("ops").text + second.to("ops2").text
    assert answers.count("was already decided") == 1
    async with app.unit_of_work() as uow:
        row = await uow.session.get(Report, report_id)
        provider = await uow.session.get(Provider, provider_id)
        assert row is not None and provider is not None
        assert (row.status, provider.violation_points) in {
            (ReportStatus.UPHELD, 6), (ReportStatus.DISMISSED, 0)}
        audits = (await uow.session.scalars(select(AuditEntry))).all()
        assert len(audits) == 1


async def test_the_operator_who_loses_the_race_is_told_and_left_at_the_queue(
        chat: Transcript, app: App) -> None:
    _, report_id = await _setup(app)
    await chat.run("ops", "/cases", "> Dismiss", "Looks like a misunderstanding.")
    await uphold(chat, "ops2", "Warning")
    said = await chat.press("ops", "Confirm")
    assert said.to("ops").text == (
        f"Report R-00000{report_id} was already decided (upheld) by console:ops2; "
        "nothing was changed.\n---\nNo open reports. 🎉")
    said = await chat.say("ops", "hello")  # no confirmation left open
    assert "Please choose one of the buttons" not in said.text
    said = await chat.forge("ops", "cases:yes")
    assert "no longer valid" in said.text


async def test_the_queue_in_chinese(chat: Transcript, app: App) -> None:
    await _setup(app)
    said = await chat.say("ops", "/cases", lang="zh")
    assert "第 1/1 件" in said.text and "收取入驻费用" in said.text
    assert said.last.labels[:2] == ["驳回举报", "警告"]


async def test_two_reports_upheld_at_once_both_count_on_the_ladder(
        chat: Transcript, app: App) -> None:
    provider_id, _ = await _setup(app)
    await report(app, "carol", provider_id)
    await chat.run("ops", "/cases", "> Points", "> 6", REASON)
    await chat.run("ops2", "/cases", "> Next ›", "> Points", "> 6", REASON)
    await asyncio.gather(chat.press("ops", "Confirm"), chat.press("ops2", "Confirm"))
    async with app.unit_of_work() as uow:
        provider = await uow.session.get(Provider, provider_id)
        assert provider is not None
        assert (provider.violation_points, provider.status) == (12, ProviderStatus.SUSPENDED)
