"""/editshop: a merchant changes the shop's name, markets, main product category or GMV
band; each change is saved when its step is answered, then the menu shows it."""

from __future__ import annotations

from domain.models import Merchant, Role
from domain.services.own_shop import OwnShop
from domain.services.profiles import GMV_BANDS, PRODUCT_CATEGORIES

from ..engine import widgets as w
from ..engine.context import Context, StaleButton
from ..engine.contract import Button, Reply, rows
from ..engine.router import Replies, Router, Step
from .request_binding import separator

MENU, NAME, MARKETS, PRODUCT, GMV = ("shop.menu", "shop.name", "shop.markets", "shop.product",
                                     "shop.gmv")


async def start(ctx: Context) -> Replies:
    ctx.actor.require_merchant()
    return await ctx.enter(MENU)


def _summary(ctx: Context, m: Merchant) -> str:
    markets = separator(ctx.lang).join(ctx.t(f"market.{c}") for c in m.markets) or "—"
    return ctx.t("shop.summary", shop=m.shop_name, markets=markets,
                 product=ctx.t(f"product.{m.product_category}"), gmv=ctx.t(f"gmv.{m.gmv_band}"))


async def ask_menu(ctx: Context) -> Replies:
    m = await ctx.use(OwnShop).merchant(ctx.actor)
    return Reply(_summary(ctx, m), rows(
        [Button(ctx.t("shop.b_name"), "shop:go:name"),
         Button(ctx.t("shop.b_markets"), "shop:go:markets")],
        [Button(ctx.t("shop.b_product"), "shop:go:product"),
         Button(ctx.t("shop.b_gmv"), "shop:go:gmv")],
        [Button(ctx.t("common.done"), "shop:done")]))


async def on_press(ctx: Context, rest: str) -> Replies:
    action, _, arg = rest.partition(":")
    service = ctx.use(OwnShop)
    if action == "go":
        ctx.expect(MENU)
        step = {"name": NAME, "markets": MARKETS, "product": PRODUCT, "gmv": GMV}[arg]
        m = await service.merchant(ctx.actor)
        return await ctx.enter(step, picked=list(m.markets))
    if action == "done":
        ctx.expect(MENU)
        ctx.clear()
        return Reply(ctx.t("shop.finished"), replace=True)
    if action == "mk":
        ctx.expect(MARKETS)
        toggle, _, code = arg.partition(":")
        if toggle == "t":
            w.toggle(ctx, "picked", code, ctx.rules.markets)
            return [Reply(r.text, r.buttons, replace=True) for r in await ctx.reprompt()]
        if toggle != "done":
            raise StaleButton()
        await service.set_markets(ctx.actor, list(ctx.state.data.get("picked", [])))
    elif action == "product":
        ctx.expect(PRODUCT)
        await service.set_product(ctx.actor, arg)
    elif action == "gmv":
        ctx.expect(GMV)
        await service.set_gmv(ctx.actor, arg)
    else:
        raise StaleButton()
    return await _saved(ctx)


async def _saved(ctx: Context) -> Replies:
    ctx.state.data.pop("picked", None)
    return [Reply(ctx.t("shop.saved")), *await ctx.enter(MENU)]


async def take_name(ctx: Context, text: str) -> Replies:
    await ctx.use(OwnShop).set_name(ctx.actor, text)
    return await _saved(ctx)


async def ask_name(ctx: Context) -> Replies:
    return w.ask(ctx, "shop.ask_name")


async def ask_markets(ctx: Context) -> Replies:
    return w.ask(ctx, "shop.ask_markets",
                 w.toggle_buttons(ctx, "picked", w.markets(ctx), "shop:mk"))


async def ask_product(ctx: Context) -> Replies:
    options = [(c, ctx.t(f"product.{c}")) for c in PRODUCT_CATEGORIES]
    return w.ask(ctx, "start.ask_product", w.pick_buttons(options, "shop:product", 3))


async def ask_gmv(ctx: Context) -> Replies:
    options = [(c, ctx.t(f"gmv.{c}")) for c in GMV_BANDS]
    return w.ask(ctx, "start.ask_gmv", w.pick_buttons(options, "shop:gmv", 2))


def register(router: Router) -> None:
    router.command("editshop", start, help_key="help.cmd.editshop",
                   roles=frozenset({Role.MERCHANT}))
    router.button("shop", on_press)
    router.step(Step(MENU, ask_menu))
    router.step(Step(NAME, ask_name, text=take_name))
    router.step(Step(MARKETS, ask_markets))
    router.step(Step(PRODUCT, ask_product))
    router.step(Step(GMV, ask_gmv))
