"""/cases (operators): the open reports, oldest first; dismiss, or uphold with a sanction."""

from __future__ import annotations

from domain import markup
from domain import validation as v
from domain.models import SanctionKind, StoredFile
from domain.services.cases import Case, Cases, History, check_reason
from domain.services.files import Files
from domain.services.reports import ticket
from domain.services.sanctions import Order, Sanctions

from ..engine import form_stamp as stamped
from ..engine import widgets as w
from ..engine.context import Context
from ..engine.contract import Attachment, Button, Reply, rows
from ..engine.router import Replies, Router, Step
from .decision_queue import Queue

KINDS = {"w": SanctionKind.WARNING, "p": SanctionKind.POINTS, "s": SanctionKind.SUSPENSION,
         "x": SanctionKind.EXPULSION}
POINT_CHOICES = (3, 6, 12)
DAY_CHOICES = (7, 30, 90)


def file_lines(ctx: Context, files: list[StoredFile]) -> str:
    """Evidence as names, sizes and a SHA-256 prefix an operator can match against the store."""
    if not files:
        return ctx.t("cases.no_files")
    return markup.join("\n", [ctx.t("cases.file_line", name=f.name, kb=f"{f.size / 1024:.1f}",
                           sha=f.sha256[:12]) for f in files])


def attachments(ctx: Context, files: list[StoredFile]) -> tuple[Attachment, ...]:
    """The files themselves go with the card, so the operator opens what they decide on."""
    store = ctx.use(Files)
    return tuple(Attachment(f.name, str(store.path_of(f.sha256)), f.mime_type) for f in files)


def history_text(ctx: Context, history: History | None) -> str:
    """The provider's record on the case card: earlier sanctions, points, active bindings."""
    if history is None:
        return ""
    lines = [ctx.t("cases.history", status=ctx.t(f"provider_status.{history.status.value}"),
                   points=history.points, bindings=history.active_bindings)]
    for s in history.sanctions[:5]:
        lines.append(ctx.t("cases.history_sanction", sanction_id=s.id,
                           kind=ctx.t(f"sanction.kind.{s.kind.value}"), count=s.points,
                           date=s.created_at.date().isoformat(),
                           overturned=" " + ctx.t("record.overturned") if s.overturned_at else ""))
    if not history.sanctions:
        lines.append(ctx.t("cases.history_clean"))
    return "\n\n" + markup.join("\n", lines)


def card(ctx: Context, case: Case, next_id: int | None) -> Reply:
    r = case.report
    links = ctx.t("cases.links", links=markup.join("\n", r.links)) if r.links else ""
    text = ctx.t("cases.card", position=case.position, total=case.total, ticket=ticket(r.id),
                 date=r.created_at.date().isoformat(), company=case.company,
                 violation=ctx.t(f"cases.violation.{r.violation.value}"),
                 description=r.description, links=links, files=file_lines(ctx, case.evidence))
    text += history_text(ctx, case.history)
    act = f"cases:act:{r.id}"
    return Reply(text, attachments=attachments(ctx, case.evidence), buttons=rows(
        [Button(ctx.t("cases.dismiss"), f"{act}:d"), Button(ctx.t("cases.warning"), f"{act}:w")],
        [Button(ctx.t("cases.ask_evidence"), f"{act}:e")],
        [Button(ctx.t("cases.points"), f"{act}:p"), Button(ctx.t("cases.suspend"), f"{act}:s"),
         Button(ctx.t("cases.expel"), f"{act}:x")],
        QUEUE.next_button(ctx, next_id)))


def _first_step(code: str) -> str | None:
    if code not in ("d", "e") and code not in KINDS:
        return None
    return {"p": "cases.points", "s": "cases.days"}.get(code, "cases.reason")


QUEUE = Queue("cases", "cases.empty", Cases, card, "report", _first_step)


async def on_press(ctx: Context, rest: str) -> Replies:
    ctx.actor.require_operator()  # the services check again; this answers forgers plainly
    action, _, arg = rest.partition(":")
    if action == "pts":
        ctx.expect("cases.points")
        return await take_points(ctx, arg)
    if action == "days":
        ctx.expect("cases.days")
        return await take_days(ctx, arg)
    return await QUEUE.press(ctx, action, arg, lambda: decide(ctx))


def _order(ctx: Context) -> Order:
    d = ctx.state.data
    return Order(KINDS[d["act"]], d.get("points", 0), d.get("days"))


async def take_points(ctx: Context, text: str) -> Replies:
    points = v.whole_number(text, "sanction_points", maximum=10_000)
    Order(SanctionKind.POINTS, points).checked()
    return await ctx.enter("cases.reason", points=points)


async def take_days(ctx: Context, text: str) -> Replies:
    days = v.whole_number(text, "suspension_days", maximum=10_000)
    Order(SanctionKind.SUSPENSION, days=days).checked()
    return await ctx.enter("cases.reason", days=days)


async def take_reason(ctx: Context, text: str) -> Replies:
    return await ctx.enter("cases.confirm", reason=check_reason(text))


def outcome(ctx: Context) -> str:
    d = ctx.state.data
    if d["act"] == "d":
        return ctx.t("cases.outcome_dismiss")
    if d["act"] == "e":
        return ctx.t("cases.outcome_evidence")
    return ctx.t(f"cases.outcome_{d['act']}",
                 count=d.get("days") if d["act"] == "s" else d.get("points"))


async def ladder(ctx: Context) -> str:
    """What the ladder will do, said before confirming: "brings the provider to 24 points:
    suspended for 30 days"."""
    d = ctx.state.data
    if d["act"] != "p":
        return ""
    report = (await ctx.use(Cases).case(ctx.actor, d["report"])).report
    standing = await ctx.use(Sanctions).preview(ctx.actor, report.provider_id, _order(ctx))
    effect = standing.effects[0]
    if effect.expelled:
        step = ctx.t("cases.ladder_expelled")
    elif effect.suspended_until is not None:
        days = (effect.suspended_until - ctx.now()).days
        step = ctx.t("cases.ladder_suspended", count=days,
                     until=effect.suspended_until.date().isoformat())
    else:
        step = ctx.t("cases.ladder_nothing")
    return "\n" + ctx.t("cases.ladder", count=standing.points, step=step)


async def ask_confirm(ctx: Context) -> Replies:
    d = ctx.state.data
    return w.ask(ctx, "cases.ask_confirm", stamped.confirm_buttons(ctx, "cases", d["report"]),
                 ticket=ticket(d["report"]), outcome=outcome(ctx) + await ladder(ctx),
                 reason=d["reason"])


async def decide(ctx: Context) -> Reply:
    d, cases = ctx.state.data, ctx.use(Cases)
    if d["act"] == "d":
        await cases.dismiss(ctx.actor, d["report"], d["reason"])
        return Reply(ctx.t("cases.dismissed", ticket=ticket(d["report"])))
    if d["act"] == "e":
        await cases.ask_evidence(ctx.actor, d["report"], d["reason"])
        return Reply(ctx.t("cases.evidence_asked", ticket=ticket(d["report"])))
    up = await cases.uphold(ctx.actor, d["report"], _order(ctx), d["reason"])
    return Reply(ctx.t("cases.upheld", ticket=ticket(d["report"]), sanction_id=up.sanction.id,
                       outcome=outcome(ctx), count=up.points_held))


def _ask(key: str, prefix: str, choices: tuple[int, ...]):  # noqa: ANN202
    async def prompt(ctx: Context) -> Replies:
        buttons = [Button(str(n), f"cases:{prefix}:{n}") for n in choices]
        return w.ask(ctx, key, rows(buttons), ticket=ticket(ctx.state.data["report"]))
    return prompt


async def ask_reason(ctx: Context) -> Replies:
    d = ctx.state.data
    heard_by = "cases.heard_by_reporter" if d["act"] in ("d", "e") else "cases.heard_by_both"
    return w.ask(ctx, "cases.ask_reason", ticket=ticket(d["report"]), outcome=outcome(ctx),
                 heard_by=ctx.t(heard_by))


def register(router: Router) -> None:
    router.command("cases", QUEUE.first, help_key="help.cmd.cases", operator=True)
    router.button("cases", on_press)
    router.step(Step("cases.points", _ask("cases.ask_points", "pts", POINT_CHOICES),
                     text=take_points))
    router.step(Step("cases.days", _ask("cases.ask_days", "days", DAY_CHOICES), text=take_days))
    router.step(Step("cases.reason", ask_reason, text=take_reason))
    router.step(Step("cases.confirm", ask_confirm))
