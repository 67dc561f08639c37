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


@pytest.mark.skipif(not PG_URL, reason="application_name is PostgreSQL's")
async def test_connections_carry_the_command_name_and_keep_the_callers_settings(
        settings: Settings, database: Database) -> None:
    """An operator reading pg_stat_activity sees which command holds what."""
    app = await build_app(settings, migrate=False, engine_options=database.options,
                          name="smbot demo")
    try:
        async with app.engine.connect() as conn:
            named = await conn.exec_driver_sql("SELECT current_setting('application_name'), "
                                               "current_setting('search_path')")
            assert tuple(named.one()) == ("smbot demo", database.options[
                "connect_args"]["server_settings"]["search_path"])
    finally:
        await app.close()
