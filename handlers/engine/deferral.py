"""An update the core could not process for now: the front end must not acknowledge it."""

from __future__ import annotations


class UpdateDeferred(Exception):
    """The database was unreachable (domain/adapters/outage.py): nothing was committed, not
    even the dedupe key, and the user was told nothing. The front end answers so that the
    platform sends the update again (webhook 5xx, polling offset held, WeChat no answer)."""

    def __init__(self, dedupe_key: str, cause: BaseException) -> None:
        super().__init__(f"update {dedupe_key} deferred: {type(cause).__name__}")
        self.dedupe_key = dedupe_key
        self.cause = cause
