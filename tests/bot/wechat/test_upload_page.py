"""The upload page: a one-time signed link, bound to the user and the form step, valid for
30 minutes, with the chat's type and size checks; the conversation continues in the chat."""

from __future__ import annotations

import re
import time
from pathlib import Path

import aiohttp
from sqlalchemy import func, select

from bot.app import App
from domain.models import StoredFile
from tests.applying import documents

from .driver import WeChatDriver
from .test_events_and_files import FORM, _wechat_provider

LINK = re.compile(r"(http://\S+/wechat/upload\?t=\S+)")


async def _link(wechat: WeChatDriver, app: App) -> str:
    await _wechat_provider(app, wechat, "bob")
    said = await wechat.run("bob", *FORM)
    found = LINK.search(said.text)
    assert found, said.text
    return found.group(1)


async def _upload(url: str, name: str, data: bytes, mime: str) -> tuple[int, str]:
    form = aiohttp.FormData()
    form.add_field("file", data, filename=name, content_type=mime)
    async with aiohttp.ClientSession() as http, http.post(url, data=form) as response:
        return response.status, await response.text()


async def _stored(app: App) -> int:
    async with app.unit_of_work() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(StoredFile)) or 0)


async def test_a_document_sent_on_the_page_continues_the_form_in_the_chat(
        wechat: WeChatDriver, app: App, tmp_path: Path) -> None:
    url = await _link(wechat, app)
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        page = await response.text()
    assert response.status == 200 and 'type="file"' in page and "Upload" in page
    doc = documents(tmp_path, 1)[0]
    status, page = await _upload(url, doc.name, doc.read_bytes(), "application/pdf")
    assert status == 200 and "Received. Go back to the chat" in page
    before = len(wechat.fake.sent)
    delivered = await wechat.delivered(before)
    assert "Received “doc1.pdf”." in delivered.text
    assert await _stored(app) == 1
    status, page = await _upload(url, doc.name, doc.read_bytes(), "application/pdf")
    assert "expired or was already used" in page  # once only
    for doc in documents(tmp_path / "more", 3)[1:]:  # a fresh link comes with each answer
        found = LINK.search(delivered.text)
        assert found and found.group(1) != url
        url = found.group(1)
        assert "Received." in (await _upload(url, doc.name, doc.read_bytes(),
                                              "application/pdf"))[1]
        delivered = await wechat.delivered(len(wechat.fake.sent))
    assert "3 received so far" in delivered.text or "Documents received (3)" in delivered.text
    assert delivered.last.labels == ["Done", "‹ Back", "Cancel"]
    assert await _stored(app) == 3


async def test_the_page_applies_the_chat_checks_and_keeps_the_link(
        wechat: WeChatDriver, app: App) -> None:
    url = await _link(wechat, app)
    status, page = await _upload(url, "tool.exe", b"MZ" * 20, "application/x-msdownload")
    assert "is not an image or a PDF" in page and 'type="file"' in page
    big = b"%PDF" + b"0" * app.env.rules.max_file_bytes
    status, page = await _upload(url, "big.pdf", big, "application/pdf")
    assert "files may be at most" in page
    assert await _stored(app) == 0
    status, page = await _upload(url, "ok.pdf", b"%PDF-1.4 fine", "application/pdf")
    assert "Received." in page and await _stored(app) == 1


async def test_forged_expired_and_left_links_are_refused(
        wechat: WeChatDriver, app: App) -> None:
    url = await _link(wechat, app)
    forged = url[:-4] + ("0000" if not url.endswith("0000") else "1111")
    status, page = await _upload(forged, "a.pdf", b"%PDF", "application/pdf")
    assert status == 403
    uploads_clock = wechat.frontend.upload_link.__self__  # the Uploads behind the links
    uploads_clock.clock = lambda: time.time() + 31 * 60
    status, page = await _upload(url, "a.pdf", b"%PDF", "application/pdf")
    assert status == 403 and "已过期" in page  # whose link it was is not trusted: Chinese
    uploads_clock.clock = time.time
    await wechat.say("bob", "/cancel")
    status, page = await _upload(url, "a.pdf", b"%PDF", "application/pdf")
    assert "belongs to a step you have left" in page
    assert await _stored(app) == 0
