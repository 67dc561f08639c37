"""/appeal (providers): contest a sanction once, within the window, with text and files."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.errors import InvalidInput
from domain.models import Role
from domain.services.appeals import MAX_FILES, Appeals, check_text
from domain.services.files import Files

from ..engine import form_stamp as stamped
from ..engine import widgets as w
from ..engine.context import Context
from ..engine.contract import Reply, rows
from ..engine.presses import Id, Press
from ..engine.router import Replies, Router, Step
from ..engine.steps import Steps, step


class AppealStep(Steps, prefix="appeal"):
    text = step()
    files = step()


@dataclass
class AppealForm:
    sanction: int
    reason: str  # the sanction's, shown while writing
    text: str = ""
    files: list[int] = field(default_factory=list)


class AppealPress(Press, prefix="appeal"):
    """The buttons of /appeal."""


@dataclass(frozen=True)
class Pick(AppealPress, tag="pick"):
    sanction: Id


@dataclass(frozen=True)
class Send(AppealPress, tag="send"):
    object_id: Id
    nonce: str


@dataclass(frozen=True)
class Cancel(AppealPress, tag="no"):
    pass


async def list_sanctions(ctx: Context) -> Replies:
    appeals = ctx.use(Appeals)
    sanctions = await appeals.appealable(ctx.actor)
    if not sanctions:
        return Reply(ctx.t("appeal.none", days=ctx.rules.appeal_window_days))
    buttons = [[Pick(s.id).button(ctx.t("appeal.pick_label", sanction_id=s.id,
                                        kind=ctx.t(f"sanction.kind.{s.kind.value}"),
                                        date=s.created_at.date().isoformat()))]
               for s in sanctions[:10]]
    return Reply(ctx.t("appeal.pick", days=ctx.rules.appeal_window_days), rows(*buttons))


async def on_press(ctx: Context, press: AppealPress) -> Replies:
    if isinstance(press, Pick):
        sanction = await ctx.use(Appeals).check(ctx.actor, press.sanction)
        return await ctx.start(AppealForm(sanction.id, sanction.reason), AppealStep.text)
    if isinstance(press, Send):
        stamped.verify(ctx, press, ctx.form(AppealForm).sanction, AppealStep.files)
        return await send(ctx)
    ctx.expect(AppealStep.text, AppealStep.files)  # Cancel
    ctx.clear()
    return Reply(ctx.t("appeal.cancelled"))


async def ask_text(ctx: Context) -> Replies:
    form = ctx.form(AppealForm)
    return w.ask(ctx, "appeal.ask_text", rows([Cancel().button(ctx.t("common.cancel"))]),
                 sanction_id=form.sanction, reason=form.reason)


async def take_text(ctx: Context, text: str) -> Replies:
    ctx.form(AppealForm).text = check_text(text)
    return await ctx.enter(AppealStep.files)


async def ask_files(ctx: Context) -> Replies:
    form = ctx.form(AppealForm)
    send_ = stamped.decide(ctx, Send, form.sanction).button(ctx.t("appeal.send"))
    return w.ask(ctx, "appeal.ask_files", rows([send_, Cancel().button(ctx.t("common.cancel"))]),
                 count=len(form.files), maximum=MAX_FILES)


async def take_file(ctx: Context) -> Replies:
    upload = ctx.incoming.file
    assert upload is not None
    form = ctx.form(AppealForm)
    if len(form.files) >= MAX_FILES:
        raise InvalidInput("error.appeal_too_many_files", maximum=MAX_FILES)
    row = await ctx.use(Files).store(ctx.actor, upload.name, upload.mime_type, upload.size,
                                     upload.fetch)
    form.files = [*form.files, row.id]
    return [Reply(ctx.t("appeal.file_kept", name=row.name)), *await ctx.reprompt()]


async def send(ctx: Context) -> Replies:
    form = ctx.form(AppealForm)
    appeal = await ctx.use(Appeals).file(ctx.actor, form.sanction, form.text, form.files)
    ctx.clear()
    return Reply(ctx.t("appeal.sent", appeal_id=appeal.id, sanction_id=form.sanction,
                       count=len(form.files)))


def register(router: Router) -> None:
    router.command("appeal", list_sanctions, help_key="help.cmd.appeal",
                   roles=frozenset({Role.PROVIDER}))
    router.press(AppealPress, on_press)
    router.step(Step(AppealStep.text, ask_text, text=take_text))
    router.step(Step(AppealStep.files, ask_files, file=take_file))
