"""Replies as WeChat text: numbered options across replies, plain links, no markup, pieces."""

from __future__ import annotations

from bot.wechat.render import pieces, render
from handlers.engine.contract import Button, Reply, rows
from handlers.engine.i18n import Translator, load_catalogs

SAY = Translator(load_catalogs()).bind("zh")


def test_options_are_numbered_across_replies_and_links_are_plain() -> None:
    first = Reply("Pick *one* of _these_:", rows([Button("A", "x:a"), Button("B", "x:b")]))
    second = Reply("More", rows([Button("Site", url="https://example.com")],
                                [Button("C", "x:c")]))
    rendered = render([first, second], SAY)
    assert rendered.payloads == ["x:a", "x:b", "x:c"]
    assert rendered.text == ("Pick one of these:\n[1] A\n[2] B\n回复数字选择。\n\n"
                             "More\nSite: https://example.com\n[3] C\n回复数字选择。")


def test_snake_case_and_emails_keep_their_underscores_and_control_characters_go() -> None:
    text = render([Reply("mail a_b@x.cn or use some_name\x00\x1b now")], SAY).text
    assert text == "mail a_b@x.cn or use some_name now"


def test_pieces_stay_under_2000_bytes_and_break_at_lines() -> None:
    lines = [f"{n:03d} " + "服务商" * 20 for n in range(100)]
    parts = pieces("\n".join(lines))
    assert len(parts) > 1 and all(len(p.encode()) <= 2000 for p in parts)
    assert "\n".join(parts).split("\n") == lines
    one_long_line = "长" * 1500
    parts = pieces(one_long_line)
    assert "".join(parts) == one_long_line and all(len(p.encode()) <= 2000 for p in parts)
