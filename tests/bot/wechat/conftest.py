"""Fixtures: the fake WeChat API, the app pointed at it, the callback served on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.app import App
from bot.http_server import base_app, serve
from bot.wechat.delivery import Delivery
from bot.wechat.run import add_routes, build_wechat

from .driver import AES_KEY, TOKEN, WeChatDriver
from .fake_api import APP_ID, SECRET, FakeWeChatApi


@pytest.fixture
async def wechat_fake() -> AsyncIterator[FakeWeChatApi]:
    server = FakeWeChatApi()
    await server.start()
    yield server
    await server.close()


def point_at(app: App, fake: FakeWeChatApi, aes_key: str | None) -> App:
    app.settings = app.settings.model_validate({
        **app.settings.model_dump(), "wechat_app_id": APP_ID, "wechat_app_secret": SECRET,
        "wechat_token": TOKEN, "wechat_aes_key": aes_key, "wechat_api_url": fake.url})
    return app


async def serving(app: App, fake: FakeWeChatApi, mode: str, *, answer_within: float = 4.0
                  ) -> AsyncIterator[WeChatDriver]:
    aes_key = AES_KEY if mode == "safe" else None
    point_at(app, fake, aes_key)
    frontend = build_wechat(app, answer_within=answer_within)
    web_app = base_app(app)
    uploads = add_routes(web_app, frontend, "http://127.0.0.1:1")
    runner = await serve(web_app, "127.0.0.1", 0)
    port = runner.addresses[0][1]
    if uploads is not None:
        uploads.url = f"http://127.0.0.1:{port}/wechat/upload"
    delivery = Delivery(app, frontend.api, frontend, idle_seconds=0.01)
    yield WeChatDriver(app, fake, frontend, delivery, f"http://127.0.0.1:{port}/wechat", aes_key)
    await frontend.close()
    await frontend.api.close()
    await runner.cleanup()


@pytest.fixture(params=["plain", "safe"])
async def wechat(request: pytest.FixtureRequest, app: App, wechat_fake: FakeWeChatApi
                 ) -> AsyncIterator[WeChatDriver]:
    async for driver in serving(app, wechat_fake, request.param):
        yield driver


@pytest.fixture
def telegram_app(app: App) -> App:
    """The shared suite names the app so; here it is the WeChat-configured app."""
    return app


@pytest.fixture
def driver(wechat: WeChatDriver) -> Any:
    return wechat
