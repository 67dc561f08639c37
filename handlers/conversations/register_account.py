"""/start: choose merchant or provider, then a short profile form; deep links land here too."""

from __future__ import annotations

from collections.abc import Callable

from domain.services import profiles as p

from ..engine import payload
from ..engine import widgets as w
from ..engine.context import Context, StaleButton
from ..engine.contract import Button, Reply, rows
from ..engine.router import Replies, Router, Step

MARKET_STEPS = ("start.m_markets", "start.p_markets")
AFTER = {"start.m_markets": "start.product", "start.p_markets": "start.p_langs",
         "start.p_langs": "start.email"}


async def start(ctx: Context) -> Replies:
    args = ctx.incoming.command.args.strip() if ctx.incoming.command else ""
    prefix, _, rest = args.partition("_")
    if args and prefix in ctx.router.deep_links:
        return await ctx.router.deep_links[prefix](ctx, rest)
    if ctx.actor.role is not None:
        return Reply(ctx.t("start.welcome_back", role=ctx.t(f"role.{ctx.actor.role.value}")))
    return await ctx.enter("start.role")


async def ask_role(ctx: Context) -> Replies:
    return w.ask(ctx, "start.welcome", rows(
        [Button(ctx.t("start.i_am_merchant"), "start:role:merchant")],
        [Button(ctx.t("start.i_am_provider"), "start:role:provider")]))


async def on_press(ctx: Context, rest: str) -> Replies:
    action, _, arg = rest.partition(":")
    if action == "role":
        ctx.expect("start.role")
        first = payload.choice(arg, {"merchant": "start.shop_name", "provider": "start.company"})
        return await ctx.enter(first, role=arg)
    if action == "mk":
        ctx.expect(*MARKET_STEPS)
        return await _pick_several(ctx, "markets", ctx.rules.markets, arg)
    if action == "lg":
        ctx.expect("start.p_langs")
        return await _pick_several(ctx, "langs", ctx.rules.languages, arg)
    if action == "product":
        ctx.expect("start.product")
        return await ctx.enter("start.gmv", product=_known(arg, p.PRODUCT_CATEGORIES))
    if action == "gmv":
        ctx.expect("start.gmv")
        ctx.state.data["gmv"] = _known(arg, p.GMV_BANDS)
        return await finish_merchant(ctx)
    raise StaleButton()


def _known(code: str, allowed: tuple[str, ...]) -> str:
    if code not in allowed:
        raise StaleButton()
    return code


async def _pick_several(ctx: Context, field: str, allowed: tuple[str, ...], arg: str) -> Replies:
    action, _, code = arg.partition(":")
    if action == "t":
        w.toggle(ctx, field, code, allowed)
        return [Reply(r.text, r.buttons, replace=True) for r in await ctx.reprompt()]
    if action != "done":
        raise StaleButton()
    if not ctx.state.data.get(field):
        return [Reply(ctx.t("start.pick_one")), *await ctx.reprompt()]
    return await ctx.enter(AFTER[ctx.state.step or ""])


def _text_step(field: str, check: Callable[[str], str], nxt: str):  # noqa: ANN202
    async def take(ctx: Context, text: str) -> Replies:
        return await ctx.enter(nxt, **{field: check(text)})
    return take


def _prompt(key: str):  # noqa: ANN202
    async def prompt(ctx: Context) -> Replies:
        return w.ask(ctx, key)
    return prompt


async def take_company(ctx: Context, text: str) -> Replies:
    name = await ctx.use(p.Profiles).vet_company_name(text)
    return await ctx.enter("start.description", company=name)


async def ask_markets(ctx: Context) -> Replies:
    key = "start.ask_markets" if ctx.state.step == "start.m_markets" else \
        "start.ask_provider_markets"
    return w.ask(ctx, key, w.toggle_buttons(ctx, "markets", w.markets(ctx), "start:mk"))


async def ask_languages(ctx: Context) -> Replies:
    return w.ask(ctx, "start.ask_languages",
                 w.toggle_buttons(ctx, "langs", w.languages(ctx), "start:lg"))


async def ask_product(ctx: Context) -> Replies:
    options = [(c, ctx.t(f"product.{c}")) for c in p.PRODUCT_CATEGORIES]
    return w.ask(ctx, "start.ask_product", w.pick_buttons(options, "start:product", 3))


async def ask_gmv(ctx: Context) -> Replies:
    options = [(c, ctx.t(f"gmv.{c}")) for c in p.GMV_BANDS]
    return w.ask(ctx, "start.ask_gmv", w.pick_buttons(options, "start:gmv", 2))


async def finish_merchant(ctx: Context) -> Replies:
    d = ctx.state.data
    ctx.actor = await ctx.use(p.Profiles).register_merchant(ctx.actor, p.MerchantForm(
        shop_name=d["shop_name"], markets=d["markets"], product_category=d["product"],
        gmv_band=d["gmv"]))
    ctx.clear()
    return Reply(ctx.t("start.merchant_done", shop=d["shop_name"]))


async def finish_provider(ctx: Context, text: str) -> Replies:
    d = ctx.state.data
    ctx.actor = await ctx.use(p.Profiles).register_provider(ctx.actor, p.ProviderForm(
        company_name=d["company"], description=d["description"], markets=d["markets"],
        languages=d["langs"], contact_email=text))
    ctx.clear()
    return Reply(ctx.t("start.provider_done", company=d["company"]))


def register(router: Router) -> None:
    router.command("start", start)
    router.button("start", on_press)
    router.step(Step("start.role", ask_role))
    router.step(Step("start.shop_name", _prompt("start.ask_shop_name"),
                     text=_text_step("shop_name", p.check_shop_name, "start.m_markets")))
    router.step(Step("start.m_markets", ask_markets))
    router.step(Step("start.product", ask_product))
    router.step(Step("start.gmv", ask_gmv))
    router.step(Step("start.company", _prompt("start.ask_company"), text=take_company))
    router.step(Step("start.description", _prompt("start.ask_description"),
                     text=_text_step("description", p.check_description, "start.p_markets")))
    router.step(Step("start.p_markets", ask_markets))
    router.step(Step("start.p_langs", ask_languages))
    router.step(Step("start.email", _prompt("start.ask_email"), text=finish_provider))
