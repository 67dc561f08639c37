"""A one-line progress bar on stderr for long CLI work (seeding, imports)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        # sys.stderr is looked up now, not at import: whoever redirected it since wins.
        self.label, self.stream, self.started = label, stream or sys.stderr, time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        elapsed = time.monotonic() - self.started
        self.stream.write(f"\r{self.label}: [{'#' * filled}{'.' * (width - filled)}] "
                          f"{done}/{total} ({elapsed:.1f}s)")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()
