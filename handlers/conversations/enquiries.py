"""Ask a question on a provider card, answer it in chat, and /enquiries: the threads of
questions and answers before any binding, for the merchant and the provider alike."""

from __future__ import annotations

from collections.abc import Callable

from domain import markup
from domain.models import Role
from domain.notices import EnquiryAnswered, EnquiryAsked
from domain.services.enquiries import Enquiries, ThreadView, check_message

from ..engine import payload
from ..engine import widgets as w
from ..engine.context import Context, StaleButton
from ..engine.contract import Button, Reply, rows
from ..engine.router import Replies, Router, Step
from ..engine.wording import shorten

ASK, REPLY = "enq.ask", "enq.reply"


def ask_button(ctx: Context, provider_id: int) -> list[Button]:
    if ctx.actor.merchant_id is None:
        return []
    return [Button(ctx.t("enq.b_ask"), f"enq:new:{provider_id}")]


async def on_press(ctx: Context, rest: str) -> Replies:
    action, _, arg = rest.partition(":")
    service = ctx.use(Enquiries)
    if action == "new":
        provider = await service.askable(ctx.actor, payload.ident(arg))
        ctx.clear()
        return await ctx.enter(ASK, provider_id=provider.id, company=provider.company_name)
    if action == "re":
        enquiry = await service.thread(ctx.actor, payload.ident(arg))
        ctx.clear()
        return await ctx.enter(REPLY, enquiry_id=enquiry.id)
    if action == "open":
        enquiry = await service.thread(ctx.actor, payload.ident(arg))
        return thread_reply(ctx, await service.view(enquiry))
    raise StaleButton()


async def ask_question(ctx: Context) -> Replies:
    return w.ask(ctx, "enq.ask", company=ctx.state.data["company"])


async def take_question(ctx: Context, text: str) -> Replies:
    d = ctx.state.data
    enquiry = await ctx.use(Enquiries).ask(ctx.actor, int(d["provider_id"]), check_message(text))
    ctx.clear()
    return Reply(ctx.t("enq.sent", company=d["company"], enquiry_id=enquiry.id))


async def ask_reply(ctx: Context) -> Replies:
    return w.ask(ctx, "enq.ask_reply")


async def take_reply(ctx: Context, text: str) -> Replies:
    enquiry = await ctx.use(Enquiries).reply(ctx.actor, int(ctx.state.data["enquiry_id"]), text)
    ctx.clear()
    return Reply(ctx.t("enq.replied", enquiry_id=enquiry.id))


def thread_reply(ctx: Context, view: ThreadView) -> Reply:
    merchant = ctx.actor.merchant_id is not None
    lines = [ctx.t("enq.thread_title", enquiry_id=view.id,
                   other=view.company if merchant else view.shop)]
    for from_merchant, text, at in view.messages:
        who = view.shop if from_merchant else view.company
        lines.append(f"{at.strftime('%Y-%m-%d %H:%M')} {who}: {text}")  # escaped by join
    reply = rows([Button(ctx.t("enq.b_reply"), f"enq:re:{view.id}")])
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
        buttons.append((Button(f"#{view.id} {other}"[:60], f"enq:open:{view.id}"),))
    return Reply(markup.join("\n", lines), tuple(buttons))


def render_asked(t: Callable[..., str], n: EnquiryAsked) -> Reply:
    return Reply(t("enq.notice_asked", shop=n.shop, text=n.text, enquiry_id=n.enquiry_id),
                 rows([Button(t("enq.b_answer"), f"enq:re:{n.enquiry_id}")]))


def render_answered(t: Callable[..., str], n: EnquiryAnswered) -> Reply:
    return Reply(t("enq.notice_answered", company=n.company, text=n.text,
                   enquiry_id=n.enquiry_id),
                 rows([Button(t("enq.b_reply"), f"enq:re:{n.enquiry_id}")]))


def register(router: Router) -> None:
    router.command("enquiries", show, help_key="help.cmd.enquiries",
                   roles=frozenset({Role.MERCHANT, Role.PROVIDER}))
    router.button("enq", on_press)
    router.step(Step(ASK, ask_question, text=take_question))
    router.step(Step(REPLY, ask_reply, text=take_reply))
    router.notice(EnquiryAsked, render_asked)
    router.notice(EnquiryAnswered, render_answered)
