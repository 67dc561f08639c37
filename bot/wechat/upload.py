"""The upload page: documents WeChat cannot carry in the chat (PDF qualification documents,
evidence), sent from the in-app browser.

A link is signed (HMAC with a key derived from the app secret), bound to the user and the
form step, valid for 30 minutes and usable once (its nonce becomes the update's dedupe key).
The page applies the chat's type and size checks before anything is stored; the file then
goes through the core like a file sent in the chat, and the answer follows in the chat.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import mimetypes
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aiohttp import BodyPartReader, web
from sqlalchemy import select

from domain.adapters.uow import UnitOfWork
from domain.errors import DomainError
from domain.models import Account, ProcessedUpdate
from domain.services.files import Files
from handlers.engine.contract import FileUpload, Incoming
from handlers.engine.conversation_store import SqlConversationStore

from ..app import App
from . import translate
from .frontend import WeChatFrontend

if TYPE_CHECKING:
    from ..app import App
    from .frontend import WeChatFrontend

VALID_SECONDS = 30 * 60


@dataclass(frozen=True)
class Ticket:
    openid: str
    step: str
    nonce: str


class Uploads:
    def __init__(self, app: App, secret: str, url: str,
                 clock: Callable[[], float] = time.time) -> None:
        self.app, self.url, self.clock = app, url, clock
        self._key = hmac.new(secret.encode(), b"smbot-upload-page", hashlib.sha256).digest()

    def link(self, openid: str, step: str) -> str:
        expires = int(self.clock()) + VALID_SECONDS
        body = f"{openid}|{step}|{expires}|{secrets.token_hex(8)}".encode()
        token = base64.urlsafe_b64encode(body).decode().rstrip("=")
        return f"{self.url}?t={token}.{self._sign(body)}"

    def _sign(self, body: bytes) -> str:
        return hmac.new(self._key, body, hashlib.sha256).hexdigest()[:32]

    def ticket(self, token: str) -> Ticket | None:
        """The signed claims, or None when forged, malformed or expired."""
        encoded, _, sig = token.partition(".")
        try:
            body = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
            openid, step, expires, nonce = body.decode().split("|")
        except (ValueError, UnicodeDecodeError):
            return None
        if not hmac.compare_digest(self._sign(body), sig) or int(expires) < self.clock():
            return None
        return Ticket(openid, step, nonce)

    async def state(self, ticket: Ticket) -> tuple[str, str | None]:
        """(language, refusal message key or None) for this ticket right now."""
        async with UnitOfWork(self.app.env) as uow:
            account = (await uow.session.scalars(select(Account).where(
                Account.platform == translate.PLATFORM,
                Account.platform_id == ticket.openid))).first()
            if account is None:
                return "zh", "wechat.upload_expired"
            used = await uow.session.get(ProcessedUpdate, f"wechat:{_key(ticket)}")
            state = await SqlConversationStore(uow).peek(account.id)
            language, step = account.language, state.step if state else None
        if used is not None:
            return language, "wechat.upload_expired"
        if step != ticket.step:
            return language, "wechat.upload_wrong_step"
        return language, None


def _key(ticket: Ticket) -> str:
    return f"upload:{ticket.nonce}"


def add_upload_page(web_app: web.Application, uploads: Uploads, frontend: WeChatFrontend,
                    path: str) -> None:
    async def show(request: web.Request) -> web.Response:
        ticket = uploads.ticket(request.query.get("t", ""))
        if ticket is None:
            return _page(uploads, "zh", "wechat.upload_expired", status=403)
        lang, refusal = await uploads.state(ticket)
        return _page(uploads, lang, refusal, form=refusal is None)

    async def take(request: web.Request) -> web.Response:
        ticket = uploads.ticket(request.query.get("t", ""))
        if ticket is None:
            return _page(uploads, "zh", "wechat.upload_expired", status=403)
        lang, refusal = await uploads.state(ticket)
        if refusal is not None:
            return _page(uploads, lang, refusal)
        field = await _file_field(request, uploads.app.env.rules.max_file_bytes)
        if field is None:
            return _page(uploads, lang, "wechat.upload_missing", form=True)
        name, data, mime = field
        try:
            async with UnitOfWork(uploads.app.env) as uow:
                Files(uow).check(name, mime, len(data))
        except DomainError as refused:
            text = uploads.app.dispatcher.translator(lang, refused.code, **refused.params)
            return _page(uploads, lang, None, form=True, note=text)
        await _hand_over(frontend, ticket, name, mime, data)
        return _page(uploads, lang, "wechat.upload_done")

    web_app.router.add_get(path, show)
    web_app.router.add_post(path, take)


async def _file_field(request: web.Request, limit: int) -> tuple[str, bytes, str] | None:
    """The uploaded file, read up to one byte past the limit (enough to refuse it by size)."""
    if not request.content_type.startswith("multipart/"):
        return None
    reader = await request.multipart()
    async for part in reader:
        # A nested multipart body is no file field: only a body part can be the upload.
        if isinstance(part, BodyPartReader) and part.name == "file" and part.filename:
            data = bytearray()
            while len(data) <= limit:
                chunk = await part.read_chunk()
                if not chunk:
                    break
                data += chunk
            name = str(part.filename)
            declared = part.headers.get("Content-Type", "")
            mime = declared if declared and declared != "application/octet-stream" else (
                mimetypes.guess_type(name)[0] or "application/octet-stream")
            return name, bytes(data), mime
    return None


async def _hand_over(frontend: WeChatFrontend, ticket: Ticket, name: str, mime: str,
                     data: bytes) -> None:
    """Through the core as a file sent in the chat; the answer follows in the chat."""
    async def fetch() -> bytes:
        return data

    incoming = Incoming(platform=translate.PLATFORM, user_id=ticket.openid, display_name="",
                        language=None, dedupe_key=_key(ticket),
                        file=FileUpload(name=name, mime_type=mime, size=len(data), fetch=fetch))
    act = translate.Action(ticket.openid, _key(ticket), incoming)
    await frontend.answer_later(act)


def _page(uploads: Uploads, lang: str, key: str | None, *, form: bool = False,
          note: str | None = None, status: int = 200) -> web.Response:
    t = uploads.app.dispatcher.translator
    limit = uploads.app.env.rules.max_file_bytes // 1048576
    parts = [f"<h1>{html.escape(t(lang, 'wechat.upload_title'))}</h1>"]
    for message in (note, t(lang, key) if key else None):
        if message:
            parts.append(f"<p>{html.escape(message)}</p>")
    if form:
        parts.append(f"<p>{html.escape(t(lang, 'wechat.upload_choose', limit_mb=limit))}</p>"
                     '<form method="post" enctype="multipart/form-data">'
                     '<input type="file" name="file" accept="application/pdf,image/*"> '
                     f"<button>{html.escape(t(lang, 'wechat.upload_button'))}</button></form>")
    page = ('<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" '
            'content="width=device-width,initial-scale=1"></head><body>'
            + "".join(parts) + "</body></html>")
    return web.Response(text=page, content_type="text/html", status=status)
