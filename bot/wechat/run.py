"""`python -m bot run` with a WeChat account: the callback on the shared HTTP server,
the outbox worker, and the daily clean-up of stored push replies."""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aiohttp import web

from ..app import App
from . import translate
from .api import WeChatApi
from .callback import add_callback
from .delivery import Delivery
from .envelope import Envelope
from .file_links import FileLinks, add_file_view
from .frontend import WeChatFrontend
from .upload import Uploads, add_upload_page

if TYPE_CHECKING:
    from ..app import App

CLEAN_EVERY = 24 * 3600


def build_wechat(app: App, *, answer_within: float = 4.0) -> WeChatFrontend:
    keys = app.settings.wechat_keys()
    api = WeChatApi(app.env, app.settings.wechat_api_url, keys.app_id, keys.app_secret)
    envelope = Envelope(keys.token, keys.app_id, keys.aes_key, keys.aes_key_previous)
    return WeChatFrontend(app, api, envelope, answer_within=answer_within)


def add_routes(web_app: web.Application, frontend: WeChatFrontend,
               base_url: str | None) -> Uploads | None:
    """The callback; the upload page and the file view when the public address is known."""
    settings = frontend.app.settings
    add_callback(web_app, frontend, settings.wechat_path)
    if not base_url:
        return None
    secret = settings.wechat_keys().app_secret
    uploads = Uploads(frontend.app, secret,
                      base_url.rstrip("/") + settings.wechat_path + "/upload")
    add_upload_page(web_app, uploads, frontend, settings.wechat_path + "/upload")
    frontend.upload_link = uploads.link
    dispatcher = frontend.app.dispatcher
    files = FileLinks(secret,
                      base_url.rstrip("/") + settings.wechat_path + "/file",
                      lambda openid: f"{translate.PLATFORM}:{openid}" in dispatcher.operators)
    add_file_view(web_app, files, settings.wechat_path + "/file")
    frontend.file_link = files.link
    return uploads


@dataclass
class WeChatRunning:
    frontend: WeChatFrontend
    delivery: Delivery

    async def run(self, stop: asyncio.Event) -> None:
        """Until `stop`: then pushes get 503 (WeChat retries them elsewhere), the pushes in
        hand and slow answers finish, and delivery ends after the message on the wire."""
        settings = self.frontend.app.settings
        print(f"WeChat ({settings.wechat_account} account, "
              f"{'safe' if settings.wechat_aes_key else 'plain'} mode): callback at "
              f"{settings.wechat_path}", file=sys.stderr)
        delivery = asyncio.create_task(self.delivery.run())
        clean = asyncio.create_task(self._clean())
        try:
            await stop.wait()
            await self.frontend.idle()
        finally:
            clean.cancel()
            await self.frontend.close()  # slow answers queue their messages first
            self.delivery.stop()
            await asyncio.gather(delivery, clean, return_exceptions=True)
            await self.frontend.api.close()

    async def _clean(self) -> None:
        while True:
            await self.frontend.pushes.forget_before()
            await asyncio.sleep(CLEAN_EVERY)


async def prepare_wechat(app: App, web_app: web.Application, stop: asyncio.Event
                         ) -> WeChatRunning:
    frontend = build_wechat(app)
    frontend.stopping = stop
    add_routes(web_app, frontend, app.settings.wechat_public_url)
    return WeChatRunning(frontend, Delivery(app, frontend.api, frontend))
