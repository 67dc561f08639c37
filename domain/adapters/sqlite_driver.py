"""aiosqlite as SQLAlchemy drives it, with one hand-off to the driver's thread per statement.

SQLAlchemy's aiosqlite adapter makes four trips to aiosqlite's thread for every SELECT
(open a cursor, execute, fetch, close) and three for every other statement, and one more
when a connection goes back to the pool (a ROLLBACK even after a COMMIT). Each trip is a
queue put, a thread wake-up and a call back into the event loop: 30-40 µs, several times
what SQLite itself takes for a statement of the bot's. Here a statement is one trip (the
thread opens, executes, fetches and closes), and a ROLLBACK with no transaction open is not
sent at all. The statements, their order and their transactions are exactly as before.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from threading import Thread
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util.concurrency import await_only

Outcome = tuple[Any, list[Any], int | None, int, bool]


def _execute(conn: sqlite3.Connection, operation: str, parameters: Any, many: bool) -> Outcome:
    """In aiosqlite's thread: the whole statement, rows included."""
    cursor = conn.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.lastrowid, cursor.rowcount, conn.in_transaction
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        self._run(operation, parameters, many=False)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        self._run(operation, seq_of_parameters, many=True)

    def _run(self, operation: Any, parameters: Any, many: bool) -> None:
        adapted = self._adapt_connection
        assert isinstance(adapted, OneTripConnection)
        try:
            description, rows, lastrowid, rowcount, in_transaction = self.await_(
                self._connection._execute(_execute, self._connection._conn, operation,
                                          parameters, many))
        except Exception as error:
            adapted.in_transaction = True  # unknown now: let a rollback through
            adapted._handle_exception(error)
        adapted.in_transaction = in_transaction
        if description:
            self.description, self._rows = description, deque(rows)
            self.lastrowid = self.rowcount = -1
        else:
            self.description, self.lastrowid, self.rowcount = None, lastrowid, rowcount


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ("in_transaction",)

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self.in_transaction = True  # not known until the first statement says

    def cursor(self, server_side: bool = False) -> AsyncAdapt_aiosqlite_cursor:
        if server_side:
            return super().cursor(server_side)
        return OneTripCursor(self)

    def commit(self) -> None:
        super().commit()
        self.in_transaction = False

    def rollback(self) -> None:
        """The pool rolls back every connection it gets back, most of them just committed."""
        if self.in_transaction:
            super().rollback()
            self.in_transaction = False


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """The DBAPI module SQLAlchemy's aiosqlite dialect is given (create_engine's `module`)."""

    def __init__(self) -> None:
        super().__init__(aiosqlite, sqlite3)

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        kw.pop("async_fallback", None)
        connection = aiosqlite.connect(*arg, **kw)
        # As SQLAlchemy does: a connection nobody closed does not keep the process alive.
        thread = connection if isinstance(connection, Thread) else connection._thread
        thread.daemon = True
        return OneTripConnection(self, await_only(connection))
