"""GET /health: 200 while the database answers; 503 when it does not, or while stopping.

A database that hangs (a lock held on the table, a server that accepts and never answers)
is as unhealthy as one that is down, and must be told within the balancer's patience: the
check gives up after TIMEOUT_SECONDS instead of the driver's 60 s connect timeout.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiohttp import web
from sqlalchemy import text

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 2.5
# A real table every update writes to: a lock on it stops the bot, so it must fail the check.
PROBE = text("SELECT count(*) FROM (SELECT 1 FROM processed_updates LIMIT 1) AS probe")


def health_handler(app: Any, stopping: asyncio.Event | None = None,
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
