"""/subscribe, /unsubscribe, /subscriptions: following the official announcements.

Open to everyone, registered or not: a follower needs no profile. The choices are re-checked
by the Followers service (known categories, at least one kind), not trusted from buttons.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.announcement_text import reader_copy
from domain.names import localized
from domain.notices import AnnouncementPublished, NoticeError
from domain.services.followers import KINDS, Followers, Following

from ..engine import widgets as w
from ..engine.context import Context
from ..engine.contract import Reply, rows
from ..engine.i18n import Say
from ..engine.presses import Press
from ..engine.router import Replies, Router, Step
from ..engine.steps import Steps, step


class FollowStep(Steps, prefix="follow"):
    categories = step()
    kinds = step()


@dataclass
class FollowForm:
    cats: list[str] = field(default_factory=list)  # none: every category
    kinds: list[str] = field(default_factory=list)


class FollowPress(Press, prefix="follow"):
    """The categories step, and Change / Stop under /subscriptions."""


@dataclass(frozen=True)
class Toggle(FollowPress, tag="t"):
    code: str


@dataclass(frozen=True)
class Done(FollowPress, tag="done"):
    pass


@dataclass(frozen=True)
class Every(FollowPress, tag="all"):
    pass


@dataclass(frozen=True)
class Change(FollowPress, tag="edit"):
    pass


@dataclass(frozen=True)
class Stop(FollowPress, tag="stop"):
    pass


class KindsPress(Press, prefix="followk"):
    """The kinds step (its own prefix since before typed buttons)."""


@dataclass(frozen=True)
class ToggleKind(KindsPress, tag="t"):
    code: str


@dataclass(frozen=True)
class KindsDone(KindsPress, tag="done"):
    pass


async def category_options(ctx: Context) -> list[tuple[str, str]]:
    """(code, name in the reader's language) of every category one may follow."""
    return [(c.code, localized(ctx.lang, c.name_en, c.name_zh))
            for c in await ctx.use(Followers).categories()]


async def start(ctx: Context) -> Replies:
    current = await ctx.use(Followers).current(ctx.actor)
    cats = list(current.categories) if current else []
    kinds = list(current.kinds) if current else list(KINDS)
    return await ctx.start(FollowForm(cats=cats, kinds=kinds), FollowStep.categories)


async def ask_categories(ctx: Context) -> Replies:
    buttons = w.toggles(ctx, ctx.form(FollowForm).cats, await category_options(ctx), Toggle,
                        Done())
    every = rows([Every().button(ctx.t("follow.all_categories"))])
    return w.ask(ctx, "follow.ask_categories", every + buttons)


async def ask_kinds(ctx: Context) -> Replies:
    options = [(k, ctx.t(f"follow.kind.{k}")) for k in KINDS]
    return w.ask(ctx, "follow.ask_kinds",
                 w.toggles(ctx, ctx.form(FollowForm).kinds, options, ToggleKind, KindsDone(), 1))


async def on_categories(ctx: Context, press: FollowPress) -> Replies:
    if isinstance(press, Change | Stop):
        return await start(ctx) if isinstance(press, Change) else await stop(ctx)
    ctx.expect(FollowStep.categories)
    form = ctx.form(FollowForm)
    if isinstance(press, Toggle):
        form.cats = w.flip(form.cats, press.code,
                           [code for code, _ in await category_options(ctx)])
        return [Reply(r.text, r.buttons, replace=True) for r in await ctx.reprompt()]
    if isinstance(press, Every):
        form.cats = []
        return await ctx.enter(FollowStep.kinds)
    assert isinstance(press, Done)
    if not form.cats:
        return [Reply(ctx.t("follow.error.pick_category")), *await ctx.reprompt()]
    return await ctx.enter(FollowStep.kinds)


async def on_kinds(ctx: Context, press: KindsPress) -> Replies:
    ctx.expect(FollowStep.kinds)
    form = ctx.form(FollowForm)
    if isinstance(press, ToggleKind):
        form.kinds = w.flip(form.kinds, press.code, KINDS)
        return [Reply(r.text, r.buttons, replace=True) for r in await ctx.reprompt()]
    assert isinstance(press, KindsDone)
    following = await ctx.use(Followers).subscribe(ctx.actor, form.cats, form.kinds)
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
        [Change().button(ctx.t("follow.change")), Stop().button(ctx.t("follow.stop"))]))


async def stop(ctx: Context) -> Replies:
    stopped = await ctx.use(Followers).unsubscribe(ctx.actor)
    ctx.clear()
    return Reply(ctx.t("follow.stopped" if stopped else "follow.none"))


def render_announcement(t: Say, n: AnnouncementPublished) -> Reply:
    """A follower's copy: their language, their categories (a channel gets both languages)."""
    if n.texts is None:
        raise NoticeError("an announcement row reached rendering without its texts")
    return Reply(reader_copy(n.texts, t.lang, n.categories, n.bilingual))


def register(router: Router) -> None:
    router.notice(AnnouncementPublished, render_announcement)
    router.command("subscribe", start, help_key="help.cmd.subscribe")
    router.command("unsubscribe", stop, help_key="help.cmd.unsubscribe")
    router.command("subscriptions", show, help_key="help.cmd.subscriptions")
    router.press(FollowPress, on_categories)
    router.press(KindsPress, on_kinds)
    router.step(Step(FollowStep.categories, ask_categories))
    router.step(Step(FollowStep.kinds, ask_kinds))
