"""Documents and evidence: checked for type and size before download, for content after,
stored by SHA-256.

The declared type is the sender's claim: the bytes decide. An EXE declared as a PDF or an HTML
page declared as a PNG is refused; a real PNG declared as a JPEG is kept as the PNG it is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from sqlalchemy import select

from .. import validation as v
from ..actor import Actor
from ..adapters.uow import UnitOfWork
from ..errors import InvalidInput, NotFound
from ..models import StoredFile

ALLOWED_TYPES = {
    "image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "image/gif": ".gif",
    "application/pdf": ".pdf",
}


def sniffed_type(data: bytes) -> str | None:
    """The allowed type the content's magic bytes show, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"%PDF"):
        return "application/pdf"
    return None


MAX_NAME = 255  # stored_files.name
MAX_EXTENSION = 16  # longer after the last dot: part of the name, not a type


def file_name(name: str) -> str:
    """The name without folders, control and bidi-override characters (`invoice\u202efdp.exe`
    must not read as `invoiceexe.pdf`); a name too long for the column is shortened before
    its extension, ending `….pdf`, so that whoever opens it still sees and gets the type."""
    cleaned = Path(v.clean(name, newlines=False).replace("\\", "/")).name.strip()
    if len(cleaned) > MAX_NAME:
        stem, dot, extension = cleaned.rpartition(".")
        suffix = dot + extension if stem and len(extension) <= MAX_EXTENSION else ""
        cleaned = cleaned[:MAX_NAME - len(suffix) - 1].rstrip() + "…" + suffix
    return cleaned or "file"


class Files:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    def check(self, name: str, mime_type: str, size: int) -> None:
        """Refuse before fetching a single byte: the platform tells type and size up front.
        A size of 0 is a size not told (WeChat's images): the content decides after fetching."""
        if mime_type not in ALLOWED_TYPES:
            raise InvalidInput("error.file_type", name=name[:60])
        limit = self.uow.rules.max_file_bytes
        if size > limit:
            raise InvalidInput("error.file_too_large", name=name[:60],
                               size_mb=f"{size / 1048576:.1f}", limit_mb=limit // 1048576)

    async def store(self, actor: Actor, name: str, mime_type: str, size: int,
                    fetch: Callable[[], Awaitable[bytes]], attached_to: str | None = None,
                    already: Sequence[int] = ()) -> StoredFile:
        """Check, fetch, check the content, write under the storage directory named by content
        hash, record it. `already`: the files sent so far for the same form, where the same
        content twice counts once (refused)."""
        name = file_name(name)
        self.check(name, mime_type, size)
        data = await fetch()
        if not data:
            raise InvalidInput("error.file_empty", name=name[:60])
        if len(data) > self.uow.rules.max_file_bytes:  # the platform's size was wrong
            self.check(name, mime_type, len(data))
        mime_type = sniffed_type(data) or ""
        if not mime_type:
            raise InvalidInput("error.file_content", name=name[:60])
        digest = hashlib.sha256(data).hexdigest()
        twin = await self.twin(digest, already)
        if twin is not None:
            raise InvalidInput("error.same_file", name=name[:60], first=twin[:60])
        path = self.path_of(digest)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".part")
            tmp.write_bytes(data)
            tmp.replace(path)
        row = StoredFile(sha256=digest, name=name,
                         mime_type=mime_type, size=len(data), uploaded_by=actor.account_id,
                         attached_to=attached_to, created_at=self.uow.now())
        self.uow.session.add(row)
        await self.uow.session.flush()
        return row

    async def twin(self, digest: str, among: Sequence[int]) -> str | None:
        """The name of a file among `among` with this content, if there is one."""
        if not among:
            return None
        return await self.uow.session.scalar(select(StoredFile.name).where(
            StoredFile.id.in_(list(among)), StoredFile.sha256 == digest).limit(1))

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
