"""Ask a question on a provider card, answer it in chat, and /enquiries: the threads of
questions and answers before any binding, for the merchant and the provider alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from domain import markup
from domain.models import Role
from domain.notices import EnquiryAnswered, EnquiryAsked
from domain.services.enquiries import Enquiries, ThreadView, check_message

from ..engine import widgets as w
from ..engine.context import Context
from ..engine.contract import Button, Reply, rows
from ..engine.presses import Id, Press
from ..engine.router import Replies, Router, Step
from ..engine.steps import Steps, step
from ..engine.wording import shorten


class EnquiryStep(Steps, prefix="enq"):
    ask = step()
    reply = step()


@dataclass
class QuestionForm:
    provider_id: int
    company: str


@dataclass
class ReplyForm:
    enquiry_id: int


class EnquiryPress(Press, prefix="enq"):
    """The buttons of enquiries: ask a provider, reply in a thread, open a thread."""


@dataclass(frozen=True)
class AskProvider(EnquiryPress, tag="new"):
    provider_id: Id


@dataclass(frozen=True)
class ReplyTo(EnquiryPress, tag="re"):
    enquiry_id: Id


@dataclass(frozen=True)
class OpenThread(EnquiryPress, tag="open"):
    enquiry_id: Id


def ask_button(ctx: Context, provider_id: int) -> list[Button]:
    if ctx.actor.merchant_id is None:
        return []
    return [AskProvider(provider_id).button(ctx.t("enq.b_ask"))]


async def on_press(ctx: Context, press: EnquiryPress) -> Replies:
    service = ctx.use(Enquiries)
    if isinstance(press, AskProvider):
        provider = await service.askable(ctx.actor, press.provider_id)
        form = QuestionForm(provider.id, provider.company_name)
        return await ctx.start(form, EnquiryStep.ask)
    if isinstance(press, ReplyTo):
        enquiry = await service.thread(ctx.actor, press.enquiry_id)
        return await ctx.start(ReplyForm(enquiry.id), EnquiryStep.reply)
    assert isinstance(press, OpenThread)
    enquiry = await service.thread(ctx.actor, press.enquiry_id)
    return thread_reply(ctx, await service.view(enquiry))


async def ask_question(ctx: Context) -> Replies:
    return w.ask(ctx, "enq.ask", company=ctx.form(QuestionForm).company)


async def take_question(ctx: Context, text: str) -> Replies:
    form = ctx.form(QuestionForm)
    enquiry = await ctx.use(Enquiries).ask(ctx.actor, form.provider_id, check_message(text))
    ctx.clear()
    return Reply(ctx.t("enq.sent", company=form.company, enquiry_id=enquiry.id))


async def ask_reply(ctx: Context) -> Replies:
    return w.ask(ctx, "enq.ask_reply")


async def take_reply(ctx: Context, text: str) -> Replies:
    enquiry = await ctx.use(Enquiries).reply(ctx.actor, ctx.form(ReplyForm).enquiry_id, text)
    ctx.clear()
    return Reply(ctx.t("enq.replied", enquiry_id=enquiry.id))


def thread_reply(ctx: Context, view: ThreadView) -> Reply:
    merchant = ctx.actor.merchant_id is not None
    lines = [ctx.t("enq.thread_title", enquiry_id=view.id,
                   other=view.company if merchant else view.shop)]
    for from_merchant, text, at in view.messages:
        who = view.shop if from_merchant else view.company
        lines.append(f"{at.strftime('%Y-%m-%d %H:%M')} {who}: {text}")  # escaped by join
    reply = rows([ReplyTo(view.id).button(ctx.t("enq.b_reply"))])
    return Reply(markup.join("\n", lines), reply)


async def show(ctx: Context) -> Replies:
    views = await ctx.use(Enquiries).mine(ctx.actor)
    if not views:
        return Reply(ctx.t("enq.none"))
    merchant = ctx.actor.merchant_id is not None
    lines, buttons = [ctx.t("enq.title")], []
    for view in views:
        other = view.company if merchant else view.shop
        last = view.messages[-1][1] if view.messages else ""
        lines.append(ctx.t("enq.line", enquiry_id=view.id, other=other,
                           last=shorten(last, 60)))
        buttons.append((OpenThread(view.id).button(f"#{view.id} {other}"[:60]),))
    return Reply(markup.join("\n", lines), tuple(buttons))


def render_asked(t: Callable[..., str], n: EnquiryAsked) -> Reply:
    return Reply(t("enq.notice_asked", shop=n.shop, text=n.text, enquiry_id=n.enquiry_id),
                 rows([ReplyTo(n.enquiry_id).button(t("enq.b_answer"))]))


def render_answered(t: Callable[..., str], n: EnquiryAnswered) -> Reply:
    return Reply(t("enq.notice_answered", company=n.company, text=n.text,
                   enquiry_id=n.enquiry_id),
                 rows([ReplyTo(n.enquiry_id).button(t("enq.b_reply"))]))


def register(router: Router) -> None:
    router.command("enquiries", show, help_key="help.cmd.enquiries",
                   roles=frozenset({Role.MERCHANT, Role.PROVIDER}))
    router.press(EnquiryPress, on_press)
    router.step(Step(EnquiryStep.ask, ask_question, text=take_question))
    router.step(Step(EnquiryStep.reply, ask_reply, text=take_reply))
    router.notice(EnquiryAsked, render_asked)
    router.notice(EnquiryAnswered, render_answered)
