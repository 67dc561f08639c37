"""Inline mode (Telegram's `@bot words` in any chat): the market search's first page, each
provider as a card the user can send into the chat, with a link that opens it in the bot.

The search service decides who may search and what is listed, exactly as for /search.
"""

from __future__ import annotations

from domain import markup
from domain.services.search import Hit, Search, SearchQuery

from ..engine.context import Context
from ..engine.contract import Button, InlineResult, Reply, rows
from ..engine.router import Router

LABEL = 60  # characters of a company name on the link button


async def find(ctx: Context, words: str) -> list[InlineResult]:
    page = await ctx.use(Search).find(ctx.actor, SearchQuery(text=words), 0)
    return [result(ctx, hit) for hit in page.hits]


def result(ctx: Context, hit: Hit) -> InlineResult:
    """Name and rating; the deep link in the text and on a button once the bot's name is known."""
    rating = ctx.t("inline.rating", rating=f"{hit.rating:.1f}")
    url = ctx.links.start(f"p_{hit.provider_id}")
    text = markup.join("\n", [markup.bold(hit.name) + " " + rating, *([url] if url else [])])
    buttons = rows([Button(hit.name[:LABEL], url=url)]) if url else ()
    return InlineResult(id=str(hit.provider_id), title=hit.name,
                        description=markup.plain(rating), reply=Reply(text, buttons))


def register(router: Router) -> None:
    router.inline_query(find)
