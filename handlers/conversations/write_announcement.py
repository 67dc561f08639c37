"""/announce: an operator writes an ad-hoc announcement (English and Chinese), chooses the
audience (all followers or some categories), sees a preview, and sends it on Confirm.

The Announcements service re-checks that the sender is an operator and the texts' limits;
the preview is what followers will read in the operator's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain import markup
from domain.names import localized
from domain.services.announcements import Announcements, check_text

from ..engine import form_stamp
from ..engine import widgets as w
from ..engine.context import Context
from ..engine.contract import Reply, rows
from ..engine.i18n import natural
from ..engine.presses import Press
from ..engine.router import Replies, Router, Step
from ..engine.steps import Steps, step
from .follow_announcements import category_options as _options

NEW = 0  # the announcement has no id until it is sent: the form's nonce stamps Confirm


class AnnounceStep(Steps, prefix="announce"):
    en = step()
    zh = step()
    audience = step()
    confirm = step()


@dataclass
class AnnounceForm:
    en: str = ""
    zh: str = ""
    cats: list[str] = field(default_factory=list)  # none: every follower


class AnnouncePress(Press, prefix="announce"):
    """The buttons of /announce."""


@dataclass(frozen=True)
class Toggle(AnnouncePress, tag="t"):
    code: str


@dataclass(frozen=True)
class Everyone(AnnouncePress, tag="all"):
    pass


@dataclass(frozen=True)
class Done(AnnouncePress, tag="done"):
    pass


@dataclass(frozen=True)
class Yes(AnnouncePress, tag="yes"):
    object_id: int  # NEW: the stamp is the form's nonce
    nonce: str


@dataclass(frozen=True)
class No(AnnouncePress, tag="no"):
    object_id: int
    nonce: str


async def start(ctx: Context) -> Replies:
    ctx.actor.require_operator()
    return await ctx.start(AnnounceForm(), AnnounceStep.en)


async def take_en(ctx: Context, text: str) -> Replies:
    ctx.form(AnnounceForm).en = check_text(text)
    return await ctx.enter(AnnounceStep.zh)


async def take_zh(ctx: Context, text: str) -> Replies:
    ctx.form(AnnounceForm).zh = check_text(text)
    return await ctx.enter(AnnounceStep.audience)


async def ask_audience(ctx: Context) -> Replies:
    every = rows([Everyone().button(ctx.t("announce.everyone"))])
    toggles = w.toggles(ctx, ctx.form(AnnounceForm).cats, await _options(ctx), Toggle, Done())
    return w.ask(ctx, "announce.ask_audience", every + toggles)


async def ask_confirm(ctx: Context) -> Replies:
    form = ctx.form(AnnounceForm)
    names = dict(await _options(ctx))
    audience = markup.join(", ", [names[c] for c in form.cats]) or ctx.t("announce.everyone")
    # The operator's text is shown as typed, as it will be sent (announcements/compose.py).
    body = localized(ctx.lang, form.en, form.zh)
    preview = markup.join("\n\n", [ctx.t("announce.title"), body, ctx.t("card.warning")])
    return w.ask(ctx, "announce.ask_confirm", form_stamp.confirm_row(ctx, Yes, No, NEW),
                 preview=preview, audience=audience)


async def on_press(ctx: Context, press: AnnouncePress) -> Replies:
    if isinstance(press, Yes | No):
        form_stamp.verify(ctx, press, NEW, AnnounceStep.confirm)
        return await send(ctx) if isinstance(press, Yes) else _cancel(ctx)
    ctx.expect(AnnounceStep.audience)
    form = ctx.form(AnnounceForm)
    if isinstance(press, Toggle):
        form.cats = w.flip(form.cats, press.code, [code for code, _ in await _options(ctx)])
        return [Reply(r.text, r.buttons, replace=True) for r in await ctx.reprompt()]
    if isinstance(press, Everyone):
        form.cats = []
    elif not form.cats:
        return [Reply(ctx.t("follow.error.pick_category")), *await ctx.reprompt()]
    return await ctx.enter(AnnounceStep.confirm)


async def send(ctx: Context) -> Replies:
    form = ctx.form(AnnounceForm)
    row = await ctx.use(Announcements).submit(ctx.actor, {"en": form.en, "zh": form.zh},
                                               form.cats)
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
    router.press(AnnouncePress, on_press)
    router.step(Step(AnnounceStep.en, ask_en, text=take_en))
    router.step(Step(AnnounceStep.zh, ask_zh, text=take_zh))
    router.step(Step(AnnounceStep.audience, ask_audience))
    router.step(Step(AnnounceStep.confirm, ask_confirm))
