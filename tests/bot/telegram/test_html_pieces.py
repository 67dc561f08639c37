"""Reply markup to Telegram HTML: well nested by construction, split between tags."""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.telegram.translate import from_html, pieces, to_html
from domain.markup import escape, shown
from tests.telegram_html import html_error

MARKUPISH = st.text(alphabet=st.sampled_from("*_\\<>&ab \n字😀"), max_size=200)


def test_crossed_markers_render_well_nested() -> None:
    assert to_html("*a _b* c_") == "<b>a _b</b> c_"
    assert to_html("_x *y* z_") == "<i>x <b>y</b> z</i>"
    assert to_html("snake_case and 2*3*4") == "snake_case and 2*3*4"


def test_escaped_user_text_never_opens_markup() -> None:
    text = f"*{escape('*a _b* c_')}*"
    assert to_html(text) == "<b>*a _b* c_</b>"
    assert shown(text) == "**a _b* c_*"


def test_a_long_bold_line_is_split_between_tags_and_entities() -> None:
    text = "*" + "&" * 30 + "*\n" + "_" + "x" * 25 + "_"
    parts = pieces(text, limit=16)
    assert all(html_error(p) is None for p in parts), parts
    assert all(len(html.unescape(p.replace("<b>", "").replace("</b>", "")
                                 .replace("<i>", "").replace("</i>", ""))) <= 16 for p in parts)
    assert parts[0] == "<b>" + "&amp;" * 16 + "</b>"
    assert "".join(from_html(p) for p in parts).replace("*", "").replace("_", "") == \
        "&" * 30 + "x" * 25


@settings(max_examples=300, deadline=None)
@given(MARKUPISH, st.integers(min_value=2, max_value=50))
def test_every_piece_of_any_text_is_html_telegram_accepts(text: str, limit: int) -> None:
    parts = pieces(text, limit=limit)
    visible = "".join(text.split())
    for part in parts:
        error = html_error(part)
        assert error is None or (error == "text must be non-empty" and not visible), (part, error)


@settings(max_examples=300, deadline=None)
@given(MARKUPISH)
def test_escaped_text_shows_exactly_as_typed(text: str) -> None:
    assert shown(escape(text)) == text
    assert from_html(to_html(escape(text))) == text
