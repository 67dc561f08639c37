"""The SMTP sender: delivers the e-mails that decisions queued, after they were committed.

A decision and its e-mail row commit together; this loop only reads committed rows, so a
mail server that is down delays the e-mail but never loses or undoes the decision. Rows are
leased in one short transaction, sent with no transaction open, and their outcome recorded
in another; a refused or failed send is retried with backoff (capped at 30 s, so mail flows
soon after the server is back) until the server accepts it. Decisions queue an e-mail's kind
and facts; its text is written here, from the catalogs, by the dispatcher
(handlers/conversations/sanction_letters.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from email.message import EmailMessage as MimeMessage

import aiosmtplib

from domain.services.email_outbox import EmailOutbox, Outgoing

from .app import App
from .settings import Settings

log = logging.getLogger(__name__)

POLL_SECONDS = 5.0
TIMEOUT_SECONDS = 20.0
UNREACHABLE = (aiosmtplib.SMTPException, OSError, asyncio.TimeoutError)


@dataclass(frozen=True)
class Letter:
    """A claimed e-mail with its text written, ready for the wire."""

    id: int
    to_address: str
    subject: str
    body: str


def write(app: App, mails: list[Outgoing]) -> tuple[list[Letter], dict[int, str]]:
    """The letters, and the error of each e-mail that cannot be written (kept to retry, so
    one bad row never holds back the others)."""
    letters: list[Letter] = []
    failed: dict[int, str] = {}
    for mail in mails:
        try:
            subject, body = (mail.subject or "", mail.body or "") if mail.kind is None \
                else app.dispatcher.write_letter(mail.kind, mail.params)
        except Exception as exc:
            log.exception("e-mail %s (%s) cannot be written", mail.id, mail.kind)
            failed[mail.id] = f"cannot be written: {type(exc).__name__}: {exc}"
            continue
        letters.append(Letter(mail.id, mail.to_address, subject, body))
    return letters, failed


def mime(mail: Letter, sender: str) -> MimeMessage:
    message = MimeMessage()
    message["From"] = sender
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    # A stable id lets a receiving server drop the copy resent after a crash mid-send.
    domain = sender.rpartition("@")[2] or "localhost"
    message["Message-ID"] = f"<market-mail-{mail.id}@{domain}>"
    message.set_content(mail.body, charset="utf-8")
    return message


def _client(settings: Settings) -> aiosmtplib.SMTP:
    """With SMBOT_SMTP_TLS=starttls (the default when a user is set) a server that offers no
    STARTTLS gets no AUTH and no mail: connecting fails, the e-mails wait, the log says why."""
    password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
    mode = settings.smtp_tls_mode
    return aiosmtplib.SMTP(hostname=settings.smtp_host, port=settings.smtp_port,
                           username=settings.smtp_user, password=password,
                           timeout=TIMEOUT_SECONDS, use_tls=mode == "tls",
                           start_tls={"starttls": True, "none": False}.get(mode or ""))


async def send_pending(app: App, limit: int = 50, stop: asyncio.Event | None = None) -> int:
    """Send every due e-mail once; returns how many the server accepted.

    Once `stop` is set no further e-mail is started: the one in hand finishes, and the rest
    of the claim is released (due again now, for the next mailer) with what was sent recorded.
    """
    async with app.unit_of_work() as uow:
        mails = await EmailOutbox(uow).claim(limit)
        await uow.commit()
    if not mails:
        return 0
    letters, unwritten = write(app, mails)
    outcomes: dict[int, str | None] = dict(unwritten)
    if letters:
        outcomes |= await _send(app.settings, letters, stop)
    async with app.unit_of_work() as uow:
        outbox = EmailOutbox(uow)
        await outbox.record(outcomes)
        await outbox.release([m.id for m in mails if m.id not in outcomes])
        await uow.commit()
    return sum(error is None for error in outcomes.values())


async def _send(settings: Settings, mails: list[Letter],
                stop: asyncio.Event | None = None) -> dict[int, str | None]:
    outcomes: dict[int, str | None] = {}
    try:
        async with _client(settings) as smtp:
            for mail in mails:
                if stop is not None and stop.is_set():
                    return outcomes
                outcomes[mail.id] = await _send_one(smtp, mail, settings.smtp_sender)
    except UNREACHABLE as exc:
        # Nothing unsent was accepted: every e-mail not yet answered waits and retries.
        log.warning("SMTP %s:%s unavailable: %s", settings.smtp_host, settings.smtp_port, exc)
        for mail in mails:
            outcomes.setdefault(mail.id, f"{type(exc).__name__}: {exc}")
    return outcomes


async def _send_one(smtp: aiosmtplib.SMTP, mail: Letter, sender: str) -> str | None:
    """None once the server accepted it; a refusal (e.g. 4xx greylisting) is kept to retry."""
    try:
        await smtp.send_message(mime(mail, sender))
    except aiosmtplib.SMTPRecipientsRefused as exc:
        return f"recipients refused: {exc.recipients}"
    except aiosmtplib.SMTPResponseException as exc:
        return f"{exc.code} {exc.message}"
    return None


async def run_mailer(app: App, stop_event: asyncio.Event,
                     poll_seconds: float = POLL_SECONDS) -> None:
    """Send due e-mails until asked to stop; an error is logged and the loop goes on."""
    while not stop_event.is_set():
        try:
            await asyncio.shield(send_pending(app, stop=stop_event))  # records, even if cut
        except Exception as exc:
            if not app.outage.note(exc):  # a database outage is logged once, not per round
                log.exception("mailer round failed; retrying")
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop_event.wait(), timeout=poll_seconds)
