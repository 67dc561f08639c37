"""`python -m bot audit --since DATE`: every decision since that day, as CSV."""

import argparse
import asyncio
import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import App, build_app
from bot.cli import cmd_audit, main
from bot.settings import load_settings
from domain.actor import Actor
from tests.clock import Clock
from tests.conftest import PG_URL

OPS = Actor(account_id=0, identity="console:ops", is_operator=True)


async def write_entries(app: App, clock: Clock) -> None:
    clock.now = datetime(2026, 10, 20, 8, 0, tzinfo=UTC)
    async with app.unit_of_work() as uow:
        uow.audit(OPS, "application.rejected", "application:1", "Too old", category="ads")
        await uow.commit()
    clock.now = datetime(2026, 11, 3, 9, 30, tzinfo=UTC)
    async with app.unit_of_work() as uow:
        uow.audit(OPS, "application.approved", "application:2", None, category="advertising")
        uow.audit(OPS, "application.needs_info", "application:3", 'Add "GMV proof", please')
        await uow.commit()


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


async def test_the_audit_command_prints_entries_since_the_date_as_csv(
        app: App, clock: Clock, capsys: pytest.CaptureFixture[str]) -> None:
    await write_entries(app, clock)
    since = datetime(2026, 11, 1, tzinfo=UTC)
    assert await cmd_audit(app, argparse.Namespace(since=since)) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "actor,action,subject,reason,details,time"
    printed = rows(out)
    assert [r["action"] for r in printed] == ["application.approved", "application.needs_info"]
    assert printed[0]["details"] == '{"category":"advertising"}'
    assert printed[0]["time"] == "2026-11-03T09:30:00+00:00"
    assert printed[1]["reason"] == 'Add "GMV proof", please'


@pytest.mark.skipif(bool(PG_URL), reason="the CLI opens its own database from the environment")
async def test_python_m_bot_audit_reads_the_database_from_the_environment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'market.sqlite3'}"
    clock = Clock()
    app = await build_app(load_settings(database_url=url, storage_dir=tmp_path / "s"),
                          clock=clock)
    await write_entries(app, clock)
    await app.close()
    monkeypatch.setenv("SMBOT_DATABASE_URL", url)
    monkeypatch.setenv("SMBOT_STORAGE_DIR", str(tmp_path / "s"))
    # main() runs its own event loop, as `python -m bot` does: give it a thread of its own.
    assert await asyncio.to_thread(main, ["audit", "--since", "2026-11-01"]) == 0
    printed = rows(capsys.readouterr().out)
    assert [r["subject"] for r in printed] == ["application:2", "application:3"]
    assert all(r["actor"] == "console:ops" for r in printed)


def test_a_malformed_date_is_refused_with_a_clear_message(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["audit", "--since", "November"])
    assert exited.value.code == 2
    assert "expects a date like 2026-11-01" in capsys.readouterr().err
