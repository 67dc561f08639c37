"""Engine and session factory: SQLite in WAL mode with real transactions, or PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import CursorResult, Result, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session

from .sqlite_driver import FewTripsDBAPI


def rowcount(result: Result[Any]) -> int:
    """How many rows an UPDATE, INSERT or DELETE touched. SQLAlchemy types `execute()` as
    returning a plain Result whatever the statement; for these it is a CursorResult."""
    if not isinstance(result, CursorResult):
        raise TypeError(f"no row count on a {type(result).__name__}")
    return result.rowcount


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """Build the async engine for a database URL.

    SQLite: the driver's own transaction handling is switched off so that SAVEPOINTs work
    (SQLAlchemy's documented pysqlite recipe), and every transaction starts with
    BEGIN IMMEDIATE so that writers queue on the busy timeout instead of failing to upgrade
    a read lock. WAL lets readers go on while one writes.
    """
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {"timeout": 30})
        if make_url(url).get_driver_name() == "aiosqlite":
            kwargs.setdefault("module", FewTripsDBAPI())
        engine = create_async_engine(url, **kwargs)
        _sqlite_transactions(engine)
        return _plain_savepoints(engine)
    kwargs.setdefault("pool_pre_ping", True)
    return _plain_savepoints(create_async_engine(url, **kwargs))


def _plain_savepoints(engine: AsyncEngine) -> AsyncEngine:
    """SAVEPOINT, RELEASE and ROLLBACK TO sent as they are: SQLAlchemy gives these no cache
    key, so it compiled them anew for every update (every update runs in a savepoint)."""
    dialect = engine.sync_engine.dialect
    quote = dialect.identifier_preparer.quote
    for method, sql in (("do_savepoint", "SAVEPOINT {}"),
                        ("do_release_savepoint", "RELEASE SAVEPOINT {}"),
                        ("do_rollback_to_savepoint", "ROLLBACK TO SAVEPOINT {}")):
        setattr(dialect, method, partial(_send, sql, quote))
    return engine


def _send(sql: str, quote: Callable[[str], str], connection: Any, name: str) -> None:
    connection.exec_driver_sql(sql.format(quote(name)))


def _sqlite_transactions(engine: AsyncEngine) -> None:
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def session_factory(engine: AsyncEngine, sync_session_class: type[Session] = Session
                    ) -> async_sessionmaker[AsyncSession]:
    # expire_on_commit=False: objects read in a unit of work are rendered after its commit,
    # and an expired attribute would trigger lazy IO outside the session's greenlet.
    return async_sessionmaker(engine, expire_on_commit=False,
                              sync_session_class=sync_session_class)
