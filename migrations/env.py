"""Alembic environment: runs on a connection handed in by the app, or on SMBOT_DATABASE_URL."""

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from domain.models import Base

config = context.config
target_metadata = Base.metadata


def do_run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_async_migrations() -> None:
    from bot.settings import load_settings
    from domain.adapters.db import create_engine

    engine = create_engine(load_settings().database_url)
    async with engine.begin() as connection:
        await connection.run_sync(do_run_migrations)
    await engine.dispose()


connection = config.attributes.get("connection")
if connection is not None:
    do_run_migrations(connection)
else:
    asyncio.run(run_async_migrations())
