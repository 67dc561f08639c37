"""What every connection of the app is set up with, on the database the suite runs on."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.app import App
from tests.conftest import PG_URL, Database


@pytest.mark.skipif(not PG_URL, reason="a PostgreSQL setting")
async def test_postgresql_keeps_each_statements_plan_and_the_callers_own_settings(
        app: App, database: Database) -> None:
    """A result page was planned anew on every page turn (0.7 ms of its 1.1 ms): statements
    keep their plan now. The suite's own setting (a schema per test) still applies."""
    async with app.unit_of_work() as uow:
        mode = await uow.session.scalar(text("SHOW plan_cache_mode"))
        path = await uow.session.scalar(text("SHOW search_path"))
    assert mode == "force_generic_plan"
    assert path == database.schema
