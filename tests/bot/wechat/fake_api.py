"""A fake WeChat API server on loopback: what the front end and announcements call, recorded.

It plays WeChat's rules: tokens from stable_token (the same token while valid; `expire()`
makes WeChat refuse the current one with 42001), customer-service messages only inside the
user's window (`spoke(openid)` opens 48 h with 5 messages, `clicked(openid)` a minute with 3;
45015 outside it, 45047 over the count), mass sends deduplicated by clientmsgid (45065).
"""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

APP_ID, SECRET = "wx5c0ffee0ddba11ad", "fake-app-secret-0123456789abcdef"


@dataclass
class Call:
    method: str
    query: dict[str, str]
    body: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


class FakeWeChatApi:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.token = ""
        self.token_expired = True
        self.media: dict[str, tuple[bytes, str]] = {}
        self.languages: dict[str, str] = {}  # openid -> user/info language
        self.unfollowed: set[str] = set()
        self.windows: dict[str, tuple[float, int]] = {}  # openid -> (closes at, allowance)
        self.sent: list[tuple[str, str]] = []  # (openid, text) customer-service messages
        self.menus: list[dict[str, Any]] = []
        self.tags: dict[int, str] = {}
        self.tagged: dict[int, set[str]] = {}
        self.client_msg_ids: dict[str, int] = {}
        self.delay = 0.0  # seconds every token fetch takes (to make workers overlap)
        self._ids = itertools.count(1000)
        self._runner: web.AppRunner | None = None
        self.url = ""

    # --- test controls ----------------------------------------------------------------
    async def start(self) -> str:
        app = web.Application()
        app.router.add_route("*", "/cgi-bin/{method:.+}", self._method)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def spoke(self, openid: str) -> None:
        self.windows[openid] = (time.time() + 48 * 3600, 5)

    def clicked(self, openid: str) -> None:
        closes, left = self.windows.get(openid, (0.0, 0))
        if closes > time.time() + 60:
            self.windows[openid] = (closes, max(left, 3))
        else:
            self.windows[openid] = (time.time() + 60, 3)

    def expire(self) -> None:
        self.token_expired = True

    def called(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    # --- the API ------------------------------------------------------------------------
    async def _method(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        raw = await request.read()
        try:
            body = json.loads(raw) if raw else {}
        except json.JSONDecodeError:
            return _json({"errcode": 47001, "errmsg": "data format error"})
        self.calls.append(Call(method, dict(request.query), body))
        if method in ("stable_token", "token"):
            return await self._token(method, body, request.query)
        if request.query.get("access_token") != self.token or not self.token:
            return _json({"errcode": 40001, "errmsg": "invalid credential"})
        if self.token_expired:
            return _json({"errcode": 42001, "errmsg": "access_token expired"})
        handler = getattr(self, "_" + method.replace("/", "_"), None)
        if handler is None:
            return _json({"errcode": 40066, "errmsg": f"invalid url {method}"})
        return await handler(body, request.query)

    async def _token(self, method: str, body: dict[str, Any], query: Any) -> web.Response:
        given = body if method == "stable_token" else dict(query)
        if given.get("appid") != APP_ID or given.get("secret") != SECRET:
            return _json({"errcode": 40125, "errmsg": "invalid appsecret"})
        if self.delay:
            import asyncio

            await asyncio.sleep(self.delay)
        if method == "token" or self.token_expired or body.get("force_refresh"):
            self.token, self.token_expired = f"TOKEN-{next(self._ids)}", False
        return _json({"access_token": self.token, "expires_in": 7200})

    async def _message_custom_send(self, body: dict[str, Any], query: Any) -> web.Response:
        openid = body.get("touser", "")
        if openid in self.unfollowed:
            return _json({"errcode": 43004, "errmsg": "require subscribe"})
        closes, left = self.windows.get(openid, (0.0, 0))
        if closes <= time.time():
            return _json({"errcode": 45015, "errmsg": "response out of time limit"})
        if left <= 0:
            return _json({"errcode": 45047, "errmsg": "out of response count limit"})
        text = body.get("text", {}).get("content", "")
        if len(text.encode()) > 2048:
            return _json({"errcode": 45002, "errmsg": "content size out of limit"})
        self.windows[openid] = (closes, left - 1)
        self.sent.append((openid, text))
        return _json({"errcode": 0, "errmsg": "ok"})

    async def _media_get(self, body: dict[str, Any], query: Any) -> web.Response:
        found = self.media.get(query.get("media_id", ""))
        if found is None:
            return _json({"errcode": 40007, "errmsg": "invalid media_id"})
        return web.Response(body=found[0], content_type=found[1])

    async def _user_info(self, body: dict[str, Any], query: Any) -> web.Response:
        openid = query.get("openid", "")
        return _json({"subscribe": 0 if openid in self.unfollowed else 1, "openid": openid,
                      "language": self.languages.get(openid, "zh_CN")})

    async def _menu_create(self, body: dict[str, Any], query: Any) -> web.Response:
        self.menus.append(body)
        return _json({"errcode": 0, "errmsg": "ok"})

    async def _menu_addconditional(self, body: dict[str, Any], query: Any) -> web.Response:
        if not body.get("matchrule"):
            return _json({"errcode": 65304, "errmsg": "match rule empty"})
        self.menus.append(body)
        return _json({"menuid": next(self._ids)})

    async def _tags_create(self, body: dict[str, Any], query: Any) -> web.Response:
        name = body.get("tag", {}).get("name", "")
        if len(name.encode()) > 30 or len(self.tags) >= 100:
            return _json({"errcode": 45157, "errmsg": "invalid tag name"})
        tag_id = 100 + len(self.tags)
        self.tags[tag_id] = name
        return _json({"tag": {"id": tag_id, "name": name}})

    async def _tags_get(self, body: dict[str, Any], query: Any) -> web.Response:
        return _json({"tags": [{"id": i, "name": n, "count": len(self.tagged.get(i, ()))}
                               for i, n in self.tags.items()]})

    async def _tags_members_batchtagging(self, body: dict[str, Any], query: Any) -> web.Response:
        openids = body.get("openid_list", [])
        if len(openids) > 50:
            return _json({"errcode": 40032, "errmsg": "invalid openid list size"})
        self.tagged.setdefault(int(body.get("tagid", 0)), set()).update(openids)
        return _json({"errcode": 0, "errmsg": "ok"})

    async def _message_mass_sendall(self, body: dict[str, Any], query: Any) -> web.Response:
        if "group_id" in body.get("filter", {}):
            return _json({"errcode": 40050, "errmsg": "invalid group id"})
        client_id = str(body.get("clientmsgid", ""))
        if client_id and client_id in self.client_msg_ids:
            return _json({"errcode": 45065, "errmsg": "clientmsgid exist",
                          "msg_id": self.client_msg_ids[client_id]})
        msg_id = next(self._ids)
        if client_id:
            self.client_msg_ids[client_id] = msg_id
        return _json({"errcode": 0, "errmsg": "send job submission success", "msg_id": msg_id,
                      "msg_data_id": msg_id})

    async def _message_mass_preview(self, body: dict[str, Any], query: Any) -> web.Response:
        if not body.get("touser"):
            return _json({"errcode": 40003, "errmsg": "invalid openid"})
        return _json({"errcode": 0, "errmsg": "preview success", "msg_id": next(self._ids)})


def _json(data: dict[str, Any]) -> web.Response:
    return web.Response(text=json.dumps(data, ensure_ascii=False),
                        content_type="application/json")
