"""How many PostgreSQL connections a process keeps: enough for Telegram's concurrent webhook
requests, so that a busy worker does not open and close a server process per update."""

from __future__ import annotations

import pytest

from bot.app import build_app
from bot.settings import Settings
from tests.conftest import PG_URL, Database


@pytest.mark.skipif(not PG_URL, reason="SQLite keeps SQLAlchemy's own pool")
async def test_the_pool_keeps_the_configured_number_of_connections(
        settings: Settings, database: Database) -> None:
    app = await build_app(settings.model_copy(update={"db_pool_size": 7}), migrate=False,
                          engine_options=database.options)
    try:
        pool = app.engine.sync_engine.pool
        assert pool.size() == 7  # type: ignore[attr-defined]
        assert pool._max_overflow == 3  # type: ignore[attr-defined]
    finally:
        await app.close()
