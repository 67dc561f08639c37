"""Inline mode: `@bot words` in any chat. The handlers find the cards (handlers/engine/inline.py);
this module only turns them into the Bot API's article results."""

from __future__ import annotations

from dataclasses import dataclass

from handlers.engine.contract import InlineResult
from handlers.engine.inline import answer_inline

from ..app import App
from .keyboard import Keyboard
from .translate import PLATFORM, pieces


@dataclass(frozen=True)
class Article:
    id: str
    title: str  # plain text, as are descriptions
    description: str
    text: str  # Telegram HTML
    buttons: Keyboard = ()


async def inline_results(app: App, user_id: str, words: str) -> list[Article]:
    """The articles for `words`; nothing for strangers or empty words."""
    return [article(found) for found in
            await answer_inline(app.dispatcher, PLATFORM, user_id, words)]


def article(found: InlineResult) -> Article:
    # An inline message is one message: a card longer than Telegram's limit keeps its start.
    return Article(id=found.id, title=found.title, description=found.description,
                   text=pieces(found.reply.text)[0], buttons=found.reply.buttons)
