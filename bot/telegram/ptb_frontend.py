"""The python-telegram-bot 22 front end: PTB's Application carries updates to the shared bridge."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from telegram import (
    BotCommand,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import Application, ContextTypes, Defaults, TypeHandler
from telegram.request import BaseRequest

from handlers.engine.contract import Attachment

from ..app import App
from .bridge import Bridge
from .commands import menus
from .inline import Article
from .keyboard import Keyboard, inline_keyboard
from .polling import Polling

ALLOWED = ["message", "callback_query", "inline_query"]


class PtbSurface:
    def __init__(self, application: Application) -> None:
        self.bot = application.bot

    def markup(self, buttons: Keyboard) -> InlineKeyboardMarkup | None:
        data = inline_keyboard(buttons)
        return None if data is None else InlineKeyboardMarkup.de_json(data, self.bot)

    async def send(self, chat_id: int, text: str, buttons: Keyboard) -> None:
        await self.bot.send_message(chat_id, text, reply_markup=self.markup(buttons))

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: Keyboard) -> bool:
        try:
            await self.bot.edit_message_text(text, chat_id=chat_id, message_id=message_id,
                                             reply_markup=self.markup(buttons))
        except BadRequest as exc:
            return "not modified" in exc.message
        return True

    async def send_file(self, chat_id: int, attachment: Attachment, photo: bool) -> None:
        path = Path(attachment.path)
        if photo:
            await self.bot.send_photo(chat_id, path, caption=attachment.name,
                                      filename=attachment.name)
        else:
            await self.bot.send_document(chat_id, path, filename=attachment.name)

    async def answer_callback(self, query_id: str) -> None:
        await self.bot.answer_callback_query(query_id)

    async def answer_inline(self, query_id: str, results: list[Article]) -> None:
        await self.bot.answer_inline_query(query_id, [
            InlineQueryResultArticle(
                id=a.id, title=a.title, description=a.description,
                input_message_content=InputTextMessageContent(a.text),
                reply_markup=self.markup(a.buttons))
            for a in results], cache_time=30, is_personal=True)

    async def download(self, file_id: str) -> bytes:
        file = await self.bot.get_file(file_id)
        return bytes(await file.download_as_bytearray())


class PtbFrontend:
    """Holds the library objects; `bridge` does the work."""

    library = "ptb"

    def __init__(self, app: App, api_url: str, token: str,
                 request: BaseRequest | None = None) -> None:
        defaults = Defaults(parse_mode=ParseMode.HTML,
                            link_preview_options=LinkPreviewOptions(is_disabled=True))
        builder = (
            Application.builder().token(token).base_url(f"{api_url}/bot")
            .base_file_url(f"{api_url}/file/bot").defaults(defaults)
            .concurrent_updates(True))
        if request is not None:  # benchmarks: no network
            builder = builder.request(request).get_updates_request(request)
        self.application = builder.build()
        self.bridge = Bridge(app, PtbSurface(self.application))
        # One catch-all handler: PTB routes nothing itself (no ConversationHandler, no state).
        self.application.add_handler(TypeHandler(Update, self._to_bridge))
        self.polling = Polling(self._fetch, self.process)

    async def _to_bridge(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.bridge.handle(update)

    async def start(self) -> str:
        await self.application.initialize()  # calls getMe
        bot = self.application.bot
        for language, commands in menus(self.bridge.app):
            await bot.set_my_commands([BotCommand(name, text) for name, text in commands],
                                      language_code=language)
        await self.application.start()
        return bot.username or ""

    async def poll(self, timeout: int = 30) -> None:
        """Our getUpdates loop (polling.py), not PTB's Updater: the offset moves only past
        updates the core processed."""
        await self.polling.run(timeout)

    async def stop_polling(self) -> None:
        await self.polling.stop()

    async def _fetch(self, offset: int | None, timeout: int) -> list[Update]:
        return list(await self.application.bot.get_updates(
            offset=offset, timeout=timeout, allowed_updates=ALLOWED))

    def parse(self, data: dict[str, Any]) -> Update:
        update = Update.de_json(data, self.application.bot)
        if update is None:
            raise ValueError("not an update")
        return update

    async def process(self, update: Update) -> None:
        # Straight to the bridge: PTB's process_update would swallow UpdateDeferred (it logs
        # handler errors), and the webhook and polling must see it to withhold the ack.
        await self.bridge.handle(update)

    async def set_webhook(self, url: str, secret: str) -> None:
        await self.application.bot.set_webhook(url, secret_token=secret, allowed_updates=ALLOWED)

    async def close(self) -> None:
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()
