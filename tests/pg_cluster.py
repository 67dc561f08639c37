"""A throwaway PostgreSQL cluster for chaos tests: initdb into a temporary directory, its own
port, stopped and started at will; never the shared test server.

The binaries are taken from /usr/lib/postgresql/*/bin (the newest). PostgreSQL refuses to run
as root, so as root every command runs as the `postgres` user, in a directory it owns.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

BIN_GLOB = "/usr/lib/postgresql/*/bin"


def binaries() -> Path | None:
    """The newest installed server's bin directory, or None when there is none."""
    found = sorted(Path("/").glob(BIN_GLOB.lstrip("/")),
                   key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    found = [p for p in found if (p / "initdb").exists() and (p / "pg_ctl").exists()]
    return found[-1] if found else None


def why_not() -> str | None:
    """Why a cluster cannot be made here (a skip reason), or None when it can."""
    if binaries() is None:
        return f"no PostgreSQL server binaries under {BIN_GLOB}"
    if os.geteuid() == 0 and (shutil.which("runuser") is None or _no_user("postgres")):
        return "running as root without a `postgres` user (or runuser) to run the server as"
    return None


def _no_user(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return True
    return False


class Cluster:
    def __init__(self, port: int) -> None:
        bin_dir = binaries()
        assert bin_dir is not None
        self.bin, self.port = bin_dir, port
        self.root = Path(tempfile.mkdtemp(prefix="smbot-chaos-pg-"))
        self.data = self.root / "data"
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self.url = f"postgresql+asyncpg://postgres@127.0.0.1:{port}/postgres"

    def _command(self, tool: str, *args: str) -> list[str]:
        command = [str(self.bin / tool), *args]
        return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command

    def create(self) -> None:
        subprocess.run(self._command("initdb", "-D", str(self.data), "-A", "trust", "-U",
                                     "postgres", "--no-sync"),
                       check=True, capture_output=True, timeout=120)

    def _ctl(self, action: str, *extra: str) -> list[str]:
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        return self._command("pg_ctl", action, "-D", str(self.data), "-l",
                             str(self.root / "server.log"), "-w", "-t", "60", "-o", options,
                             *extra)

    async def start(self) -> None:
        await _run(self._ctl("start"))

    async def stop(self, mode: str = "fast") -> None:
        await _run(self._ctl("stop", "-m", mode))

    async def restart(self, mode: str = "fast") -> None:
        await _run(self._ctl("restart", "-m", mode))

    def destroy(self) -> None:
        subprocess.run(self._ctl("stop", "-m", "immediate"), capture_output=True, timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)

    @property
    def log(self) -> str:
        path = self.root / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""


async def _run(command: list[str]) -> None:
    """Without blocking the loop: the bot under test runs on it meanwhile."""
    process = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    output, _ = await asyncio.wait_for(process.communicate(), 90)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {output.decode(errors='replace')}")
