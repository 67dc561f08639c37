"""Locks between processes: a file lock beside a SQLite database, advisory-lock keys.

PostgreSQL processes coordinate with advisory locks (see migrate.py and scheduling.py); SQLite
has none, so a lock file beside the database plays that part. `flock` locks belong to the
open file, so the kernel drops them when a process dies: a crash never leaves a stale lock.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
from pathlib import Path

from sqlalchemy.engine import make_url


class AlreadyRunning(Exception):
    """Another bot process holds this SQLite database; the message is one line."""


def sqlite_file(database_url: str) -> Path | None:
    """The database file of a SQLite URL; None for PostgreSQL and in-memory databases."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database).resolve()


def migration_key(lock_key: int) -> int:
    return lock_key


def leader_key(lock_key: int) -> int:
    return lock_key + 1


class FileLock:
    """An exclusive lock on `path` (created if missing), held until release or exit."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def try_acquire(self) -> bool:
        """Take the lock if it is free; never waits."""
        fd = self._open()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    async def acquire(self) -> None:
        """Wait for the lock in a thread, so the event loop goes on meanwhile."""
        fd = self._open()
        try:
            await asyncio.to_thread(fcntl.flock, fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def _open(self) -> int:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)


def run_lock_file(database: Path) -> Path:
    return database.with_name(database.name + ".run.lock")


def claim_database(database_url: str) -> FileLock | None:
    """On SQLite, make this process the one bot on the file (its front ends, mailer and
    scheduler): the lock is held until released or the process ends. Never waits: raises
    AlreadyRunning when another process holds it. None on PostgreSQL, where workers share
    the database and an advisory lock picks the scheduler's leader."""
    database = sqlite_file(database_url)
    if database is None:
        return None
    lock = FileLock(run_lock_file(database))
    if not lock.try_acquire():
        raise AlreadyRunning(f"Another `python -m bot run` or `chat` is using {database}; "
                             "stop it first (one process per SQLite file).")
    return lock
