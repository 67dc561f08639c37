"""Settings from the environment (prefix SMBOT_) and `.env`; read once at the entry point."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar
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


@dataclass(frozen=True)
class WeChatKeys:
    """The WeChat account's credentials as plain strings (the three are set together)."""

    app_id: str
    app_secret: str
    token: str
    aes_key: str | None  # None: plain mode
    aes_key_previous: str | None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SMBOT_", env_file=".env", extra="ignore", hide_input_in_errors=True
    )

    database_url: str = f"sqlite+aiosqlite:///{DEFAULT_DB}"
    # PostgreSQL connections kept open per process. Past them the pool opens more for a
    # burst and closes each on its return: a new server process, set-up and statements
    # prepared again, every time. Telegram holds up to 40 webhook requests open at once.
    db_pool_size: int = Field(default=20, ge=1, le=500)
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
    # Old names of SMBOT_HTTP_HOST/_PORT, still read so existing deployments keep working.
    telegram_webhook_host: str | None = None
    telegram_webhook_port: int | None = Field(default=None, ge=1, le=65535)
    telegram_rate_global: float = Field(default=30, gt=0)
    telegram_rate_chat: float = Field(default=1, gt=0)
    telegram_rate_group_per_minute: float = Field(default=20, gt=0)
    # Where every announcement is also posted: "@name" or a "-100…" channel id.
    telegram_channel: str | None = None

    wechat_app_id: str | None = None
    wechat_app_secret: SecretStr | None = None
    wechat_token: SecretStr | None = None
    wechat_aes_key: SecretStr | None = None
    # The EncodingAESKey before the last change: pushes still encrypted with it are accepted.
    wechat_aes_key_previous: SecretStr | None = None
    wechat_api_url: str = "https://api.weixin.qq.com"
    wechat_account: Literal["subscription", "service"] = "subscription"
    wechat_path: str = "/wechat"
    # The public https address of this server: upload-page links are built on it (unset: no page).
    wechat_public_url: str | None = None

    # The one HTTP server (Telegram webhook, WeChat callback, upload page, /health), behind TLS.
    http_host: str | None = None
    http_port: int | None = Field(default=None, ge=1, le=65535)

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
        if isinstance(value, str):
            items: Iterable[object] = value.split(",")
        elif isinstance(value, Iterable):
            items = value
        elif not value:
            items = ()
        else:
            raise ValueError(f"expects a comma-separated list, got {value!r}")
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
    @field_validator("telegram_channel")
    @classmethod
    def _channel(cls, value: str | None) -> str | None:
        if value and not re.fullmatch(r"@[A-Za-z][A-Za-z0-9_]{4,31}|-100\d{5,}", value):
            raise ValueError(f"expects a channel's @username or its -100… id, got {value!r}")
        return value or None

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

    @model_validator(mode="after")
    def _wechat_complete(self) -> Settings:
        check_wechat(self)
        return self

    @property
    def listen_host(self) -> str:
        """SMBOT_HTTP_HOST, or its older name SMBOT_TELEGRAM_WEBHOOK_HOST (computed, not stored:
        a copy of the settings with only the old name changed must follow it)."""
        return self.http_host or self.telegram_webhook_host or "0.0.0.0"

    @property
    def listen_port(self) -> int:
        return self.http_port or self.telegram_webhook_port or 8080

    @property
    def wechat_enabled(self) -> bool:
        return bool(self.wechat_app_id and self.wechat_app_secret and self.wechat_token)

    def wechat_keys(self) -> WeChatKeys:
        """The credentials, for the WeChat front end and jobs (which run only when set)."""
        if not (self.wechat_app_id and self.wechat_app_secret and self.wechat_token):
            raise SettingsError("WeChat is not configured (SMBOT_WECHAT_APP_ID, "
                                "SMBOT_WECHAT_APP_SECRET, SMBOT_WECHAT_TOKEN)")
        return WeChatKeys(self.wechat_app_id, self.wechat_app_secret.get_secret_value(),
                          self.wechat_token.get_secret_value(),
                          _secret(self.wechat_aes_key) or None,
                          _secret(self.wechat_aes_key_previous) or None)

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
WECHAT_TRIO = ("wechat_app_id", "wechat_app_secret", "wechat_token")


def check_wechat(settings: Settings) -> None:
    """A half-configured account would fail only when WeChat first calls: refuse at start-up."""
    given = [name for name in WECHAT_TRIO if getattr(settings, name) is not None]
    if settings.wechat_aes_key is not None and not given:
        given = ["wechat_aes_key"]
    missing = [name for name in WECHAT_TRIO if getattr(settings, name) is None]
    if given and missing:
        raise ValueError(f"SMBOT_{missing[0].upper()}: required when SMBOT_{given[0].upper()} "
                         "is set (the app id, app secret and token go together)")
    if not given:
        return
    app_id = settings.wechat_app_id or ""
    if not re.fullmatch(r"[A-Za-z0-9_]{6,32}", app_id):
        raise ValueError("SMBOT_WECHAT_APP_ID: expects the AppID from the account's "
                         "developer settings, such as wx1234567890abcdef")
    token = _secret(settings.wechat_token)
    if not re.fullmatch(r"[A-Za-z0-9]{3,32}", token):
        raise ValueError("SMBOT_WECHAT_TOKEN: expects 3 to 32 letters or digits "
                         "(the Token entered in the account's server settings)")
    for name in ("wechat_aes_key", "wechat_aes_key_previous"):
        key = _secret(getattr(settings, name))
        if key and not re.fullmatch(r"[A-Za-z0-9]{43}", key):
            raise ValueError(f"SMBOT_{name.upper()}: expects the 43-letter EncodingAESKey "
                             "(letters and digits), or leave it unset for plain mode")
    if not settings.wechat_api_url.startswith(("https://", "http://")):
        raise ValueError("SMBOT_WECHAT_API_URL: expects a URL such as https://api.weixin.qq.com")
    if not re.fullmatch(r"/[A-Za-z0-9_/.-]*", settings.wechat_path):
        raise ValueError("SMBOT_WECHAT_PATH: expects a URL path such as /wechat")


def _secret(value: SecretStr | None) -> str:
    return value.get_secret_value() if value is not None else ""


V = TypeVar("V")


def required(value: V | None, setting: str) -> V:
    """A setting a front end cannot work without. Start-up checks it is there before that
    front end is built, so None here is a wiring bug: it names the setting, not a NoneType."""
    if value is None:
        raise SettingsError(f"{setting}: required")
    return value


def secret(value: SecretStr | None, setting: str) -> str:
    """The value of a required secret (see `required`)."""
    return required(value, setting).get_secret_value()


def load_settings(**overrides: Any) -> Settings:
    """Read settings, turning validation errors into one readable line per bad setting."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            message = err["msg"].removeprefix("Value error, ")
            name = f"SMBOT_{str(err['loc'][0]).upper()}: " if err["loc"] else ""
            lines.append(f"{name}{message}")
        raise SettingsError("; ".join(lines)) from None
