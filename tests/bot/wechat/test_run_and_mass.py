"""`python -m bot run` with WeChat: one HTTP server for callback and /health, a graceful
stop; and the API client announcements reuse for mass sends (clientmsgid: idempotent)."""

from __future__ import annotations

import asyncio
import socket
import time

import aiohttp

from bot.app import App
from bot.frontends import platforms_configured, run_platforms
from bot.wechat.api import ApiError, WeChatApi

from . import wire
from .conftest import point_at
from .driver import TOKEN
from .fake_api import APP_ID, SECRET, FakeWeChatApi


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_run_serves_the_callback_and_health_on_one_address(
        app: App, wechat_fake: FakeWeChatApi) -> None:
    assert not platforms_configured(app)
    point_at(app, wechat_fake, None)
    port = _free_port()
    app.settings = app.settings.model_validate(
        {**app.settings.model_dump(), "http_host": "127.0.0.1", "http_port": port})
    assert platforms_configured(app)
    stop = asyncio.Event()
    running = asyncio.create_task(run_platforms(app, stop))
    base = f"http://127.0.0.1:{port}"
    stamp, nonce = str(int(time.time())), "n"
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(50):
                try:
                    async with http.get(base + "/health") as response:
                        assert (response.status, await response.text()) == (200, "ok")
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.1)
            else:
                raise AssertionError("the server never answered")
            params = {"signature": wire.sign(TOKEN, stamp, nonce), "timestamp": stamp,
                      "nonce": nonce, "echostr": "hello"}
            async with http.get(base + "/wechat", params=params) as response:
                assert await response.text() == "hello"
            stop.set()  # SIGTERM: out of rotation, pushes go elsewhere, then a clean exit
            async with http.get(base + "/health") as response:
                assert response.status == 503
            xml = wire.message_xml("ox", "text", {"Content": "/help"}, 1, "77")
            async with http.post(base + "/wechat", params=params, data=xml.encode()) as response:
                assert response.status == 503
        assert await asyncio.wait_for(running, 10) == 0
    finally:
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)


async def test_mass_sends_by_tag_are_idempotent_through_clientmsgid(
        app: App, wechat_fake: FakeWeChatApi) -> None:
    api = WeChatApi(app.env, wechat_fake.url, APP_ID, SECRET)
    send = {"filter": {"is_to_all": False, "tag_id": 101}, "msgtype": "text",
            "text": {"content": "本周认证服务商"}, "clientmsgid": "digest-2026-W48-zh"}
    try:
        first = await api.call("message/mass/sendall", send)
        try:
            await api.call("message/mass/sendall", send)
            raise AssertionError("a repeated clientmsgid must be refused")
        except ApiError as again:
            assert again.code == 45065 and again.data["msg_id"] == first["msg_id"]
        preview = await api.call("message/mass/preview", {
            "touser": "oOps", "msgtype": "text", "text": {"content": "预览"}})
    finally:
        await api.close()
    assert first["msg_id"] and preview["errcode"] == 0
    assert [c.body["filter"] for c in wechat_fake.called("message/mass/sendall")] == [
        {"is_to_all": False, "tag_id": 101}] * 2
