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


WECHAT = {"wechat_app_id": "wx1234567890abcdef", "wechat_app_secret": "s" * 32,
          "wechat_token": "Token123"}


@pytest.mark.parametrize(("overrides", "expected"), [
    ({"wechat_app_id": "wx1234567890abcdef"},
     "SMBOT_WECHAT_APP_SECRET: required when SMBOT_WECHAT_APP_ID is set"),
    ({"wechat_app_id": "wx1234567890abcdef", "wechat_app_secret": "x"},
     "SMBOT_WECHAT_TOKEN: required when SMBOT_WECHAT_APP_ID is set"),
    ({"wechat_aes_key": "a" * 43}, "SMBOT_WECHAT_APP_ID: required when SMBOT_WECHAT_AES_KEY"),
    ({**WECHAT, "wechat_token": "ab"}, "SMBOT_WECHAT_TOKEN: expects 3 to 32 letters or digits"),
    ({**WECHAT, "wechat_token": "with space"}, "SMBOT_WECHAT_TOKEN: expects 3 to 32"),
    ({**WECHAT, "wechat_token": "t" * 33}, "SMBOT_WECHAT_TOKEN: expects 3 to 32"),
    ({**WECHAT, "wechat_aes_key": "a" * 42}, "SMBOT_WECHAT_AES_KEY: expects the 43-letter"),
    ({**WECHAT, "wechat_aes_key": "a" * 42 + "+"}, "SMBOT_WECHAT_AES_KEY: expects the 43-letter"),
    ({**WECHAT, "wechat_app_id": "wx 1"}, "SMBOT_WECHAT_APP_ID: expects the AppID"),
    ({**WECHAT, "wechat_api_url": "api.weixin.qq.com"}, "SMBOT_WECHAT_API_URL: expects a URL"),
    ({**WECHAT, "wechat_path": "wechat"}, "SMBOT_WECHAT_PATH: expects a URL path"),
    ({**WECHAT, "wechat_account": "enterprise"}, "SMBOT_WECHAT_ACCOUNT: Input should be"),
])
def test_a_partial_or_wrong_wechat_setting_is_named(overrides: dict, expected: str) -> None:
    with pytest.raises(SettingsError) as refused:
        load_settings(**overrides)
    assert str(refused.value).startswith(expected)
    assert "\n" not in str(refused.value)


def test_a_complete_wechat_account_is_enabled_and_safe_mode_optional() -> None:
    assert not load_settings().wechat_enabled
    plain = load_settings(**WECHAT)
    assert plain.wechat_enabled and plain.wechat_aes_key is None
    safe = load_settings(**WECHAT, wechat_aes_key="A1" * 21 + "z")
    assert safe.wechat_enabled and safe.wechat_path == "/wechat"


def test_the_http_address_falls_back_to_the_old_webhook_names() -> None:
    assert (load_settings().listen_host, load_settings().listen_port) == ("0.0.0.0", 8080)
    old = load_settings(telegram_webhook_host="127.0.0.2", telegram_webhook_port=9000)
    assert (old.listen_host, old.listen_port) == ("127.0.0.2", 9000)
    new = load_settings(http_host="127.0.0.3", http_port=9001, telegram_webhook_port=9000)
    assert (new.listen_host, new.listen_port) == ("127.0.0.3", 9001)
    copied = new.model_copy(update={"http_port": None, "telegram_webhook_port": 9002})
    assert copied.listen_port == 9002
