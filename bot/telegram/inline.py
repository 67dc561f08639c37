"""Inline mode: `@bot words` in any chat lists matching provider cards as article results."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from domain.errors import DomainError
from domain.services.chat_accounts import ChatAccounts, actor_for
from domain.services.search import Search, SearchQuery

from .translate import PLATFORM


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    description: str
    text: str  # Telegram HTML
    url: str | None = None  # a "view in bot" deep link button


async def inline_results(app: Any, user_id: str, words: str) -> list[Article]:
    """The first page of the market search for a registered user; nothing for strangers.

    The search service decides who may search and what is listed, as in /search.
    """
    words = words.strip()
    if not words:
        return []
    dispatcher = app.dispatcher
    async with app.unit_of_work() as uow:
        account = await ChatAccounts(uow).find(PLATFORM, user_id)
        if account is None:
            return []
        actor = actor_for(account, dispatcher.operators)
        try:
            page = await Search(uow).find(actor, SearchQuery(text=words[:100]), 0)
        except DomainError:
            return []
    links = dispatcher.links
    return [Article(id=str(hit.provider_id), title=hit.name, description=f"★ {hit.rating:.1f}",
                    text=f"<b>{html.escape(hit.name)}</b> ★ {hit.rating:.1f}\n"
                         f"{links.start(f'p_{hit.provider_id}') or ''}".strip(),
                    url=links.start(f"p_{hit.provider_id}"))
            for hit in page.hits]
