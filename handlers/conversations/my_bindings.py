"""/bindings: a merchant's bindings (revoke, evaluate) or a provider's clients (answer)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from domain import markup
from domain.models import BindingStatus, Role
from domain.notices import BindingEnding, BindingRevoked
from domain.services.binding_views import BindingView, BindingViews
from domain.services.bindings import Bindings

from ..engine import form_stamp as stamped
from ..engine import widgets as w
from ..engine.context import Context
from ..engine.contract import Button, Reply
from ..engine.presses import Id, Press
from ..engine.router import Replies, Router, Step
from ..engine.steps import Steps, step
from .answer_binding import answer_buttons
from .answer_evaluation import AnswerEvaluation
from .end_binding import end_button
from .evaluate_provider import Evaluate
from .request_binding import names

OPEN = (BindingStatus.REQUESTED, BindingStatus.ACTIVE)


class BindingsStep(Steps, prefix="bindings"):
    revoke = step()


@dataclass
class RevokeForm:
    binding_id: int
    company: str
    pending: bool = False  # still a request: taking it back withdraws it


class BindingsPress(Press, prefix="bindings"):
    """The buttons of /bindings that this module answers (others belong to their forms)."""


@dataclass(frozen=True)
class Revoke(BindingsPress, tag="rv"):
    binding_id: Id


@dataclass(frozen=True)
class Confirm(BindingsPress, tag="yes"):
    object_id: Id
    nonce: str


@dataclass(frozen=True)
class Cancel(BindingsPress, tag="no"):
    object_id: Id
    nonce: str


def _when(ctx: Context, view: BindingView) -> str:
    """What the dates mean depends on the status: a request has none yet, an ended one ended."""
    if view.status is BindingStatus.REQUESTED:
        return ctx.t("bindings.when_requested", days=view.duration_days)
    if view.status is BindingStatus.ACTIVE and view.ends_at is not None:
        return ctx.t("bindings.when_active", days=view.duration_days,
                     ends=view.ends_at.date().isoformat())
    ended = view.ended_at or view.ends_at
    return ctx.t("bindings.when_ended", ended=ended.date().isoformat()) if ended else ""


def shown_status(view: BindingView) -> str:
    """A request the merchant took back before any answer reads "withdrawn", not "revoked"."""
    if view.status is BindingStatus.REVOKED and view.ends_at is None:
        return "withdrawn"
    return view.status.value


def line(ctx: Context, view: BindingView, other: str) -> str:
    scope = names(ctx.lang, [c.as_params() for c in view.scope])
    return ctx.t("bindings.line", binding_id=view.id, name=other, scope=scope,
                 status=ctx.t(f"bindings.status.{shown_status(view)}"), when=_when(ctx, view))


def merchant_buttons(ctx: Context, view: BindingView) -> list[Button]:
    buttons = []
    if view.can_evaluate:
        key = "bindings.edit_eval" if view.evaluation_id else "bindings.evaluate"
        buttons.append(Evaluate(view.id).button(ctx.t(key, binding_id=view.id)))
    if view.status in OPEN:
        key = "bindings.withdraw" if view.status is BindingStatus.REQUESTED else "bindings.revoke"
        buttons.append(Revoke(view.id).button(ctx.t(key, binding_id=view.id)))
    return buttons


def provider_buttons(ctx: Context, view: BindingView) -> list[Button]:
    if view.status is BindingStatus.REQUESTED:
        return list(answer_buttons(ctx.t, view.id, numbered=True)[0])
    if view.evaluation_id and not view.evaluation_answered:
        answer = AnswerEvaluation(view.evaluation_id)
        return [answer.button(ctx.t("bindings.answer_eval", binding_id=view.id)),
                *end_button(ctx, view)]
    return end_button(ctx, view)


async def show(ctx: Context) -> Replies:
    views = await ctx.use(BindingViews).mine(ctx.actor)
    merchant = ctx.actor.role is Role.MERCHANT
    if not views:
        return Reply(ctx.t("bindings.none_merchant" if merchant else "bindings.none_provider"))
    lines = [ctx.t("bindings.title_merchant" if merchant else "bindings.title_provider")]
    buttons: list[tuple[Button, ...]] = []
    for view in views:
        lines.append(line(ctx, view, view.provider_name if merchant else view.shop_name))
        row = merchant_buttons(ctx, view) if merchant else provider_buttons(ctx, view)
        if row:
            buttons.append(tuple(row))
    return Reply(markup.join("\n", lines), tuple(buttons))


async def on_press(ctx: Context, press: BindingsPress) -> Replies:
    if isinstance(press, Revoke):
        binding = await ctx.use(Bindings).revocable(ctx.actor, press.binding_id)
        view = await ctx.use(BindingViews).one(ctx.actor, binding.id)
        form = RevokeForm(view.id, view.provider_name,
                          pending=view.status is BindingStatus.REQUESTED)
        return await ctx.start(form, BindingsStep.revoke)
    assert isinstance(press, Confirm | Cancel)
    form = ctx.form(RevokeForm)
    stamped.verify(ctx, press, form.binding_id, BindingsStep.revoke)
    ctx.clear()
    if isinstance(press, Cancel):
        return Reply(ctx.t("bindings.kept", binding_id=form.binding_id), replace=True)
    await ctx.use(Bindings).revoke(ctx.actor, form.binding_id, withdraw=form.pending)
    key = "bindings.withdrawn" if form.pending else "bindings.revoked"
    return Reply(ctx.t(key, binding_id=form.binding_id, company=form.company), replace=True)


async def ask_revoke(ctx: Context) -> Replies:
    form = ctx.form(RevokeForm)
    key = "bindings.ask_withdraw" if form.pending else "bindings.ask_revoke"
    return w.ask(ctx, key, stamped.confirm_row(ctx, Confirm, Cancel, form.binding_id),
                 binding_id=form.binding_id, company=form.company)


def render_revoked(t: Callable[..., str], n: BindingRevoked) -> Reply:
    key = "bindings.notice_withdrawn" if n.withdrawn else "bindings.notice_revoked"
    return Reply(t(key, shop=n.shop, binding_id=n.binding_id))


def render_ending(t: Callable[..., str], n: BindingEnding) -> Reply:
    return Reply(t("bindings.notice_ending", binding_id=n.binding_id, shop=n.shop,
                   company=n.company, ends=n.ends))


def register(router: Router) -> None:
    router.command("bindings", show, help_key="help.cmd.bindings",
                   roles=frozenset({Role.MERCHANT, Role.PROVIDER}))
    router.press(BindingsPress, on_press)
    router.step(Step(BindingsStep.revoke, ask_revoke))
    router.notice(BindingRevoked, render_revoked)
    router.notice(BindingEnding, render_ending)
