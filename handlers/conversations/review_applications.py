"""/review (operators): the queue of applications, oldest first; approve, reject or ask.

Every press is re-checked by the service (operator only, application still in review):
a forged payload or a second operator's late decision changes nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from domain import markup
from domain.errors import Conflict
from domain.models import ProviderStatus
from domain.services import application_review as r
from domain.services.applications import number

from ..engine import form_stamp as stamped
from ..engine.context import Context, StaleButton
from ..engine.contract import Button, Reply, rows
from ..engine.presses import Id, Press
from ..engine.router import Replies, Router, Step
from ..engine.steps import Steps, step
from ..engine.wording import shorten
from . import application_text as txt
from .decision_queue import settle
from .review_cases import attachments

VERDICTS = {"reject": "review.ask_reject_reason", "info": "review.ask_info_reason"}


class ReviewStep(Steps, prefix="review"):
    reason = step()
    confirm = step()


@dataclass
class ReviewForm:
    app: int
    verdict: str  # approve, or one of VERDICTS
    reason: str = ""


class ReviewPress(Press, prefix="review"):
    """The buttons of /review."""


@dataclass(frozen=True)
class BackToQueue(ReviewPress, tag="queue"):
    pass


@dataclass(frozen=True)
class Open(ReviewPress, tag="open"):
    app: Id


@dataclass(frozen=True)
class Approve(ReviewPress, tag="approve"):
    app: Id


@dataclass(frozen=True)
class Reject(ReviewPress, tag="reject"):
    app: Id


@dataclass(frozen=True)
class AskInfo(ReviewPress, tag="info"):
    app: Id


@dataclass(frozen=True)
class Yes(ReviewPress, tag="yes"):
    object_id: Id
    nonce: str


@dataclass(frozen=True)
class No(ReviewPress, tag="no"):
    object_id: Id
    nonce: str


async def show_queue(ctx: Context) -> Replies:
    total, cases = await ctx.use(r.ApplicationReview).queue(ctx.actor)
    if not total:
        return Reply(ctx.t("review.empty"))
    buttons = [(Button(ctx.t("review.queue_item", number=number(c.application.id),
                             company=shorten(c.provider.company_name, 24),
                             category=txt.category_name(ctx.t, c.category)),
                       Open(c.application.id).pack()),) for c in cases]
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
        [Approve(app.id).button(ctx.t("review.approve"))],
        [Reject(app.id).button(ctx.t("review.reject")),
         AskInfo(app.id).button(ctx.t("review.ask_info"))],
        [BackToQueue().button(ctx.t("review.back"))]))


async def on_press(ctx: Context, press: ReviewPress) -> Replies:
    service = ctx.use(r.ApplicationReview)
    if isinstance(press, BackToQueue):
        ctx.clear()
        return await show_queue(ctx)
    if isinstance(press, Open):
        ctx.clear()
        return describe(ctx, await service.pending(ctx.actor, press.app))
    if isinstance(press, Approve | Reject | AskInfo):
        case = await service.pending(ctx.actor, press.app)
        verdict = press.tag
        step = ReviewStep.confirm if isinstance(press, Approve) else ReviewStep.reason
        return await ctx.start(ReviewForm(case.application.id, verdict), step)
    if isinstance(press, Yes | No):
        stamped.verify(ctx, press, ctx.form(ReviewForm).app, ReviewStep.confirm)
        if isinstance(press, No):
            ctx.clear()
            return Reply(ctx.t("review.cancelled"))
        return await settle(ctx, lambda: decide(ctx), show_queue)
    raise StaleButton()


async def ask_reason(ctx: Context) -> Replies:
    form = ctx.form(ReviewForm)
    return Reply(ctx.t(VERDICTS[form.verdict], number=number(form.app)))


async def take_reason(ctx: Context, text: str) -> Replies:
    """On to the confirmation; if another operator decided meanwhile, say so and show the queue."""
    reason = r.check_reason(text)
    form = ctx.form(ReviewForm)
    try:
        await ctx.use(r.ApplicationReview).pending(ctx.actor, form.app)
    except Conflict as lost:
        return await settle(ctx, _lost(lost), show_queue)
    form.reason = reason
    return await ctx.enter(ReviewStep.confirm)


def _lost(conflict: Conflict) -> Callable[[], Awaitable[Reply]]:
    async def decide() -> Reply:
        raise conflict
    return decide


async def ask_confirm(ctx: Context) -> Replies:
    """Every decision is confirmed, with what it will do, before it is made."""
    form = ctx.form(ReviewForm)
    outcome = ctx.t(f"review.confirm_{form.verdict}", number=number(form.app))
    reason = ctx.t("review.confirm_reason", reason=form.reason) if form.reason else ""
    return Reply(outcome + reason, stamped.confirm_row(ctx, Yes, No, form.app))


async def decide(ctx: Context) -> Reply:
    """Approve, reject or send back; if another operator decided first, settle() says so."""
    form = ctx.form(ReviewForm)
    app_id, service = form.app, ctx.use(r.ApplicationReview)
    if form.verdict == "approve":
        certification = await service.approve(ctx.actor, app_id)
        return Reply(ctx.t("review.approved", number=number(app_id),
                           expires=certification.expires_at.date().isoformat()))
    if form.verdict == "reject":
        await service.reject(ctx.actor, app_id, form.reason)
        return Reply(ctx.t("review.rejected", number=number(app_id)))
    await service.ask_for_info(ctx.actor, app_id, form.reason)
    return Reply(ctx.t("review.sent_back", number=number(app_id)))


def register(router: Router) -> None:
    router.command("review", show_queue, help_key="help.cmd.review", operator=True)
    router.press(ReviewPress, on_press, operator=True)
    router.step(Step(ReviewStep.reason, ask_reason, text=take_reason))
    router.step(Step(ReviewStep.confirm, ask_confirm))
