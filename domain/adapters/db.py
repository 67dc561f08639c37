"""Engine and session factory: SQLite in WAL mode with real transactions, or PostgreSQL."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, exc
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
        return _lazy_savepoints(engine)
    return _lazy_savepoints(_ping_when_idle(create_async_engine(url, **_planned_once(kwargs))))


def _planned_once(kwargs: dict[str, Any]) -> dict[str, Any]:
    """PostgreSQL plans each prepared statement once, not on every run (plan_cache_mode).

    asyncpg prepares every statement, but PostgreSQL's default ("auto") re-plans a statement
    on each run while the plan it would keep looks costlier than a fresh one, which it does
    for the result page (a LIMIT it cannot see): planning took 0.7 ms of the page's 1.1 ms,
    on every page turn. Our statements are written for their indexes (by term and score, by
    key, by id), so the kept plan is the same plan. A caller's own server settings are kept.
    """
    connect_args = dict(kwargs.get("connect_args") or {})
    settings = dict(connect_args.get("server_settings") or {})
    settings.setdefault("plan_cache_mode", "force_generic_plan")
    return {**kwargs, "connect_args": {**connect_args, "server_settings": settings}}


IDLE_SINCE = "idle_since"
# A pooled connection idle longer than this is checked before use (a restarted server, a
# proxy's idle timeout): pool_pre_ping did it on every checkout, which on asyncpg is three
# round trips (BEGIN, an empty query, ROLLBACK) for every update.
IDLE_PING_SECONDS = 1.0


def _ping_when_idle(engine: AsyncEngine) -> AsyncEngine:
    """pool_pre_ping for connections that sat idle; one in steady use is not pinged. If the
    server went away within the last second, the update on it fails as a transient error
    (deferred, the platform sends it again) and SQLAlchemy drops every pooled connection."""
    sync_engine = engine.sync_engine
    dialect = sync_engine.dialect

    @event.listens_for(sync_engine.pool, "checkin")
    def _checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info[IDLE_SINCE] = time.monotonic()

    @event.listens_for(sync_engine.pool, "checkout")
    def _checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.pop(IDLE_SINCE, None)
        if since is None or time.monotonic() - since < IDLE_PING_SECONDS:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            if dialect.is_disconnect(error, dbapi_connection, None):
                raise exc.InvalidatePoolError() from error  # the pool reconnects
            raise

    return engine


HELD = "held_savepoints"  # Connection.info: savepoints begun but not sent yet
# A SELECT that locks or has side effects counts as a write: it must follow its savepoint.
NOT_READ_ONLY = (" FOR UPDATE", " FOR SHARE", " FOR NO KEY", " FOR KEY SHARE", "NEXTVAL(",
                 "SETVAL(", "ADVISORY")


def _lazy_savepoints(engine: AsyncEngine) -> AsyncEngine:
    """A savepoint is sent just before the first statement inside it that may write.

    Every update runs its action in a savepoint (a refused action is undone, the rest of the
    update kept). Most actions only read — a page of results — and for them SAVEPOINT and
    RELEASE were two round trips that protected nothing: undoing reads undoes nothing. Now
    a savepoint that saw only plain SELECTs is never sent, and releasing or rolling back to
    it sends nothing; one that saw a write was sent right before it, so rolling back to it
    undoes every write inside, exactly as before. (Also: SQLAlchemy gives these statements
    no cache key and compiled them anew every time; here they are plain text.)
    """
    sync_engine = engine.sync_engine
    quote = sync_engine.dialect.identifier_preparer.quote

    def savepoint(connection: Any, name: str) -> None:
        connection.info.setdefault(HELD, []).append(name)

    def release(connection: Any, name: str) -> None:
        held = connection.info.get(HELD)
        if held and name in held:
            del held[held.index(name):]
            return
        connection.info.pop(HELD, None)  # any held inside it go with it
        connection.exec_driver_sql(f"RELEASE SAVEPOINT {quote(name)}")

    def rollback_to(connection: Any, name: str) -> None:
        held = connection.info.get(HELD)
        if held and name in held:  # nothing was written since: nothing to undo
            del held[held.index(name):]
            return
        connection.info.pop(HELD, None)
        connection.exec_driver_sql(f"ROLLBACK TO SAVEPOINT {quote(name)}")

    dialect = sync_engine.dialect
    for method, function in (("do_savepoint", savepoint), ("do_release_savepoint", release),
                             ("do_rollback_to_savepoint", rollback_to)):
        setattr(dialect, method, function)

    @event.listens_for(sync_engine, "before_cursor_execute")
    def _send_held(connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        held = connection.info.get(HELD)
        if held and _may_write(statement):
            connection.info[HELD] = []
            for name in held:
                connection.exec_driver_sql(f"SAVEPOINT {quote(name)}")

    @event.listens_for(sync_engine, "begin")
    def _forget_held(connection: Any) -> None:
        # Held savepoints end with their transaction (Connection.info outlives it; at the
        # end a connection may already be invalid, so they are forgotten at the next begin).
        connection.info.pop(HELD, None)

    return engine


def _may_write(statement: str) -> bool:
    if statement.lstrip()[:6].upper() != "SELECT":
        return True  # INSERT, UPDATE, DELETE, WITH … (a CTE may write), anything else
    upper = statement.upper()
    return any(marker in upper for marker in NOT_READ_ONLY)


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
