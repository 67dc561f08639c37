"""A wrong setting stops start-up with one line naming it and what it expects; no secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("overrides", "expected"), [
    ({"operators": "ops"}, "SMBOT_OPERATORS: expects platform:id items such as telegram:12345"),
    ({"operators": "slack:U1"}, "SMBOT_OPERATORS: expects platform:id"),
    ({"timezone": "Mars/Olympus"}, "SMBOT_TIMEZONE: expects an IANA time zone"),
    ({"database_url": "mysql://x/y"}, "SMBOT_DATABASE_URL: expects sqlite+aiosqlite:///path"),
    ({"telegram_library": "telethon"}, "SMBOT_TELEGRAM_LIBRARY: Input should be 'aiogram' or"),
    ({"smtp_port": "seventy"}, "SMBOT_SMTP_PORT: Input should be a valid integer"),
    ({"telegram_webhook_url": "https://bot.example/hook"},
     "SMBOT_TELEGRAM_WEBHOOK_SECRET: required when SMBOT_TELEGRAM_WEBHOOK_URL is set"),
    ({"telegram_webhook_url": "https://bot.example/hook", "telegram_webhook_secret": ""},
     "SMBOT_TELEGRAM_WEBHOOK_SECRET: expects 1-256 characters of A-Z, a-z, 0-9, _ and -"),
    ({"telegram_webhook_secret": "has space"}, "SMBOT_TELEGRAM_WEBHOOK_SECRET: expects 1-256"),
    ({"telegram_webhook_secret": "x" * 257}, "SMBOT_TELEGRAM_WEBHOOK_SECRET: expects 1-256"),
    ({"telegram_webhook_secret": "gehéim"}, "SMBOT_TELEGRAM_WEBHOOK_SECRET: expects 1-256"),
])
def test_a_bad_setting_is_named_with_what_it_expects(overrides: dict, expected: str) -> None:
    with pytest.raises(SettingsError) as refused:
        load_settings(**overrides)
    assert str(refused.value).startswith(expected)
    assert "\n" not in str(refused.value)


def test_a_webhook_secret_of_telegram_s_alphabet_is_taken() -> None:
    secret = "A-z_09" * 42 + "abcd"  # 256 characters
    settings = load_settings(telegram_webhook_url="https://bot.example/hook",
                             telegram_webhook_secret=secret)
    assert settings.telegram_webhook_secret is not None
    assert settings.telegram_webhook_secret.get_secret_value() == secret


def test_operators_and_urls_are_normalised() -> None:
    settings = load_settings(operators=" telegram:1, console:ops ,",
                             database_url="postgresql://u@h/db")
    assert settings.operators == ("telegram:1", "console:ops")
    assert settings.database_url == "postgresql+asyncpg://u@h/db"


def test_the_cli_prints_one_line_and_never_the_secrets(tmp_path: Path) -> None:
    env = {**os.environ, "SMBOT_TELEGRAM_TOKEN": "123456:VERY-SECRET-TOKEN",
           "SMBOT_SMTP_PASSWORD": "hunter2-secret", "SMBOT_SMTP_PORT": "seventy",
           "SMBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/x.sqlite3"}
    done = subprocess.run([sys.executable, "-m", "bot", "db", "upgrade"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "Configuration error: SMBOT_SMTP_PORT: Input should be a valid integer, unable to "
        "parse string as an integer"]
    assert "SECRET" not in done.stderr + done.stdout and "hunter2" not in done.stderr
