"""Telegram only: same transcripts as the console, edits, menus, deep links, files, secret."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.app import App
from bot.console import Console
from bot.telegram.webhook import SECRET_HEADER
from domain.models import Account, StoredFile
from tests.transcript import Transcript

from .drivers import SECRET, TelegramDriver
from .fake_api import FakeBotApi

SCRIPTS = {
    "merchant": ("/start", "> I'm a merchant", "Alice Beauty Store", "> United States",
                 "> Southeast Asia", "> Done", "> Beauty", "> $100k–1M", "/profile"),
    "provider": ("/start", "> I'm a service provider", "BrightWave Digital",
                 "We run TikTok and Meta ad campaigns for cross-border sellers.",
                 "> United States", "> Done", "> English", "> Done", "not-an-email",
                 "ads@brightwave.example", "/profile"),
    "language": ("/language", "> 简体中文", "/start", "hello", "/help", "/cancel", "/nope"),
}


async def _transcript(driver: Any, user: str, steps: tuple[str, ...]) -> list[tuple]:
    out = []
    for step in steps:
        said = await (driver.press(user, step[2:]) if step.startswith("> ")
                      else driver.say(user, step))
        out.extend((m.text, m.buttons) for m in said)
    return out


@pytest.mark.parametrize("script", sorted(SCRIPTS))
async def test_telegram_says_exactly_what_the_console_says(
        driver: Any, telegram_app: App, script: str) -> None:
    if not isinstance(driver, TelegramDriver):
        pytest.skip("the console is the reference")
    console = Transcript(Console(telegram_app))
    expected = await _transcript(console, "c_user", SCRIPTS[script])
    assert await _transcript(driver, "t_user", SCRIPTS[script]) == expected


async def test_a_replace_reply_edits_the_pressed_message(driver: Any, fake: FakeBotApi) -> None:
    if not isinstance(driver, TelegramDriver):
        pytest.skip("Telegram edits")
    await driver.say("alice", "/language")
    menu_id = driver.menus["alice"][0]
    await driver.press("alice", "简体中文")
    edits = fake.called("editMessageText")
    assert [e.params["message_id"] for e in edits] == [menu_id]
    assert edits[0].params["text"] == "已切换为简体中文。"


async def test_the_command_menu_is_set_per_language(driver: Any, fake: FakeBotApi) -> None:
    if not isinstance(driver, TelegramDriver):
        pytest.skip("Telegram menus")
    menus = {c.params.get("language_code"): c.params["commands"]
             for c in fake.called("setMyCommands")}
    assert set(menus) == {None, "en", "zh"}
    english = {c["command"]: c["description"] for c in menus["en"]}
    chinese = {c["command"] for c in menus["zh"]}
    assert {"help", "language", "cancel"} <= set(english) and set(english) == chinese
    assert english != {c["command"]: c["description"] for c in menus["zh"]}


async def test_the_bot_username_makes_share_links(driver: Any, telegram_app: App) -> None:
    if not isinstance(driver, TelegramDriver):
        pytest.skip("Telegram deep links")
    links = telegram_app.dispatcher.links
    assert links.start("p_7") == "https://t.me/market_test_bot?start=p_7"


async def test_a_start_payload_reaches_the_start_command(driver: Any) -> None:
    said = await driver.say("alice", "/start unknownprefix_12")
    assert said.last.labels == ["I'm a merchant", "I'm a service provider", "Cancel"]


async def _send_document(driver: TelegramDriver, fake: FakeBotApi, name: str, mime: str,
                         data: bytes, size: int | None = None) -> Any:
    fake.files["doc1"] = data
    sender = driver.user("bob")
    message = {"message_id": 77, "date": 0, "chat": {"id": sender["id"], "type": "private"},
               "from": sender, "document": {"file_id": "doc1", "file_unique_id": "u1",
                                            "file_name": name, "mime_type": mime,
                                            "file_size": len(data) if size is None else size}}
    return await driver.send("bob", {"message": message}, None)


async def test_a_document_outside_a_form_is_not_downloaded(driver: Any, fake: FakeBotApi) -> None:
    if not isinstance(driver, TelegramDriver):
        pytest.skip("Telegram files")
    said = await _send_document(driver, fake, "licence.pdf", "application/pdf", b"%PDF-1.4")
    assert said.text  # the core answers that no file was expected here
    assert not fake.called("getFile") and not fake.called("download")


async def test_file_upload_is_fetched_through_get_file(
        driver: Any, fake: FakeBotApi, telegram_app: App) -> None:
    """The FileUpload's fetch goes getFile → download, bytes intact (both libraries)."""
    if not isinstance(driver, TelegramDriver):
        pytest.skip("Telegram files")
    from bot.telegram import translate

    fake.files["doc9"] = b"%PDF-1.4 evidence"
    message = type("M", (), {"photo": None, "document": type("D", (), {
        "file_id": "doc9", "file_name": "e.pdf", "mime_type": "application/pdf",
        "file_size": 17})()})()
    upload = translate.file_of(message, driver.frontend.bridge.surface.download)
    assert upload is not None and upload.size == 17
    assert await upload.fetch() == b"%PDF-1.4 evidence"
    calls = [c.method for c in fake.calls if c.method != "getUpdates"]
    assert calls[-2:] == ["getFile", "download"]
    async with telegram_app.unit_of_work() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(StoredFile)) == 0


@pytest.mark.parametrize("headers", [{}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: ""}])
async def test_a_webhook_without_the_secret_gets_403_and_changes_nothing(
        driver: Any, telegram_app: App, headers: dict[str, str]) -> None:
    if not (isinstance(driver, TelegramDriver) and driver.webhook):
        pytest.skip("webhook mode")
    update = {"update_id": 31337, "message": {
        "message_id": 1, "date": 0, "chat": {"id": 4242, "type": "private"},
        "from": {"id": 4242, "is_bot": False, "first_name": "eve"}, "text": "/start"}}
    async with aiohttp.ClientSession() as http, http.post(
            driver.webhook, json=update, headers=headers) as response:
        assert response.status == 403
    async with telegram_app.unit_of_work() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(Account)) == 0


async def test_a_malformed_webhook_body_gets_400(driver: Any) -> None:
    if not (isinstance(driver, TelegramDriver) and driver.webhook):
        pytest.skip("webhook mode")
    async with aiohttp.ClientSession() as http, http.post(
            driver.webhook, data=b"{not json", headers={SECRET_HEADER: SECRET}) as response:
        assert response.status == 400


async def test_health_answers_200_while_the_database_answers(
        driver: Any, telegram_app: App, tmp_path: Path) -> None:
    if not (isinstance(driver, TelegramDriver) and driver.webhook):
        pytest.skip("webhook mode")
    health = driver.webhook.rsplit("/", 1)[0] + "/health"
    async with aiohttp.ClientSession() as http, http.get(health) as response:
        assert response.status == 200
    await telegram_app.engine.dispose()
    original = telegram_app.engine
    from domain.adapters.db import create_engine

    telegram_app.engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}")  # a directory
    try:
        async with aiohttp.ClientSession() as http, http.get(health) as response:
            assert response.status == 503
    finally:
        await telegram_app.engine.dispose()
        telegram_app.engine = original
