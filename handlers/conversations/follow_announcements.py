"""/subscribe, /unsubscribe, /subscriptions: following the official announcements.

Open to everyone, registered or not: a follower needs no profile. The choices are re-checked
by the Followers service (known categories, at least one kind), not trusted from buttons.
"""

from __future__ import annotations

from domain.announcement_text import reader_copy
from domain.names import localized
from domain.services.followers import KINDS, Followers, Following

from ..engine import widgets as w
from ..engine.context import Context, StaleButton
from ..engine.contract import Button, Reply, rows
from ..engine.i18n import Say
from ..engine.router import Replies, Router, Step


async def category_options(ctx: Context) -> list[tuple[str, str]]:
    """(code, name in the reader's language) of every category one may follow."""
    return [(c.code, localized(ctx.lang, c.name_en, c.name_zh))
            for c in await ctx.use(Followers).categories()]


async def start(ctx: Context) -> Replies:
    current = await ctx.use(Followers).current(ctx.actor)
    cats = list(current.categories) if current else []
    kinds = list(current.kinds) if current else list(KINDS)
    return await ctx.enter("follow.categories", cats=cats, kinds=kinds)


async def ask_categories(ctx: Context) -> Replies:
    buttons = w.toggle_buttons(ctx, "cats", await category_options(ctx), "follow")
    every = rows([Button(ctx.t("follow.all_categories"), "follow:all")])
    return w.ask(ctx, "follow.ask_categories", every + buttons)


async def ask_kinds(ctx: Context) -> Replies:
    options = [(k, ctx.t(f"follow.kind.{k}")) for k in KINDS]
    return w.ask(ctx, "follow.ask_kinds", w.toggle_buttons(ctx, "kinds", options, "followk", 1))


async def on_categories(ctx: Context, rest: str) -> Replies:
    action, _, arg = rest.partition(":")
    if action in ("edit", "stop"):
        return await start(ctx) if action == "edit" else await stop(ctx)
    ctx.expect("follow.categories")
    if action == "t":
        w.toggle(ctx, "cats", arg, [code for code, _ in await category_options(ctx)])
        return [Reply(r.text, r.buttons, replace=True) for r in await ctx.reprompt()]
    if action == "all":
        ctx.state.data["cats"] = []
        return await ctx.enter("follow.kinds")
    if action == "done":
        if not ctx.state.data.get("cats"):
            return [Reply(ctx.t("follow.error.pick_category")), *await ctx.reprompt()]
        return await ctx.enter("follow.kinds")
    raise StaleButton()


async def on_kinds(ctx: Context, rest: str) -> Replies:
    ctx.expect("follow.kinds")
    action, _, arg = rest.partition(":")
    if action == "t":
        w.toggle(ctx, "kinds", arg, KINDS)
        return [Reply(r.text, r.buttons, replace=True) for r in await ctx.reprompt()]
    if action != "done":
        raise StaleButton()
    d = ctx.state.data
    following = await ctx.use(Followers).subscribe(ctx.actor, d.get("cats", []),
                                                   d.get("kinds", []))
    ctx.clear()
    return Reply(ctx.t("follow.saved", summary=await summary(ctx, following)), replace=True)


async def summary(ctx: Context, following: Following) -> str:
    names = dict(await category_options(ctx))
    cats = ", " if ctx.lang != "zh" else "、"
    categories = cats.join(names.get(c, c) for c in following.categories) \
        or ctx.t("follow.all_categories")
    kinds = cats.join(ctx.t(f"follow.kind.{k}") for k in following.kinds)
    return ctx.t("follow.summary", categories=categories, kinds=kinds)


async def show(ctx: Context) -> Replies:
    following = await ctx.use(Followers).current(ctx.actor)
    if following is None:
        return Reply(ctx.t("follow.none"))
    return Reply(await summary(ctx, following), rows(
        [Button(ctx.t("follow.change"), "follow:edit"),
         Button(ctx.t("follow.stop"), "follow:stop")]))


async def stop(ctx: Context) -> Replies:
    stopped = await ctx.use(Followers).unsubscribe(ctx.actor)
    ctx.clear()
    return Reply(ctx.t("follow.stopped" if stopped else "follow.none"))


def render_announcement(t: Say, params: dict) -> Reply:
    """A follower's copy: their language, their categories (a channel gets both languages)."""
    return Reply(reader_copy(params["texts"], t.lang, params.get("categories", ()),
                             bool(params.get("bilingual"))))


def register(router: Router) -> None:
    router.notice("announcement", render_announcement)
    router.command("subscribe", start, help_key="help.cmd.subscribe")
    router.command("unsubscribe", stop, help_key="help.cmd.unsubscribe")
    router.command("subscriptions", show, help_key="help.cmd.subscriptions")
    router.button("follow", on_categories)
    router.button("followk", on_kinds)
    router.step(Step("follow.categories", ask_categories))
    router.step(Step("follow.kinds", ask_kinds))
