"""Set-up for the application tests: documents on disk and a provider's finished /apply."""

from __future__ import annotations

from pathlib import Path

from tests.transcript import Said, Transcript

ADVERTISING = "Advertising agency"


def documents(folder: Path, count: int = 3, suffix: str = ".pdf") -> list[Path]:
    """Distinct small files the console uploads (type guessed from the suffix)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"doc{i + 1}{suffix}"
        path.write_bytes(b"%PDF-1.4 " + str(i).encode() * 50)
        paths.append(path)
    return paths


async def apply(chat: Transcript, user: str, folder: Path, *, gmv: str = "750000",
                merchants: str = "25", category: str = ADVERTISING) -> Said:
    """Run /apply to the end with three documents and no note; returns the last answer."""
    await chat.run(user, "/apply", f"> {category}", gmv, merchants)
    for path in documents(folder):
        await chat.send_file(user, path)
    return await chat.run(user, "> Done", "> Skip", "> Confirm")
