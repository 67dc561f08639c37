"""Inline queries through the handlers: the search's first page as cards, read only."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.app import App
from domain import markup
from domain.models import Account
from handlers.engine.context import Links
from handlers.engine.contract import Button
from handlers.engine.inline import answer_inline
from handlers.engine.router import Router
from tests.handlers.market_setup import market
from tests.transcript import Transcript

LINK = "https://t.me/market_test_bot?start=p_{}"


@pytest.fixture
def named(app: App) -> App:
    """The app once the bot's username is known (Telegram's getMe), so cards carry links."""
    app.dispatcher.links = Links(telegram_bot="market_test_bot")
    return app


async def test_a_merchant_finds_providers_as_cards_with_a_link_to_each(named: App) -> None:
    ids = await market(named)
    found = await answer_inline(named.dispatcher, "console", "alice", "BrightWave")
    assert [(r.id, r.title, r.description) for r in found] == [
        (str(ids["bright"]), "BrightWave Digital", "★ 0.0")]
    link = LINK.format(ids["bright"])
    assert markup.shown(found[0].reply.text) == f"*BrightWave Digital* ★ 0.0\n{link}"
    assert found[0].reply.buttons == ((Button("BrightWave Digital", url=link),),)


async def test_without_the_bots_name_a_card_has_no_link(app: App) -> None:
    await market(app)
    [card] = await answer_inline(app.dispatcher, "console", "alice", "blue harbor")
    assert markup.shown(card.reply.text) == "*Blue Harbor Logistics* ★ 0.0"
    assert card.reply.buttons == ()


async def test_a_stranger_gets_nothing_and_is_not_registered(app: App) -> None:
    await market(app)
    assert await answer_inline(app.dispatcher, "console", "stranger", "BrightWave") == []
    async with app.unit_of_work() as uow:
        count = await uow.session.scalar(select(func.count()).select_from(Account).where(
            Account.platform_id == "stranger"))
    assert count == 0


async def test_empty_words_ask_for_nothing(app: App) -> None:
    await market(app)
    assert await answer_inline(app.dispatcher, "console", "alice", "   ") == []


async def test_an_inline_query_leaves_the_users_form_where_it_was(app: App,
                                                                 chat: Transcript) -> None:
    await market(app)
    said = await chat.say("alice", "/search")
    assert "What are you looking for?" in said.text
    assert await answer_inline(app.dispatcher, "console", "alice", "BrightWave")
    said = await chat.say("alice", "blue harbor")  # still the answer to the search question
    assert "1. Blue Harbor Logistics" in said.text


def test_one_function_answers_inline_queries() -> None:
    router = Router()

    async def find(ctx: object, words: str) -> list:
        return []

    router.inline_query(find)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="twice"):
        router.inline_query(find)  # type: ignore[arg-type]
