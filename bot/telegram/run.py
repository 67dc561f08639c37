"""`python -m bot run` with a Telegram token: the front end, polling or webhook, and delivery."""

from __future__ import annotations

import asyncio
import logging
import sys
from dataclasses import dataclass
from typing import Any, Protocol

from aiohttp import web

from handlers.engine.context import Links

from ..app import App, one_line
from ..settings import Settings, SettingsError, required, secret
from .api import BotApi
from .bridge import Bridge
from .delivery import Delivery
from .webhook import add_webhook, webhook_path

log = logging.getLogger(__name__)


class Frontend(Protocol):
    library: str
    bridge: Bridge

    async def start(self) -> str: ...
    async def poll(self, timeout: int = 30) -> None: ...
    async def stop_polling(self) -> None: ...
    def parse(self, data: dict[str, Any]) -> Any: ...
    async def process(self, update: Any) -> None: ...
    async def set_webhook(self, url: str, secret: str) -> None: ...
    async def close(self) -> None: ...


def build_frontend(app: App, library: str | None = None) -> Frontend:
    """The configured library's front end; its SDK is imported only here."""
    settings = app.settings
    token = secret(settings.telegram_token, "SMBOT_TELEGRAM_TOKEN")
    api_url = settings.telegram_api_url.rstrip("/")
    if (library or settings.telegram_library) == "ptb":
        from .ptb_frontend import PtbFrontend

        return PtbFrontend(app, api_url, token)
    from .aiogram_frontend import AiogramFrontend

    return AiogramFrontend(app, api_url, token)


async def start_frontend(app: App, frontend: Frontend) -> None:
    """getMe and the command menus; the username makes share links t.me/<bot>?start=…

    A Bot API that cannot be reached or refuses the token stops start-up with one line
    naming the setting (the traceback is logged at DEBUG level).
    """
    try:
        username = await frontend.start()
    except Exception as exc:
        log.debug("starting the Telegram front end failed", exc_info=True)
        await frontend.close()
        raise SettingsError(_start_problem(app.settings, exc)) from None
    app.dispatcher.links = Links(telegram_bot=username or None)


def _start_problem(settings: Settings, error: Exception) -> str:
    """Which setting is at fault: the token (401/404 from the Bot API) or the API's URL."""
    text = f"{type(error).__name__} {error}".lower()
    # Some libraries quote the token in their messages: it never reaches the terminal.
    said = one_line(error).replace(secret(settings.telegram_token, "SMBOT_TELEGRAM_TOKEN"),
                                   "<token>")
    if any(word in text for word in ("unauthorized", "invalidtoken", "not found", "404")):
        return f"SMBOT_TELEGRAM_TOKEN: the Bot API refused the token: {said}"
    return (f"SMBOT_TELEGRAM_API_URL: cannot reach the Telegram Bot API at "
            f"{settings.telegram_api_url}: {said}")


def delivery_for(app: App, **options: Any) -> Delivery:
    settings = app.settings
    api = BotApi(settings.telegram_api_url, secret(settings.telegram_token, "SMBOT_TELEGRAM_TOKEN"))
    return Delivery(app, api, **options)


@dataclass
class TelegramRunning:
    """The Telegram front end prepared for `python -m bot run`: routes added, not yet serving."""

    app: App
    frontend: Frontend
    delivery: Delivery

    @property
    def webhook(self) -> bool:
        return bool(self.app.settings.telegram_webhook_url)

    async def run(self, stop: asyncio.Event) -> None:
        """Until `stop`: then no new updates are taken, those in hand finish, delivery
        records what it sent and releases the rest."""
        worker = asyncio.create_task(self.delivery.run())
        try:
            if self.webhook:
                await self._webhook(stop)
            else:
                await _poll(self.app, self.frontend, stop)
        finally:
            self.delivery.stop()
            await asyncio.gather(worker, return_exceptions=True)
            await self.delivery.api.close()
            await self.frontend.close()

    async def _webhook(self, stop: asyncio.Event) -> None:
        settings = self.app.settings
        url = required(settings.telegram_webhook_url, "SMBOT_TELEGRAM_WEBHOOK_URL")
        try:
            await self.frontend.set_webhook(url, secret(settings.telegram_webhook_secret,
                                                        "SMBOT_TELEGRAM_WEBHOOK_SECRET"))
        except Exception as exc:
            log.debug("setWebhook failed", exc_info=True)
            raise SettingsError(f"SMBOT_TELEGRAM_WEBHOOK_URL: Telegram refused the webhook "
                                f"{url}: {one_line(exc)}") from None
        print(f"Telegram ({self.frontend.library}): webhook {url}", file=sys.stderr)
        await stop.wait()  # from now on updates get 503
        await self.frontend.bridge.idle()


async def prepare_telegram(app: App, web_app: web.Application, stop: asyncio.Event
                           ) -> TelegramRunning:
    """getMe and menus now; in webhook mode the route joins the shared HTTP server."""
    settings = app.settings
    frontend = build_frontend(app)
    await start_frontend(app, frontend)
    if settings.telegram_webhook_url:
        add_webhook(web_app, frontend,
                    secret(settings.telegram_webhook_secret, "SMBOT_TELEGRAM_WEBHOOK_SECRET"),
                    webhook_path(settings.telegram_webhook_url), stop)
    return TelegramRunning(app, frontend, delivery_for(app))


async def _poll(app: App, frontend: Frontend, stop: asyncio.Event) -> None:
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
