"""The callback's envelope: verification, signatures, safe mode, and bad bodies refused."""

from __future__ import annotations

import time

import aiohttp
from sqlalchemy import func, select

from bot.app import App
from domain.models import Account, PushReply

from . import wire
from .driver import AES_KEY, TOKEN, WeChatDriver
from .fake_api import APP_ID


async def _count(app: App, model: type) -> int:
    async with app.unit_of_work() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(model)) or 0)


async def _nothing_changed(app: App) -> None:
    assert await _count(app, Account) == 0
    assert await _count(app, PushReply) == 0


async def test_verification_echoes_only_with_the_right_signature(wechat: WeChatDriver) -> None:
    stamp, nonce = str(int(time.time())), "n0nce"
    good = {"signature": wire.sign(TOKEN, stamp, nonce), "timestamp": stamp, "nonce": nonce,
            "echostr": "1234567890"}
    async with aiohttp.ClientSession() as http:
        async with http.get(wechat.url, params=good) as response:
            assert (response.status, await response.text()) == (200, "1234567890")
        async with http.get(wechat.url, params={**good, "signature": "0" * 40}) as response:
            assert response.status == 403


async def test_a_wrong_signature_gets_403_and_changes_nothing(
        wechat: WeChatDriver, app: App) -> None:
    xml = wire.message_xml("ox", "text", {"Content": "/start"}, int(time.time()), "1")
    status, _ = await wechat.post(xml, query={"signature": "f" * 40})
    assert status == 403
    await _nothing_changed(app)


async def test_a_wrong_msg_signature_gets_403_in_safe_mode(
        wechat: WeChatDriver, app: App) -> None:
    if wechat.aes_key is None:
        wechat.aes_key = AES_KEY  # an encrypted push to a plain-mode account: refused too
        status, _ = await wechat.post(wire.message_xml("ox", "text", {"Content": "hi"}, 1, "2"))
        assert status == 400
        return
    xml = wire.message_xml("ox", "text", {"Content": "/start"}, int(time.time()), "3")
    status, _ = await wechat.post(xml, query={"msg_signature": "a" * 40})
    assert status == 403
    await _nothing_changed(app)


async def test_a_push_encrypted_for_another_app_is_refused(
        wechat: WeChatDriver, app: App) -> None:
    if wechat.aes_key is None:
        return
    encrypted = wire.encrypt(AES_KEY, "wxSomeoneElse000", wire.message_xml(
        "ox", "text", {"Content": "hi"}, 1, "4"))
    stamp, nonce = str(int(time.time())), "n"
    body = f"<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>".encode()
    status, _ = await wechat.post("", body=body, query={
        "timestamp": stamp, "nonce": nonce, "signature": wire.sign(TOKEN, stamp, nonce),
        "msg_signature": wire.sign(TOKEN, stamp, nonce, encrypted)})
    assert status == 403
    await _nothing_changed(app)


BOMB = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{"&lol{};".format(i - 1 if i > 1 else "") * 10}">'
                  for i in range(1, 10))
        + ']><xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName>'
          '<CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&lol9;</Content></xml>')


async def test_bad_bodies_get_400_and_change_nothing(wechat: WeChatDriver, app: App) -> None:
    padding = "x" * (65 * 1024)
    bad = [
        "this is not xml",
        "<xml><ToUserName>a</ToUserName><FromUserName>b",  # cut off
        "<xml><Content>no type, no sender</Content></xml>",  # XML, not a WeChat message
        "<note><to>someone</to></note>",  # no <xml> root
        wire.message_xml("ox", "text", {"Content": padding}, 1, "5"),  # over 64 KB
        BOMB,
        # Signed, well formed, but the sender is no openid: it keys the account and the inbox
        # (a 100-character one made PostgreSQL refuse the insert, and the push got a 500).
        wire.message_xml("o" * 100, "text", {"Content": "/help"}, 1, "6"),
        wire.message_xml("张三 ox", "text", {"Content": "/help"}, 1, "7"),
        wire.message_xml("", "text", {"Content": "/help"}, 1, "8"),
        # A message id is a 64-bit number: 200 digits made a dedupe key longer than the stored
        # answer's (160), PostgreSQL refused the claim and the push got a 500; letters made
        # wechatpy's int() fail in the middle of the work.
        wire.message_xml("ox", "text", {"Content": "/help"}, 1, "9" * 200),
        wire.message_xml("ox", "text", {"Content": "/help"}, 1, "12ab"),
        wire.message_xml("ox", "text", {"Content": "/help"}, 1, "-5"),
    ]
    for xml in bad:
        status, _ = await wechat.post(xml)
        assert status == 400, xml[:60]
    await _nothing_changed(app)


async def test_cdata_ends_and_control_characters_survive_the_round_trip(
        wechat: WeChatDriver) -> None:
    await wechat.run("alice", "/start", "> I'm a merchant")
    said = await wechat.say("alice", "Shop ]]> <b>&amp;\x07 Bell")
    assert "Which markets" in said.text
    profile = await wechat.run("alice", "> United States", "> Done", "> Beauty", "> Over $1M")
    assert "Shop ]]> <b>&amp; Bell" in profile.text


async def test_the_reply_is_encrypted_for_this_app_in_safe_mode(wechat: WeChatDriver) -> None:
    xml = wire.message_xml(wechat.openid("ann"), "text", {"Content": "/help"},
                           int(time.time()), "77")
    status, body = await wechat.post(xml)
    assert status == 200
    fields = wire.fields_of(body)
    if wechat.aes_key is None:
        assert fields["MsgType"] == "text" and "/subscribe" in fields["Content"]
        return
    assert set(fields) == {"Encrypt", "MsgSignature", "TimeStamp", "Nonce"}
    inner = wire.fields_of(wire.decrypt(AES_KEY, APP_ID, fields["Encrypt"]))
    assert inner["ToUserName"] == wechat.openid("ann") and "/subscribe" in inner["Content"]


async def test_a_replayed_push_is_answered_again_and_processed_once(
        wechat: WeChatDriver, app: App) -> None:
    xml = wire.message_xml(wechat.openid("bo"), "text", {"Content": "/start"},
                           int(time.time()), "4242")
    first = await wechat.post(xml)
    again = await wechat.post(xml)
    assert first[0] == again[0] == 200
    assert wechat.reply_text(first[1]) == wechat.reply_text(again[1])
    assert "I'm a merchant" in wechat.reply_text(again[1])
    assert await _count(app, PushReply) == 1 and await _count(app, Account) == 1


async def test_after_a_key_change_pushes_under_the_previous_key_still_count(
        wechat: WeChatDriver) -> None:
    if wechat.aes_key is None:
        return
    new_key = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut"
    envelope = wechat.frontend.envelope
    wechat.frontend.envelope = type(envelope)(envelope.token, envelope.app_id, new_key, AES_KEY)
    xml = wire.message_xml(wechat.openid("ann"), "text", {"Content": "/help"}, 1, "8801")
    status, body = await wechat.post(xml)  # WeChat still encrypts with the old key
    assert status == 200
    reply = wire.decrypt(new_key, APP_ID, wire.fields_of(body)["Encrypt"])  # we use the new one
    assert "/subscribe" in wire.fields_of(reply)["Content"]
    wechat.aes_key = new_key
    assert "/subscribe" in (await wechat.say("ann", "/help")).text
    wechat.frontend.envelope = type(envelope)(envelope.token, envelope.app_id, new_key)
    wechat.aes_key = AES_KEY
    status, _ = await wechat.post(wire.message_xml("ox", "text", {"Content": "x"}, 1, "9"))
    assert status in (400, 403)  # the old key alone is no longer accepted


async def test_a_claim_left_by_a_dead_worker_is_taken_over(
        wechat: WeChatDriver, app: App) -> None:
    from datetime import timedelta

    async with app.unit_of_work() as uow:  # a worker claimed m6001 a while ago, then died
        uow.session.add(PushReply(key="m6001", done=False,
                                  started_at=uow.now() - timedelta(seconds=61)))
        uow.session.add(PushReply(key="m6002", done=False, started_at=uow.now()))
        await uow.commit()
    xml = wire.message_xml(wechat.openid("ann"), "text", {"Content": "/help"}, 1, "6001")
    assert "/subscribe" in (await wechat.push("ann", xml)).text
    xml = wire.message_xml(wechat.openid("ann"), "text", {"Content": "/help"}, 1, "6002")
    assert await wechat.push("ann", xml) == []  # still running elsewhere: `success`
