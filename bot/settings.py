"""Settings from the environment (prefix SMBOT_) and `.env`; read once at the entry point."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "var" / "market.sqlite3"
PLATFORMS = ("telegram", "wechat", "console")
# What Telegram accepts as a webhook's secret_token; anything else (an empty string above all,
# which some libraries treat as "no secret") must stop start-up instead of opening the webhook.
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
TELEGRAM_TOKEN = re.compile(r"[0-9]{1,20}:[A-Za-z0-9_-]{1,200}")  # what @BotFather hands out


class SettingsError(Exception):
    """One line naming the setting and what it expects; printed by the CLI instead of a trace.

    Also raised at start-up when a setting is well formed but does not work (the Bot API at
    SMBOT_TELEGRAM_API_URL is unreachable, the token is refused, the database cannot be opened).
    """


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SMBOT_", env_file=".env", extra="ignore", hide_input_in_errors=True
    )

    database_url: str = f"sqlite+aiosqlite:///{DEFAULT_DB}"
    # console:ops lets whoever runs the terminal act as an operator in the console demo;
    # console identities exist only in a local terminal, so this grants nothing remotely.
    operators: Annotated[tuple[str, ...], NoDecode] = ("console:ops",)
    storage_dir: Path = ROOT / "var" / "storage"
    timezone: str = "Asia/Shanghai"
    config_dir: Path = ROOT / "config"
    max_file_mb: int = Field(default=10, ge=1, le=50)
    binding_reminder_days: int = Field(default=7, ge=0, le=90)
    # PostgreSQL advisory locks are per database: this key guards migrations, key + 1 the
    # scheduler's leader. Only processes sharing one database (tests: one schema each) differ.
    lock_key: int = Field(default=0x534D_4254, ge=-(2**63), le=2**63 - 2)
    leader_poll_seconds: float = Field(default=5.0, gt=0, le=300)
    stop_seconds: float = Field(default=8.0, gt=0, le=600)

    telegram_token: SecretStr | None = None
    telegram_library: Literal["aiogram", "ptb"] = "aiogram"
    telegram_api_url: str = "https://api.telegram.org"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    telegram_webhook_host: str = "0.0.0.0"  # where the webhook server listens (behind TLS)
    telegram_webhook_port: int = Field(default=8080, ge=1, le=65535)
    telegram_rate_global: float = Field(default=30, gt=0)
    telegram_rate_chat: float = Field(default=1, gt=0)
    telegram_rate_group_per_minute: float = Field(default=20, gt=0)

    wechat_app_id: str | None = None
    wechat_app_secret: SecretStr | None = None
    wechat_token: SecretStr | None = None
    wechat_aes_key: SecretStr | None = None
    wechat_api_url: str = "https://api.weixin.qq.com"

    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_sender: str = "market-bot@localhost"
    # starttls: upgrade the connection or send nothing; tls: implicit TLS (port 465); none:
    # plain text, credentials included. Unset: starttls when a user is set (so a password
    # never goes out in the clear), else STARTTLS when the server offers it.
    smtp_tls: Literal["starttls", "tls", "none"] | None = None

    @field_validator("operators", mode="before")
    @classmethod
    def _split_operators(cls, value: object) -> tuple[str, ...]:
        items = value.split(",") if isinstance(value, str) else list(value or ())  # type: ignore[arg-type]
        result = []
        for item in (str(i).strip() for i in items):
            if not item:
                continue
            platform, _, ident = item.partition(":")
            if platform not in PLATFORMS or not ident:
                raise ValueError(f"expects platform:id items such as telegram:12345, got {item!r}")
            result.append(item)
        return tuple(result)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"expects an IANA time zone such as Asia/Shanghai, got {value!r}") from None
        return value

    @field_validator("telegram_token")
    @classmethod
    def _telegram_token(cls, value: SecretStr | None) -> SecretStr | None:
        return _secret_of_form(value, TELEGRAM_TOKEN, "expects the token from @BotFather, "
                               "digits:letters such as 123456:ABC-DEF1234ghIkl (the value is not "
                               "shown)")

    @field_validator("telegram_webhook_secret")
    @classmethod
    def _telegram_secret(cls, value: SecretStr | None) -> SecretStr | None:
        return _secret_of_form(value, WEBHOOK_SECRET, "expects 1-256 characters of A-Z, a-z, "
                               "0-9, _ and - (what Telegram accepts as secret_token)")

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if value.startswith(("postgresql://", "postgres://")):
            return "postgresql+asyncpg://" + value.split("://", 1)[1]
        if value.startswith("sqlite:///"):
            return "sqlite+aiosqlite:///" + value[len("sqlite:///"):]
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("expects sqlite+aiosqlite:///path or postgresql+asyncpg://host/db")
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.telegram_webhook_url and self.telegram_webhook_secret is None:
            raise ValueError("SMBOT_TELEGRAM_WEBHOOK_SECRET: required when "
                             "SMBOT_TELEGRAM_WEBHOOK_URL is set (any long random string)")
        return self

    @property
    def smtp_tls_mode(self) -> Literal["starttls", "tls", "none"] | None:
        """The TLS mode in force; None: opportunistic STARTTLS (no credentials to protect)."""
        if self.smtp_tls is not None:
            return self.smtp_tls
        return "starttls" if self.smtp_user else None

    @property
    def operator_ids(self) -> frozenset[str]:
        return frozenset(self.operators)


def _secret_of_form(value: SecretStr | None, form: re.Pattern[str], expects: str
                    ) -> SecretStr | None:
    """A secret that must match `form`; the refusal never quotes the value."""
    if value is not None and not form.fullmatch(value.get_secret_value()):
        raise ValueError(expects)
    return value


def load_settings(**overrides: object) -> Settings:
    """Read settings, turning validation errors into one readable line per bad setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            message = err["msg"].removeprefix("Value error, ")
            name = f"SMBOT_{str(err['loc'][0]).upper()}: " if err["loc"] else ""
            lines.append(f"{name}{message}")
        raise SettingsError("; ".join(lines)) from None
