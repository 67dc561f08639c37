"""/editshop: a merchant changes the shop's name, markets, main product category or GMV
band; each change is saved when its step is answered, then the menu shows it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from domain.models import Merchant, Role
from domain.services.own_shop import OwnShop
from domain.services.profiles import GMV_BANDS, PRODUCT_CATEGORIES

from ..engine import widgets as w
from ..engine.context import Context
from ..engine.contract import Reply, rows
from ..engine.presses import Press
from ..engine.router import Replies, Router, Step
from ..engine.steps import Steps, step
from .request_binding import separator


class ShopStep(Steps, prefix="shop"):
    menu = step()
    name = step()
    markets = step()
    product = step()
    gmv = step()


@dataclass
class ShopForm:
    picked: list[str] = field(default_factory=list)  # markets being chosen


class Part(Enum):
    """What the menu offers to change."""

    NAME = "name"
    MARKETS = "markets"
    PRODUCT = "product"
    GMV = "gmv"


class ShopPress(Press, prefix="shop"):
    """The shop menu and its steps."""


@dataclass(frozen=True)
class Change(ShopPress, tag="go"):
    part: Part


@dataclass(frozen=True)
class Finish(ShopPress, tag="done"):
    pass


@dataclass(frozen=True)
class Markets(ShopPress, tag="mk"):
    act: w.Flip
    code: str | None = None


@dataclass(frozen=True)
class Product(ShopPress, tag="product"):
    code: str


@dataclass(frozen=True)
class Gmv(ShopPress, tag="gmv"):
    code: str


STEPS = {Part.NAME: ShopStep.name, Part.MARKETS: ShopStep.markets,
         Part.PRODUCT: ShopStep.product, Part.GMV: ShopStep.gmv}


async def start(ctx: Context) -> Replies:
    ctx.actor.require_merchant()
    return await ctx.start(ShopForm(), ShopStep.menu)


def _summary(ctx: Context, m: Merchant) -> str:
    markets = separator(ctx.lang).join(ctx.t(f"market.{c}") for c in m.markets) or "—"
    return ctx.t("shop.summary", shop=m.shop_name, markets=markets,
                 product=ctx.t(f"product.{m.product_category}"), gmv=ctx.t(f"gmv.{m.gmv_band}"))


async def ask_menu(ctx: Context) -> Replies:
    m = await ctx.use(OwnShop).merchant(ctx.actor)
    return Reply(_summary(ctx, m), rows(
        [Change(Part.NAME).button(ctx.t("shop.b_name")),
         Change(Part.MARKETS).button(ctx.t("shop.b_markets"))],
        [Change(Part.PRODUCT).button(ctx.t("shop.b_product")),
         Change(Part.GMV).button(ctx.t("shop.b_gmv"))],
        [Finish().button(ctx.t("common.done"))]))


async def on_press(ctx: Context, press: ShopPress) -> Replies:
    service = ctx.use(OwnShop)
    if isinstance(press, Change | Finish):
        ctx.expect(ShopStep.menu)
        if isinstance(press, Finish):
            ctx.clear()
            return Reply(ctx.t("shop.finished"), replace=True)
        m = await service.merchant(ctx.actor)
        ctx.form(ShopForm).picked = list(m.markets)
        return await ctx.enter(STEPS[press.part])
    if isinstance(press, Markets):
        ctx.expect(ShopStep.markets)
        form = ctx.form(ShopForm)
        if press.act is w.Flip.TOGGLE:
            form.picked = w.flip(form.picked, press.code or "", ctx.rules.markets)
            return [Reply(r.text, r.buttons, replace=True) for r in await ctx.reprompt()]
        await service.set_markets(ctx.actor, form.picked)
    elif isinstance(press, Product):
        ctx.expect(ShopStep.product)
        await service.set_product(ctx.actor, press.code)
    else:
        assert isinstance(press, Gmv)
        ctx.expect(ShopStep.gmv)
        await service.set_gmv(ctx.actor, press.code)
    return await _saved(ctx)


async def _saved(ctx: Context) -> Replies:
    ctx.form(ShopForm).picked = []
    return [Reply(ctx.t("shop.saved")), *await ctx.enter(ShopStep.menu)]


async def take_name(ctx: Context, text: str) -> Replies:
    await ctx.use(OwnShop).set_name(ctx.actor, text)
    return await _saved(ctx)


async def ask_name(ctx: Context) -> Replies:
    return w.ask(ctx, "shop.ask_name")


async def ask_markets(ctx: Context) -> Replies:
    return w.ask(ctx, "shop.ask_markets",
                 w.flip_toggles(ctx, ctx.form(ShopForm).picked, w.markets(ctx), Markets))


async def ask_product(ctx: Context) -> Replies:
    options = [(c, ctx.t(f"product.{c}")) for c in PRODUCT_CATEGORIES]
    return w.ask(ctx, "start.ask_product", w.picks(options, Product, 3))


async def ask_gmv(ctx: Context) -> Replies:
    options = [(c, ctx.t(f"gmv.{c}")) for c in GMV_BANDS]
    return w.ask(ctx, "start.ask_gmv", w.picks(options, Gmv, 2))


def register(router: Router) -> None:
    router.command("editshop", start, help_key="help.cmd.editshop",
                   roles=frozenset({Role.MERCHANT}))
    router.press(ShopPress, on_press)
    router.step(Step(ShopStep.menu, ask_menu))
    router.step(Step(ShopStep.name, ask_name, text=take_name))
    router.step(Step(ShopStep.markets, ask_markets))
    router.step(Step(ShopStep.product, ask_product))
    router.step(Step(ShopStep.gmv, ask_gmv))
