"""Documents and evidence: checked for type and size before download, stored by SHA-256."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from pathlib import Path

from sqlalchemy import select

from ..actor import Actor
from ..errors import InvalidInput, NotFound
from ..models import StoredFile
from ..uow import UnitOfWork

ALLOWED_TYPES = {
    "image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "image/gif": ".gif",
    "application/pdf": ".pdf",
}


class Files:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    def check(self, name: str, mime_type: str, size: int) -> None:
        """Refuse before fetching a single byte: the platform tells type and size up front."""
        if mime_type not in ALLOWED_TYPES:
            raise InvalidInput("error.file_type", name=name[:60])
        limit = self.uow.rules.max_file_bytes
        if size > limit:
            raise InvalidInput("error.file_too_large", name=name[:60],
                               size_mb=f"{size / 1048576:.1f}", limit_mb=limit // 1048576)

    async def store(self, actor: Actor, name: str, mime_type: str, size: int,
                    fetch: Callable[[], Awaitable[bytes]], attached_to: str | None = None
                    ) -> StoredFile:
        """Check, fetch, write under the storage directory named by content hash, record it."""
        self.check(name, mime_type, size)
        data = await fetch()
        if len(data) > self.uow.rules.max_file_bytes:  # the platform's size was wrong
            self.check(name, mime_type, len(data))
        digest = hashlib.sha256(data).hexdigest()
        path = self.path_of(digest)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".part")
            tmp.write_bytes(data)
            tmp.replace(path)
        row = StoredFile(sha256=digest, name=Path(name).name[:255] or "file",
                         mime_type=mime_type, size=len(data), uploaded_by=actor.account_id,
                         attached_to=attached_to, created_at=self.uow.now())
        self.uow.session.add(row)
        await self.uow.session.flush()
        return row

    def path_of(self, digest: str) -> Path:
        return self.uow.env.storage_dir / digest[:2] / digest

    async def attach(self, file_ids: list[int], actor: Actor, attached_to: str) -> None:
        """Tie files uploaded during a form to the object the form created."""
        rows = (await self.uow.session.scalars(
            select(StoredFile).where(StoredFile.id.in_(file_ids)))).all()
        if len(rows) != len(set(file_ids)) or any(r.uploaded_by != actor.account_id for r in rows):
            raise NotFound("error.file_missing")
        for row in rows:
            row.attached_to = attached_to

    async def attached(self, attached_to: str) -> list[StoredFile]:
        return list((await self.uow.session.scalars(
            select(StoredFile).where(StoredFile.attached_to == attached_to)
            .order_by(StoredFile.id))).all())
