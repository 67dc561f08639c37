"""/editprofile (or Edit profile on one's own card): a provider's members change the
descriptions (English, Chinese), markets, languages, website, and whether new clients are
accepted. Each change is saved when its step is answered; the menu shows what is set."""

from __future__ import annotations

from domain.models import Provider, Role
from domain.services.own_profile import OwnProfile

from ..engine import widgets as w
from ..engine.context import Context, StaleButton
from ..engine.contract import Button, Reply, rows
from ..engine.router import Replies, Router, Step
from .request_binding import separator

MENU = "edit.menu"
TEXT_STEPS = {"d:en": "edit.desc_en", "d:zh": "edit.desc_zh", "web": "edit.website"}
PICK_STEPS = {"mk": ("edit.markets", "markets"), "lg": ("edit.langs", "languages")}


async def start(ctx: Context) -> Replies:
    ctx.actor.require_provider()
    return await ctx.enter(MENU)


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
        [Button(ctx.t("edit.b_desc_en"), "edit:d:en"),
         Button(ctx.t("edit.b_desc_zh"), "edit:d:zh")],
        [Button(ctx.t("edit.b_markets"), "edit:mk"), Button(ctx.t("edit.b_languages"), "edit:lg")],
        [Button(ctx.t("edit.b_website"), "edit:web"), Button(accepting, "edit:acc")],
        [Button(ctx.t("common.done"), "edit:done")]))


async def on_press(ctx: Context, rest: str) -> Replies:
    if rest == "menu":  # Edit profile on one's own card
        return await start(ctx)
    if rest in TEXT_STEPS:
        ctx.expect(MENU)
        return await ctx.enter(TEXT_STEPS[rest])
    if rest in PICK_STEPS:
        ctx.expect(MENU)
        step, field = PICK_STEPS[rest]
        p = await ctx.use(OwnProfile).provider(ctx.actor)
        return await ctx.enter(step, picked=list(getattr(p, field)))
    if rest == "acc":
        ctx.expect(MENU)
        service = ctx.use(OwnProfile)
        p = await service.provider(ctx.actor)
        await service.set_accepting(ctx.actor, not p.accepting_clients)
        return [Reply(r.text, r.buttons, replace=True) for r in await ctx.reprompt()]
    if rest == "done":
        ctx.expect(MENU)
        ctx.clear()
        return Reply(ctx.t("edit.finished"), replace=True)
    kind, _, arg = rest.partition(":")
    if kind in PICK_STEPS:
        return await _pick(ctx, kind, arg)
    raise StaleButton()


async def _pick(ctx: Context, kind: str, arg: str) -> Replies:
    step, _ = PICK_STEPS[kind]
    ctx.expect(step)
    allowed = ctx.rules.markets if kind == "mk" else ctx.rules.languages
    action, _, code = arg.partition(":")
    if action == "t":
        w.toggle(ctx, "picked", code, allowed)
        return [Reply(r.text, r.buttons, replace=True) for r in await ctx.reprompt()]
    if action != "done":
        raise StaleButton()
    service = ctx.use(OwnProfile)
    picked = list(ctx.state.data.get("picked", []))
    if kind == "mk":
        await service.set_markets(ctx.actor, picked)
    else:
        await service.set_languages(ctx.actor, picked)
    return await _saved(ctx)


async def _saved(ctx: Context) -> Replies:
    ctx.state.data.pop("picked", None)
    return [Reply(ctx.t("edit.saved")), *await ctx.enter(MENU)]


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


def _pick_step(name: str, key: str, kind: str) -> Step:
    async def ask(ctx: Context) -> Replies:
        options = w.markets(ctx) if kind == "mk" else w.languages(ctx)
        return w.ask(ctx, key, w.toggle_buttons(ctx, "picked", options, f"edit:{kind}"))
    return Step(name, ask)


def register(router: Router) -> None:
    router.command("editprofile", start, help_key="help.cmd.editprofile",
                   roles=frozenset({Role.PROVIDER}))
    router.button("edit", on_press)
    router.step(Step(MENU, ask_menu))
    router.step(_text_step("edit.desc_en", "edit.ask_desc_en", "en"))
    router.step(_text_step("edit.desc_zh", "edit.ask_desc_zh", "zh"))
    router.step(_text_step("edit.website", "edit.ask_website", "website"))
    router.step(_pick_step("edit.markets", "edit.ask_markets", "mk"))
    router.step(_pick_step("edit.langs", "edit.ask_languages", "lg"))
