"""One WeChat push through the core, answered within WeChat's 5 seconds.

The answer goes into the passive reply when it is ready within `answer_within` (4 s);
otherwise the push gets `success` at once and the answer follows as customer-service
messages. Whatever does not fit the passive reply (about 2,000 bytes) follows the same way.
Held notices ride along with the answer to the user's next message.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, NoReturn

from sqlalchemy import select

from domain.adapters.outage import is_transient
from domain.adapters.uow import UnitOfWork
from domain.errors import NotFound
from domain.models import Account, OutboxMessage
from domain.services.announcements import Announcements
from domain.services.followers import Followers
from handlers.conversations.card_press import ShowCard
from handlers.engine.contract import Attachment, ButtonPress, Incoming, Reply
from handlers.engine.conversation_store import SqlConversationStore
from handlers.engine.deferral import UpdateDeferred
from handlers.engine.i18n import Say

from ..app import App
from . import translate, windows
from .api import WeChatApi
from .envelope import Envelope
from .pushes import Pushes
from .render import Rendered, render

if TYPE_CHECKING:
    from ..app import App

log = logging.getLogger(__name__)
UploadLink = Callable[[str, str], str]  # (openid, step) -> one-time URL
FileLink = Callable[[str, Attachment], str]  # (openid, file) -> signed, expiring URL
KNOWN_MOST = 100_000
LATE_RETRY_SECONDS = 600


class WeChatFrontend:
    def __init__(self, app: App, api: WeChatApi, envelope: Envelope, *,
                 answer_within: float = 4.0, upload_link: UploadLink | None = None) -> None:
        self.app, self.api, self.envelope = app, api, envelope
        self.answer_within = answer_within
        self.upload_link = upload_link
        self.file_link: FileLink | None = None  # set when the public address is known
        self.pushes = Pushes(app.env)
        self.known: set[str] = set()  # openids with an account: no user/info call needed
        self.late: set[asyncio.Task[None]] = set()
        self.stopping: asyncio.Event | None = None  # set: new pushes get 503
        self._busy = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def receive(self, query: Mapping[str, str], body: bytes) -> str:
        """The HTTP body to answer a push with; raises Forbidden or BadPush."""
        message = self.envelope.open(query, body)
        self._busy += 1
        self._idle.clear()
        try:
            return self.envelope.reply(message, await self.answer(message))
        finally:
            self._busy -= 1
            if not self._busy:
                self._idle.set()

    async def idle(self) -> None:
        """Returns once no push is being answered: a stopping bot lets those finish."""
        await self._idle.wait()

    async def answer(self, message: Any) -> str | None:
        """Raises UpdateDeferred when the database is unreachable: the push gets no answer
        (503), its claim is given up, and WeChat's retry does the work."""
        limit = self.app.env.rules.max_file_bytes
        act = translate.action(message, None, self.api.download, limit)
        try:
            seen = await self.pushes.claim(act.key)
        except Exception as exc:
            self._raise_deferred(act, exc)
        if seen is not None:  # a retry: the stored answer, or "still working"
            return seen.reply if seen.done else None
        work = asyncio.create_task(self._process(act))
        done, _ = await asyncio.wait({work}, timeout=self.answer_within)
        if work in done:
            try:
                replies = work.result()
            except Exception as exc:
                await self.pushes.release(act.key)  # nothing was committed: WeChat retries
                self._raise_deferred(act, exc)
            try:
                answer = await self._finish(act, replies, late=False)
            except Exception as exc:  # processed; a retry finds the claim and gets `success`
                self._raise_deferred(act, exc)
            self.app.outage.passed()
            return answer
        late = asyncio.create_task(self._finish_late(act, work))
        self.late.add(late)
        late.add_done_callback(self.late.discard)
        return None

    async def answer_later(self, act: translate.Action) -> None:
        """An update from outside the chat (the upload page): the answer goes to the chat."""
        await self._finish(act, await self._process(act), late=True)

    def _raise_deferred(self, act: translate.Action, error: Exception) -> NoReturn:
        """UpdateDeferred for a database outage (noted once in the log); a bug as it is."""
        if not self._outage(error):
            raise error
        if isinstance(error, UpdateDeferred):
            raise error
        raise UpdateDeferred(act.key, error) from error

    def _outage(self, error: Exception) -> bool:
        cause = error.cause if isinstance(error, UpdateDeferred) else error
        if is_transient(cause):
            self.app.outage.defer(cause)
            return True
        return False

    async def _finish_late(self, act: translate.Action, work: asyncio.Task[list[Reply]]) -> None:
        """A slow push was answered `success` already: WeChat will not retry it, so an outage
        meanwhile is waited out here (up to LATE_RETRY_SECONDS) before the work is redone."""
        pause, waited = 0.5, 0.0
        while True:
            try:
                await self._finish(act, await work, late=True)
                self.app.outage.passed()
                return
            except Exception as exc:
                if not self._outage(exc) or waited > LATE_RETRY_SECONDS:
                    log.exception("finishing slow push %s failed", act.key)
                    return
            await asyncio.sleep(pause)
            waited, pause = waited + pause, min(pause * 2, 5.0)
            work = asyncio.create_task(self._process(act))

    async def _process(self, act: translate.Action) -> list[Reply]:
        if act.incoming is not None:
            language = await self._new_user_language(act.openid)
            incoming = await self._announced_card(
                dataclasses.replace(act.incoming, language=language))
            if incoming.file is not None:
                # A picture is fetched inside the update's transaction: the token must not
                # need a write of its own then (SQLite has one writer at a time).
                await self.api.tokens.get()
            # In its turn: after the user's earlier pushes, here or on another worker.
            replies = await self.app.turns.take(incoming)
            if len(self.known) > KNOWN_MOST:  # a cache, not a registry: start afresh
                self.known.clear()
            self.known.add(act.openid)
            return replies
        if act.say is not None:
            lang = await self._language(act.openid)
            return [Reply(self.app.dispatcher.translator(lang, act.say))]
        return []

    async def _announced_card(self, incoming: Incoming) -> Incoming:
        """A number from the newest mass send opens that card: mass sends carry no options, so
        the number means the card unless a form step or a numbered option takes it first."""
        text = (incoming.text or "").strip()
        if not (text.isascii() and text.isdigit()) or len(text) > 3:  # "²" is a digit too
            return incoming
        async with UnitOfWork(self.app.env) as uow:
            account = await _account(uow, incoming.user_id)
            state = (await SqlConversationStore(uow).peek(account.id)
                     if account is not None else None)
            if state is not None and (state.step or int(text) <= len(state.options)):
                return incoming
            try:
                provider_id = await Announcements(uow).card_number(int(text))
            except NotFound:
                return incoming
        press = ButtonPress(ShowCard(provider_id).pack())
        return dataclasses.replace(incoming, text=None, press=press)

    async def _new_user_language(self, openid: str) -> str | None:
        """None for a known user (their account keeps its language); else from user/info."""
        if openid in self.known:
            return None
        async with UnitOfWork(self.app.env) as uow:
            if await _account(uow, openid) is not None:
                self.known.add(openid)
                return None
        return await self._platform_language(openid)

    async def _language(self, openid: str) -> str:
        async with UnitOfWork(self.app.env) as uow:
            account = await _account(uow, openid)
            language = account.language if account is not None else None
        return language or await self._platform_language(openid)

    async def _platform_language(self, openid: str) -> str:
        """user/info's language (zh_CN, en …); Chinese when WeChat cannot tell us."""
        try:
            code = await self.api.user_language(openid)
        except Exception as exc:
            log.info("user/info for %s failed: %s", openid, exc)
            code = None
        return "en" if code and code.lower().startswith("en") else "zh"

    async def _finish(self, act: translate.Action, replies: list[Reply], *, late: bool
                      ) -> str | None:
        """Follow state, window, held notices and the upload link; queue what the passive
        reply cannot carry; store the answer with the dedupe key — one transaction."""
        async with UnitOfWork(self.app.env) as uow:
            account = await _account(uow, act.openid)
            pieces = await self._pieces(uow, account, act, replies)
            passive = None if late or not pieces else pieces[0]
            rest = pieces if late else pieces[1:]
            if account is not None:
                for piece in rest:
                    windows.queue_text(uow, account.id, piece)
            await self.pushes.finish(uow, act.key, passive)
            await uow.commit()
        return passive

    async def _pieces(self, uow: UnitOfWork, account: Account | None, act: translate.Action,
                      replies: list[Reply]) -> list[str]:
        translator = self.app.dispatcher.translator
        if account is None:  # a first message that is not text: a plain answer, no outbox
            return render(replies, translator.bind("zh")).pieces
        say = translator.bind(account.language)
        if act.follow is not None:
            followers = Followers(uow)
            await (followers.follow if act.follow else followers.unfollow)(
                translate.PLATFORM, act.openid)
        file_link = self.file_link
        answer = render(replies, say, file_link=None if file_link is None else
                        (lambda file: file_link(act.openid, file)))
        extra = Rendered("", [])
        if act.window:
            await windows.open_window(uow, account.id, act.window)
            extra = await self._held(uow, account, len(answer.payloads) + 1)
        store = SqlConversationStore(uow)
        if extra.payloads:
            await store.set_options(account.id, answer.payloads + extra.payloads)
        state = await store.peek(account.id)
        link = self._link(act.openid, state.step if state is not None else None, say)
        return (answer + extra + Rendered(link or "", [])).pieces

    async def _held(self, uow: UnitOfWork, account: Account, first_number: int) -> Rendered:
        say = self.app.dispatcher.translator.bind(account.language)
        held = await windows.take_held(uow, account)
        notices = [self.notice_reply(row, account.language) for row in held]
        if notices:
            notices.insert(0, Reply(say("wechat.held_notices", count=len(notices))))
        return render(notices, say, first_number)

    def notice_reply(self, row: OutboxMessage, lang: str) -> Reply:
        if row.kind == windows.TEXT_KIND:
            return Reply(str(row.params.get("text", "")))
        return self.app.dispatcher.render_notice(row, lang)

    def _link(self, openid: str, step_name: str | None, say: Say) -> str | None:
        """Steps that take files also offer the upload page (WeChat cannot send a PDF)."""
        if self.upload_link is None or not step_name:
            return None
        step = self.app.dispatcher.router.steps.get(step_name)
        if step is None or step.file is None:
            return None
        return say("wechat.upload_link", url=self.upload_link(openid, step_name))

    async def close(self) -> None:
        for task in list(self.late):
            await asyncio.gather(task, return_exceptions=True)


async def _account(uow: UnitOfWork, openid: str) -> Account | None:
    return (await uow.session.scalars(
        select(Account).where(Account.platform == translate.PLATFORM,
                              Account.platform_id == openid))).first()
