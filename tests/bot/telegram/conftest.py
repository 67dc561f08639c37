"""Fixtures: the fake Bot API server, and one driver per front end and mode."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.app import App
from bot.console import Console
from bot.telegram.run import Frontend, build_frontend, start_frontend
from bot.telegram.webhook import serve, webhook_app
from tests.transcript import Transcript

from .drivers import SECRET, TelegramDriver
from .fake_api import TOKEN, FakeBotApi

FRONT_ENDS = ["console", "aiogram-polling", "aiogram-webhook", "ptb-polling", "ptb-webhook"]


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    server = FakeBotApi()
    await server.start()
    yield server
    await server.close()


@pytest.fixture
async def remote_fake() -> AsyncIterator[FakeBotApi]:
    """A fake Bot API on its own thread: it answers while the test's loop is busy with the
    bot or waits on a process (chaos and stopping tests)."""
    server = FakeBotApi()
    await server.start(thread=True)
    yield server
    await server.close()


@pytest.fixture
def telegram_app(app: App, fake: FakeBotApi) -> App:
    """The test app, pointed at the fake server."""
    app.settings.telegram_token = TOKEN  # type: ignore[assignment]
    app.settings.telegram_api_url = fake.url
    app.settings = app.settings.model_validate(app.settings.model_dump())
    return app


async def running(app: App, fake: FakeBotApi, library: str, mode: str
                  ) -> AsyncIterator[tuple[Frontend, str | None]]:
    frontend = build_frontend(app, library)
    await start_frontend(app, frontend)
    if mode == "polling":
        task = asyncio.create_task(frontend.poll(timeout=1))
        yield frontend, None
        await frontend.stop_polling()
        await asyncio.wait_for(task, 10)
    else:
        runner = await serve(webhook_app(app, frontend, SECRET, "/tg"), "127.0.0.1", 0)
        port = runner.addresses[0][1]
        yield frontend, f"http://127.0.0.1:{port}/tg"
        await runner.cleanup()
    await frontend.close()


@pytest.fixture(params=FRONT_ENDS)
async def driver(request: pytest.FixtureRequest, telegram_app: App,
                 fake: FakeBotApi) -> AsyncIterator[Any]:
    if request.param == "console":
        yield Transcript(Console(telegram_app))
        return
    library, mode = request.param.split("-")
    async for frontend, webhook in running(telegram_app, fake, library, mode):
        yield TelegramDriver(fake, frontend, webhook)
