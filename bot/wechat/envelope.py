"""The envelope of a WeChat push: signatures, the body (plain or AES), the reply XML.

Signatures are compared in constant time (wechatpy's checks use `!=`). Bodies are refused
before any XML parser sees them when they are too large or declare a DOCTYPE or ENTITY
(WeChat never sends one: an entity is only ever an XML bomb). Control characters that XML
forbids are dropped rather than failing the whole message.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import xmltodict
from wechatpy import create_reply, parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.messages import BaseMessage
from wechatpy.utils import random_string

MAX_BODY = 64 * 1024
_DECLARATIONS = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_ILLEGAL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
REQUIRED = ("ToUserName", "FromUserName", "CreateTime", "MsgType")
# WeChat's openids are 28 characters of letters, digits, - and _; the columns hold 64.
OPENID = re.compile(r"[A-Za-z0-9_-]{1,64}")
# A message id is a 64-bit number (at most 20 digits); it keys the push's stored answer.
MSG_ID = re.compile(r"[0-9]{1,20}")


class Forbidden(Exception):
    """Wrong signature: 403, nothing changes."""


class BadPush(Exception):
    """Not XML, not a WeChat message, or too large: 400, nothing changes."""


def signature(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def same(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode(), given.encode())


@dataclass(frozen=True)
class Envelope:
    token: str
    app_id: str
    aes_key: str | None  # None: plain mode
    previous_key: str | None = None  # tried when the current key cannot decrypt (rotation)

    @property
    def crypto(self) -> WeChatCrypto | None:
        return WeChatCrypto(self.token, self.aes_key, self.app_id) if self.aes_key else None

    def _cryptos(self) -> list[WeChatCrypto]:
        keys = [k for k in (self.aes_key, self.previous_key) if k]
        return [WeChatCrypto(self.token, key, self.app_id) for key in keys]

    def verify(self, query: Mapping[str, str]) -> None:
        """The URL signature every request carries: sha1(sorted(token, timestamp, nonce))."""
        given = query.get("signature", "")
        if not same(signature(self.token, query.get("timestamp", ""), query.get("nonce", "")),
                    given):
            raise Forbidden()

    def open(self, query: Mapping[str, str], body: bytes) -> BaseMessage:
        """The push as a wechatpy message; safe mode checks msg_signature and decrypts."""
        self.verify(query)
        fields = _parse(body)
        if query.get("encrypt_type") == "aes" or "Encrypt" in fields:
            if self.aes_key is None:
                raise BadPush("an encrypted push, but no EncodingAESKey is configured")
            fields = self._decrypt(query, fields)
        if any(not isinstance(fields.get(name), str) for name in REQUIRED):
            raise BadPush("not a WeChat message")
        if not OPENID.fullmatch(fields["FromUserName"]):
            raise BadPush("FromUserName is not an openid")  # it keys the account and the inbox
        for name in ("MsgId", "MsgID"):  # MsgID: the template-message events' spelling
            given = fields.get(name)
            if given is not None and not (isinstance(given, str) and MSG_ID.fullmatch(given)):
                raise BadPush(f"{name} is not a message id")  # a longer one overflowed the key
        try:
            return parse_message(xmltodict.unparse({"xml": fields}))
        except (KeyError, TypeError, ValueError) as exc:
            raise BadPush(str(exc)) from exc

    def _decrypt(self, query: Mapping[str, str], fields: dict[str, Any]) -> dict[str, Any]:
        encrypted = fields.get("Encrypt")
        if not isinstance(encrypted, str):
            raise BadPush("no Encrypt element")
        timestamp, nonce = query.get("timestamp", ""), query.get("nonce", "")
        given = query.get("msg_signature", "")
        if not same(signature(self.token, timestamp, nonce, encrypted), given):
            raise Forbidden()
        failure: Exception = BadPush("cannot decrypt")
        for crypto in self._cryptos():
            try:
                inner = crypto.decrypt_message({"Encrypt": encrypted}, given, timestamp, nonce)
            except (InvalidSignatureException, InvalidAppIdException) as exc:
                failure = Forbidden()  # signed by us, yet not for this app: forged
                failure.__cause__ = exc
            except Exception as exc:  # bad base64, padding, length: another key, or garbage
                failure = BadPush(f"cannot decrypt: {exc}")
            else:
                return _parse(inner.encode() if isinstance(inner, str) else inner)
        raise failure

    def reply(self, message: BaseMessage, text: str | None, nonce: str | None = None) -> str:
        """The passive reply XML (encrypted in safe mode), or `success` for no reply."""
        if not text:
            return "success"
        # wechatpy puts Content in CDATA without escaping `]]>`, which would end it early.
        xml = create_reply(text.replace("]]>", "]]]]><![CDATA[>"), message, render=True)
        crypto = self.crypto
        if crypto is None:
            return xml
        return crypto.encrypt_message(xml, nonce or random_string(16), str(int(time.time())))


def _parse(body: bytes) -> dict[str, Any]:
    if len(body) > MAX_BODY:
        raise BadPush("body over 64 KB")
    if _DECLARATIONS.search(body):
        raise BadPush("DOCTYPE or ENTITY declarations are refused")
    try:
        parsed = xmltodict.parse(_ILLEGAL.sub(b"", body), disable_entities=True)
    except Exception as exc:  # ExpatError and friends: not XML
        raise BadPush(f"not XML: {exc}") from exc
    fields = parsed.get("xml") if isinstance(parsed, dict) else None
    if not isinstance(fields, dict):
        raise BadPush("no <xml> root")
    return dict(fields)
