"""Inline queries (Telegram's `@bot words` in any chat): read only, outside every conversation.

An inline query is not an update of the conversation: it has no dedupe key, changes nothing
and leaves the user's form where it was. Its unit of work is never committed. A stranger (no
account yet) and a refused search get no results; the router's inline handler decides the rest.
"""

from __future__ import annotations

from domain.adapters.uow import UnitOfWork
from domain.errors import DomainError
from domain.services.chat_accounts import ChatAccounts, actor_for

from .context import Context
from .contract import Incoming, InlineResult
from .conversation_store import State
from .dispatch import Dispatcher

MAX_WORDS = 100  # characters of the query searched for (Telegram allows 256)


async def answer_inline(dispatcher: Dispatcher, platform: str, user_id: str,
                        words: str) -> list[InlineResult]:
    """The results for `words` typed by `user_id`; empty words ask for nothing."""
    handler, words = dispatcher.router.inline, words.strip()[:MAX_WORDS]
    if handler is None or not words:
        return []
    async with UnitOfWork(dispatcher.env) as uow:
        account = await ChatAccounts(uow).find(platform, user_id)
        if account is None:
            return []
        incoming = Incoming(platform=platform, user_id=user_id, display_name=account.display_name,
                            language=account.language, dedupe_key="", text=words)
        actor = actor_for(account, dispatcher.operators)
        ctx = Context(incoming=incoming, actor=actor, lang=account.language, state=State(),
                      translator=dispatcher.translator, rules=dispatcher.rules,
                      links=dispatcher.links, router=dispatcher.router, _uow=uow)
        try:
            return await handler(ctx, words)
        except DomainError:
            return []
