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
- a ROLLBACK with no transaction open is not sent at all;
- and most statements make no trip at all: they run right here, on the event loop, when
  they can be quick. SQLite takes 20-100 µs for one of the bot's statements, less than the
  trip itself. Here, a statement never waits for a lock (busy timeout 0) and a SELECT is
  cut off after LOOP_BUDGET; either one then runs again in the thread, as before, waiting as
  long as the busy timeout allows. Only what never ran moves: a BEGIN IMMEDIATE that found
  the database locked, a SELECT (which changed nothing). A write holds the write lock by
  then, so it never waits; it runs here, whatever its size (bulk inserts, executemany, go
  to the thread).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable
from threading import Thread
from typing import Any, TypeVar

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
LOOP_BUDGET = 0.002  # seconds a SELECT may hold the event loop before it goes to the thread
STEPS = 2000  # SQLite VM instructions between two looks at the clock
BUSY_TIMEOUT = "PRAGMA busy_timeout"
T = TypeVar("T")


async def _nothing() -> None:
    """Awaited without suspending: a switch out of SQLAlchemy's greenlet and straight back."""


class _Elsewhere(Exception):
    """This trip goes to the thread after all; `held` are the statements still to run."""

    def __init__(self, held: list[str]) -> None:
        self.held = held


def _locked_or_cut(error: sqlite3.OperationalError) -> bool:
    text = str(error)
    return text.startswith(("database is locked", "database table is locked")) or (
        text == "interrupted")


def _held_here(conn: sqlite3.Connection, held: list[str]) -> None:
    for n, statement in enumerate(held):
        try:
            conn.execute(statement)
        except sqlite3.OperationalError as error:
            if _locked_or_cut(error):
                raise _Elsewhere(held[n:]) from error  # it and the rest never ran
            raise


def _run_here(conn: sqlite3.Connection, held: list[str], operation: Any,
              parameters: Any) -> Outcome:
    """On the event loop: as _run, unless something would wait (then _Elsewhere)."""
    _held_here(conn, held)
    reading = isinstance(operation, str) and operation.lstrip()[:6].upper() == "SELECT"
    if reading:
        deadline = time.perf_counter() + LOOP_BUDGET
        conn.set_progress_handler(lambda: time.perf_counter() > deadline, STEPS)
    try:
        return _run(conn, [], operation, parameters, False)
    except sqlite3.OperationalError as error:
        if _locked_or_cut(error) and (reading or "locked" in str(error)):
            raise _Elsewhere([]) from error  # a SELECT changed nothing; a locked write
        raise  # was refused before it changed anything
    finally:
        if reading:
            conn.set_progress_handler(None, 0)


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


def _rollback(conn: sqlite3.Connection, held: list[str]) -> None:
    for statement in held:
        conn.execute(statement)
    conn.rollback()


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
        conn = self._connection._conn
        outcome: Any  # the thread's answer is untyped, as SQLAlchemy's cursor fields are
        try:
            try:
                if many or adapted.thread_busy():
                    raise _Elsewhere(held)
                adapted.never_wait()
                outcome = _run_here(conn, held, operation, parameters)
                self.await_(_nothing())  # AsyncConnection.execute insists on one await
            except _Elsewhere as rest:
                outcome = adapted.in_thread(_run, rest.held, operation, parameters, many)
            description, rows, lastrowid, rowcount, in_transaction = outcome
        except Exception as error:
            adapted.in_transaction = True  # unknown now: let a rollback through
            adapted._handle_exception(error)
        adapted.in_transaction = in_transaction
        adapted.configured(operation)
        if description:
            self.description, self._rows = description, deque(rows)
            self.lastrowid = self.rowcount = -1
        else:
            self.lastrowid, self.rowcount = lastrowid, rowcount


class FewTripsConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ("held", "in_transaction", "patient", "timeout_ms", "_thread_done")

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self.held: list[str] = []  # statements waiting for the next trip
        self.in_transaction = True  # not known until the first statement says
        self.patient = True  # the connection's busy timeout is in force (not 0)
        self.timeout_ms = self._read_timeout()
        # Set by the thread when its last job for this connection ends. A job outlives a
        # cancelled await (a webhook request dropped, a shutdown): until it ends, everything
        # else queues behind it in the thread, lest the loop wait for it on SQLite's mutex.
        self._thread_done: threading.Event | None = None

    def thread_busy(self) -> bool:
        return self._thread_done is not None and not self._thread_done.is_set()

    def in_thread(self, function: Callable[..., T], held: list[str], *args: Any) -> T:
        """Run `function(conn, held, *args)` in aiosqlite's thread, with the busy timeout
        that waits for a lock (set there, first, if the loop had it at 0)."""
        if not self.patient:
            held = [f"{BUSY_TIMEOUT}={self.timeout_ms}", *held]
            self.patient = True
        done = self._thread_done = threading.Event()

        def job(conn: sqlite3.Connection) -> T:
            try:
                return function(conn, held, *args)
            finally:
                done.set()

        return self.await_(self._connection._execute(job, self._connection._conn))

    def _read_timeout(self) -> int:
        return int(self._connection._conn.execute(BUSY_TIMEOUT).fetchone()[0])

    def never_wait(self) -> None:
        """On the event loop a lock is never waited for (in_thread waits, in the thread)."""
        if self.patient:
            self._connection._conn.execute(f"{BUSY_TIMEOUT}=0")
            self.patient = False

    def configured(self, operation: Any) -> None:
        """After a statement: a busy timeout someone set (db.py does) is the one to keep."""
        if isinstance(operation, str) and operation.startswith(BUSY_TIMEOUT):
            self.timeout_ms, self.patient = self._read_timeout(), True

    def cursor(self, server_side: bool = False) -> AsyncAdapt_aiosqlite_cursor:
        if server_side:
            return super().cursor(server_side)
        return FewTripsCursor(self)

    def commit(self) -> None:
        held, self.held = self.held, []
        if held == [BEGIN]:  # a transaction that ran nothing: nothing to commit
            return
        conn = self._connection._conn
        try:
            try:
                if self.thread_busy():
                    raise _Elsewhere(held)
                self.never_wait()
                _held_here(conn, held)
                try:
                    conn.commit()  # in WAL a commit hardly ever waits; if it would,
                except sqlite3.OperationalError as error:  # the transaction stays open
                    if not _locked_or_cut(error):
                        raise
                    raise _Elsewhere([]) from error  # and the thread commits it, waiting
            except _Elsewhere as rest:
                self.in_thread(_commit, rest.held)
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
            try:
                if self.thread_busy():
                    self.in_thread(_rollback, [])
                else:
                    self._connection._conn.rollback()
            except Exception as error:
                self._handle_exception(error)
            self.in_transaction = False


class FewTripsDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """The DBAPI module SQLAlchemy's aiosqlite dialect is given (create_engine's `module`)."""

    def __init__(self) -> None:
        super().__init__(aiosqlite, sqlite3)

    def connect(self, *arg: Any, **kw: Any) -> FewTripsConnection:
        kw.pop("async_fallback", None)
        kw["check_same_thread"] = False  # statements run here too (one at a time, always)
        connection = aiosqlite.connect(*arg, **kw)
        # As SQLAlchemy does: a connection nobody closed does not keep the process alive.
        thread = connection if isinstance(connection, Thread) else connection._thread
        thread.daemon = True
        return FewTripsConnection(self, await_only(connection))
