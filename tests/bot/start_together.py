"""`python -m tests.bot.start_together BARRIER ARGS…`: `python -m bot ARGS…` at one moment.

Importing the bot takes seconds, so processes started one after another would reach their
migrations seconds apart; each of these imports first and waits for the barrier file, then
runs the real command line, so that all of them start up at the same instant.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import bot.app  # noqa: F401  (the slow imports, before the barrier)
import bot.telegram.run  # noqa: F401
from bot.cli import main

if __name__ == "__main__":
    barrier = Path(sys.argv[1])
    print("ready", file=sys.stderr, flush=True)
    while not barrier.exists():
        time.sleep(0.002)
    raise SystemExit(main(sys.argv[2:]))
