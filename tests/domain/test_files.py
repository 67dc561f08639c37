"""Evidence and documents: refused by type and size before download, stored by SHA-256."""

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.app import App
from domain.actor import Actor
from domain.errors import InvalidInput
from domain.models import StoredFile
from domain.services.files import Files, file_name
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


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


async def _store(app: App, name: str, mime: str, data: bytes, size: int | None = None,
                 already: tuple[int, ...] = ()) -> StoredFile:
    acc = await factories.account(app, "alice")

    async def fetch() -> bytes:
        return data

    async with app.unit_of_work() as uow:
        row = await Files(uow).store(Actor(acc.id, "console:alice"), name, mime,
                                     len(data) if size is None else size, fetch,
                                     already=already)
        await uow.commit()
        return row


@pytest.mark.parametrize(("name", "mime", "data"), [
    ("invoice.pdf", "application/pdf", b"MZ\x90\x00\x03" + b"\x00" * 60),  # an EXE
    ("proof.png", "image/png", b"<!DOCTYPE html><script>alert(1)</script>"),
    ("photo.jpg", "image/jpeg", b"PK\x03\x04 a zip"),
    ("x.webp", "image/webp", b"RIFF\x00\x00\x00\x00WAVE"),
])
async def test_content_that_is_not_the_allowed_type_it_claims_is_refused(
        app: App, name: str, mime: str, data: bytes) -> None:
    with pytest.raises(InvalidInput) as refused:
        await _store(app, name, mime, data)
    assert refused.value.code == "error.file_content"
    async with app.unit_of_work() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(StoredFile)) == 0


async def test_an_image_of_another_allowed_type_is_kept_as_what_it_is(app: App) -> None:
    row = await _store(app, "shop.jpg", "image/jpeg", PNG)
    assert row.mime_type == "image/png"


@pytest.mark.parametrize("declared", [0, 100])
async def test_an_empty_file_is_refused(app: App, declared: int) -> None:
    with pytest.raises(InvalidInput) as refused:
        await _store(app, "empty.pdf", "application/pdf", b"", size=declared)
    assert refused.value.code == "error.file_empty"


async def test_control_and_bidi_characters_leave_the_file_name(app: App) -> None:
    row = await _store(app, "../invoice\u202efdp.exe\x00\x07.png", "image/png", PNG)
    assert row.name == "invoicefdp.exe.png"


async def test_the_same_content_twice_in_one_form_counts_once(app: App) -> None:
    first = await _store(app, "a.png", "image/png", PNG)
    with pytest.raises(InvalidInput) as refused:
        await _store(app, "b.png", "image/png", PNG, already=(first.id,))
    assert refused.value.code == "error.same_file"
    assert refused.value.params == {"name": "b.png", "first": "a.png"}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=600) | st.text(min_size=250, max_size=600),
       st.sampled_from(["pdf", "PNG", "jpeg", "webp"]))
def test_every_file_name_fits_its_column_and_keeps_its_extension(
        stem: str, extension: str) -> None:
    """Telegram's file names may run past the column's 255 characters, in any script."""
    name = file_name(f"{stem.replace('/', '_').replace(chr(92), '_')}x.{extension}")
    assert 0 < len(name) <= 255
    assert name.endswith(f".{extension}")
