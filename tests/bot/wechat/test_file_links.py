"""Operators on WeChat open a card's documents as signed, expiring links to the file view."""

from __future__ import annotations

import re
import time
from pathlib import Path

import aiohttp

from bot.app import App
from bot.wechat.file_links import disposition
from bot.wechat.render import render
from handlers.engine.contract import Attachment, Reply
from tests import factories
from tests.applying import apply
from tests.transcript import Transcript

from .driver import WeChatDriver

LINK = re.compile(r"^(doc\d\.pdf): (http://\S+/wechat/file\?t=\S+)$", re.M)
QUEUE_ITEM = "A-000001 · BrightWave Digital · Advertising agency"


async def _operator_opens_review(chat: Transcript, wechat: WeChatDriver, app: App,
                                 folder: Path) -> dict[str, str]:
    """Bob applies on the console with three PDFs; an operator on WeChat opens the card."""
    await factories.provider(app, "bob", categories=())
    await apply(chat, "bob", folder)
    app.dispatcher.operators = app.dispatcher.operators | {f"wechat:{wechat.openid('wops')}"}
    await wechat.say("wops", "/review")
    said = await wechat.press("wops", QUEUE_ITEM)
    assert "Files (each link opens the file for 30 minutes):" in said.text
    return dict(LINK.findall(said.text))


async def _get(url: str) -> tuple[int, bytes, dict[str, str]]:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return response.status, await response.read(), dict(response.headers)


async def test_an_operator_opens_the_documents_of_an_application(
        chat: Transcript, wechat: WeChatDriver, app: App, tmp_path: Path) -> None:
    links = await _operator_opens_review(chat, wechat, app, tmp_path)
    assert sorted(links) == ["doc1.pdf", "doc2.pdf", "doc3.pdf"]
    for name, url in links.items():
        status, body, headers = await _get(url)
        assert status == 200 and body == (tmp_path / name).read_bytes()
        assert headers["Content-Type"] == "application/pdf"
        assert headers["Content-Disposition"] == \
            f"inline; filename=\"{name}\"; filename*=UTF-8''{name}"


async def test_tampered_expired_and_no_longer_allowed_links_are_refused(
        chat: Transcript, wechat: WeChatDriver, app: App, tmp_path: Path) -> None:
    url = (await _operator_opens_review(chat, wechat, app, tmp_path))["doc1.pdf"]
    token = url.partition("?t=")[2]
    body = token.partition(".")[0]
    forged_sig = url[:-4] + ("0000" if not url.endswith("0000") else "1111")
    assert (await _get(forged_sig))[0] == 403
    # another file's path under the same signature: the body is what is signed
    swapped = url.replace(body, body[:-2] + ("AA" if not body.endswith("AA") else "BB"))
    assert (await _get(swapped))[0] == 403
    assert (await _get(url.partition("?")[0] + "?t=garbage"))[0] == 403
    links = wechat.frontend.file_link.__self__
    links.clock = lambda: time.time() + 31 * 60
    assert (await _get(url))[0] == 403
    links.clock = time.time
    assert (await _get(url))[0] == 200
    app.dispatcher.operators = app.dispatcher.operators - {f"wechat:{wechat.openid('wops')}"}
    assert (await _get(url))[0] == 403  # bound to the operator: no longer one, no file


def test_without_a_public_address_the_names_and_where_to_open_them() -> None:
    reply = Reply("Application A-1", attachments=(Attachment("a.pdf", "/x/a", "application/pdf"),
                                                  Attachment("b.jpg", "/x/b", "image/jpeg")))
    texts = {"wechat.files_elsewhere": "Files: {names}. Open them on Telegram or in the "
             "operator console."}
    text = render([reply], lambda key, **kw: texts[key].format(**kw)).text
    assert text == "Application A-1\nFiles: a.pdf, b.jpg. Open them on Telegram or in the " \
        "operator console."


def test_the_download_name_is_safe() -> None:
    header = disposition('发票 "x"\r\n.pdf')
    assert "\r" not in header and "\n" not in header
    assert header.startswith('inline; filename="__ _x___.pdf"; filename*=UTF-8\'\'')
