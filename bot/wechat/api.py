"""An async WeChat API client on aiohttp, sharing the database-held access_token.

wechatpy's WeChatClient is synchronous (`requests`), fetches its token from a hard-coded URL
without a timeout, and posts `group_id` instead of `tag_id` for tag mass sends: everything
here is posted directly, `<root>/cgi-bin/<method>?access_token=…`, so one client serves the
callback, the outbox worker, the menu command and announcements (mass sends) alike.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import aiohttp

from domain.adapters.uow import Environment

from .token import TokenHolder

log = logging.getLogger(__name__)
# 40001 invalid credential, 40014 invalid token, 42001 token expired: refresh once, retry once.
TOKEN_ERRORS = {40001, 40014, 42001}


class ApiError(Exception):
    """errcode ≠ 0. `data` is the whole answer (45065 carries the earlier send's msg_id)."""

    def __init__(self, code: int, message: str, data: dict[str, Any] | None = None) -> None:
        super().__init__(f"{code} {message}")
        self.code, self.message, self.data = code, message, data or {}


class TooLarge(Exception):
    """A download over the allowed size: refused before the body is read."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


class WeChatApi:
    def __init__(self, env: Environment, root: str, app_id: str, secret: str,
                 *, timeout: float = 10.0) -> None:
        self.root = root.rstrip("/") + "/cgi-bin/"
        self.app_id, self._secret = app_id, secret
        self.tokens = TokenHolder(env, app_id, self._fetch_token)
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._http: aiohttp.ClientSession | None = None

    @property
    def http(self) -> aiohttp.ClientSession:
        if self._http is None or self._http.closed:
            self._http = aiohttp.ClientSession(timeout=self._timeout)
        return self._http

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()

    async def call(self, method: str, payload: dict[str, Any] | None = None,
                   *, query: dict[str, str] | None = None) -> dict[str, Any]:
        """POST (or GET when `payload` is None) an API method; errcode ≠ 0 raises ApiError."""
        token = await self.tokens.get()
        for attempt in (1, 2):
            data = await self._request(method, token, payload, query)
            code = int(data.get("errcode") or 0)
            if code in TOKEN_ERRORS and attempt == 1:
                log.info("WeChat refused the access token (%s); refreshing once", code)
                token = await self.tokens.refresh(token)
                continue
            if code:
                raise ApiError(code, str(data.get("errmsg", "")), data)
            return data
        raise AssertionError("unreachable")

    async def _request(self, method: str, token: str, payload: dict[str, Any] | None,
                       query: dict[str, str] | None) -> dict[str, Any]:
        params = {"access_token": token, **(query or {})}
        body = None if payload is None else json.dumps(payload, ensure_ascii=False).encode()
        verb = "GET" if payload is None else "POST"
        async with self.http.request(verb, self.root + method, params=params, data=body,
                                     headers={"Content-Type": "application/json"}) as response:
            return json.loads(await response.read())

    async def download(self, media_id: str, limit: int) -> tuple[bytes, str]:
        """media/get: (bytes, mime type). The declared size is checked before reading."""
        token = await self.tokens.get()
        for attempt in (1, 2):
            async with self.http.get(self.root + "media/get",
                                     params={"access_token": token, "media_id": media_id}
                                     ) as response:
                mime = response.content_type
                if mime in ("application/json", "text/plain"):
                    data = json.loads(await response.read())
                    code = int(data.get("errcode") or 0)
                    if code in TOKEN_ERRORS and attempt == 1:
                        token = await self.tokens.refresh(token)
                        continue
                    raise ApiError(code, str(data.get("errmsg", "")))
                if (response.content_length or 0) > limit:
                    raise TooLarge(response.content_length or 0)
                body = await response.content.read(limit + 1)
                if len(body) > limit:
                    raise TooLarge(len(body))
                return body, mime
        raise AssertionError("unreachable")

    async def _fetch_token(self) -> tuple[str, int]:
        payload = {"grant_type": "client_credential", "appid": self.app_id,
                   "secret": self._secret, "force_refresh": False}
        async with self.http.post(self.root + "stable_token", json=payload) as response:
            data = json.loads(await response.read())
        if "access_token" not in data:
            raise ApiError(int(data.get("errcode") or -1), str(data.get("errmsg", "")))
        return str(data["access_token"]), int(data.get("expires_in") or 7200)

    async def send_text(self, openid: str, text: str) -> None:
        """A customer-service message (only within the user's 48-hour window)."""
        await self.call("message/custom/send",
                        {"touser": openid, "msgtype": "text", "text": {"content": text}})

    async def user_language(self, openid: str) -> str | None:
        data = await self.call("user/info", None, query={"openid": openid, "lang": "zh_CN"})
        return data.get("language") or None
