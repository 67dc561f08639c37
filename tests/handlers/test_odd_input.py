"""Odd text gets a clear answer and changes nothing: Unicode digits, huge numbers, NUL and
other control characters, ids beyond what the database holds, bugs under a button."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import App
from domain import validation as v
from domain.models import Application, Merchant
from handlers.engine.presses import Press
from tests import factories
from tests.applying import ADVERTISING, documents
from tests.scripts import STALE
from tests.transcript import Transcript

INTERNAL = "Something went wrong on our side"


@pytest.mark.parametrize("gmv", ["²", "①②", "١٢٣", "1" * 4301, "9" * 40])
async def test_unicode_and_huge_numbers_are_answered_and_the_step_stays(
        chat: Transcript, app: App, gmv: str) -> None:
    await factories.provider(app, "bob", categories=())
    await chat.run("bob", "/apply", f"> {ADVERTISING}")
    said = await chat.say("bob", gmv)
    assert INTERNAL not in said.text
    assert "is not a number" in said.text or "cannot be more than" in said.text
    said = await chat.say("bob", "750000")
    assert "How many merchants" in said.text


@pytest.mark.parametrize("gmv", ["2147483648", "5,000,000,000", "999999999999"])
async def test_a_gmv_beyond_an_integer_column_is_refused_at_its_step(
        chat: Transcript, app: App, tmp_path: Path, gmv: str) -> None:
    """Billions passed the old limit (10¹²) and PostgreSQL refused the application's INSERT
    at Confirm, after every document had been sent: an internal error instead of an answer."""
    await factories.provider(app, "bob", categories=())
    await chat.run("bob", "/apply", f"> {ADVERTISING}")
    said = await chat.say("bob", gmv)
    assert INTERNAL not in said.text
    assert "the GMV cannot be more than 2,000,000,000" in said.text
    await chat.run("bob", "2,000,000,000", "25")  # the form went on from where it was
    for path in documents(tmp_path):
        await chat.send_file("bob", path)
    said = await chat.run("bob", "> Done", "> Skip", "> Confirm")
    assert INTERNAL not in said.text and "A-000001" in said.text
    async with app.unit_of_work() as uow:
        assert await uow.session.scalar(select(Application.claimed_gmv_usd)) == 2_000_000_000


async def test_a_unicode_digit_does_not_pick_a_numbered_option(chat: Transcript) -> None:
    await chat.say("alice", "/start")
    for answer in ("²", "①", "1" * 5000):
        said = await chat.say("alice", answer)
        assert INTERNAL not in said.text
    said = await chat.say("alice", "1")  # the first numbered option still works
    assert "What is your shop called?" in said.text


async def test_control_characters_are_removed_from_names_and_texts(
        chat: Transcript, app: App) -> None:
    await chat.run("alice", "/start", "> I'm a merchant")
    said = await chat.say("alice", "\x07Alice\x00 \u202eBeauty\x1b\x08 \u200bStore")
    assert "Which markets" in said.text
    await chat.run("alice", "> United States", "> Done", "> Beauty", "> Over $1M")
    async with app.unit_of_work() as uow:
        shop = await uow.session.scalar(select(Merchant.shop_name))
    assert shop == "Alice Beauty Store"


async def test_a_name_of_invisible_characters_only_is_refused(chat: Transcript) -> None:
    await chat.run("alice", "/start", "> I'm a merchant")
    said = await chat.say("alice", "\u200b\u200c\u200d\u2060\ufeff\u202e")
    assert "no visible characters" in said.text
    said = await chat.say("alice", "\x00\x07")
    assert "no visible characters" in said.text
    said = await chat.say("alice", "Alice Beauty Store")
    assert "Which markets" in said.text


def test_newlines_stay_in_free_text() -> None:
    assert v.text("line one\x00\nline\u202e two", "comment", maximum=100) == \
        "line one\nline two"


@pytest.mark.parametrize("payload", [
    "card:show:99999999999", f"card:show:{2**31}", "bind:new:99999999999",
    "report:new:²", "eval:new:①", "card:ev:1:99999999999999999999", "card:ev:1",
    "cases:open:99999999999", "review:open:1" + "0" * 30, "search:set:zz", "start:role:root",
    "report:v:nonsense", "bindans:acc:4294967296", "appeal:pick:-1"])
async def test_ids_beyond_the_database_and_malformed_payloads_are_stale(
        chat: Transcript, app: App, payload: str) -> None:
    await factories.merchant(app, "alice")
    user = "ops" if payload.startswith(("cases", "review")) else "alice"
    said = await chat.forge(user, payload)
    assert said.text == STALE


async def test_huge_ids_in_deep_links_and_provider_lookup_get_answers(
        chat: Transcript, app: App) -> None:
    said = await chat.say("dora", "/start p_99999999999")
    assert "not available" in said.text
    said = await chat.say("ops", "/provider 99999999999")
    assert INTERNAL not in said.text and "99999999999" in said.text
    said = await chat.say("ops", "/provider ²")
    assert INTERNAL not in said.text


class BuggyPress(Press, prefix="buggy"):
    pass


@dataclass(frozen=True)
class BuggyKind(BuggyPress, tag=""):
    number: int


async def test_a_bug_under_a_button_is_an_internal_error_not_a_stale_button(
        chat: Transcript, app: App, caplog: pytest.LogCaptureFixture) -> None:
    async def buggy(ctx: object, press: object) -> None:
        raise KeyError("a renderer's missing key")

    app.dispatcher.router.press(BuggyPress, buggy)
    with caplog.at_level(logging.ERROR):
        said = await chat.forge("alice", "buggy:1")
    assert INTERNAL in said.text
    failures = [r for r in caplog.records if r.exc_info]
    assert failures and failures[0].exc_info[0] is KeyError
