"""An update's key in processed_updates and the inbox fits their columns whatever the
platform's dedupe key, and tells different updates apart."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from handlers.engine import inbox
from handlers.engine.contract import Incoming

PLATFORMS = st.sampled_from(["telegram", "wechat", "console"])


def _update(platform: str, key: str) -> Incoming:
    return Incoming(platform=platform, user_id="u", display_name="U", language="en",
                    dedupe_key=key)


def test_a_short_key_is_kept_as_it_reads() -> None:
    assert inbox.key_of(_update("telegram", "123456")) == "telegram:123456"


@given(PLATFORMS, st.text(max_size=600), st.text(max_size=600))
def test_every_key_fits_and_different_updates_keep_different_keys(
        platform: str, one: str, other: str) -> None:
    first, second = inbox.key_of(_update(platform, one)), inbox.key_of(_update(platform, other))
    assert len(first) <= inbox.KEY_LENGTH and len(second) <= inbox.KEY_LENGTH
    assert (first == second) == (one == other)
    assert inbox.key_of(_update(platform, one)) == first  # the same update, the same key


def test_a_key_of_wechats_longest_click_fits() -> None:
    long = "eo6_bmjrPTlm6_2sgVt7hMZOPfL2M:1700000000:click:" + "k" * 103
    assert len(inbox.key_of(_update("wechat", long))) <= inbox.KEY_LENGTH
