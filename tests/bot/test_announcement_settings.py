"""The announcement settings and schedules: a wrong value stops start-up with one clear line."""

from pathlib import Path

import pytest

from announcements.config import load_announcement_config
from bot.settings import SettingsError, load_settings
from domain.ranking_config import ConfigError

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("channel", ["@market_news", "-1001234567890"])
def test_a_channel_is_a_username_or_an_id(channel: str) -> None:
    assert load_settings(telegram_channel=channel).telegram_channel == channel


def test_a_bad_channel_or_account_kind_is_named() -> None:
    with pytest.raises(SettingsError, match="SMBOT_TELEGRAM_CHANNEL: expects a channel's "
                                            "@username or its -100… id, got 'market'"):
        load_settings(telegram_channel="market")
    with pytest.raises(SettingsError, match="SMBOT_WECHAT_ACCOUNT: Input should be "
                                            "'subscription' or 'service'"):
        load_settings(wechat_account="enterprise")


def test_the_shipped_schedules_load(tmp_path: Path) -> None:
    config = load_announcement_config(ROOT / "config" / "announcements.toml")
    assert config.schedules.digest == "0 10 * * mon"
    assert str(config.trigger("digest", "Asia/Shanghai").timezone) == "Asia/Shanghai"


@pytest.mark.parametrize(("line", "message"), [
    ('digest = "0 10 * * 1"', "schedules.digest: write weekdays as names"),
    ('digest = "0 10 * *"', "schedules.digest: expects five cron fields"),
    ('spotlight = "0 25 1 * *"', "schedules.spotlight: "),
    ('digests = "0 10 * * mon"', "schedules.digests: unknown key"),
])
def test_a_bad_schedule_is_one_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "announcements.toml"
    path.write_text(f"[schedules]\n{line}\n")
    with pytest.raises(ConfigError) as raised:
        load_announcement_config(path)
    assert str(raised.value).startswith(f"announcements.toml: {message}")
    assert "\n" not in str(raised.value)
