"""aiosqlite as SQLAlchemy drives it, with fewer hand-offs to the driver's thread.

SQLAlchemy's aiosqlite adapter makes four trips to aiosqlite's thread for every SELECT
(open a cursor, execute, fetch, close) and three for every other statement, and one more
when a connection goes back to the pool (a ROLLBACK even after a COMMIT). Each trip is a
queue put, a thread wake-up and a call back into the event loop: 30-40 µs on an idle
machine, several times what SQLite itself takes for a statement of the bot's, and far more
when the cores are busy. Here:

- a statement is one trip: the thread opens a cursor, executes, fetches and closes;
- BEGIN IMMEDIATE, SAVEPOINT and RELEASE SAVEPOINT, which return nothing, travel with the
  next statement (or the COMMIT) in its trip, in the same order: SQLite runs exactly the
  statements it ran before, each update makes three trips fewer;
- a ROLLBACK with no transaction open is not sent at all.
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

BEGIN = "BEGIN IMMEDIATE"
# Statements that return nothing and may wait for the next trip: what db.py's transactions
# send. Nothing else is ever held back.
DEFERRABLE = (BEGIN, "SAVEPOINT ", "RELEASE SAVEPOINT ")

Outcome = tuple[Any, list[Any], int | None, int, bool]


def _deferrable(operation: Any, parameters: Any) -> bool:
    return not parameters and isinstance(operation, str) and operation.startswith(DEFERRABLE)


def _run(conn: sqlite3.Connection, held: list[str], operation: str, parameters: Any,
         many: bool) -> Outcome:
    """In aiosqlite's thread: the held statements, then the whole statement, rows included."""
    for statement in held:
        conn.execute(statement)
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


def _commit(conn: sqlite3.Connection, held: list[str]) -> None:
    for statement in held:
        conn.execute(statement)
    conn.commit()


class FewTripsCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        self._run(operation, parameters, many=False)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        self._run(operation, seq_of_parameters, many=True)

    def _run(self, operation: Any, parameters: Any, many: bool) -> None:
        adapted = self._adapt_connection
        assert isinstance(adapted, FewTripsConnection)
        self.description, self.lastrowid, self.rowcount = None, -1, -1
        if not many and _deferrable(operation, parameters):
            adapted.held.append(operation)
            return
        held, adapted.held = adapted.held, []
        try:
            description, rows, lastrowid, rowcount, in_transaction = self.await_(
                self._connection._execute(_run, self._connection._conn, held, operation,
                                          parameters, many))
        except Exception as error:
            adapted.in_transaction = True  # unknown now: let a rollback through
            adapted._handle_exception(error)
        adapted.in_transaction = in_transaction
        if description:
            self.description, self._rows = description, deque(rows)
            self.lastrowid = self.rowcount = -1
        else:
            self.lastrowid, self.rowcount = lastrowid, rowcount


class FewTripsConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ("held", "in_transaction")

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self.held: list[str] = []  # statements waiting for the next trip
        self.in_transaction = True  # not known until the first statement says

    def cursor(self, server_side: bool = False) -> AsyncAdapt_aiosqlite_cursor:
        if server_side:
            return super().cursor(server_side)
        return FewTripsCursor(self)

    def commit(self) -> None:
        held, self.held = self.held, []
        if held == [BEGIN]:  # a transaction that ran nothing: nothing to commit
            return
        try:
            self.await_(self._connection._execute(_commit, self._connection._conn, held))
        except Exception as error:
            self.in_transaction = True
            self._handle_exception(error)
        self.in_transaction = False

    def rollback(self) -> None:
        """Held statements are dropped: a BEGIN never sent has nothing to roll back, and a
        savepoint inside a transaction goes with it. The pool rolls back every connection it
        gets back, most of them just committed: those send nothing."""
        self.held = []
        if self.in_transaction:
            super().rollback()
            self.in_transaction = False


class FewTripsDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """The DBAPI module SQLAlchemy's aiosqlite dialect is given (create_engine's `module`)."""

    def __init__(self) -> None:
        super().__init__(aiosqlite, sqlite3)

    def connect(self, *arg: Any, **kw: Any) -> FewTripsConnection:
        kw.pop("async_fallback", None)
        connection = aiosqlite.connect(*arg, **kw)
        # As SQLAlchemy does: a connection nobody closed does not keep the process alive.
        thread = connection if isinstance(connection, Thread) else connection._thread
        thread.daemon = True
        return FewTripsConnection(self, await_only(connection))
