"""/announce: an operator writes an ad-hoc announcement (English and Chinese), chooses the
audience (all followers or some categories), sees a preview, and sends it on Confirm.

The Announcements service re-checks that the sender is an operator and the texts' limits;
the preview is what followers will read in the operator's language.
"""

from __future__ import annotations

from domain import markup
from domain.names import localized
from domain.services.announcements import Announcements, check_text

from ..engine import form_stamp
from ..engine import widgets as w
from ..engine.context import Context, StaleButton
from ..engine.contract import Button, Reply, rows
from ..engine.i18n import natural
from ..engine.router import Replies, Router, Step
from .follow_announcements import category_options as _options

NEW = 0  # the announcement has no id until it is sent: the form's nonce stamps Confirm


async def start(ctx: Context) -> Replies:
    ctx.actor.require_operator()
    return await ctx.enter("announce.en", cats=[])


async def take_en(ctx: Context, text: str) -> Replies:
    return await ctx.enter("announce.zh", en=check_text(text))


async def take_zh(ctx: Context, text: str) -> Replies:
    return await ctx.enter("announce.audience", zh=check_text(text))


async def ask_audience(ctx: Context) -> Replies:
    every = rows([Button(ctx.t("announce.everyone"), "announce:all")])
    return w.ask(ctx, "announce.ask_audience",
                 every + w.toggle_buttons(ctx, "cats", await _options(ctx), "announce"))


async def ask_confirm(ctx: Context) -> Replies:
    d = ctx.state.data
    names = dict(await _options(ctx))
    audience = markup.join(", ", [names[c] for c in d["cats"]]) or ctx.t("announce.everyone")
    # The operator's text is shown as typed, as it will be sent (announcements/compose.py).
    body = localized(ctx.lang, d["en"], d["zh"])
    preview = markup.join("\n\n", [ctx.t("announce.title"), body, ctx.t("card.warning")])
    return w.ask(ctx, "announce.ask_confirm", form_stamp.confirm_buttons(ctx, "announce", NEW),
                 preview=preview, audience=audience)


async def on_press(ctx: Context, rest: str) -> Replies:
    action, _, arg = rest.partition(":")
    if action == "t":
        ctx.expect("announce.audience")
        w.toggle(ctx, "cats", arg, [code for code, _ in await _options(ctx)])
        return [Reply(r.text, r.buttons, replace=True) for r in await ctx.reprompt()]
    if action in ("all", "done"):
        ctx.expect("announce.audience")
        if action == "all":
            ctx.state.data["cats"] = []
        elif not ctx.state.data["cats"]:
            return [Reply(ctx.t("follow.error.pick_category")), *await ctx.reprompt()]
        return await ctx.enter("announce.confirm")
    if action in (form_stamp.YES, form_stamp.NO):
        form_stamp.check(ctx, arg, NEW, "announce.confirm")
        return await send(ctx) if action == form_stamp.YES else _cancel(ctx)
    raise StaleButton()


async def send(ctx: Context) -> Replies:
    d = ctx.state.data
    row = await ctx.use(Announcements).submit(ctx.actor, {"en": d["en"], "zh": d["zh"]},
                                               d["cats"])
    ctx.clear()
    return Reply(ctx.t("announce.sent", number=row.id), replace=True)


def _cancel(ctx: Context) -> Reply:
    ctx.clear()
    return Reply(ctx.t("announce.cancelled"), replace=True)


async def ask_en(ctx: Context) -> Replies:
    return Reply(ctx.t("announce.ask_en"))


async def ask_zh(ctx: Context) -> Replies:
    return Reply(ctx.t("announce.ask_zh"))


async def recent(ctx: Context) -> Replies:
    """/announcements: the newest ones and their deliveries per channel."""
    views = await ctx.use(Announcements).recent(ctx.actor)
    if not views:
        return Reply(ctx.t("announce.none"))
    lines = [ctx.t("announce.recent_title")]
    for v in views:
        lines.append(ctx.t("announce.item", number=v.id, kind=ctx.t(f"announce.kind.{v.kind}"),
                           period=v.period[:16], at=v.at,
                           status=ctx.t(f"announce.status.{v.status}")))
        for channel, tally in sorted(v.counts.items()):
            counts = ", ".join(f"{ctx.t(f'announce.outcome.{k}')} "
                               f"{natural(ctx.lang, {'count': n})['count']}"
                               for k, n in sorted(tally.items()))
            lines.append(f"    {ctx.t(f'announce.channel.{channel}')}: {counts}")
    return Reply("\n".join(lines))


def register(router: Router) -> None:
    router.command("announce", start, help_key="help.cmd.announce", operator=True)
    router.command("announcements", recent, help_key="help.cmd.announcements", operator=True)
    router.button("announce", on_press)
    router.step(Step("announce.en", ask_en, text=take_en))
    router.step(Step("announce.zh", ask_zh, text=take_zh))
    router.step(Step("announce.audience", ask_audience))
    router.step(Step("announce.confirm", ask_confirm))
