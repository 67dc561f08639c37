"""GET /health: 200 while the database answers; 503 when it does not, or while stopping."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiohttp import web
from sqlalchemy import text

log = logging.getLogger(__name__)


def health_handler(app: Any, stopping: asyncio.Event | None = None) -> Any:
    async def health(request: web.Request) -> web.Response:
        if stopping is not None and stopping.is_set():  # take this worker out of rotation
            return web.Response(status=503, text="stopping")
        try:
            async with app.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception as exc:  # any failure to reach the database is "unhealthy"
            log.warning("health check failed: %s", exc)
            return web.Response(status=503, text="database unreachable")
        return web.Response(text="ok")

    return health
