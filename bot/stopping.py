"""SIGTERM and SIGINT stop the bot gracefully, within a bound; past it the process exits anyway.

systemd, Docker and Kubernetes stop a process with SIGTERM and kill it a little later (Docker
after 10 s): the first signal sets an event that the front end and workers watch, and starts a
timer that ends the process after `seconds` even if something hangs. The timer is a thread, so
a blocked event loop cannot hold it up. A second signal ends the process at once.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

SIGNALS = (signal.SIGTERM, signal.SIGINT)
FORCED_EXIT = 1  # the stop did not finish in time: leases, not records, cover what was in flight


@contextmanager
def stop_on_signals(seconds: float) -> Iterator[asyncio.Event]:
    """An event set by the first SIGTERM or SIGINT while the block runs."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()

    def on_signal(signum: int) -> None:
        name = signal.Signals(signum).name
        if stop.is_set():
            _say(f"{name} again: exiting now")
            os._exit(FORCED_EXIT)
        _say(f"{name}: stopping (taking no new updates; at most {seconds:g} s)")
        stop.set()
        timer = threading.Timer(seconds, _exit_anyway, args=(seconds,))
        timer.daemon = True  # it never keeps a process that stopped in time
        timer.start()

    for number in SIGNALS:
        loop.add_signal_handler(number, on_signal, number)
    try:
        yield stop
    finally:
        for number in SIGNALS:
            loop.remove_signal_handler(number)


def _exit_anyway(seconds: float) -> None:
    _say(f"not stopped after {seconds:g} s: exiting anyway")
    os._exit(FORCED_EXIT)


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
