"""A start-up failure prints one line naming the setting, never a traceback; exit status 2.

Real subprocesses (`python -m bot run`), as an operator would start the bot.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.bot.telegram.fake_api import FakeBotApi

ROOT = Path(__file__).resolve().parents[2]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _start(tmp_path: Path, **env: str) -> tuple[int, list[str]]:
    full = {**os.environ, "SMBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/m.sqlite3",
            "SMBOT_STORAGE_DIR": str(tmp_path / "storage"), **env}
    full.pop("SMBOT_TEST_DATABASE_URL", None)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=ROOT, env=full,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), 90)
    assert process.returncode is not None
    return process.returncode, (out + err).decode().strip().splitlines()


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    server = FakeBotApi()
    await server.start(thread=True)  # its own loop: the subprocess talks to it while we wait
    yield server
    await server.close()


async def test_a_malformed_token_is_one_line_that_does_not_show_it(tmp_path: Path) -> None:
    status, lines = await _start(tmp_path, SMBOT_TELEGRAM_TOKEN="not a token at all")
    assert status == 2
    assert lines == ["Configuration error: SMBOT_TELEGRAM_TOKEN: expects the token from "
                     "@BotFather, digits:letters such as 123456:ABC-DEF1234ghIkl (the value "
                     "is not shown)"]


@pytest.mark.parametrize("library", ["aiogram", "ptb"])
async def test_an_unreachable_bot_api_is_one_line_naming_the_url(
        tmp_path: Path, library: str) -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    status, lines = await _start(tmp_path, SMBOT_TELEGRAM_TOKEN="123456:SECRET-token",
                                 SMBOT_TELEGRAM_API_URL=url, SMBOT_TELEGRAM_LIBRARY=library)
    assert status == 2
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"Start-up error: SMBOT_TELEGRAM_API_URL: cannot reach the "
                               f"Telegram Bot API at {url}: ")
    assert "SECRET" not in lines[0]


@pytest.mark.parametrize("library", ["aiogram", "ptb"])
async def test_a_token_the_bot_api_refuses_is_one_line_naming_the_token(
        tmp_path: Path, fake: FakeBotApi, library: str) -> None:
    status, lines = await _start(tmp_path, SMBOT_TELEGRAM_TOKEN="999:SECRET-revoked",
                                 SMBOT_TELEGRAM_API_URL=fake.url, SMBOT_TELEGRAM_LIBRARY=library)
    assert status == 2
    assert len(lines) == 1, lines
    assert lines[0].startswith("Start-up error: SMBOT_TELEGRAM_TOKEN: the Bot API refused the "
                               "token")
    assert "SECRET" not in lines[0]


async def test_a_database_that_cannot_be_opened_is_one_line(tmp_path: Path) -> None:
    status, lines = await _start(
        tmp_path, SMBOT_DATABASE_URL=f"postgresql+asyncpg://nobody@127.0.0.1:{_closed_port()}/x")
    assert status == 2
    assert len(lines) == 1, lines
    assert lines[0].startswith("Start-up error: SMBOT_DATABASE_URL: cannot open the database: ")


@pytest.mark.parametrize(("file", "shipped", "wrong", "expected"), [
    ("rules.toml", "reports_per_day = 5", 'reports_per_day = "five"',
     "config/rules.toml: reports_per_day: Input should be a valid integer"),
    ("rules.toml", "binding_durations = [30, 90, 180, 365]", "binding_durations = 30",
     "config/rules.toml: binding_durations: Input should be a valid tuple"),
    ("rules.toml", "reports_per_day = 5", "report_per_day = 5",
     "config/rules.toml: report_per_day: unknown key"),
    ("categories.toml", "min_gmv_usd = 500000", 'min_gmv_usd = "500k"',
     "config/categories.toml: category #1: min_gmv_usd: Input should be a valid integer"),
])
async def test_a_wrong_config_file_value_is_one_line_naming_the_key(
        tmp_path: Path, file: str, shipped: str, wrong: str, expected: str) -> None:
    config = tmp_path / "config"
    shutil.copytree(ROOT / "config", config)
    text = (config / file).read_text("utf-8")
    assert shipped in text
    (config / file).write_text(text.replace(shipped, wrong, 1), "utf-8")
    status, lines = await _start(tmp_path, SMBOT_CONFIG_DIR=str(config))
    assert status == 2
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"Configuration error: {expected}")
    assert not (tmp_path / "m.sqlite3").exists()  # refused before the database was opened
