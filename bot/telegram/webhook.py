"""The webhook server (aiohttp), one for both libraries so that both answer alike.

Telegram sends the secret given to setWebhook in X-Telegram-Bot-Api-Secret-Token; a request
without it or with another one gets 403 before anything is parsed, so it changes nothing.
A retried update is processed once: the core dedupes on update_id. An update the core
deferred (the database unreachable) gets 503, so that Telegram sends it again. A body that is not an
update gets 400, whatever is wrong with it (bot/telegram/update_shape.py).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from typing import Any, Protocol
from urllib.parse import urlsplit

from aiohttp import web

from handlers.engine.deferral import UpdateDeferred

from ..app import App
from ..http_server import base_app, serve
from .update_shape import problem

__all__ = ["add_webhook", "serve", "webhook_app", "webhook_path"]

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class Feedable(Protocol):
    def parse(self, data: dict[str, Any]) -> Any:
        """The library's update object; raises when the library refuses the data."""
        ...

    async def process(self, update: Any) -> None: ...


def webhook_path(url: str) -> str:
    return urlsplit(url).path or "/"


def webhook_app(app: App, frontend: Feedable, secret: str, path: str,
                stopping: asyncio.Event | None = None) -> web.Application:
    """A server of its own (tests); `python -m bot run` adds the route to the shared one."""
    web_app = base_app(app, stopping)
    add_webhook(web_app, frontend, secret, path, stopping)
    return web_app


def add_webhook(web_app: web.Application, frontend: Feedable, secret: str, path: str,
                stopping: asyncio.Event | None = None) -> None:
    """Once `stopping` is set, updates get 503: Telegram keeps them and retries, reaching
    another worker or this one after its restart; updates already in hand still finish."""

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return web.Response(status=403, text="forbidden")
        if stopping is not None and stopping.is_set():
            return web.Response(status=503, text="stopping")
        try:
            # ValueError: bad JSON, bad UTF-8, an integer of over 4,300 digits;
            # RecursionError: nesting deeper than the parser's stack.
            data = await request.json(loads=json.loads)
        except (ValueError, RecursionError):
            return web.Response(status=400, text="malformed update: not JSON")
        wrong = problem(data)
        if wrong is not None:
            return web.Response(status=400, text=f"malformed update: {wrong}")
        try:
            update = frontend.parse(data)
        except Exception as exc:  # only the library's parsing runs here: the data is at fault
            log.info("webhook update refused by the library: %s", str(exc)[:200])
            return web.Response(status=400, text="malformed update")
        try:
            await frontend.process(update)
        except UpdateDeferred:
            # The database is unreachable: nothing was committed. Telegram sends it again.
            return web.Response(status=503, text="deferred: the database is unreachable")
        return web.Response(text="ok")

    web_app.router.add_post(path, receive)
