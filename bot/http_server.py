"""The one HTTP server for everything pushed to the bot: the Telegram webhook, the WeChat
callback and upload page, and GET /health (200 while the database answers; 503 when it does
not, or while stopping, so that a load balancer takes this worker out of rotation; a database
that hangs counts as down after TIMEOUT_SECONDS rather than the driver's 60 s).

Each front end adds its routes to the same `web.Application` before it is served, so one
address (SMBOT_HTTP_HOST/_PORT) behind one TLS proxy serves every platform.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from aiohttp import web
from sqlalchemy import text

if TYPE_CHECKING:
    from .app import App

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 2.5
# A real table every update writes to: a lock on it stops the bot, so it must fail the check.
PROBE = text("SELECT count(*) FROM (SELECT 1 FROM processed_updates LIMIT 1) AS probe")


def health_handler(app: App, stopping: asyncio.Event | None = None,
                   timeout: float = TIMEOUT_SECONDS) -> Any:
    async def health(request: web.Request) -> web.Response:
        if stopping is not None and stopping.is_set():  # take this worker out of rotation
            return web.Response(status=503, text="stopping")
        try:
            async with asyncio.timeout(timeout):
                async with app.engine.connect() as conn:
                    await conn.execute(PROBE)
        except TimeoutError:
            log.warning("health check: the database did not answer within %.1f s", timeout)
            return web.Response(status=503, text="database not answering")
        except Exception as exc:  # any failure to reach the database is "unhealthy"
            log.warning("health check failed: %s", exc)
            return web.Response(status=503, text="database unreachable")
        return web.Response(text="ok")

    return health


def base_app(app: App, stopping: asyncio.Event | None = None) -> web.Application:
    """An application with /health only; front ends add their routes to it."""
    # aiohttp's 1 MB body limit stays: the WeChat callback reads at most 64 KB, and the upload
    # page streams its file with the file-size limit of its own.
    web_app = web.Application()
    web_app.router.add_get("/health", health_handler(app, stopping))
    return web_app


async def serve(web_app: web.Application, host: str, port: int) -> web.AppRunner:
    # Stopping waits for updates in hand first, so little is left for aiohttp to wait on.
    runner = web.AppRunner(web_app, access_log=None, shutdown_timeout=3.0)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
