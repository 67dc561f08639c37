"""The aiogram 3 front end: aiogram's Bot and Dispatcher carry updates to the shared bridge."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    BotCommand,
    FSInputFile,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    TelegramObject,
    Update,
)

from handlers.engine.contract import Attachment

from ..app import App
from .bridge import Bridge
from .commands import menus
from .inline import Article
from .keyboard import Keyboard, inline_keyboard
from .polling import Polling

ALLOWED = ["message", "callback_query", "inline_query"]


def markup(buttons: Keyboard) -> InlineKeyboardMarkup | None:
    data = inline_keyboard(buttons)
    return None if data is None else InlineKeyboardMarkup.model_validate(data)


class AiogramSurface:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, chat_id: int, text: str, buttons: Keyboard) -> None:
        await self.bot.send_message(chat_id, text, reply_markup=markup(buttons))

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: Keyboard) -> bool:
        try:
            await self.bot.edit_message_text(text=text, chat_id=chat_id, message_id=message_id,
                                             reply_markup=markup(buttons))
        except TelegramBadRequest as exc:
            return "not modified" in exc.message
        return True

    async def send_file(self, chat_id: int, attachment: Attachment, photo: bool) -> None:
        upload = FSInputFile(attachment.path, filename=attachment.name)
        if photo:
            await self.bot.send_photo(chat_id, upload, caption=attachment.name)
        else:
            await self.bot.send_document(chat_id, upload)

    async def answer_callback(self, query_id: str) -> None:
        await self.bot.answer_callback_query(query_id)

    async def answer_inline(self, query_id: str, results: list[Article]) -> None:
        await self.bot.answer_inline_query(query_id, [
            InlineQueryResultArticle(
                id=a.id, title=a.title, description=a.description,
                input_message_content=InputTextMessageContent(message_text=a.text),
                reply_markup=markup(a.buttons))
            for a in results], cache_time=30, is_personal=True)

    async def download(self, file_id: str) -> bytes:
        data = await self.bot.download(file_id)
        assert data is not None
        return data.read()


class AiogramFrontend:
    """Holds the library objects; `bridge` does the work."""

    library = "aiogram"

    def __init__(self, app: App, api_url: str, token: str,
                 session: BaseSession | None = None) -> None:
        session = session or AiohttpSession(api=TelegramAPIServer.from_base(api_url))
        self.bot = Bot(token, session=session, default=DefaultBotProperties(
            parse_mode=ParseMode.HTML,
            link_preview=LinkPreviewOptions(is_disabled=True)))
        self.bridge = Bridge(app, AiogramSurface(self.bot))
        self.dispatcher = Dispatcher()
        self.dispatcher.update.outer_middleware(self._to_bridge)
        self.polling = Polling(self._fetch, self.process)

    async def _to_bridge(self, handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
                         update: TelegramObject, data: dict[str, Any]) -> None:
        # Every update goes to the bridge: aiogram routes nothing itself, holds no state.
        if isinstance(update, Update):  # always, as an outer middleware of `update`
            await self.bridge.handle(update)

    async def start(self) -> str:
        """getMe, then the command menu per language; returns the bot's username."""
        me = await self.bot.get_me()
        for language, commands in menus(self.bridge.app):
            await self.bot.set_my_commands(
                [BotCommand(command=name, description=text) for name, text in commands],
                language_code=language)
        return me.username or ""

    async def poll(self, timeout: int = 30) -> None:
        """Our getUpdates loop (polling.py), not aiogram's: the offset moves only past
        updates the core processed."""
        await self.polling.run(timeout)

    async def stop_polling(self) -> None:
        await self.polling.stop()

    async def _fetch(self, offset: int | None, timeout: int) -> list[Update]:
        return await self.bot.get_updates(offset=offset, timeout=timeout,
                                          allowed_updates=ALLOWED)

    def parse(self, data: dict[str, Any]) -> Update:
        return Update.model_validate(data, context={"bot": self.bot})

    async def process(self, update: Update) -> None:
        await self.dispatcher.feed_update(self.bot, update)

    async def set_webhook(self, url: str, secret: str) -> None:
        await self.bot.set_webhook(url, secret_token=secret, allowed_updates=ALLOWED)

    async def close(self) -> None:
        await self.bot.session.close()
