"""A quiet outage: one warning when the database becomes unreachable, one when it is back.

Every front end and background worker reports here instead of logging a traceback per
update: while PostgreSQL restarts, hundreds of updates are deferred (the platform sends them
again) and the log says so twice, with the count, not hundreds of times.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from domain.adapters.outage import is_transient

log = logging.getLogger(__name__)


@dataclass
class Outage:
    clock: Callable[[], float] = time.monotonic
    since: float | None = None  # when the current outage was first seen
    deferred: int = 0  # updates deferred during it
    total_deferred: int = 0  # since start-up (tests and /health read it)
    outages: int = 0
    _first: str = field(default="", repr=False)

    @property
    def down(self) -> bool:
        return self.since is not None

    def defer(self, error: BaseException) -> None:
        """An update was not processed because the database is unreachable."""
        self.note(error)
        self.deferred += 1
        self.total_deferred += 1

    def note(self, error: BaseException) -> bool:
        """True (and, the first time in an outage, one warning) when `error` means the
        database is unreachable; False for anything else, which the caller logs as a bug."""
        if not is_transient(error):
            return False
        if self.since is None:
            self.since, self.outages = self.clock(), self.outages + 1
            self._first = _one_line(error)
            log.warning("database unreachable (%s): updates are deferred, the platforms send "
                        "them again; delivery waits", self._first)
        return True

    def passed(self) -> None:
        """Work reached the database: if it was down, say once that it is back."""
        if self.since is None:
            return
        seconds = self.clock() - self.since
        log.warning("database is back after %.1f s; %d updates were deferred and are being "
                    "retried", seconds, self.deferred)
        self.since, self.deferred = None, 0


def _one_line(error: BaseException) -> str:
    cause = getattr(error, "cause", None) or error
    text = " ".join(str(cause).split())[:160]
    return f"{type(cause).__name__}: {text}" if text else type(cause).__name__
