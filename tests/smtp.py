"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for mail tests.

It can speak STARTTLS or implicit TLS with a self-signed certificate for `localhost`
(`certificate()` writes one; point SSL_CERT_FILE at it so that clients trust it), and can
ask for AUTH, recording every login attempt and whether it came over TLS.
"""

from __future__ import annotations

import asyncio
import datetime
import socket
import ssl
import threading
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Collect:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server
        self.inbox = server.messages

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.server.receiving.set()
        await asyncio.sleep(self.server.delay)
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.inbox.append(message)
        return "250 Message accepted for delivery"


@dataclass(frozen=True)
class Login:
    user: str
    password: str
    over_tls: bool


def certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate and key for `localhost`, as PEM files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class SmtpServer:
    """Started and stopped by the test, so a test can begin with the server down.

    `tls`: None (plain), "starttls" or "tls" (implicit) with `cert`; `auth`: offer AUTH (also
    over a plain connection, as a badly configured server would) and record the logins.
    """

    def __init__(self, port: int | None = None, *, tls: str | None = None,
                 cert: tuple[Path, Path] | None = None, auth: bool = False) -> None:
        self.port = port or free_port()
        self.messages: list[EmailMessage] = []
        self.delay = 0.0  # seconds before a message is accepted: keeps one in flight
        self.receiving = threading.Event()  # set when a message starts arriving
        self.logins: list[Login] = []
        self.tls, self.cert, self.auth = tls, cert, auth
        self._controller: Controller | None = None

    def _authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str,
                      data: Any) -> AuthResult:
        assert isinstance(data, LoginPassword)
        over_tls = server.transport.get_extra_info("ssl_object") is not None
        self.logins.append(Login(data.login.decode(), data.password.decode(), over_tls))
        return AuthResult(success=True)

    def start(self) -> SmtpServer:
        options: dict[str, Any] = {}
        if self.tls is not None:
            assert self.cert is not None
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*self.cert)
            options["tls_context" if self.tls == "starttls" else "ssl_context"] = context
        if self.auth:
            options.update(authenticator=self._authenticate, auth_require_tls=False)
        self._controller = Controller(_Collect(self), hostname="localhost",
                                      port=self.port, **options)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())  # type: ignore[attr-defined]
