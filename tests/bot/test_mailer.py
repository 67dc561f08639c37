"""Sanction e-mails reach a real SMTP server on loopback, after commit, retried until accepted."""

import asyncio
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from bot.app import App
from bot.mailer import run_mailer, send_pending
from domain.models import EmailMessage, EmailStatus, Report, ReportStatus, Sanction
from tests import factories
from tests.clock import Clock
from tests.sanctioning import REASON, report, uphold
from tests.smtp import SmtpServer, body
from tests.transcript import Said, Transcript


@pytest.fixture
def smtp(app: App) -> Iterator[SmtpServer]:
    """A server the test starts when it wants; the app is pointed at its port."""
    server = SmtpServer()
    app.settings = app.settings.model_copy(update={"smtp_host": "127.0.0.1",
                                                   "smtp_port": server.port,
                                                   "smtp_sender": "market@smbot.example"})
    yield server
    server.stop()


async def _sanction(chat: Transcript, app: App) -> None:
    provider_id = await factories.provider(app, "bob", email="ads@brightwave.example")
    await report(app, "alice", provider_id)
    await uphold(chat, "ops", "Points", "> 6")


async def test_a_sanction_is_emailed_with_reason_points_and_how_to_appeal(
        chat: Transcript, app: App, smtp: SmtpServer) -> None:
    smtp.start()
    await _sanction(chat, app)
    assert await send_pending(app) == 1
    [message] = smtp.messages
    assert message["To"] == "ads@brightwave.example"
    assert message["From"] == "market@smbot.example"
    assert message["Subject"] == "[Service Market] Sanction #1: violation points / 违规处理通知"
    text = body(message)
    assert f"Reason: {REASON}" in text and "Points added: 6." in text
    assert "Violation points you now hold: 6." in text
    assert "send /appeal to the bot and choose sanction #1 before 2026-11-16" in text
    assert "原因：" in text and "您当前的违规积分：6 分" in text and "/appeal" in text
    assert "alice" not in text.lower()  # the reporter stays anonymous
    assert await send_pending(app) == 0  # sent once
    async with app.unit_of_work() as uow:
        sanction = await uow.session.get(Sanction, 1)
        assert sanction is not None and sanction.email_sent_at is not None


async def test_a_server_that_is_down_delays_the_email_but_not_the_decision(
        chat: Transcript, app: App, smtp: SmtpServer, clock: Clock) -> None:
    await _sanction(chat, app)
    assert await send_pending(app) == 0
    async with app.unit_of_work() as uow:
        row = await uow.session.scalar(select(EmailMessage))
        decided = await uow.session.get(Report, 1)
        assert row is not None and decided is not None
        assert decided.status is ReportStatus.UPHELD
        assert row.status is EmailStatus.PENDING and row.attempts == 1
        assert row.last_error and row.next_attempt_at > clock()
    smtp.start()
    assert await send_pending(app) == 0  # backing off: not due yet
    clock.advance(minutes=1)
    assert await send_pending(app) == 1
    assert [m["To"] for m in smtp.messages] == ["ads@brightwave.example"]


async def test_a_server_down_for_long_is_retried_at_least_every_thirty_seconds(
        chat: Transcript, app: App, smtp: SmtpServer, clock: Clock) -> None:
    await _sanction(chat, app)
    for _ in range(12):  # an hour-long outage's worth of failed rounds
        assert await send_pending(app) == 0
        clock.advance(seconds=30)
    smtp.start()
    assert await send_pending(app) == 1  # due again within 30 s of the server's return


async def test_the_mailer_loop_sends_and_stops_when_asked(
        chat: Transcript, app: App, smtp: SmtpServer) -> None:
    smtp.start()
    await _sanction(chat, app)
    stop = asyncio.Event()
    loop = asyncio.create_task(run_mailer(app, stop, poll_seconds=0.05))
    for _ in range(100):
        if smtp.messages:
            break
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(loop, timeout=5)
    assert len(smtp.messages) == 1


async def _appeal_decided(chat: Transcript, button: str, reason: str) -> Said:
    await chat.run("bob", "/appeal", "> #1 · points deduction · 2026-11-02",
                   "The $500 was a refundable deposit written into our contract.",
                   "> Send appeal")
    return await chat.run("ops", "/appeals", f"> {button}", reason, "> Confirm")


async def test_an_overturned_appeal_is_emailed_too(
        chat: Transcript, app: App, smtp: SmtpServer) -> None:
    smtp.start()
    await _sanction(chat, app)
    await _appeal_decided(chat, "Overturn", "The contract shows a refundable deposit.")
    assert await send_pending(app) == 2
    sanction_mail, appeal_mail = smtp.messages
    assert appeal_mail["To"] == "ads@brightwave.example"
    assert appeal_mail["Subject"] == ("[Service Market] Appeal #1: sanction #1 overturned"
                                      " / 申诉处理结果")
    text = body(appeal_mail)
    assert "your appeal #1 against sanction #1 (violation points): the sanction is overturned" \
        in text
    assert "Reason: The contract shows a refundable deposit." in text
    assert "Its points and effects have been removed." in text
    assert "Violation points you now hold: 0." in text
    assert "处罚撤销" in text and "您当前的违规积分：0 分" in text


async def test_an_upheld_appeal_is_emailed_with_the_points_still_held(
        chat: Transcript, app: App, smtp: SmtpServer) -> None:
    await _sanction(chat, app)
    said = await _appeal_decided(chat, "Uphold sanction", "The deposit was never refunded.")
    assert "The same notice went to your contact e-mail." in said.to("bob").text
    smtp.start()
    assert await send_pending(app) == 2
    text = body(smtp.messages[1])
    assert "the sanction is upheld" in text and "Violation points you now hold: 6." in text
    assert "This decision is final" in text and "处罚维持" in text
    async with app.unit_of_work() as uow:
        sanction = await uow.session.get(Sanction, 1)
        assert sanction is not None and sanction.overturned_at is None


async def test_a_stopping_mailer_finishes_the_email_in_hand_and_releases_the_rest(
        app: App, smtp: SmtpServer, clock: Clock) -> None:
    smtp.delay = 0.5
    smtp.start()
    async with app.unit_of_work() as uow:
        uow.session.add_all([EmailMessage(to_address=f"p{n}@example.com", subject=f"#{n}",
                                          body="text", created_at=uow.now(),
                                          next_attempt_at=uow.now()) for n in range(3)])
        await uow.commit()
    stop = asyncio.Event()
    sending = asyncio.create_task(send_pending(app, stop=stop))
    assert await asyncio.to_thread(smtp.receiving.wait, 10)
    stop.set()  # while the first e-mail is on the wire
    assert await asyncio.wait_for(sending, 10) == 1
    async with app.unit_of_work() as uow:
        rows = (await uow.session.scalars(select(EmailMessage).order_by(EmailMessage.id))).all()
        assert [r.status for r in rows] == [EmailStatus.SENT, EmailStatus.PENDING,
                                            EmailStatus.PENDING]
        # released, not leased: due now for the next mailer, and no attempt counted
        assert all(r.attempts == 0 and r.next_attempt_at <= clock() for r in rows[1:])
    smtp.delay = 0.0
    assert await send_pending(app) == 2
    assert [m["To"] for m in smtp.messages] == [f"p{n}@example.com" for n in range(3)]


async def test_a_row_queued_with_its_text_is_sent_as_written_and_a_bad_row_holds_none_back(
        app: App, smtp: SmtpServer) -> None:
    """Rows from before e-mails were written from the catalogs carry their text; a kind with
    no writer is kept to retry (and logged) while the rest go out."""
    smtp.start()
    async with app.unit_of_work() as uow:
        uow.session.add_all([
            EmailMessage(to_address="bad@example.com", kind="no.such.letter", params={},
                         created_at=uow.now(), next_attempt_at=uow.now()),
            EmailMessage(to_address="old@example.com", subject="Queued earlier",
                         body="As it was written.\n", created_at=uow.now(),
                         next_attempt_at=uow.now())])
        await uow.commit()
    assert await send_pending(app) == 1
    [message] = smtp.messages
    assert (message["To"], message["Subject"]) == ("old@example.com", "Queued earlier")
    assert body(message).strip() == "As it was written."
    async with app.unit_of_work() as uow:
        bad = await uow.session.scalar(select(EmailMessage).where(
            EmailMessage.to_address == "bad@example.com"))
        assert bad is not None and bad.status is EmailStatus.PENDING and bad.attempts == 1
        assert "no writer for e-mail 'no.such.letter'" in (bad.last_error or "")
