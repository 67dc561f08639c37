"""A front end reads its required settings through one helper that names a missing one."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from bot.settings import SettingsError, required, secret


def test_a_given_setting_is_its_value() -> None:
    assert required("wx1234567890abcdef", "SMBOT_WECHAT_APP_ID") == "wx1234567890abcdef"
    assert secret(SecretStr("123:abc"), "SMBOT_TELEGRAM_TOKEN") == "123:abc"


def test_a_missing_setting_is_named_not_a_none_error() -> None:
    with pytest.raises(SettingsError, match="^SMBOT_TELEGRAM_TOKEN: required$"):
        secret(None, "SMBOT_TELEGRAM_TOKEN")
