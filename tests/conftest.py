"""Fixtures: a migrated database per test (SQLite file or a PostgreSQL schema), app, chat.

SMBOT_TEST_DATABASE_URL picks PostgreSQL (e.g. postgresql+asyncpg://postgres@127.0.0.1/test);
unset, tests run on SQLite files under pytest's tmp_path. A PostgreSQL run makes its own
schema and drops it at the end, leaving nothing behind.

Under pytest-xdist each worker has a database of its own, `<name>_gw0`, `<name>_gw1`, ...,
created on first use (through the server's `postgres` database) and kept for the next run:
advisory locks and `CREATE DATABASE` tests of two workers then never meet.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.app import App, build_app
from bot.console import Console
from bot.settings import Settings, load_settings
from domain.adapters.db import create_engine
from domain.models import Base
from tests.clock import Clock
from tests.transcript import Transcript


def worker_url(url: str, worker: str) -> str:
    """The URL of this xdist worker's own database (the URL itself outside xdist)."""
    if not url or not worker:
        return url
    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}_{worker}").render_as_string(
        hide_password=False)


def ensure_database(url: str) -> None:
    """Create the database of `url` if it is missing, from the server's `postgres` database."""
    parsed = make_url(url)
    admin = create_sync_engine(parsed.set(drivername="postgresql+psycopg", database="postgres"),
                               isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                 {"n": parsed.database})
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    finally:
        admin.dispose()


PG_URL = worker_url(os.environ.get("SMBOT_TEST_DATABASE_URL", ""),
                    os.environ.get("PYTEST_XDIST_WORKER", ""))
OPERATORS = "console:ops,console:ops2"


class Database:
    """Where a test's app points: URL plus engine options, reset between tests."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.schema = f"t_{uuid.uuid4().hex[:10]}" if PG_URL else None
        self.template = root / "template.sqlite3"
        # Advisory locks are per database and other runs share this one: a key of our own.
        self.lock_key = int(self.schema[2:], 16) if self.schema else 0

    @property
    def options(self) -> dict[str, Any]:
        if self.schema is None:
            return {}
        return {"connect_args": {"server_settings": {"search_path": self.schema}}}

    def url_for(self, tmp: Path) -> str:
        if PG_URL:
            return PG_URL
        target = tmp / "market.sqlite3"
        shutil.copy(self.template, target)
        return f"sqlite+aiosqlite:///{target}"

    async def create(self) -> None:
        if self.schema is not None:
            engine = create_engine(PG_URL)
            async with engine.begin() as conn:
                await conn.execute(text(f'CREATE SCHEMA "{self.schema}"'))
            await engine.dispose()
            settings = load_settings(database_url=PG_URL, storage_dir=self.root / "s",
                                     lock_key=self.lock_key)
        else:
            url = f"sqlite+aiosqlite:///{self.template}"
            settings = load_settings(database_url=url, storage_dir=self.root / "s")
        app = await build_app(settings, engine_options=self.options)
        await app.close()

    async def reset(self) -> None:
        """Empty every table (PostgreSQL); SQLite tests get a fresh copy of the template."""
        if self.schema is None:
            return
        engine = create_engine(PG_URL, **self.options)
        names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        async with engine.begin() as conn:
            await conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        await engine.dispose()

    async def drop(self) -> None:
        if self.schema is not None:
            engine = create_engine(PG_URL)
            async with engine.begin() as conn:
                await conn.execute(text(f'DROP SCHEMA "{self.schema}" CASCADE'))
            await engine.dispose()


def pytest_sessionstart(session: pytest.Session) -> None:
    if PG_URL:
        ensure_database(PG_URL)


@pytest.fixture(scope="session")
async def database(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Database]:
    db = Database(tmp_path_factory.mktemp("db"))
    await db.create()
    yield db
    await db.drop()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def settings(database: Database, tmp_path: Path) -> Settings:
    return load_settings(database_url=database.url_for(tmp_path), operators=OPERATORS,
                         storage_dir=tmp_path / "storage", lock_key=database.lock_key)


@pytest.fixture
async def app(database: Database, settings: Settings, clock: Clock) -> AsyncIterator[App]:
    await database.reset()
    # The session's database is migrated once (Database.create); each test's copy is at head.
    application = await build_app(settings, clock=clock, migrate=False,
                                  engine_options=database.options)
    yield application
    await application.close()


@pytest.fixture
def console(app: App) -> Console:
    return Console(app)


@pytest.fixture
def chat(console: Console) -> Transcript:
    return Transcript(console)
