"""/health answers 503 within 3 s when the database hangs, not after the driver's 60 s."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from sqlalchemy import text

from bot.app import App
from bot.http_server import health_handler
from domain.adapters.db import create_engine
from tests.conftest import PG_URL

LIMIT_SECONDS = 3.0


class Holder:
    """Whatever the health check reads its engine from (the app, or a hanging database)."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine


async def _get(holder: Any) -> tuple[int, float]:
    web_app = web.Application()
    web_app.router.add_get("/health", health_handler(holder))
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    started = time.monotonic()
    try:
        async with aiohttp.ClientSession() as http, \
                http.get(f"http://127.0.0.1:{port}/health") as response:
            return response.status, time.monotonic() - started
    finally:
        await runner.cleanup()


@pytest.fixture
async def silent_server() -> AsyncIterator[int]:
    """A TCP server on loopback that accepts connections and never says a word."""
    held: list[asyncio.StreamWriter] = []

    async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    yield server.sockets[0].getsockname()[1]
    for writer in held:
        writer.close()
    server.close()


async def test_health_is_200_while_the_database_answers(app: App) -> None:
    status, _ = await _get(app)
    assert status == 200


async def test_a_database_server_that_never_answers_is_503_within_3_seconds(
        silent_server: int) -> None:
    engine = create_engine(f"postgresql+asyncpg://nobody@127.0.0.1:{silent_server}/x")
    try:
        status, seconds = await _get(Holder(engine))
    finally:
        await engine.dispose()
    assert status == 503 and seconds < LIMIT_SECONDS


@pytest.mark.skipif(not PG_URL, reason="a table lock needs PostgreSQL")
async def test_a_locked_table_is_503_within_3_seconds(app: App) -> None:
    async with app.engine.connect() as locker:
        await locker.execute(text("LOCK TABLE processed_updates IN ACCESS EXCLUSIVE MODE"))
        status, seconds = await _get(app)
        await locker.rollback()
    assert status == 503 and seconds < LIMIT_SECONDS
    status, _ = await _get(app)
    assert status == 200
