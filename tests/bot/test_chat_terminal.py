"""The interactive console: a number at a step that asks for a number is that number;
`:as` alone prints its usage; warnings go to the log file named at start."""

import logging
from pathlib import Path

import pytest

from bot.app import App
from bot.chat_terminal import _one, log_to_file
from bot.console import Console, ScriptError
from tests import factories
from tests.applying import ADVERTISING


async def test_a_number_at_a_number_step_is_that_number(app: App, console: Console,
                                                        capsys: pytest.CaptureFixture) -> None:
    await factories.provider(app, "bob", categories=())
    await _one(console, "bob", "/apply")
    labels = [b.label for row in console.menus["bob"].buttons for b in row]
    await _one(console, "bob", str(labels.index(ADVERTISING) + 1))  # a button by its number
    capsys.readouterr()
    await _one(console, "bob", "750000")
    out = capsys.readouterr().out
    assert "How many merchants" in out and "no button" not in out
    await _one(console, "bob", "2")  # 2 merchants, not the second button (Cancel)
    out = capsys.readouterr().out
    assert "needs at least 20 merchants served; you sent 2" in out


async def test_as_without_a_name_prints_its_usage(console: Console,
                                                  capsys: pytest.CaptureFixture) -> None:
    assert await _one(console, "me", ":as") == "me"
    assert "usage: :as NAME" in capsys.readouterr().out
    assert await _one(console, "me", ":as ops") == "ops"


async def test_as_with_a_name_no_account_can_have_keeps_the_user(
        console: Console, capsys: pytest.CaptureFixture) -> None:
    for name in ("x" * 65, "tab\there"):
        assert await _one(console, "me", f":as {name}") == "me"
        assert "you are still me" in capsys.readouterr().out
    await _one(console, "me", "/help")  # and "me" is still answered
    assert "Something went wrong" not in capsys.readouterr().out


async def test_a_script_step_as_a_name_too_long_is_refused_plainly(console: Console) -> None:
    with pytest.raises(ScriptError, match="1 to 64 printable characters"):
        await console.send("y" * 65, text="/help")


def test_warnings_go_to_the_log_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    stream = logging.StreamHandler()
    root.addHandler(stream)
    try:
        path = log_to_file(tmp_path / "chat.log")
        logging.getLogger("bot.mailer").warning("SMTP server unavailable")
        assert stream not in root.handlers
        for handler in root.handlers:
            handler.flush()
        assert "SMTP server unavailable" in path.read_text("utf-8")
        assert "SMTP" not in capsys.readouterr().err
    finally:
        for handler in list(root.handlers):
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
