"""A fake Telegram Bot API server on loopback: answers what both libraries call, records it all.

It also plays Telegram's limits, so tests can check the delivery worker's manners: with a rate
set, a message over the limit gets 429 and counts as a violation; `throttle(retry_after)` forces
one 429 and then watches that nobody sends during the pause; `block(chat_id)` answers 403.
"""

from __future__ import annotations

import asyncio
import collections
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.telegram_html import html_error

TOKEN = "123456:TEST-token"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Market", "username": "market_test_bot",
            "can_join_groups": False, "can_read_all_group_messages": False,
            "supports_inline_queries": True}
JSON_KEYS = {"reply_markup", "commands", "results", "allowed_updates", "link_preview_options",
             "scope"}
INT_KEYS = {"chat_id", "message_id", "offset", "limit", "timeout", "cache_time"}
PAUSE_GRACE = 0.2  # requests already in flight when the 429 went out are not the client's fault


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


class FakeBotApi:
    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.updates: list[dict[str, Any]] = []
        self._handed: set[int] = set()  # id() of the updates getUpdates has returned
        self.files: dict[str, bytes] = {}
        self.blocked: set[int] = set()
        self.rate_global: float | None = None  # messages per second, sliding one-second window
        self.chat_interval: float | None = None  # seconds between two messages to one chat
        self.send_delay = 0.0  # seconds each sendMessage takes: keeps deliveries in flight
        self.violations = 0
        self.violation_times: list[float] = []
        self.pause_violations = 0
        self.throttled = 0
        self._forced: list[int] = []
        self._broken: list[int] = []
        self._paused = (0.0, 0.0)  # (since, until)
        self._window: collections.deque[float] = collections.deque()
        self._last_by_chat: dict[int, float] = {}
        self._ids = itertools.count(1)
        self._update_ids = itertools.count(1)
        self._new = asyncio.Event()
        self._closing = False  # set on close: a long poll in flight answers at once
        self._runner: web.AppRunner | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self.url = ""

    # --- test controls ----------------------------------------------------------------
    async def start(self, port: int = 0, *, thread: bool = False) -> str:
        """Serve on loopback; `thread=True` gives the server its own event loop, so that arrival
        times are not bunched by a busy client loop (as with a real, remote server)."""
        if not thread:
            self._loop = asyncio.get_running_loop()
            return await self._serve(port)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._serve(port), self._loop)
        return await asyncio.wrap_future(future)

    async def _serve(self, port: int) -> str:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        # A client gone mid long-poll must not hold the close up for the poll's 30 s.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        bound = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{bound}"
        return self.url

    async def close(self) -> None:
        if self._runner is None:
            return
        if self._thread is None:
            await self._shutdown()
            return
        future = asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop)
        await asyncio.wrap_future(future)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    async def _shutdown(self) -> None:
        """Answer any long poll still open (as Telegram does when a poll is superseded), so the
        server stops at once instead of waiting out the poll or the shutdown timeout."""
        self._closing = True
        self._new.set()
        assert self._runner is not None
        await self._runner.cleanup()

    def push(self, update: dict[str, Any]) -> int:
        """Queue an update for getUpdates; returns its update_id."""
        update = {"update_id": next(self._update_ids), **update}
        self.updates.append(update)
        self._loop.call_soon_threadsafe(self._new.set)
        return update["update_id"]

    def next_update_id(self) -> int:
        return next(self._update_ids)

    def throttle(self, retry_after: int) -> None:
        """The next sendMessage answers 429 and starts a pause of retry_after seconds."""
        self._forced.append(retry_after)

    def break_next(self, status: int = 502) -> None:
        """The next sendMessage fails with a server error."""
        self._broken.append(status)

    def block(self, chat_id: int) -> None:
        self.blocked.add(chat_id)

    def called(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    @property
    def sent(self) -> list[Call]:
        """sendMessage calls that succeeded."""
        return [c for c in self.calls if c.method == "sendMessage" and c.params.get("_ok")]

    # --- the API ----------------------------------------------------------------------
    async def _method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        call = Call(method, await _params(request))
        self.calls.append(call)
        answer = getattr(self, f"_m_{method}", None)
        if answer is None:
            return _error(404, "Not Found: method not found")
        return await answer(call)

    async def _m_getMe(self, call: Call) -> web.Response:
        return _ok(BOT_USER)

    async def _m_getUpdates(self, call: Call) -> web.Response:
        offset = int(call.params.get("offset") or 0)
        limit = int(call.params.get("limit") or 100)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + float(call.params.get("timeout") or 0)
        # The offset confirms updates handed out before; one never handed out stays (a test's
        # repeat of an update_id below the offset is a redelivery, as Telegram's would be).
        self.updates = [u for u in self.updates
                        if u["update_id"] >= offset or id(u) not in self._handed]
        while not self.updates and not self._closing and loop.time() < deadline:
            self._new.clear()
            try:
                await asyncio.wait_for(self._new.wait(), deadline - loop.time())
            except TimeoutError:
                break
        handed = self.updates[:limit]
        self._handed.update(id(u) for u in handed)
        return _ok(handed)

    async def _m_sendMessage(self, call: Call) -> web.Response:
        chat_id = call.params["chat_id"]
        if self.send_delay:
            await asyncio.sleep(self.send_delay)
        refusal = self._refuse(chat_id, call.at) or _unparsable(call.params)
        if refusal is not None:
            return refusal
        call.params["_ok"] = True
        return _ok(self._message(chat_id, call.params))

    async def _m_sendDocument(self, call: Call) -> web.Response:
        return await self._m_sendMessage(call)

    _m_sendPhoto = _m_sendDocument

    async def _m_editMessageText(self, call: Call) -> web.Response:
        refusal = _unparsable(call.params)
        if refusal is not None:
            return refusal
        call.params["_ok"] = True
        return _ok(self._message(call.params["chat_id"], call.params, call.params["message_id"]))

    async def _m_getFile(self, call: Call) -> web.Response:
        file_id = call.params["file_id"]
        if file_id not in self.files:
            return _error(400, "Bad Request: invalid file_id")
        return _ok({"file_id": file_id, "file_unique_id": f"u{file_id}",
                    "file_size": len(self.files[file_id]), "file_path": f"documents/{file_id}"})

    async def _true(self, call: Call) -> web.Response:
        return _ok(True)

    _m_answerCallbackQuery = _m_setMyCommands = _m_answerInlineQuery = _true
    _m_setWebhook = _m_deleteWebhook = _m_close = _m_logOut = _true

    async def _m_getWebhookInfo(self, call: Call) -> web.Response:
        return _ok({"url": "", "has_custom_certificate": False, "pending_update_count": 0})

    async def _file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        file_id = request.match_info["path"].rsplit("/", 1)[-1]
        if file_id not in self.files:
            return web.Response(status=404)
        self.calls.append(Call("download", {"file_id": file_id}))
        return web.Response(body=self.files[file_id])

    # --- Telegram's limits ------------------------------------------------------------
    def _refuse(self, chat_id: int, now: float) -> web.Response | None:
        since, until = self._paused
        if now < until:
            if now > since + PAUSE_GRACE:
                self.pause_violations += 1
            return _too_many(max(1, round(until - now)))
        if self._forced:
            retry_after = self._forced.pop(0)
            self._paused = (now, now + retry_after)
            self.throttled += 1
            return _too_many(retry_after)
        if self._broken:
            return _error(self._broken.pop(0), "Bad Gateway")
        if chat_id in self.blocked:
            return _error(403, "Forbidden: bot was blocked by the user")
        if self._over_rate(chat_id, now):
            self.violations += 1
            self.violation_times.append(now)
            return _too_many(1)
        return None

    def _over_rate(self, chat_id: int, now: float) -> bool:
        if self.rate_global is not None:
            while self._window and self._window[0] <= now - 1.0:
                self._window.popleft()
            if len(self._window) >= self.rate_global:
                return True
            self._window.append(now)
        if self.chat_interval is not None:
            last = self._last_by_chat.get(chat_id)
            if last is not None and now - last < self.chat_interval * 0.95:
                return True
            self._last_by_chat[chat_id] = now
        return False

    def _message(self, chat_id: int, params: dict[str, Any], message_id: int | None = None
                 ) -> dict[str, Any]:
        message_id = message_id or next(self._ids)
        params["_message_id"] = message_id
        message = {"message_id": message_id, "date": int(time.time()),
                   "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
                   "from": BOT_USER, "text": params.get("text", "")}
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message


async def _params(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        return dict(await request.json())
    raw = dict(request.query)
    uploads: dict[str, Any] = {}
    if request.can_read_body:
        for key, value in (await request.post()).items():
            if isinstance(value, str):
                raw[key] = value
            else:  # a multipart upload (sendDocument, sendPhoto): its name and bytes
                uploads[key] = {"filename": value.filename, "data": value.file.read()}
    params: dict[str, Any] = dict(uploads)
    for key, value in raw.items():
        if key in JSON_KEYS and isinstance(value, str):
            value = json.loads(value)
        elif key in INT_KEYS and isinstance(value, str) and value.lstrip("-").isdigit():
            value = int(value)
        params[key] = value
    return params


def _unparsable(params: dict[str, Any]) -> web.Response | None:
    """Telegram's answer to a text its HTML parse mode refuses (or that is empty or too long).

    Files (sendDocument, sendPhoto) need no text; a caption, when there is one, is checked.
    """
    if "text" not in params and "caption" not in params and (
            "document" in params or "photo" in params):
        return None
    text = str(params.get("text", params.get("caption", "")))
    if str(params.get("parse_mode", "")).lower() != "html":
        error = None if text.strip() else "text must be non-empty"
    else:
        error = html_error(text)
    if error is None:
        return None
    if error.startswith(("text must", "message is")):
        return _error(400, f"Bad Request: {error}")
    return _error(400, f"Bad Request: can't parse entities: {error}")


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _error(code: int, description: str) -> web.Response:
    return web.json_response({"ok": False, "error_code": code, "description": description},
                             status=code)


def _too_many(retry_after: int) -> web.Response:
    return web.json_response(
        {"ok": False, "error_code": 429, "description": f"Too Many Requests: retry after "
         f"{retry_after}", "parameters": {"retry_after": retry_after}}, status=429)
