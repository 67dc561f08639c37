"""A benchmark market: an app on SQLite or in a PostgreSQL schema of its own, 100k providers.

The SQLite file is kept between runs (populating takes a while); the PostgreSQL schema is
dropped at the end, leaving nothing behind. Benchmarks that start bot processes get a
PostgreSQL database of their own instead (a process cannot be given a schema), also dropped.
"""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from bot.app import App, build_app
from bot.progress import Progress
from bot.settings import load_settings
from demo.seed import bulk_providers
from domain.adapters.db import create_engine
from domain.adapters.search_index import reindex_all
from domain.models import Provider, Ranking, SearchTerm
from domain.services.ranking import Rankings


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


async def populate(app: App, providers: int) -> None:
    """Top the database up to `providers` providers and (re)build the search index."""
    async with app.unit_of_work() as uow:
        have = int(await uow.session.scalar(select(func.count()).select_from(Provider)) or 0)
        indexed = await uow.session.scalar(select(SearchTerm.term).limit(1))
    if have >= providers and indexed is not None:
        say(f"  {have} providers already there, index built")
        await _ranked(app)
        return
    if have < providers:
        async with app.unit_of_work() as uow:
            await bulk_providers(uow, providers - have, progress=Progress("  providers"))
            await uow.commit()
    started = time.monotonic()
    async with app.unit_of_work() as uow:
        rows = await reindex_all(uow, progress=Progress("  search index"))
        await uow.commit()
    say(f"  {rows} index rows in {time.monotonic() - started:.1f}s")
    await _ranked(app)
    if app.env.dialect == "postgresql":
        async with app.engine.connect() as conn:
            auto = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await auto.execute(text("VACUUM ANALYZE"))
    else:
        async with app.engine.begin() as conn:
            await conn.execute(text("ANALYZE"))


async def _ranked(app: App) -> None:
    """This period's rankings, as a live market has them: every result page asks whether
    each provider it shows is featured (a market without rankings hid a slow look-up)."""
    async with app.unit_of_work() as uow:
        if await uow.session.scalar(select(Ranking.id).limit(1)) is None:
            started = time.monotonic()
            await Rankings(uow, app.ranking).compute()
            await uow.commit()
            say(f"  rankings computed in {time.monotonic() - started:.1f}s")


@asynccontextmanager
async def sqlite_market(path: Path, providers: int) -> AsyncIterator[App]:
    path.parent.mkdir(parents=True, exist_ok=True)
    say(f"SQLite market at {path}")
    settings = load_settings(database_url=f"sqlite+aiosqlite:///{path}",
                             storage_dir=path.parent / "storage")
    app = await build_app(settings)
    try:
        await populate(app, providers)
        yield app
    finally:
        await app.close()


@asynccontextmanager
async def postgres_market(url: str, providers: int) -> AsyncIterator[App]:
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    say(f"PostgreSQL market in schema {schema}")
    admin = create_engine(url)
    async with admin.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    options = {"connect_args": {"server_settings": {"search_path": schema}}}
    app = None
    try:
        settings = load_settings(database_url=url, storage_dir=Path("/tmp/smbot-bench/pg"))
        app = await build_app(settings, engine_options=options)
        await populate(app, providers)
        yield app
    finally:
        if app is not None:
            await app.close()
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()
        say(f"  schema {schema} dropped")


@asynccontextmanager
async def postgres_database(url: str) -> AsyncIterator[str]:
    """The URL of a new, empty database beside the one of `url`, dropped at the end."""
    name = f"bench_{uuid.uuid4().hex[:8]}"
    server = make_url(url).set(database="postgres").render_as_string(hide_password=False)
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    say(f"PostgreSQL database {name}")
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        await admin.dispose()
        say(f"  database {name} dropped")
