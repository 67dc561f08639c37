"""/review (operators): the queue of applications, oldest first; approve, reject or ask.

Every press is re-checked by the service (operator only, application still in review):
a forged payload or a second operator's late decision changes nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from domain import markup
from domain.errors import Conflict
from domain.models import ProviderStatus
from domain.services import application_review as r
from domain.services.applications import number

from ..engine import form_stamp as stamped
from ..engine import payload
from ..engine.context import Context, StaleButton
from ..engine.contract import Button, Reply, rows
from ..engine.router import Replies, Router, Step
from ..engine.wording import shorten
from . import application_text as txt
from .decision_queue import settle
from .review_cases import attachments

VERDICTS = {"reject": "review.ask_reject_reason", "info": "review.ask_info_reason"}


async def show_queue(ctx: Context) -> Replies:
    total, cases = await ctx.use(r.ApplicationReview).queue(ctx.actor)
    if not total:
        return Reply(ctx.t("review.empty"))
    buttons = [(Button(ctx.t("review.queue_item", number=number(c.application.id),
                             company=shorten(c.provider.company_name, 24),
                             category=txt.category_name(ctx.t, c.category)),
                       f"review:open:{c.application.id}"),) for c in cases]
    return Reply(ctx.t("review.queue", total=total, shown=len(cases)), tuple(buttons))


def _documents(ctx: Context, case: r.Case) -> str:
    lines = [ctx.t("review.document", name=f.name, size=_size(f.size), sha=f.sha256[:12])
             for f in case.documents]
    return markup.join("\n", lines) or "—"


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1048576:.1f} MB"


def _standing(ctx: Context, case: r.Case) -> str:
    """The provider's status on the card: an operator must not approve blind."""
    p = case.provider
    if p.status is ProviderStatus.EXPELLED:
        return ctx.t("review.standing_expelled")
    if p.status is ProviderStatus.SUSPENDED and p.suspended_until is not None:
        return ctx.t("review.standing_suspended", until=p.suspended_until.date().isoformat())
    return ""


def _marks(ctx: Context, case: r.Case) -> str:
    app, marks = case.application, []
    if app.resubmitted_at is not None:
        marks.append(ctx.t("review.mark_resubmitted", date=app.resubmitted_at.date().isoformat()))
    if case.renews is not None:
        marks.append(ctx.t("review.mark_renewal", ends=case.renews.expires_at.date().isoformat()))
    return markup.join("", marks)


def describe(ctx: Context, case: r.Case) -> Reply:
    app, cat = case.application, case.category
    text = ctx.t("review.case", number=number(app.id), company=case.provider.company_name,
                 standing=_standing(ctx, case), marks=_marks(ctx, case),
                 provider_id=case.provider.id, category=txt.category_name(ctx.t, cat),
                 gmv=txt.usd(app.claimed_gmv_usd), min_gmv=txt.usd(cat.min_gmv_usd),
                 merchants=app.merchants_served, min_merchants=cat.min_merchants,
                 required=txt.documents(ctx.t, cat.required_documents),
                 documents=_documents(ctx, case), note=app.note or "—",
                 date=app.submitted_at.date().isoformat())
    return Reply(text, attachments=attachments(ctx, case.documents), buttons=rows(
        [Button(ctx.t("review.approve"), f"review:approve:{app.id}")],
        [Button(ctx.t("review.reject"), f"review:reject:{app.id}"),
         Button(ctx.t("review.ask_info"), f"review:info:{app.id}")],
        [Button(ctx.t("review.back"), "review:queue")]))


async def on_press(ctx: Context, rest: str) -> Replies:
    action, _, arg = rest.partition(":")
    service = ctx.use(r.ApplicationReview)
    if action == "queue":
        ctx.actor.require_operator()
        ctx.clear()
        return await show_queue(ctx)
    if action == "open":
        ctx.clear()
        return describe(ctx, await service.pending(ctx.actor, payload.ident(arg)))
    if action in ("approve", *VERDICTS):
        case = await service.pending(ctx.actor, payload.ident(arg))
        ctx.clear()
        step = "review.confirm" if action == "approve" else "review.reason"
        return await ctx.enter(step, app=case.application.id, verdict=action)
    if action in (stamped.YES, stamped.NO):
        stamped.check(ctx, arg, ctx.state.data.get("app"), "review.confirm")
        if action == stamped.NO:
            ctx.clear()
            return Reply(ctx.t("review.cancelled"))
        return await settle(ctx, lambda: decide(ctx), show_queue)
    raise StaleButton()


async def ask_reason(ctx: Context) -> Replies:
    d = ctx.state.data
    return Reply(ctx.t(VERDICTS[d["verdict"]], number=number(int(d["app"]))))


async def take_reason(ctx: Context, text: str) -> Replies:
    """On to the confirmation; if another operator decided meanwhile, say so and show the queue."""
    reason = r.check_reason(text)
    try:
        await ctx.use(r.ApplicationReview).pending(ctx.actor, int(ctx.state.data["app"]))
    except Conflict as lost:
        return await settle(ctx, _lost(lost), show_queue)
    return await ctx.enter("review.confirm", reason=reason)


def _lost(conflict: Conflict) -> Callable[[], Awaitable[Reply]]:
    async def decide() -> Reply:
        raise conflict
    return decide


async def ask_confirm(ctx: Context) -> Replies:
    """Every decision is confirmed, with what it will do, before it is made."""
    d = ctx.state.data
    outcome = ctx.t(f"review.confirm_{d['verdict']}", number=number(int(d["app"])))
    reason = ctx.t("review.confirm_reason", reason=d["reason"]) if d.get("reason") else ""
    return Reply(outcome + reason, stamped.confirm_buttons(ctx, "review", d["app"]))


async def decide(ctx: Context) -> Reply:
    """Approve, reject or send back; if another operator decided first, settle() says so."""
    d = ctx.state.data
    app_id, service = int(d["app"]), ctx.use(r.ApplicationReview)
    if d["verdict"] == "approve":
        certification = await service.approve(ctx.actor, app_id)
        return Reply(ctx.t("review.approved", number=number(app_id),
                           expires=certification.expires_at.date().isoformat()))
    if d["verdict"] == "reject":
        await service.reject(ctx.actor, app_id, d["reason"])
        return Reply(ctx.t("review.rejected", number=number(app_id)))
    await service.ask_for_info(ctx.actor, app_id, d["reason"])
    return Reply(ctx.t("review.sent_back", number=number(app_id)))


def register(router: Router) -> None:
    router.command("review", show_queue, help_key="help.cmd.review", operator=True)
    router.button("review", on_press)
    router.step(Step("review.reason", ask_reason, text=take_reason))
    router.step(Step("review.confirm", ask_confirm))
