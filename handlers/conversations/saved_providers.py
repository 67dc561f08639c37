"""Save on a provider card, /saved to see the shortlist with current rating and status."""

from __future__ import annotations

from dataclasses import dataclass

from domain import markup
from domain.models import Role
from domain.services.shortlist import Shortlist

from ..engine.context import Context
from ..engine.contract import Button, Reply
from ..engine.presses import Id, Press
from ..engine.router import Replies, Router
from .card_press import ShowCard


class SavedPress(Press, prefix="saved"):
    """Save and Saved (remove) on a card."""


@dataclass(frozen=True)
class Add(SavedPress, tag="add"):
    provider_id: Id


@dataclass(frozen=True)
class Remove(SavedPress, tag="del"):
    provider_id: Id


async def save_button(ctx: Context, provider_id: int) -> list[Button]:
    """For merchants only: Save, or Saved (tap to remove)."""
    if ctx.actor.merchant_id is None:
        return []
    if await ctx.use(Shortlist).contains(ctx.actor, provider_id):
        return [Remove(provider_id).button(ctx.t("saved.b_saved"))]
    return [Add(provider_id).button(ctx.t("saved.b_save"))]


async def show(ctx: Context) -> Replies:
    views = await ctx.use(Shortlist).mine(ctx.actor)
    if not views:
        return Reply(ctx.t("saved.empty"))
    lines = [ctx.t("saved.title")]
    buttons = []
    for n, view in enumerate(views, 1):
        stars = ctx.t("saved.rating", rating=f"{view.rating:.1f}", count=view.rating_count) \
            if view.rating_count else ctx.t("search.unrated")
        state = ctx.t(f"provider_status.{view.status}")
        if view.status == "active" and not view.accepting:
            state = ctx.t("search.not_accepting")
        lines.append(markup.escape(f"{n}. {view.name} — ") + stars + " · " + state)
        if view.status == "active":
            buttons.append((ShowCard(view.provider_id).button(f"{n}. {view.name}"[:60]),))
    return Reply(markup.join("\n", lines), tuple(buttons))


async def on_press(ctx: Context, press: SavedPress) -> Replies:
    shortlist = ctx.use(Shortlist)
    if isinstance(press, Add):
        await shortlist.save(ctx.actor, press.provider_id)
        return Reply(ctx.t("saved.added"))
    assert isinstance(press, Remove)
    await shortlist.remove(ctx.actor, press.provider_id)
    return Reply(ctx.t("saved.removed"))


def register(router: Router) -> None:
    router.command("saved", show, help_key="help.cmd.saved", roles=frozenset({Role.MERCHANT}))
    router.press(SavedPress, on_press)


