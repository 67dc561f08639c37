"""Evidence and documents: refused by type and size before download, stored by SHA-256."""

import hashlib

import pytest

from bot.app import App
from domain.actor import Actor
from domain.errors import InvalidInput
from domain.services.files import Files
from tests import factories


async def test_a_file_is_stored_under_its_sha256(app: App) -> None:
    acc = await factories.account(app, "alice")
    data = b"%PDF-1.4 evidence"

    async def fetch() -> bytes:
        return data

    async with app.unit_of_work() as uow:
        row = await Files(uow).store(Actor(acc.id, "console:alice"), "proof.pdf",
                                     "application/pdf", len(data), fetch)
        await uow.commit()
        path = Files(uow).path_of(row.sha256)
    assert row.sha256 == hashlib.sha256(data).hexdigest()
    assert path.read_bytes() == data


async def test_an_oversized_file_is_refused_before_any_byte_is_fetched(app: App) -> None:
    acc = await factories.account(app, "alice")
    fetched = []

    async def fetch() -> bytes:
        fetched.append(True)
        return b""

    async with app.unit_of_work() as uow:
        with pytest.raises(InvalidInput) as refused:
            await Files(uow).store(Actor(acc.id, "console:alice"), "big.png", "image/png",
                                   11 * 1024 * 1024, fetch)
    assert refused.value.code == "error.file_too_large" and fetched == []


async def test_a_file_of_the_wrong_type_is_refused(app: App) -> None:
    async with app.unit_of_work() as uow:
        with pytest.raises(InvalidInput) as refused:
            Files(uow).check("run.exe", "application/x-msdownload", 10)
    assert refused.value.code == "error.file_type"
