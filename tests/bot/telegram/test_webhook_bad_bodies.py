"""The webhook answers 400 to any body that is not an update, and changes nothing."""

from __future__ import annotations

import json

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.app import App
from bot.telegram.webhook import SECRET_HEADER
from domain.models import Account, ProcessedUpdate

from .conftest import running
from .drivers import SECRET
from .fake_api import FakeBotApi

SENDER = {"id": 5001, "is_bot": False, "first_name": "alice"}
CHAT = {"id": 5001, "type": "private"}


def message(**fields: object) -> dict:
    return {"message_id": 1, "date": 1700000000, "chat": CHAT, "from": SENDER, **fields}


BODIES = {
    "deep nesting": '{"update_id": 1, "message": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "huge integer": '{"update_id": 1, "message": {"message_id": ' + "9" * 5000 + "}}",
    "200-digit update_id": '{"update_id": ' + "1" * 200 + "}",
    "64-bit overflow": json.dumps({"update_id": 2, "message": message(chat={
        "id": 2**70, "type": "private"}, text="hi")}),
    "message is a string": json.dumps({"update_id": 3, "message": "hello"}),
    "text is a number": json.dumps({"update_id": 4, "message": message(text=12345)}),
    "callback id is a number": json.dumps({"update_id": 5, "callback_query": {
        "id": 1, "from": SENDER, "data": "x"}}),
    "update_id is true": json.dumps({"update_id": True}),
    "negative update_id": json.dumps({"update_id": -5}),
    "no date (the library refuses)": json.dumps({"update_id": 6, "message": {
        "message_id": 1, "chat": CHAT, "from": SENDER, "text": "/start"}}),
    "a list": "[1, 2, 3]",
    "not UTF-8": b"\xff\xfe{}",
}


@pytest.mark.parametrize("library", ["aiogram", "ptb"])
async def test_a_body_that_is_not_an_update_gets_400_and_changes_nothing(
        telegram_app: App, fake: FakeBotApi, library: str) -> None:
    async for _frontend, url in running(telegram_app, fake, library, "webhook"):
        assert url is not None
        async with aiohttp.ClientSession() as http:
            for name, body in BODIES.items():
                async with http.post(url, data=body, headers={
                        SECRET_HEADER: SECRET, "Content-Type": "application/json"}) as response:
                    assert response.status == 400, name
            good = {"update_id": 7, "message": message(text="/start")}
            async with http.post(url, json=good, headers={SECRET_HEADER: SECRET}) as response:
                assert response.status == 200
    async with telegram_app.unit_of_work() as uow:
        keys = (await uow.session.scalars(select(ProcessedUpdate.key))).all()
        accounts = await uow.session.scalar(select(func.count()).select_from(Account))
    assert keys == ["telegram:7"] and accounts == 1
    assert len(fake.called("sendMessage")) == 1
