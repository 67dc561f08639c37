"""`python -m bot run` with a Telegram token: the front end, polling or webhook, and delivery."""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import Any, Protocol

from handlers.context import Links

from .api import BotApi
from .bridge import Bridge
from .delivery import Delivery
from .webhook import serve, webhook_app, webhook_path

log = logging.getLogger(__name__)


class Frontend(Protocol):
    library: str
    bridge: Bridge

    async def start(self) -> str: ...
    async def poll(self, timeout: int = 30) -> None: ...
    async def stop_polling(self) -> None: ...
    async def feed(self, data: dict[str, Any]) -> None: ...
    async def set_webhook(self, url: str, secret: str) -> None: ...
    async def close(self) -> None: ...


def build_frontend(app: Any, library: str | None = None) -> Frontend:
    """The configured library's front end; its SDK is imported only here."""
    settings = app.settings
    token = settings.telegram_token.get_secret_value()
    api_url = settings.telegram_api_url.rstrip("/")
    if (library or settings.telegram_library) == "ptb":
        from .ptb_frontend import PtbFrontend

        return PtbFrontend(app, api_url, token)
    from .aiogram_frontend import AiogramFrontend

    return AiogramFrontend(app, api_url, token)


async def start_frontend(app: Any, frontend: Frontend) -> None:
    """getMe and the command menus; the username makes share links t.me/<bot>?start=…"""
    username = await frontend.start()
    app.dispatcher.links = Links(telegram_bot=username or None)


def delivery_for(app: Any, **options: Any) -> Delivery:
    settings = app.settings
    api = BotApi(settings.telegram_api_url, settings.telegram_token.get_secret_value())
    return Delivery(app, api, **options)


async def run_telegram(app: Any, stop: asyncio.Event) -> int:
    """Until `stop` (SIGTERM, SIGINT): then no new updates are taken, those in hand finish,
    delivery records what it sent and releases the rest, and 0 is returned."""
    settings = app.settings
    frontend = build_frontend(app)
    await start_frontend(app, frontend)
    delivery = delivery_for(app)
    worker = asyncio.create_task(delivery.run())
    try:
        if settings.telegram_webhook_url:
            await _serve_webhook(app, frontend, stop)
        else:
            await _poll(app, frontend, stop)
    finally:
        delivery.stop()
        await asyncio.gather(worker, return_exceptions=True)
        await delivery.api.close()
        await frontend.close()
    return 0


async def _poll(app: Any, frontend: Frontend, stop: asyncio.Event) -> None:
    if stop.is_set():  # stopped while starting: nothing to fetch, nothing to stop
        return
    print(f"Telegram ({frontend.library}): polling as @{app.dispatcher.links.telegram_bot}",
          file=sys.stderr)
    polling = asyncio.create_task(frontend.poll())
    stopped = asyncio.create_task(stop.wait())
    await asyncio.wait({polling, stopped}, return_when=asyncio.FIRST_COMPLETED)
    stopped.cancel()
    if not polling.done():
        await frontend.stop_polling()  # no further getUpdates
    await polling
    await frontend.bridge.idle()


async def _serve_webhook(app: Any, frontend: Frontend, stop: asyncio.Event) -> None:
    settings = app.settings
    secret = settings.telegram_webhook_secret.get_secret_value()
    url = settings.telegram_webhook_url
    web_app = webhook_app(app, frontend, secret, webhook_path(url), stop)
    runner = await serve(web_app, settings.telegram_webhook_host, settings.telegram_webhook_port)
    await frontend.set_webhook(url, secret)
    print(f"Telegram ({frontend.library}): webhook {url}, listening on "
          f"{settings.telegram_webhook_host}:{settings.telegram_webhook_port}", file=sys.stderr)
    try:
        await stop.wait()  # from now on updates get 503
        await frontend.bridge.idle()
    finally:
        await runner.cleanup()
