"""/applications: the provider's applications and their status; more documents on request.

The provider hears of every decision through outbox notices rendered here; an application
sent back for more information carries a button to add documents and resubmit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from domain import markup
from domain.models import ApplicationStatus, Role
from domain.notices import ApplicationApproved, ApplicationInfoRequested, ApplicationRejected
from domain.services import applications as a

from ..engine import form_stamp as stamped
from ..engine.context import Context, StaleButton
from ..engine.contract import Reply, rows
from ..engine.presses import Id, Press
from ..engine.router import Replies, Router, Step
from ..engine.steps import Steps, step
from . import application_text as txt

Translate = Callable[..., str]


class AppsStep(Steps, prefix="apps"):
    more = step()


@dataclass
class Document:
    id: int
    name: str


@dataclass
class MoreForm:
    """Documents added to an application sent back for more information."""

    app: int
    files: list[Document] = field(default_factory=list)


class AppsPress(Press, prefix="apps"):
    """The buttons of /applications."""


@dataclass(frozen=True)
class More(AppsPress, tag="more"):
    app: Id


@dataclass(frozen=True)
class Send(AppsPress, tag="send"):
    object_id: Id
    nonce: str


async def show(ctx: Context) -> Replies:
    mine = await ctx.use(a.Applications).mine(ctx.actor)
    if not mine:
        return Reply(ctx.t("applications.none"))
    lines = [ctx.t("applications.title")]
    lines += [txt.status_line(ctx.t, app, cat) for app, cat in mine]
    buttons = [More(app.id).button(ctx.t("applications.add_documents_for",
                                         number=a.number(app.id)))
               for app, _ in mine if app.status is ApplicationStatus.NEEDS_INFO]
    return Reply(markup.join("\n\n", lines), tuple((b,) for b in buttons))


async def on_press(ctx: Context, press: AppsPress) -> Replies:
    if isinstance(press, More):
        application = await ctx.use(a.Applications).needing_info(ctx.actor, press.app)
        return await ctx.start(MoreForm(application.id), AppsStep.more)
    assert isinstance(press, Send)
    return await _send(ctx, press)


async def _send(ctx: Context, press: Send) -> Replies:
    stamped.verify(ctx, press, ctx.form(MoreForm).app, AppsStep.more)
    return await resubmit(ctx)


async def ask_more(ctx: Context) -> Replies:
    form = ctx.form(MoreForm)
    text = ctx.t("applications.ask_more", number=a.number(form.app))
    if form.files:
        text += "\n\n" + markup.join("\n", [f"{i}. {f.name}" for i, f in enumerate(form.files, 1)])
    send = rows([stamped.decide(ctx, Send, form.app).button(ctx.t("applications.resubmit"))])
    return Reply(text, send if form.files else ())


async def take_document(ctx: Context) -> Replies:
    upload = ctx.incoming.file
    if upload is None:  # the step's file handler: the router sends it uploads only
        raise StaleButton()
    service = ctx.use(a.Applications)
    form = ctx.form(MoreForm)
    await service.needing_info(ctx.actor, form.app)
    stored = await service.upload(
        ctx.actor, a.Upload(upload.name, upload.mime_type, upload.size, upload.fetch),
        already=[f.id for f in form.files])
    form.files = [*form.files, Document(stored.id, stored.name)]
    return [Reply(ctx.t("apply.received", name=stored.name)), *await ctx.reprompt()]


async def text_instead_of_files(ctx: Context, text: str) -> Replies:
    """"1" at this step (WeChat, console) is the numbered Resubmit button, when it is shown."""
    if text == "1" and ctx.state.options[:1]:
        prefix, _, rest = ctx.state.options[0].partition(":")
        if prefix == AppsPress.prefix:
            try:
                press = AppsPress.unpack(rest)
            except StaleButton:
                press = None
            if isinstance(press, Send):
                return await _send(ctx, press)
    return [Reply(ctx.t("apply.send_files")), *await ctx.reprompt()]


async def resubmit(ctx: Context) -> Replies:
    form = ctx.form(MoreForm)
    await ctx.use(a.Applications).resubmit(ctx.actor, form.app, [f.id for f in form.files])
    ctx.clear()
    return Reply(ctx.t("applications.resubmitted", number=a.number(form.app)))


def _category(t: Translate, n: ApplicationApproved | ApplicationRejected
              | ApplicationInfoRequested) -> str:
    return txt.localized(t, n.category_en, n.category_zh)


def approved(t: Translate, n: ApplicationApproved) -> Reply:
    return Reply(t("applications.notice.approved", number=n.number,
                   category=_category(t, n), expires=n.expires))


def rejected(t: Translate, n: ApplicationRejected) -> Reply:
    return Reply(t("applications.notice.rejected", number=n.number,
                   category=_category(t, n), reason=n.reason))


def needs_info(t: Translate, n: ApplicationInfoRequested) -> Reply:
    button = More(n.application_id).button(t("applications.add_documents"))
    return Reply(t("applications.notice.needs_info", number=n.number,
                   category=_category(t, n), reason=n.reason), rows([button]))


def register(router: Router) -> None:
    router.command("applications", show, help_key="help.cmd.applications",
                   roles=frozenset({Role.PROVIDER}))
    router.press(AppsPress, on_press)
    router.step(Step(AppsStep.more, ask_more, text=text_instead_of_files, file=take_document))
    router.notice(ApplicationApproved, approved)
    router.notice(ApplicationRejected, rejected)
    router.notice(ApplicationInfoRequested, needs_info)
