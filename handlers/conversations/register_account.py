"""/start: choose merchant or provider, then a short profile form; deep links land here too."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.models import Role
from domain.services import profiles as p

from ..engine import widgets as w
from ..engine.context import Context, StaleButton
from ..engine.contract import Reply, rows
from ..engine.presses import Press
from ..engine.router import Replies, Router, Step
from ..engine.steps import StepName, Steps, step


class StartStep(Steps, prefix="start"):
    role = step()
    shop_name = step()
    m_markets = step()
    product = step()
    gmv = step()
    company = step()
    description = step()
    p_markets = step()
    p_langs = step()
    email = step()


@dataclass
class SignUp:
    role: Role | None = None
    shop_name: str = ""
    markets: list[str] = field(default_factory=list)
    product: str = ""
    company: str = ""
    description: str = ""
    langs: list[str] = field(default_factory=list)


class StartPress(Press, prefix="start"):
    """The sign-up form's buttons."""


@dataclass(frozen=True)
class PickRole(StartPress, tag="role"):
    role: Role


@dataclass(frozen=True)
class Markets(StartPress, tag="mk"):
    act: w.Flip
    code: str | None = None


@dataclass(frozen=True)
class Languages(StartPress, tag="lg"):
    act: w.Flip
    code: str | None = None


@dataclass(frozen=True)
class Product(StartPress, tag="product"):
    code: str


@dataclass(frozen=True)
class Gmv(StartPress, tag="gmv"):
    code: str


FIRST = {Role.MERCHANT: StartStep.shop_name, Role.PROVIDER: StartStep.company}
MARKET_STEPS = (StartStep.m_markets, StartStep.p_markets)
AFTER: dict[str, StepName] = {StartStep.m_markets: StartStep.product,
                              StartStep.p_markets: StartStep.p_langs,
                              StartStep.p_langs: StartStep.email}


async def start(ctx: Context) -> Replies:
    args = ctx.incoming.command.args.strip() if ctx.incoming.command else ""
    prefix, _, rest = args.partition("_")
    if args and prefix in ctx.router.deep_links:
        return await ctx.router.deep_links[prefix](ctx, rest)
    if ctx.actor.role is not None:
        return Reply(ctx.t("start.welcome_back", role=ctx.t(f"role.{ctx.actor.role.value}")))
    return await ctx.start(SignUp(), StartStep.role)


async def ask_role(ctx: Context) -> Replies:
    return w.ask(ctx, "start.welcome", rows(
        [PickRole(Role.MERCHANT).button(ctx.t("start.i_am_merchant"))],
        [PickRole(Role.PROVIDER).button(ctx.t("start.i_am_provider"))]))


async def on_press(ctx: Context, press: StartPress) -> Replies:
    if isinstance(press, PickRole):
        ctx.expect(StartStep.role)
        ctx.form(SignUp).role = press.role
        return await ctx.enter(FIRST[press.role])
    if isinstance(press, Markets | Languages):
        return await _pick_several(ctx, press)
    if isinstance(press, Product):
        ctx.expect(StartStep.product)
        ctx.form(SignUp).product = _known(press.code, p.PRODUCT_CATEGORIES)
        return await ctx.enter(StartStep.gmv)
    assert isinstance(press, Gmv)
    ctx.expect(StartStep.gmv)
    return await finish_merchant(ctx, _known(press.code, p.GMV_BANDS))


def _known(code: str, allowed: tuple[str, ...]) -> str:
    if code not in allowed:
        raise StaleButton()
    return code


async def _pick_several(ctx: Context, press: Markets | Languages) -> Replies:
    markets = isinstance(press, Markets)
    ctx.expect(*(MARKET_STEPS if markets else (StartStep.p_langs,)))
    form = ctx.form(SignUp)
    if press.act is w.Flip.TOGGLE:
        code = press.code or ""
        if markets:
            form.markets = w.flip(form.markets, code, ctx.rules.markets)
        else:
            form.langs = w.flip(form.langs, code, ctx.rules.languages)
        return [Reply(r.text, r.buttons, replace=True) for r in await ctx.reprompt()]
    if not (form.markets if markets else form.langs):
        return [Reply(ctx.t("start.pick_one")), *await ctx.reprompt()]
    return await ctx.enter(AFTER[ctx.state.step or ""])


def _prompt(key: str):  # noqa: ANN202
    async def prompt(ctx: Context) -> Replies:
        return w.ask(ctx, key)
    return prompt


async def take_shop_name(ctx: Context, text: str) -> Replies:
    ctx.form(SignUp).shop_name = p.check_shop_name(text)
    return await ctx.enter(StartStep.m_markets)


async def take_company(ctx: Context, text: str) -> Replies:
    ctx.form(SignUp).company = await ctx.use(p.Profiles).vet_company_name(text)
    return await ctx.enter(StartStep.description)


async def take_description(ctx: Context, text: str) -> Replies:
    ctx.form(SignUp).description = p.check_description(text)
    return await ctx.enter(StartStep.p_markets)


async def ask_markets(ctx: Context) -> Replies:
    key = "start.ask_markets" if ctx.state.step == StartStep.m_markets else \
        "start.ask_provider_markets"
    return w.ask(ctx, key, w.flip_toggles(ctx, ctx.form(SignUp).markets, w.markets(ctx), Markets))


async def ask_languages(ctx: Context) -> Replies:
    return w.ask(ctx, "start.ask_languages",
                 w.flip_toggles(ctx, ctx.form(SignUp).langs, w.languages(ctx), Languages))


async def ask_product(ctx: Context) -> Replies:
    options = [(c, ctx.t(f"product.{c}")) for c in p.PRODUCT_CATEGORIES]
    return w.ask(ctx, "start.ask_product", w.picks(options, Product, 3))


async def ask_gmv(ctx: Context) -> Replies:
    options = [(c, ctx.t(f"gmv.{c}")) for c in p.GMV_BANDS]
    return w.ask(ctx, "start.ask_gmv", w.picks(options, Gmv, 2))


async def finish_merchant(ctx: Context, gmv: str) -> Replies:
    form = ctx.form(SignUp)
    ctx.actor = await ctx.use(p.Profiles).register_merchant(ctx.actor, p.MerchantForm(
        shop_name=form.shop_name, markets=form.markets, product_category=form.product,
        gmv_band=gmv))
    ctx.clear()
    return Reply(ctx.t("start.merchant_done", shop=form.shop_name))


async def finish_provider(ctx: Context, text: str) -> Replies:
    form = ctx.form(SignUp)
    ctx.actor = await ctx.use(p.Profiles).register_provider(ctx.actor, p.ProviderForm(
        company_name=form.company, description=form.description, markets=form.markets,
        languages=form.langs, contact_email=text))
    ctx.clear()
    return Reply(ctx.t("start.provider_done", company=form.company))


def register(router: Router) -> None:
    router.command("start", start)
    router.press(StartPress, on_press)
    router.step(Step(StartStep.role, ask_role))
    router.step(Step(StartStep.shop_name, _prompt("start.ask_shop_name"), text=take_shop_name))
    router.step(Step(StartStep.m_markets, ask_markets))
    router.step(Step(StartStep.product, ask_product))
    router.step(Step(StartStep.gmv, ask_gmv))
    router.step(Step(StartStep.company, _prompt("start.ask_company"), text=take_company))
    router.step(Step(StartStep.description, _prompt("start.ask_description"),
                     text=take_description))
    router.step(Step(StartStep.p_markets, ask_markets))
    router.step(Step(StartStep.p_langs, ask_languages))
    router.step(Step(StartStep.email, _prompt("start.ask_email"), text=finish_provider))
