"""/appeal (providers): contest a sanction once, within the window, with text and files."""

from __future__ import annotations

from domain.errors import InvalidInput
from domain.models import Role
from domain.services.appeals import MAX_FILES, Appeals, check_text
from domain.services.files import Files

from ..engine import form_stamp as stamped
from ..engine import payload
from ..engine import widgets as w
from ..engine.context import Context, StaleButton
from ..engine.contract import Button, Reply, rows
from ..engine.router import Replies, Router, Step


async def list_sanctions(ctx: Context) -> Replies:
    appeals = ctx.use(Appeals)
    sanctions = await appeals.appealable(ctx.actor)
    if not sanctions:
        return Reply(ctx.t("appeal.none", days=ctx.rules.appeal_window_days))
    buttons = [[Button(ctx.t("appeal.pick_label", sanction_id=s.id,
                             kind=ctx.t(f"sanction.kind.{s.kind.value}"),
                             date=s.created_at.date().isoformat()), f"appeal:pick:{s.id}")]
               for s in sanctions[:10]]
    return Reply(ctx.t("appeal.pick", days=ctx.rules.appeal_window_days), rows(*buttons))


async def on_press(ctx: Context, rest: str) -> Replies:
    action, _, arg = rest.partition(":")
    if action == "pick":
        sanction = await ctx.use(Appeals).check(ctx.actor, payload.ident(arg))
        ctx.clear()
        return await ctx.enter("appeal.text", sanction=sanction.id, reason=sanction.reason,
                               files=[])
    if action == "send":
        stamped.check(ctx, arg, ctx.state.data.get("sanction"), "appeal.files")
        return await send(ctx)
    if action == "no":
        ctx.expect("appeal.text", "appeal.files")
        ctx.clear()
        return Reply(ctx.t("appeal.cancelled"))
    raise StaleButton()


async def ask_text(ctx: Context) -> Replies:
    d = ctx.state.data
    return w.ask(ctx, "appeal.ask_text", rows([Button(ctx.t("common.cancel"), "appeal:no")]),
                 sanction_id=d["sanction"], reason=d["reason"])


async def take_text(ctx: Context, text: str) -> Replies:
    return await ctx.enter("appeal.files", text=check_text(text))


async def ask_files(ctx: Context) -> Replies:
    count = len(ctx.state.data["files"])
    return w.ask(ctx, "appeal.ask_files", rows(
        [stamped.button(ctx, ctx.t("appeal.send"), "appeal", "send", ctx.state.data["sanction"]),
         Button(ctx.t("common.cancel"), "appeal:no")]),
        count=count, maximum=MAX_FILES)


async def take_file(ctx: Context) -> Replies:
    upload = ctx.incoming.file
    assert upload is not None
    files: list[int] = ctx.state.data["files"]
    if len(files) >= MAX_FILES:
        raise InvalidInput("error.appeal_too_many_files", maximum=MAX_FILES)
    row = await ctx.use(Files).store(ctx.actor, upload.name, upload.mime_type, upload.size,
                                     upload.fetch)
    ctx.state.data["files"] = [*files, row.id]
    return [Reply(ctx.t("appeal.file_kept", name=row.name)), *await ctx.reprompt()]


async def send(ctx: Context) -> Replies:
    d = ctx.state.data
    appeal = await ctx.use(Appeals).file(ctx.actor, d["sanction"], d["text"], d["files"])
    ctx.clear()
    return Reply(ctx.t("appeal.sent", appeal_id=appeal.id, sanction_id=d["sanction"],
                       count=len(d["files"])))


def register(router: Router) -> None:
    router.command("appeal", list_sanctions, help_key="help.cmd.appeal",
                   roles=frozenset({Role.PROVIDER}))
    router.button("appeal", on_press)
    router.step(Step("appeal.text", ask_text, text=take_text))
    router.step(Step("appeal.files", ask_files, file=take_file))
