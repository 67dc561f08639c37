"""Which failures defer an update (the database is away for now) and which are bugs."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import exc as sa

from domain.adapters.outage import is_transient


class CannotConnectNowError(Exception):  # asyncpg's, by name and SQLSTATE
    __module__ = "asyncpg.exceptions"
    sqlstate = "57P03"


class InternalClientError(Exception):  # asyncpg's, raised with no SQLSTATE
    __module__ = "asyncpg.exceptions._base"


def wrapped(orig: BaseException, cls: type[sa.DBAPIError] = sa.OperationalError,
            invalidated: bool = False) -> sa.DBAPIError:
    return cls("SELECT 1", {}, orig, connection_invalidated=invalidated)  # type: ignore[arg-type]


@pytest.mark.parametrize("error", [
    ConnectionRefusedError(111, "Connect call failed ('127.0.0.1', 5432)"),
    ConnectionResetError(104, "Connection reset by peer"),
    OSError("Multiple exceptions: [Errno 111] Connect call failed ('127.0.0.1', 5432)"),
    wrapped(sqlite3.OperationalError("database is locked")),
    wrapped(CannotConnectNowError("the database system is starting up")),
    wrapped(Exception("the database system is shutting down")),
    wrapped(Exception("terminating connection due to administrator command")),
    wrapped(Exception("connection was closed in the middle of operation"), sa.InterfaceError),
    wrapped(Exception("anything"), sa.DBAPIError, invalidated=True),
    sa.TimeoutError("QueuePool limit of size 5 overflow 10 reached"),
    # seen in the restart chaos test: a connection's set-up meeting the restart half-way
    InternalClientError("cannot switch to state 14; another operation (2) is in progress"),
])
def test_an_unreachable_database_is_transient(error: BaseException) -> None:
    assert is_transient(error)


def test_a_failure_raised_while_handling_an_outage_is_transient_through_its_chain() -> None:
    try:
        try:
            raise ConnectionResetError(104, "Connection reset by peer")
        except ConnectionResetError:
            raise RuntimeError("rollback failed")  # noqa: B904
    except RuntimeError as error:
        assert is_transient(error)


@pytest.mark.parametrize("error", [
    KeyError("step"), ValueError("invalid literal for int()"), AssertionError(),
    wrapped(sqlite3.OperationalError("no such table: accounts")),
    wrapped(Exception('duplicate key value violates unique constraint "x"'), sa.IntegrityError),
    FileNotFoundError(2, "No such file or directory"),
])
def test_a_bug_is_not_transient(error: BaseException) -> None:
    assert not is_transient(error)
