"""Operators' documents and evidence as links: WeChat cannot send a PDF into the chat.

A card with attachments (review, case, appeal) lists one link per file. The link is signed
(HMAC with a key derived from the app secret, like the upload page), bound to the file and
the recipient (who must still be an operator when it is opened), and valid for 30 minutes;
the file view streams the stored file with its type
and a safe download name. Anything forged, altered or expired gets 403.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from aiohttp import web

from handlers.engine.contract import Attachment
from handlers.engine.i18n import Say

VALID_SECONDS = 30 * 60
_UNSAFE = re.compile(r'[^A-Za-z0-9._ -]')


class FileLinks:
    def __init__(self, secret: str, url: str, allowed: Callable[[str], bool],
                 clock: Callable[[], float] = time.time) -> None:
        self.url, self.allowed, self.clock = url, allowed, clock
        self._key = hmac.new(secret.encode(), b"smbot-file-view", hashlib.sha256).digest()

    def link(self, openid: str, file: Attachment) -> str:
        claims = [openid, file.path, file.name, file.mime_type, int(self.clock()) + VALID_SECONDS]
        body = json.dumps(claims, ensure_ascii=False, separators=(",", ":")).encode()
        token = base64.urlsafe_b64encode(body).decode().rstrip("=")
        return f"{self.url}?t={token}.{self._sign(body)}"

    def _sign(self, body: bytes) -> str:
        return hmac.new(self._key, body, hashlib.sha256).hexdigest()[:32]

    def file(self, token: str) -> Attachment | None:
        """The signed file, or None when forged, malformed, expired or no longer allowed."""
        encoded, _, sig = token.partition(".")
        try:
            body = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
            openid, path, name, mime, expires = json.loads(body)
        except (ValueError, TypeError):
            return None
        if not hmac.compare_digest(self._sign(body), sig) or int(expires) < self.clock():
            return None
        if not self.allowed(str(openid)):
            return None
        return Attachment(str(name), str(path), str(mime))


def disposition(name: str) -> str:
    """`inline` with an ASCII fallback and the UTF-8 name (RFC 6266): no quotes, no breaks."""
    fallback = _UNSAFE.sub("_", name).strip() or "file"
    return f"inline; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def add_file_view(web_app: web.Application, links: FileLinks, path: str) -> None:
    async def view(request: web.Request) -> web.StreamResponse:
        file = links.file(request.query.get("t", ""))
        if file is None:
            return web.Response(status=403, text="forbidden: the link has expired or is wrong")
        stored = Path(file.path)
        if not stored.is_file():
            return web.Response(status=404, text="not found")
        return web.FileResponse(stored, headers={
            "Content-Type": file.mime_type or "application/octet-stream",
            "Content-Disposition": disposition(file.name),
            "X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"})

    web_app.router.add_get(path, view)


def attachment_lines(files: tuple[Attachment, ...], say: Say,
                     link: Callable[[Attachment], str] | None) -> list[str]:
    """One signed link per file; without a public address, the names and where to open them."""
    if not files:
        return []
    if link is None:
        return [say("wechat.files_elsewhere", names=", ".join(f.name for f in files))]
    return [say("wechat.files_links", minutes=VALID_SECONDS // 60),
            *(f"{f.name}: {link(f)}" for f in files)]
