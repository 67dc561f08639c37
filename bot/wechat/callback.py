"""The callback URL: GET answers WeChat's verification, POST takes pushes.

A wrong signature gets 403, a body that is not a WeChat message (or over 64 KB) 400; both
before anything is stored, so they change nothing. A push the core deferred (the database
unreachable) gets 503, so WeChat sends it again.
"""

from __future__ import annotations

import logging

from aiohttp import web

from handlers.engine.deferral import UpdateDeferred

from .envelope import MAX_BODY, BadPush, Forbidden
from .frontend import WeChatFrontend

log = logging.getLogger(__name__)


def add_callback(web_app: web.Application, frontend: WeChatFrontend, path: str) -> None:
    async def verify(request: web.Request) -> web.Response:
        try:
            frontend.envelope.verify(request.query)
        except Forbidden:
            return web.Response(status=403, text="forbidden")
        return web.Response(text=request.query.get("echostr", ""))

    async def push(request: web.Request) -> web.Response:
        try:
            frontend.envelope.verify(request.query)  # before reading a byte of the body
            if frontend.stopping is not None and frontend.stopping.is_set():
                return web.Response(status=503, text="stopping")  # WeChat retries elsewhere
            if (request.content_length or 0) > MAX_BODY:
                raise BadPush("body over 64 KB")
            body = await request.content.read(MAX_BODY + 1)
            answer = await frontend.receive(request.query, body)
        except Forbidden:
            return web.Response(status=403, text="forbidden")
        except UpdateDeferred:
            # The database is unreachable: nothing kept, no claim left; WeChat retries.
            return web.Response(status=503, text="deferred")
        except BadPush as exc:
            log.info("refused a push: %s", exc)
            return web.Response(status=400, text="bad request")
        kind = "text/plain" if answer == "success" else "application/xml"
        return web.Response(text=answer, content_type=kind)

    web_app.router.add_get(path, verify)
    web_app.router.add_post(path, push)
