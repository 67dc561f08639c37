"""Typed text to a command: one rule for the console, Telegram and WeChat."""

from __future__ import annotations

import pytest

from handlers.engine.contract import Command
from handlers.engine.text_commands import parse_text


@pytest.mark.parametrize(("typed", "command"), [
    ("/start", Command("start")),
    ("/search logistics  UK ", Command("search", "logistics  UK")),
    ("/HELP", Command("help")),
    ("/help@market_test_bot", Command("help")),
    ("/start@market_test_bot p_12", Command("start", "p_12")),
])
def test_a_slash_and_a_name_make_a_command(typed: str, command: Command) -> None:
    assert parse_text(typed) == (None, command)


@pytest.mark.parametrize("typed", ["hello", "/", "", " /start", "750000", "a/b"])
def test_anything_else_is_text_as_typed(typed: str) -> None:
    assert parse_text(typed) == (typed, None)


def test_every_front_end_uses_the_same_rule() -> None:
    """The console, Telegram and WeChat translators import this one function."""
    from bot import console
    from bot.telegram import translate as telegram
    from bot.wechat import translate as wechat

    assert console.parse_text is telegram.parse_text is wechat.parse_text is parse_text
