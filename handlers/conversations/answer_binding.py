"""A provider accepts or declines a binding request; the merchant hears the answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from domain.notices import BindingAccepted, BindingDeclined, BindingRequested
from domain.services.bindings import Bindings

from ..engine import form_stamp as stamped
from ..engine.context import Context
from ..engine.contract import Button, Reply, rows
from ..engine.i18n import Say
from ..engine.presses import Id, Press
from ..engine.router import Replies, Router, Step
from ..engine.steps import Steps, step
from .request_binding import notice_names


class AnswerStep(Steps, prefix="bindans"):
    reason = step()


@dataclass
class DeclineForm:
    binding_id: int


class AnswerPress(Press, prefix="bindans"):
    """Accept and Decline under a binding request, and the decline form's buttons."""


@dataclass(frozen=True)
class Accept(AnswerPress, tag="acc"):
    binding_id: Id


@dataclass(frozen=True)
class Decline(AnswerPress, tag="dec"):
    binding_id: Id


@dataclass(frozen=True)
class NoReason(AnswerPress, tag="yes"):
    object_id: Id
    nonce: str


@dataclass(frozen=True)
class Cancel(AnswerPress, tag="no"):
    object_id: Id
    nonce: str


def answer_buttons(t: Callable[..., str], binding_id: int,
                   numbered: bool = False) -> tuple[tuple[Button, ...], ...]:
    suffix = f" #{binding_id}" if numbered else ""
    return rows([Accept(binding_id).button(t("bindans.accept") + suffix),
                 Decline(binding_id).button(t("bindans.decline") + suffix)])


async def on_press(ctx: Context, press: AnswerPress) -> Replies:
    if isinstance(press, Accept):
        binding = await ctx.use(Bindings).answer(ctx.actor, press.binding_id, accept=True)
        assert binding.ends_at is not None
        return Reply(ctx.t("bindans.accepted", binding_id=binding.id,
                           ends=binding.ends_at.date().isoformat()), replace=True)
    if isinstance(press, Decline):  # first an optional reason, which the merchant reads
        binding = await ctx.use(Bindings).answerable(ctx.actor, press.binding_id)
        return await ctx.start(DeclineForm(binding.id), AnswerStep.reason)
    assert isinstance(press, NoReason | Cancel)
    stamped.verify(ctx, press, ctx.form(DeclineForm).binding_id, AnswerStep.reason)
    if isinstance(press, NoReason):  # declined without a reason
        return await decline(ctx, "")
    ctx.clear()
    return Reply(ctx.t("bindans.decline_cancelled", binding_id=press.object_id), replace=True)


async def ask_reason(ctx: Context) -> Replies:
    binding_id = ctx.form(DeclineForm).binding_id
    return Reply(ctx.t("bindans.ask_reason", binding_id=binding_id), rows(
        [stamped.decide(ctx, NoReason, binding_id).button(ctx.t("bindans.decline_no_reason"))],
        [stamped.decide(ctx, Cancel, binding_id).button(ctx.t("common.cancel"))]))


async def decline(ctx: Context, reason: str) -> Replies:
    binding_id = ctx.form(DeclineForm).binding_id
    binding = await ctx.use(Bindings).answer(ctx.actor, binding_id, accept=False, reason=reason)
    ctx.clear()
    return Reply(ctx.t("bindans.declined", binding_id=binding.id), replace=True)


def render_requested(t: Say, n: BindingRequested) -> Reply:
    return Reply(t("bindans.notice_requested", shop=n.shop, days=n.days,
                   scope=notice_names(t, n.scope), binding_id=n.binding_id),
                 answer_buttons(t, n.binding_id))


def render_accepted(t: Callable[..., str], n: BindingAccepted) -> Reply:
    return Reply(t("bindans.notice_accepted", company=n.company, ends=n.ends,
                   binding_id=n.binding_id))


def render_declined(t: Callable[..., str], n: BindingDeclined) -> Reply:
    text = t("bindans.notice_declined", company=n.company, binding_id=n.binding_id)
    if n.reason:
        text += "\n" + t("bindans.notice_declined_reason", reason=n.reason)
    return Reply(text)


def register(router: Router) -> None:
    router.press(AnswerPress, on_press)
    router.step(Step(AnswerStep.reason, ask_reason, text=decline))
    router.notice(BindingRequested, render_requested)
    router.notice(BindingAccepted, render_accepted)
    router.notice(BindingDeclined, render_declined)
