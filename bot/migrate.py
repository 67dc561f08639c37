"""Bring a database to the newest schema with Alembic, on the app's own engine.

Every process migrates at start-up, and several may start at once on an empty database: the
upgrade (and the catalog sync after it, see app.py) runs under a lock so that one process
migrates while the others wait, then find nothing to do.
On PostgreSQL it is a session advisory lock taken on the very connection that migrates (a
transaction-scoped lock would end at the first `autocommit_block` a migration may open); on
SQLite, a lock file beside the database.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from .locks import FileLock, migration_key, sqlite_file
from .settings import ROOT


def alembic_config() -> Config:
    return Config(str(ROOT / "alembic.ini"))


def lock_file(database: Path) -> Path:
    return database.with_name(database.name + ".migrate.lock")


async def upgrade(engine: AsyncEngine, lock_key: int) -> None:
    async with startup_lock(engine, lock_key) as connection:
        await upgrade_on(connection)


async def upgrade_on(connection: AsyncConnection) -> None:
    """Migrate on this connection (the one holding the start-up lock), in one transaction."""

    def run(sync_connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = sync_connection
        command.upgrade(config, "heads")

    async with connection.begin():
        await connection.run_sync(run)


@asynccontextmanager
async def startup_lock(engine: AsyncEngine, lock_key: int) -> AsyncIterator[AsyncConnection]:
    """A connection holding the start-up lock: this process alone migrates and writes the
    start-up data (the catalog) until the block ends; the others wait for it."""
    database = sqlite_file(str(engine.url))
    if database is not None:
        lock = FileLock(lock_file(database))
        await lock.acquire()
        try:
            async with engine.connect() as connection:
                yield connection
        finally:
            lock.release()
        return
    async with engine.connect() as connection:
        if connection.dialect.name != "postgresql":
            yield connection
            return
        key = {"key": migration_key(lock_key)}
        await connection.execute(text("SELECT pg_advisory_lock(:key)"), key)
        await connection.commit()  # the lock is the session's; the migration has its own
        try:
            yield connection
        finally:
            if connection.in_transaction():
                await connection.rollback()
            await connection.execute(text("SELECT pg_advisory_unlock(:key)"), key)
            await connection.commit()
