"""Operators open the documents they decide on, on every front end: Telegram sends them as
documents or photos after the review card, the console lists them (`files`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import App
from bot.settings import Settings, load_settings
from domain.actor import Actor
from domain.models import Account
from domain.services.files import Files
from tests import factories
from tests.conftest import Database

from .drivers import TelegramDriver
from .fake_api import FakeBotApi

CONTENT = "Content and creative production"
PDF = b"%PDF-1.4 licence " * 20
PNG = b"\x89PNG\r\n\x1a\n chart " * 20


@pytest.fixture
def settings(database: Database, tmp_path: Path) -> Settings:
    """`ops` is the first Telegram user the driver makes up (id 5000), and an operator."""
    return load_settings(database_url=database.url_for(tmp_path),
                         operators="console:ops,telegram:5000", storage_dir=tmp_path / "storage")


async def _application(app: App) -> None:
    provider_id = await factories.provider(app, "bob", categories=())
    application_id = await factories.application(app, provider_id)
    async with app.unit_of_work() as uow:
        account = await uow.session.scalar(select(Account).where(Account.platform_id == "bob"))
        assert account is not None
        bob = Actor(account.id, "console:bob", account.role, provider_id=provider_id)
        for name, mime, data in (("licence.pdf", "application/pdf", PDF),
                                 ("gmv_chart.png", "image/png", PNG)):
            async def fetch(data: bytes = data) -> bytes:
                return data
            await Files(uow).store(bob, name, mime, len(data), fetch,
                                   f"application:{application_id}")
        await uow.commit()


async def test_the_review_card_brings_its_documents(
        driver: Any, telegram_app: App, fake: FakeBotApi) -> None:
    if isinstance(driver, TelegramDriver):
        driver.user("ops")  # id 5000: the configured operator
    await _application(telegram_app)
    await driver.say("ops", "/review")
    said = await driver.press("ops", f"A-000001 · BrightWave Digital · {CONTENT}")
    assert said.last.files == ["licence.pdf", "gmv_chart.png"]
    assert "licence.pdf" in said.last.text
    if isinstance(driver, TelegramDriver):
        assert driver.uploads == [("sendDocument", "licence.pdf", PDF),
                                  ("sendPhoto", "gmv_chart.png", PNG)]
