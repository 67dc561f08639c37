"""A WeChat user against the callback: XML pushes in (plain or safe mode), the passive reply
and the customer-service messages the fake API received come back as transcript lines.

Options arrive as numbered lines; `press` answers with the label's number, as a person
would. The outbox is drained after every push, so notices to others show up at once.
"""

from __future__ import annotations

import itertools
import re
import secrets
import time
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import select

from domain.models import Account, Conversation
from tests.transcript import Message, RunsSteps, Said

from . import wire
from .fake_api import APP_ID, FakeWeChatApi

TOKEN = "Tok3nForTests"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
HINTS = ("Reply with a number to choose.", "回复数字选择。")
_NUMBERED = re.compile(r"^\[(\d+)\] (.+)$")


class WeChatDriver(RunsSteps):
    repeats_answers = True  # a replayed push gets the stored answer again (WeChat's retry)

    def __init__(self, app: Any, fake: FakeWeChatApi, frontend: Any, delivery: Any, url: str,
                 aes_key: str | None) -> None:
        self.app, self.fake, self.frontend, self.delivery = app, fake, frontend, delivery
        self.url, self.aes_key = url, aes_key
        self.menus: dict[str, dict[str, int]] = {}
        self.openids: dict[str, str] = {}
        self._ids = itertools.count(int(time.time()) * 1000)
        self.last_status = 0
        self._event_time = 0

    def openid(self, handle: str) -> str:
        if handle not in self.openids:
            self.openids[handle] = f"o{handle}{secrets.token_hex(4)}"
            self.fake.languages.setdefault(self.openids[handle], "en")
        return self.openids[handle]

    def handle_of(self, openid: str) -> str:
        return next((h for h, o in self.openids.items() if o == openid), openid)

    async def say(self, handle: str, text: str, *, lang: str | None = None,
                  key: str | None = None) -> Said:
        openid = self.openid(handle)
        if lang is not None:
            self.fake.languages[openid] = "zh_CN" if lang.startswith("zh") else lang
        msg_id = key or str(next(self._ids))
        self.fake.spoke(openid)
        xml = wire.message_xml(openid, "text", {"Content": text}, int(time.time()), msg_id)
        return await self.push(handle, xml)

    async def press(self, handle: str, label: str, *, key: str | None = None) -> Said:
        numbers = self.menus.get(handle, {})
        assert label in numbers, f"{handle} has no option {label!r}: {sorted(numbers)}"
        return await self.say(handle, str(numbers[label]), key=key)

    async def forge(self, handle: str, payload: str) -> Said:
        """WeChat users can only type: a stale option behind a number is the forgery here."""
        async with self.app.unit_of_work() as uow:
            account = (await uow.session.scalars(select(Account).where(
                Account.platform == "wechat",
                Account.platform_id == self.openid(handle)))).one()
            conversation = await uow.session.get(Conversation, account.id)
            assert conversation is not None
            conversation.options = [payload]
            await uow.commit()
        return await self.say(handle, "1")

    async def send_image(self, handle: str, path: Path) -> Said:
        openid = self.openid(handle)
        media_id = f"media{next(self._ids)}"
        self.fake.media[media_id] = (path.read_bytes(), "image/jpeg")
        self.fake.spoke(openid)
        xml = wire.message_xml(openid, "image", {"PicUrl": "http://mmbiz/x", "MediaId": media_id},
                               int(time.time()), str(next(self._ids)))
        return await self.push(handle, xml)

    async def event(self, handle: str, event: str, key: str = "") -> Said:
        openid = self.openid(handle)
        if event in ("subscribe", "CLICK"):
            self.fake.clicked(openid)
        fields = {"Event": event, **({"EventKey": key} if key else {})}
        # Events have no MsgId: sender + CreateTime (+ event, key) tell them apart, so two
        # distinct events of one user get distinct seconds, as they would in real life.
        self._event_time = max(int(time.time()), self._event_time + 1)
        return await self.push(handle, wire.message_xml(openid, "event", fields,
                                                        self._event_time))

    async def push(self, handle: str, xml: str) -> Said:
        before = len(self.fake.sent)
        status, body = await self.post(xml)
        self.last_status = status
        assert status == 200, body
        said = Said()
        if body != "success":
            said.append(self._message(handle, self.reply_text(body)))
        said.extend(await self.delivered(before))
        return said

    async def delivered(self, before: int) -> Said:
        """Drain the outbox; the customer-service messages sent since `before`."""
        while await self.delivery.round():
            pass
        return Said(self._message(self.handle_of(openid), text)
                    for openid, text in self.fake.sent[before:])

    async def post(self, xml: str, *, query: dict[str, str] | None = None,
                   body: bytes | None = None) -> tuple[int, str]:
        """The push as WeChat sends it: signed, encrypted in safe mode."""
        timestamp, nonce = str(int(time.time())), secrets.token_hex(5)
        params = {"signature": wire.sign(TOKEN, timestamp, nonce), "timestamp": timestamp,
                  "nonce": nonce, "openid": "x"}
        data = xml
        if self.aes_key is not None:
            encrypted = wire.encrypt(self.aes_key, APP_ID, xml)
            data = f"<xml><ToUserName><![CDATA[gh_market]]></ToUserName>" \
                   f"<Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"
            params |= {"encrypt_type": "aes",
                       "msg_signature": wire.sign(TOKEN, timestamp, nonce, encrypted)}
        params |= query or {}
        async with aiohttp.ClientSession() as http, http.post(
                self.url, params=params, data=body if body is not None else data.encode()
        ) as response:
            return response.status, await response.text()

    def reply_text(self, body: str) -> str:
        fields = wire.fields_of(body)
        if self.aes_key is not None:
            assert fields["MsgSignature"] == wire.sign(TOKEN, fields["TimeStamp"],
                                                       fields["Nonce"], fields["Encrypt"])
            fields = wire.fields_of(wire.decrypt(self.aes_key, APP_ID, fields["Encrypt"]))
        assert fields["MsgType"] == "text"
        return fields["Content"]

    def _message(self, handle: str, text: str) -> Message:
        lines, labels = [], {}
        for line in text.split("\n"):
            numbered = _NUMBERED.match(line)
            if numbered:
                labels[numbered.group(2)] = int(numbered.group(1))
            elif line not in HINTS:
                lines.append(line)
        if labels:
            self.menus[handle] = labels
        return Message(handle, "\n".join(lines).strip(), [[label] for label in labels])
