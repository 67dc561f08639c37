"""SMBOT_SMTP_TLS: credentials only over TLS unless `none` is chosen; real aiosmtpd servers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from bot.app import App
from bot.mailer import send_pending
from bot.settings import load_settings
from domain.models import EmailMessage, EmailStatus
from tests import factories
from tests.sanctioning import report, uphold
from tests.smtp import Login, SmtpServer, certificate
from tests.transcript import Transcript

PASSWORD = "hunter2-secret"


@pytest.fixture
def cert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Path]]:
    """A certificate for localhost that this process's TLS clients trust."""
    pair = certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(pair[0]))
    yield pair


def point(app: App, server: SmtpServer, tls: str | None) -> None:
    app.settings = app.settings.model_copy(update={
        "smtp_host": "localhost", "smtp_port": server.port, "smtp_user": "market",
        "smtp_password": SecretStr(PASSWORD), "smtp_tls": tls})


async def queue_one(chat: Transcript, app: App) -> None:
    provider_id = await factories.provider(app, "bob", email="ads@brightwave.example")
    await report(app, "alice", provider_id)
    await uphold(chat, "ops", "Points", "> 6")


async def statuses(app: App) -> list[EmailStatus]:
    async with app.unit_of_work() as uow:
        return list((await uow.session.scalars(select(EmailMessage.status))).all())


def test_a_user_without_a_tls_setting_means_starttls() -> None:
    assert load_settings(smtp_user="market").smtp_tls_mode == "starttls"
    assert load_settings().smtp_tls_mode is None
    assert load_settings(smtp_user="market", smtp_tls="none").smtp_tls_mode == "none"


async def deliver(chat: Transcript, app: App, server: SmtpServer, tls: str | None) -> int:
    """Queue one sanction e-mail and send it through `server`; how many it accepted."""
    server.start()
    try:
        point(app, server, tls)
        await queue_one(chat, app)
        return await send_pending(app)
    finally:
        server.stop()


@pytest.mark.parametrize("tls", [None, "starttls"])
async def test_credentials_go_over_starttls(chat: Transcript, app: App,
                                            cert: tuple[Path, Path], tls: str | None) -> None:
    server = SmtpServer(tls="starttls", cert=cert, auth=True)
    assert await deliver(chat, app, server, tls) == 1
    assert server.logins == [Login("market", PASSWORD, over_tls=True)]
    assert len(server.messages) == 1


async def test_credentials_go_over_implicit_tls(chat: Transcript, app: App,
                                                cert: tuple[Path, Path]) -> None:
    server = SmtpServer(tls="tls", cert=cert, auth=True)
    assert await deliver(chat, app, server, "tls") == 1
    assert server.logins == [Login("market", PASSWORD, over_tls=True)]


async def test_a_server_without_tls_never_gets_the_password(chat: Transcript, app: App) -> None:
    server = SmtpServer(auth=True)
    assert await deliver(chat, app, server, None) == 0
    assert server.logins == [] and server.messages == []
    assert await statuses(app) == [EmailStatus.PENDING]  # kept, to go once TLS is there


async def test_plain_text_credentials_only_when_none_is_chosen(chat: Transcript,
                                                               app: App) -> None:
    server = SmtpServer(auth=True)
    assert await deliver(chat, app, server, "none") == 1
    assert server.logins == [Login("market", PASSWORD, over_tls=False)]
