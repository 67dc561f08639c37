"""Platform front ends started by `python -m bot run`, imported only when configured."""

from __future__ import annotations

import asyncio
import sys

from .app import App


async def start_telegram(app: App, stop: asyncio.Event) -> int:
    """Runs until `stop` is set, then stops gracefully (see telegram/run.py)."""
    try:
        from .telegram.run import run_telegram
    except ImportError as exc:
        print(f"The Telegram front end cannot start: {exc}", file=sys.stderr)
        return 2
    return await run_telegram(app, stop)
