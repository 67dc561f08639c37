"""/editprofile (or Edit profile on one's own card): a provider's members change the
descriptions (English, Chinese), markets, languages, website, and whether new clients are
accepted. Each change is saved when its step is answered; the menu shows what is set."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.models import Provider, Role
from domain.services.own_profile import OwnProfile

from ..engine import widgets as w
from ..engine.context import Context, StaleButton
from ..engine.contract import Reply, rows
from ..engine.presses import Press
from ..engine.router import Replies, Router, Step
from ..engine.steps import Steps, step
from .request_binding import separator


class EditStep(Steps, prefix="edit"):
    menu = step()
    desc_en = step()
    desc_zh = step()
    website = step()
    markets = step()
    langs = step()


@dataclass
class EditForm:
    picked: list[str] = field(default_factory=list)  # markets or languages being chosen


class EditPress(Press, prefix="edit"):
    """The profile menu and its pick-several steps."""


@dataclass(frozen=True)
class OpenMenu(EditPress, tag="menu"):
    """Edit profile, on one's own card."""


@dataclass(frozen=True)
class Describe(EditPress, tag="d"):
    lang: str  # en, zh


@dataclass(frozen=True)
class Website(EditPress, tag="web"):
    pass


@dataclass(frozen=True)
class Accepting(EditPress, tag="acc"):
    pass


@dataclass(frozen=True)
class Finish(EditPress, tag="done"):
    pass


@dataclass(frozen=True)
class Markets(EditPress, tag="mk"):
    """`edit:mk` opens the step; `edit:mk:t:<code>` and `edit:mk:done` answer it."""

    act: w.Flip | None = None
    code: str | None = None


@dataclass(frozen=True)
class Languages(EditPress, tag="lg"):
    """`edit:lg` opens the step; `edit:lg:t:<code>` and `edit:lg:done` answer it."""

    act: w.Flip | None = None
    code: str | None = None


DESCRIBE = {"en": EditStep.desc_en, "zh": EditStep.desc_zh}


async def start(ctx: Context) -> Replies:
    ctx.actor.require_provider()
    return await ctx.enter(EditStep.menu)


def _names(ctx: Context, prefix: str, codes: list[str]) -> str:
    return separator(ctx.lang).join(ctx.t(f"{prefix}.{c}") for c in codes) or "—"


def _summary(ctx: Context, p: Provider) -> str:
    return ctx.t("edit.summary", company=p.company_name, description=p.description or "—",
                 description_zh=p.description_zh or "—",
                 markets=_names(ctx, "market", list(p.markets)),
                 languages=_names(ctx, "language", list(p.languages)),
                 website=p.website or "—",
                 accepting=ctx.t("edit.yes" if p.accepting_clients else "edit.no"))


async def ask_menu(ctx: Context) -> Replies:
    p = await ctx.use(OwnProfile).provider(ctx.actor)
    accepting = ctx.t("edit.accepting_on" if p.accepting_clients else "edit.accepting_off")
    return Reply(_summary(ctx, p), rows(
        [Describe("en").button(ctx.t("edit.b_desc_en")),
         Describe("zh").button(ctx.t("edit.b_desc_zh"))],
        [Markets().button(ctx.t("edit.b_markets")),
         Languages().button(ctx.t("edit.b_languages"))],
        [Website().button(ctx.t("edit.b_website")), Accepting().button(accepting)],
        [Finish().button(ctx.t("common.done"))]))


async def on_press(ctx: Context, press: EditPress) -> Replies:
    if isinstance(press, OpenMenu):
        return await start(ctx)
    if isinstance(press, Markets | Languages) and press.act is not None:
        return await _pick(ctx, press)
    ctx.expect(EditStep.menu)
    if isinstance(press, Describe | Website):
        step = EditStep.website if isinstance(press, Website) else DESCRIBE.get(press.lang)
        if step is None:
            raise StaleButton()
        return await ctx.enter(step)
    service = ctx.use(OwnProfile)
    if isinstance(press, Markets | Languages):
        p = await service.provider(ctx.actor)
        markets = isinstance(press, Markets)
        ctx.form(EditForm).picked = list(p.markets if markets else p.languages)
        return await ctx.enter(EditStep.markets if markets else EditStep.langs)
    if isinstance(press, Accepting):
        p = await service.provider(ctx.actor)
        await service.set_accepting(ctx.actor, not p.accepting_clients)
        return [Reply(r.text, r.buttons, replace=True) for r in await ctx.reprompt()]
    assert isinstance(press, Finish)
    ctx.clear()
    return Reply(ctx.t("edit.finished"), replace=True)


async def _pick(ctx: Context, press: Markets | Languages) -> Replies:
    markets = isinstance(press, Markets)
    ctx.expect(EditStep.markets if markets else EditStep.langs)
    form = ctx.form(EditForm)
    if press.act is w.Flip.TOGGLE:
        allowed = ctx.rules.markets if markets else ctx.rules.languages
        form.picked = w.flip(form.picked, press.code or "", allowed)
        return [Reply(r.text, r.buttons, replace=True) for r in await ctx.reprompt()]
    service = ctx.use(OwnProfile)
    if markets:
        await service.set_markets(ctx.actor, form.picked)
    else:
        await service.set_languages(ctx.actor, form.picked)
    return await _saved(ctx)


async def _saved(ctx: Context) -> Replies:
    ctx.form(EditForm).picked = []
    return [Reply(ctx.t("edit.saved")), *await ctx.enter(EditStep.menu)]


def _text_step(name: str, key: str, save: str) -> Step:
    async def ask(ctx: Context) -> Replies:
        return w.ask(ctx, key)

    async def take(ctx: Context, text: str) -> Replies:
        service = ctx.use(OwnProfile)
        if save == "website":
            await service.set_website(ctx.actor, text)
        else:
            await service.set_description(ctx.actor, save, text)
        return await _saved(ctx)
    return Step(name, ask, text=take)


def _pick_step(name: str, key: str, kind: type[Markets | Languages]) -> Step:
    async def ask(ctx: Context) -> Replies:
        options = w.markets(ctx) if kind is Markets else w.languages(ctx)
        return w.ask(ctx, key, w.flip_toggles(ctx, ctx.form(EditForm).picked, options, kind))
    return Step(name, ask)


def register(router: Router) -> None:
    router.command("editprofile", start, help_key="help.cmd.editprofile",
                   roles=frozenset({Role.PROVIDER}))
    router.press(EditPress, on_press)
    router.step(Step(EditStep.menu, ask_menu))
    router.step(_text_step(EditStep.desc_en, "edit.ask_desc_en", "en"))
    router.step(_text_step(EditStep.desc_zh, "edit.ask_desc_zh", "zh"))
    router.step(_text_step(EditStep.website, "edit.ask_website", "website"))
    router.step(_pick_step(EditStep.markets, "edit.ask_markets", Markets))
    router.step(_pick_step(EditStep.langs, "edit.ask_languages", Languages))
