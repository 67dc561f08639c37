"""Bring a database to the newest schema with Alembic, on the app's own engine."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from .settings import ROOT


def alembic_config() -> Config:
    return Config(str(ROOT / "alembic.ini"))


async def upgrade(engine: AsyncEngine) -> None:
    def run(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")

    async with engine.begin() as connection:
        await connection.run_sync(run)
