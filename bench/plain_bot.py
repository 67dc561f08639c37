"""The baseline for the core's speed: a plain aiogram + SQLAlchemy bot, one transaction per update.

What a simple bot does for a search-page button, written the ordinary way: aiogram routes the
callback query to a handler, which in one transaction reads (or creates) the user row and
their state row with the ORM, runs the page query against the same market tables
(search_terms, providers) by hand-written SQL, writes the page into the state, commits, edits
the message and answers the query. Its own two tables live beside the market's. No network:
aiogram's session answers every call at once (NullSession).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any

from aiogram import Bot, Dispatcher, F, Router
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from sqlalchemy import JSON, BigInteger, MetaData, String, bindparam, event, text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from domain.models import utcnow
from domain.models.base import UtcDateTime

from .telegram_dispatch import NullSession

TOKEN = "42:PLAIN"
PAGE = 5
SEARCH = text("""SELECT b.provider_id, b.rating, p.company_name FROM (
  SELECT provider_id, rank_score AS key, rating FROM search_terms
  WHERE term = :term AND listed_until > :now AND (listed_from IS NULL OR listed_from <= :now)
  ORDER BY rank_score DESC, provider_id DESC LIMIT :n) b
JOIN providers p ON p.id = b.provider_id
ORDER BY b.key DESC, b.provider_id DESC LIMIT :size OFFSET :skip""").bindparams(
    bindparam("now", type_=UtcDateTime()))


class PlainBase(DeclarativeBase):
    metadata = MetaData()


class PlainUser(PlainBase):
    __tablename__ = "plain_users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)  # the Telegram user id
    name: Mapped[str] = mapped_column(String(128))
    language: Mapped[str] = mapped_column(String(8))
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime())


class PlainState(PlainBase):
    __tablename__ = "plain_states"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    state: Mapped[str | None] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


async def plain_engine(ours: AsyncEngine) -> AsyncEngine:
    """An engine as a plain bot makes it: SQLAlchemy's own driver and defaults, on the same
    database (in the same PostgreSQL schema), with our SQLite settings (WAL, fsync at
    checkpoints only, a busy timeout) so that only the code differs."""
    url = ours.url
    if url.get_backend_name() != "sqlite":
        async with ours.connect() as conn:
            path = await conn.scalar(text("SELECT current_setting('search_path')"))
        return create_async_engine(url, connect_args={"server_settings": {"search_path": path}})
    engine = create_async_engine(url)

    @event.listens_for(engine.sync_engine, "connect")
    def _settings(dbapi_connection: Any, _record: Any) -> None:
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=30000"):
            dbapi_connection.execute(f"PRAGMA {pragma}")

    return engine


def _router(sessions: async_sessionmaker[Any]) -> Router:
    router = Router()

    @router.callback_query(F.data.startswith("page:"))
    async def page(query: CallbackQuery) -> None:
        number = int((query.data or "page:0").split(":")[1])
        user = query.from_user
        async with sessions() as session, session.begin():
            row = await session.get(PlainUser, user.id)
            if row is None:
                row = PlainUser(id=user.id, name=user.full_name, language="en", seen_at=utcnow())
                session.add(row)
            row.seen_at = utcnow()
            state = await session.get(PlainState, user.id)
            if state is None:
                state = PlainState(user_id=user.id, state="results", data={"words": "x"})
                session.add(state)
            hits = (await session.execute(SEARCH, {
                "term": state.data["words"], "now": utcnow(), "n": (number + 1) * PAGE + 1,
                "size": PAGE + 1, "skip": number * PAGE})).all()
            state.data = {**state.data, "page": number}
        lines = [f"Results for {state.data['words']}, page {number + 1}"]
        lines += [f"{n}. {h.company_name} ★ {h.rating:.1f}" for n, h in
                  enumerate(hits[:PAGE], number * PAGE + 1)]
        keyboard = [[InlineKeyboardButton(text=h.company_name[:60], callback_data=f"card:{h[0]}")]
                    for h in hits[:PAGE]]
        keyboard.append([InlineKeyboardButton(text="Next", callback_data=f"page:{number + 1}")])
        assert isinstance(query.message, Message)
        await query.message.edit_text(
            "\n".join(lines), reply_markup=InlineKeyboardMarkup(inline_keyboard=keyboard))
        await query.answer()

    return router


async def plain_bot(engine: AsyncEngine, user_id: int, words: str
                    ) -> Callable[[dict[str, Any]], Coroutine[Any, Any, Any]]:
    """The baseline bot on `engine`, its tables created, `user_id` already searching `words`;
    returns what feeds it one update (a dict as Telegram sends it)."""
    async with engine.begin() as conn:
        await conn.run_sync(PlainBase.metadata.create_all)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    async with sessions() as session, session.begin():
        await session.merge(PlainState(user_id=user_id, state="results",
                                       data={"words": words, "page": 0}))
    bot, dispatcher = Bot(TOKEN, session=NullSession()), Dispatcher()
    dispatcher.include_router(_router(sessions))

    async def feed(data: dict[str, Any]) -> None:
        await dispatcher.feed_update(bot, Update.model_validate(data))

    return feed


def callback(update_id: int, user: dict[str, Any], payload: str) -> dict[str, Any]:
    """A button press as Telegram sends it: the callback query on the bot's last message."""
    return {"update_id": update_id, "callback_query": {
        "id": str(update_id), "from": user, "chat_instance": "1", "data": payload,
        "message": {"message_id": 1, "date": 0, "chat": {"id": user["id"], "type": "private"},
                    "from": {"id": 42, "is_bot": True, "first_name": "Bench"}, "text": "…"}}}
