"""Which failures are a database outage (retry the work later) rather than a bug.

A connection refused or cut, PostgreSQL starting up or shutting down, a pool that cannot hand
out a connection, SQLite's lock held past the busy timeout: the same work succeeds once the
database is back, so an update must be deferred (the platform retries it), not answered with
an apology and lost. Anything else is a bug. The drivers' exceptions are told apart by name
and SQLSTATE, so that no driver is imported here.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import exc as sa

# SQLSTATE classes and codes: connection exceptions, admin/crash shutdown, cannot connect now,
# too many connections, and a serialization failure or deadlock (retrying succeeds).
TRANSIENT_STATES = ("08", "57P01", "57P02", "57P03", "53300", "40001", "40P01")
TRANSIENT_NAMES = frozenset({
    "ConnectionDoesNotExistError", "CannotConnectNowError", "ConnectionFailureError",
    "AdminShutdownError", "CrashShutdownError", "TooManyConnectionsError",
    "ConnectionRejectionError", "ClientCannotConnectError", "SerializationError",
    "DeadlockDetectedError",
})
TRANSIENT_WORDS = (
    "database is locked", "the database system is starting up",
    "the database system is shutting down", "the database system is in recovery mode",
    "connection was closed", "connection is closed", "connection refused",
    "connection reset", "terminating connection", "server closed the connection",
    "underlying connection is closed",
    # asyncpg, on a connection opened while the server restarts: its set-up (the JSON codec)
    # meets a protocol left mid-operation. A new connection succeeds once the server is up.
    "cannot switch to state",
)


def chain(error: BaseException) -> Iterator[BaseException]:
    """The error, the driver's error it wraps, and what it was raised from or during."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [error]
    while todo:
        item = todo.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        todo += [getattr(item, "orig", None), item.__cause__, item.__context__]


def is_transient(error: BaseException) -> bool:
    """True when `error` comes from the database being unreachable for now."""
    return any(_transient_one(item) for item in chain(error))


def _transient_one(item: BaseException) -> bool:
    if isinstance(item, sa.DBAPIError) and item.connection_invalidated:
        return True
    if isinstance(item, (sa.TimeoutError, sa.DisconnectionError)):
        return True  # the pool had no connection to give, or one was found dead
    if isinstance(item, (ConnectionError, TimeoutError)):
        return True  # refused, reset, aborted; a connect that timed out
    if isinstance(item, OSError) and "connect call failed" in str(item).lower():
        return True  # "Multiple exceptions: [Errno 111] Connect call failed …"
    state = str(getattr(item, "sqlstate", None) or getattr(item, "pgcode", None) or "")
    if state and state.startswith(TRANSIENT_STATES):
        return True
    if type(item).__name__ in TRANSIENT_NAMES and type(item).__module__.startswith("asyncpg"):
        return True
    text = str(item).lower()
    return any(word in text for word in TRANSIENT_WORDS)
