"""/applications: the provider's applications and their status; more documents on request.

The provider hears of every decision through outbox notices rendered here; an application
sent back for more information carries a button to add documents and resubmit.
"""

from __future__ import annotations

from collections.abc import Callable

from domain import markup
from domain.models import ApplicationStatus, Role
from domain.notices import ApplicationApproved, ApplicationInfoRequested, ApplicationRejected
from domain.services import applications as a

from ..engine import form_stamp as stamped
from ..engine import payload
from ..engine.context import Context, StaleButton
from ..engine.contract import Button, FileUpload, Reply, rows
from ..engine.router import Replies, Router, Step
from . import application_text as txt

Translate = Callable[..., str]


async def show(ctx: Context) -> Replies:
    mine = await ctx.use(a.Applications).mine(ctx.actor)
    if not mine:
        return Reply(ctx.t("applications.none"))
    lines = [ctx.t("applications.title")]
    lines += [txt.status_line(ctx.t, app, cat) for app, cat in mine]
    buttons = [Button(ctx.t("applications.add_documents_for", number=a.number(app.id)),
                      f"apps:more:{app.id}")
               for app, _ in mine if app.status is ApplicationStatus.NEEDS_INFO]
    return Reply(markup.join("\n\n", lines), tuple((b,) for b in buttons))


async def on_press(ctx: Context, rest: str) -> Replies:
    action, _, arg = rest.partition(":")
    if action == "more":
        application = await ctx.use(a.Applications).needing_info(ctx.actor, payload.ident(arg))
        ctx.clear()
        return await ctx.enter("apps.more", app=application.id, files=[])
    if action == "send":
        stamped.check(ctx, arg, ctx.state.data.get("app"), "apps.more")
        return await resubmit(ctx)
    raise StaleButton()


async def ask_more(ctx: Context) -> Replies:
    files = ctx.state.data.get("files", [])
    text = ctx.t("applications.ask_more", number=a.number(int(ctx.state.data["app"])))
    if files:
        text += "\n\n" + markup.join("\n", [f"{i}. {f['name']}" for i, f in enumerate(files, 1)])
    send = rows([stamped.button(ctx, ctx.t("applications.resubmit"), "apps", "send",
                                ctx.state.data["app"])]) if files else ()
    return Reply(text, send)


async def take_document(ctx: Context) -> Replies:
    upload: FileUpload = ctx.incoming.file  # type: ignore[assignment]
    service = ctx.use(a.Applications)
    await service.needing_info(ctx.actor, int(ctx.state.data["app"]))
    files = list(ctx.state.data.get("files", []))
    stored = await service.upload(
        ctx.actor, a.Upload(upload.name, upload.mime_type, upload.size, upload.fetch),
        already=[f["id"] for f in files])
    ctx.state.data["files"] = [*files, {"id": stored.id, "name": stored.name}]
    return [Reply(ctx.t("apply.received", name=stored.name)), *await ctx.reprompt()]


async def text_instead_of_files(ctx: Context, text: str) -> Replies:
    if text == "1" and ctx.state.options[:1] == ["apps:send"]:
        return await resubmit(ctx)
    return [Reply(ctx.t("apply.send_files")), *await ctx.reprompt()]


async def resubmit(ctx: Context) -> Replies:
    app_id = int(ctx.state.data["app"])
    files = [f["id"] for f in ctx.state.data.get("files", [])]
    await ctx.use(a.Applications).resubmit(ctx.actor, app_id, files)
    ctx.clear()
    return Reply(ctx.t("applications.resubmitted", number=a.number(app_id)))


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
    button = Button(t("applications.add_documents"), f"apps:more:{n.application_id}")
    return Reply(t("applications.notice.needs_info", number=n.number,
                   category=_category(t, n), reason=n.reason), rows([button]))


def register(router: Router) -> None:
    router.command("applications", show, help_key="help.cmd.applications",
                   roles=frozenset({Role.PROVIDER}))
    router.button("apps", on_press)
    router.step(Step("apps.more", ask_more, text=text_instead_of_files, file=take_document))
    router.notice(ApplicationApproved, approved)
    router.notice(ApplicationRejected, rejected)
    router.notice(ApplicationInfoRequested, needs_info)
