"""Documents and photos inside /apply, every front end: stored by hash, refused before download."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from bot.app import App
from bot.settings import Settings, load_settings
from domain.models import Account, StoredFile
from domain.services.files import Files
from tests import factories
from tests.applying import ADVERTISING, documents
from tests.conftest import OPERATORS, Database
from tests.transcript import Said

from .drivers import TelegramDriver
from .fake_api import FakeBotApi

INTERNAL = "Something went wrong"
FORM = ("/apply", f"> {ADVERTISING}", "750000", "25")


@pytest.fixture
def settings(database: Database, tmp_path: Path) -> Settings:
    """A 1 MB file limit, so an oversized document stays small on disk."""
    return load_settings(database_url=database.url_for(tmp_path), operators=OPERATORS,
                         storage_dir=tmp_path / "storage", max_file_mb=1)


async def _provider(app: App, driver: Any, handle: str) -> None:
    """An uncertified provider whose member account is the driver's user."""
    await factories.provider(app, handle, categories=())
    if isinstance(driver, TelegramDriver):
        async with app.unit_of_work() as uow:
            await uow.session.execute(update(Account).where(Account.platform_id == handle).values(
                platform="telegram", platform_id=str(driver.user(handle)["id"])))
            await uow.commit()


def _photo(folder: Path) -> Path:
    path = folder / "photo_shopfront.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0 shop front " * 40)
    return path


async def _send_photo(driver: Any, handle: str, path: Path) -> Said:
    """A photo on Telegram; on the console the same image is simply a file."""
    if isinstance(driver, TelegramDriver):
        return await driver.send_photo(handle, path)
    return await driver.send_file(handle, path)


def _downloads(fake: FakeBotApi) -> list[str]:
    return [c.params["file_id"] for c in fake.calls if c.method in ("getFile", "download")]


async def test_documents_and_a_photo_are_stored_and_the_application_numbered(
        driver: Any, telegram_app: App, fake: FakeBotApi, tmp_path: Path) -> None:
    await _provider(telegram_app, driver, "bob")
    await driver.run("bob", *FORM)
    one, two = documents(tmp_path, 2)
    said = await driver.send_file("bob", one)
    assert "Received “doc1.pdf”." in said.text and "1. doc1.pdf" in said.text
    await driver.send_file("bob", two)
    photo = _photo(tmp_path)
    said = await _send_photo(driver, "bob", photo)
    assert "Received “photo_shopfront.jpg”." in said.text
    assert "1. doc1.pdf\n2. doc2.pdf\n3. photo_shopfront.jpg" in said.text
    assert said.last.labels == ["Done", "‹ Back", "Cancel"]
    said = await driver.run("bob", "> Done", "> Skip", "> Confirm")
    assert "Application A-000001 for Advertising agency is submitted" in said.text
    sent = [one.read_bytes(), two.read_bytes(), photo.read_bytes()]
    async with telegram_app.unit_of_work() as uow:
        rows = (await uow.session.execute(select(StoredFile.sha256, StoredFile.attached_to)
                                          .order_by(StoredFile.id))).all()
        paths = [Files(uow).path_of(digest) for digest, _ in rows]
    assert rows == [(hashlib.sha256(d).hexdigest(), "application:1") for d in sent]
    assert [p.read_bytes() for p in paths] == sent
    if isinstance(driver, TelegramDriver):  # each file fetched once; of a photo, its largest size
        assert len(_downloads(fake)) == 6 and len(set(_downloads(fake))) == 3


async def test_an_oversized_document_is_refused_before_download(
        driver: Any, telegram_app: App, fake: FakeBotApi, tmp_path: Path) -> None:
    await _provider(telegram_app, driver, "bob")
    await driver.run("bob", *FORM)
    big = tmp_path / "huge.pdf"
    with big.open("wb") as fh:
        fh.truncate(5 * 1024 * 1024)
    said = await driver.send_file("bob", big)
    assert said.text == ("“huge.pdf” is 5.0 MB; files may be at most 1 MB. "
                         "Please send a smaller file.")
    assert _downloads(fake) == []
    said = await driver.send_file("bob", documents(tmp_path, 1)[0])
    assert "1 received so far" in said.text
    await _assert_stored(telegram_app, 1)


async def test_a_document_of_the_wrong_type_is_refused_before_download(
        driver: Any, telegram_app: App, fake: FakeBotApi, tmp_path: Path) -> None:
    await _provider(telegram_app, driver, "bob")
    await driver.run("bob", *FORM)
    archive = tmp_path / "papers.zip"
    archive.write_bytes(b"PK\x03\x04" * 10)
    said = await driver.send_file("bob", archive)
    assert said.text == ("“papers.zip” is not an image or a PDF. "
                         "Please send a JPG, PNG, WebP, GIF or PDF file.")
    assert _downloads(fake) == []
    await _assert_stored(telegram_app, 0)


async def _assert_stored(app: App, count: int) -> None:
    async with app.unit_of_work() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(StoredFile)) == count


async def test_a_document_name_too_long_to_store_keeps_its_extension(
        driver: Any, telegram_app: App, tmp_path: Path) -> None:
    """Telegram's file_name may be longer than stored_files.name (255): it was cut at 255,
    which cost the name its `.pdf`, and the operator got a file of no known type."""
    if not isinstance(driver, TelegramDriver):
        pytest.skip("a console file's name is a disk's, at most 255 bytes")
    await _provider(telegram_app, driver, "bob")
    await driver.run("bob", *FORM)
    one, two, three = documents(tmp_path, 3)
    said = await driver.send_file("bob", one, name="Q" * 300 + ".pdf")
    assert INTERNAL not in said.text and "Received “QQQ" in said.text
    await driver.send_file("bob", two, name="营业执照扫描件" * 50 + ".PDF")
    await driver.send_file("bob", three)
    said = await driver.run("bob", "> Done", "> Skip", "> Confirm")
    assert "Application A-000001 for Advertising agency is submitted" in said.text
    async with telegram_app.unit_of_work() as uow:
        names = list(await uow.session.scalars(select(StoredFile.name).order_by(StoredFile.id)))
    assert names == ["Q" * 250 + "….pdf", ("营业执照扫描件" * 50)[:250] + "….PDF", "doc3.pdf"]
