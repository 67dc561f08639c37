"""One keyboard builder: both libraries and the outbox worker send the same Bot API JSON."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import App
from bot.telegram.delivery import Delivery
from bot.telegram.keyboard import inline_keyboard
from bot.telegram.run import Frontend, build_frontend, start_frontend
from handlers.engine.contract import Button, Reply, rows

from .fake_api import FakeBotApi

LINK = "https://t.me/market_test_bot?start=p_7"
BUTTONS = rows([Button("Open", "card:show:7"), Button("Share", url=LINK)],
               [Button("‹ Back", "nav:back")])
JSON = {"inline_keyboard": [
    [{"text": "Open", "callback_data": "card:show:7"}, {"text": "Share", "url": LINK}],
    [{"text": "‹ Back", "callback_data": "nav:back"}]]}


@pytest.fixture(params=["aiogram", "ptb"])
async def frontend(request: pytest.FixtureRequest, telegram_app: App,
                   fake: FakeBotApi) -> AsyncIterator[Frontend]:
    """A started front end of each library, not polling: the bridge renders directly."""
    built = build_frontend(telegram_app, request.param)
    await start_frontend(telegram_app, built)
    yield built
    await built.close()


def test_link_buttons_open_their_url_and_the_others_send_their_payload() -> None:
    assert inline_keyboard(BUTTONS) == JSON


def test_a_reply_without_buttons_has_no_keyboard() -> None:
    assert inline_keyboard(()) is None


async def test_both_libraries_send_the_builders_keyboard(frontend: Frontend,
                                                         fake: FakeBotApi) -> None:
    await frontend.bridge.render(42, [Reply("Pick one", BUTTONS), Reply("No buttons")], None)
    first, second = fake.called("sendMessage")[-2:]
    assert first.params["reply_markup"] == JSON
    assert "reply_markup" not in second.params


async def test_an_edited_message_gets_the_builders_keyboard(frontend: Frontend,
                                                            fake: FakeBotApi) -> None:
    await frontend.bridge.render(42, [Reply("Pick one")], None)
    message_id = fake.called("sendMessage")[-1].params["_message_id"]
    await frontend.bridge.render(42, [Reply("Picked", BUTTONS, replace=True)], message_id)
    [edit] = fake.called("editMessageText")
    assert edit.params["reply_markup"] == JSON


def test_the_outbox_worker_sends_the_builders_keyboard_under_the_last_piece() -> None:
    job = Delivery._job(1, 42, Reply("x" * 5000, BUTTONS))
    assert [("reply_markup" in part) for part in job.parts] == [False, True]
    assert job.parts[-1]["reply_markup"] == JSON
