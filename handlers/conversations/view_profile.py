"""/profile: what the market knows about this merchant or provider."""

from __future__ import annotations

from domain import markup
from domain.models import Role
from domain.services.profiles import Profiles

from ..engine.context import Context
from ..engine.contract import Reply
from ..engine.router import Replies, Router
from .request_binding import separator


def _names(ctx: Context, prefix: str, codes: list[str]) -> str:
    return markup.join(separator(ctx.lang), [ctx.t(f"{prefix}.{c}") for c in codes]) or "—"


async def show(ctx: Context) -> Replies:
    profiles = ctx.use(Profiles)
    if ctx.actor.role is Role.MERCHANT:
        m = await profiles.merchant(ctx.actor)
        return Reply(ctx.t("profile.merchant", shop=m.shop_name,
                           markets=_names(ctx, "market", m.markets),
                           product=ctx.t(f"product.{m.product_category}"),
                           gmv=ctx.t(f"gmv.{m.gmv_band}")))
    if ctx.actor.role is Role.PROVIDER:
        pr = await profiles.provider(ctx.actor)
        return Reply(ctx.t("profile.provider", company=pr.company_name,
                           description=pr.description, email=pr.contact_email,
                           markets=_names(ctx, "market", pr.markets),
                           languages=_names(ctx, "language", pr.languages),
                           status=ctx.t(f"provider_status.{pr.status.value}"),
                           points=pr.violation_points))
    if ctx.actor.is_operator:
        return Reply(ctx.t("profile.operator", identity=ctx.actor.identity))
    return Reply(ctx.t("profile.none"))


def register(router: Router) -> None:
    router.command("profile", show, help_key="help.cmd.profile", guest=False)
