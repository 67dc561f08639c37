"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for mail tests."""

from __future__ import annotations

import asyncio
import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


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


class SmtpServer:
    """Started and stopped by the test, so a test can begin with the server down."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.messages: list[EmailMessage] = []
        self.delay = 0.0  # seconds before a message is accepted: keeps one in flight
        self.receiving = threading.Event()  # set when a message starts arriving
        self._controller: Controller | None = None

    def start(self) -> SmtpServer:
        self._controller = Controller(_Collect(self), hostname="127.0.0.1",
                                      port=self.port)
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
