"""Replay a transcript on a fresh demo market with a fixed clock, printing JSON Lines.

    .venv/bin/python docs/transcripts/replay.py docs/transcripts/search_to_binding.jsonl

Each run uses a new SQLite file, seeds it with `seed_demo` (deterministic for a given clock)
and plays the script through the console, so the output depends on nothing but the script:
the clock starts at 2026-11-02 09:00 UTC (tests.clock.Clock) and does not move.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.app import build_app  # noqa: E402
from bot.console import Console  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from demo.seed import seed_demo  # noqa: E402
from tests.clock import Clock  # noqa: E402


async def replay(script: Path, out=sys.stdout, err=sys.stderr) -> int:  # noqa: ANN001
    """Play `script` on a fresh demo database; returns how many lines failed."""
    with tempfile.TemporaryDirectory(prefix="smbot-replay-") as tmp:
        settings = load_settings(database_url=f"sqlite+aiosqlite:///{tmp}/market.sqlite3",
                                 operators="console:ops,console:ops2",
                                 storage_dir=Path(tmp) / "storage", config_dir=ROOT / "config")
        app = await build_app(settings, clock=Clock())
        try:
            async with app.unit_of_work() as uow:
                await seed_demo(uow)
                await uow.commit()
            with script.open(encoding="utf-8") as lines:
                return await Console(app).play(lines, out, err)
        finally:
            await app.close()


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: replay.py SCRIPT.jsonl", file=sys.stderr)
        return 2
    return 1 if asyncio.run(replay(Path(argv[1]))) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
