"""Save on a provider card, /saved to see the shortlist with current rating and status."""

from __future__ import annotations

from domain import markup
from domain.models import Role
from domain.services.shortlist import Shortlist

from ..engine import payload
from ..engine.context import Context, StaleButton
from ..engine.contract import Button, Reply
from ..engine.router import Replies, Router


async def save_button(ctx: Context, provider_id: int) -> list[Button]:
    """For merchants only: Save, or Saved (tap to remove)."""
    if ctx.actor.merchant_id is None:
        return []
    if await ctx.use(Shortlist).contains(ctx.actor, provider_id):
        return [Button(ctx.t("saved.b_saved"), f"saved:del:{provider_id}")]
    return [Button(ctx.t("saved.b_save"), f"saved:add:{provider_id}")]


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
            buttons.append((Button(f"{n}. {view.name}"[:60], f"card:show:{view.provider_id}"),))
    return Reply(markup.join("\n", lines), tuple(buttons))


async def on_press(ctx: Context, rest: str) -> Replies:
    action, _, arg = rest.partition(":")
    provider_id = payload.ident(arg)
    shortlist = ctx.use(Shortlist)
    if action == "add":
        await shortlist.save(ctx.actor, provider_id)
        return Reply(ctx.t("saved.added"))
    if action == "del":
        await shortlist.remove(ctx.actor, provider_id)
        return Reply(ctx.t("saved.removed"))
    raise StaleButton()


def register(router: Router) -> None:
    router.command("saved", show, help_key="help.cmd.saved", roles=frozenset({Role.MERCHANT}))
    router.button("saved", on_press)


