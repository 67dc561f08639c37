"""/cases (operators): the open reports, oldest first; dismiss, or uphold with a sanction."""

from __future__ import annotations

from dataclasses import dataclass

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
from ..engine.contract import Attachment, Reply, rows
from ..engine.presses import Press
from ..engine.router import Replies, Router, Step
from ..engine.steps import StepName, Steps, step
from .decision_queue import ActOnItem, DecideItem, OpenItem, Queue

KINDS = {"w": SanctionKind.WARNING, "p": SanctionKind.POINTS, "s": SanctionKind.SUSPENSION,
         "x": SanctionKind.EXPULSION}
POINT_CHOICES = (3, 6, 12)
DAY_CHOICES = (7, 30, 90)


class CaseStep(Steps, prefix="cases"):
    points = step()
    days = step()
    reason = step()
    confirm = step()


@dataclass
class CaseForm:
    report: int
    act: str  # d(ismiss), e(vidence), or a sanction kind's code in KINDS
    points: int = 0
    days: int | None = None
    reason: str = ""

    @property
    def item_id(self) -> int:
        return self.report


class CasePress(Press, prefix="cases"):
    """The buttons of /cases."""


@dataclass(frozen=True)
class Open(OpenItem, CasePress, tag="open"):
    pass


@dataclass(frozen=True)
class Act(ActOnItem, CasePress, tag="act"):
    pass


@dataclass(frozen=True)
class Yes(DecideItem, CasePress, tag="yes"):
    pass


@dataclass(frozen=True)
class No(DecideItem, CasePress, tag="no"):
    pass


@dataclass(frozen=True)
class Points(CasePress, tag="pts"):
    points: int


@dataclass(frozen=True)
class Days(CasePress, tag="days"):
    days: int


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
    act = QUEUE.act_button
    return Reply(text, attachments=attachments(ctx, case.evidence), buttons=rows(
        [act(ctx.t("cases.dismiss"), r.id, "d"), act(ctx.t("cases.warning"), r.id, "w")],
        [act(ctx.t("cases.ask_evidence"), r.id, "e")],
        [act(ctx.t("cases.points"), r.id, "p"), act(ctx.t("cases.suspend"), r.id, "s"),
         act(ctx.t("cases.expel"), r.id, "x")],
        QUEUE.next_button(ctx, next_id)))


def _first_step(code: str) -> StepName | None:
    if code not in ("d", "e") and code not in KINDS:
        return None
    return {"p": CaseStep.points, "s": CaseStep.days}.get(code, CaseStep.reason)


QUEUE = Queue("cases.empty", Cases, card, Open, Act, Yes, No, CaseForm, _first_step,
              CaseStep.confirm, "cases.cancelled")


async def on_press(ctx: Context, press: CasePress) -> Replies:
    # A number the button offered goes the way a typed one does (same checks, same answers).
    if isinstance(press, Points):
        ctx.expect(CaseStep.points)
        return await take_points(ctx, str(press.points))
    if isinstance(press, Days):
        ctx.expect(CaseStep.days)
        return await take_days(ctx, str(press.days))
    return await QUEUE.press(ctx, press, lambda: decide(ctx))


def _order(form: CaseForm) -> Order:
    return Order(KINDS[form.act], form.points, form.days)


async def take_points(ctx: Context, text: str) -> Replies:
    points = v.whole_number(text, "sanction_points", maximum=10_000)
    Order(SanctionKind.POINTS, points).checked()
    ctx.form(CaseForm).points = points
    return await ctx.enter(CaseStep.reason)


async def take_days(ctx: Context, text: str) -> Replies:
    days = v.whole_number(text, "suspension_days", maximum=10_000)
    Order(SanctionKind.SUSPENSION, days=days).checked()
    ctx.form(CaseForm).days = days
    return await ctx.enter(CaseStep.reason)


async def take_reason(ctx: Context, text: str) -> Replies:
    ctx.form(CaseForm).reason = check_reason(text)
    return await ctx.enter(CaseStep.confirm)


def outcome(ctx: Context) -> str:
    form = ctx.form(CaseForm)
    if form.act == "d":
        return ctx.t("cases.outcome_dismiss")
    if form.act == "e":
        return ctx.t("cases.outcome_evidence")
    return ctx.t(f"cases.outcome_{form.act}",
                 count=form.days if form.act == "s" else form.points)


async def ladder(ctx: Context) -> str:
    """What the ladder will do, said before confirming: "brings the provider to 24 points:
    suspended for 30 days"."""
    form = ctx.form(CaseForm)
    if form.act != "p":
        return ""
    report = (await ctx.use(Cases).case(ctx.actor, form.report)).report
    standing = await ctx.use(Sanctions).preview(ctx.actor, report.provider_id, _order(form))
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
    form = ctx.form(CaseForm)
    return w.ask(ctx, "cases.ask_confirm", stamped.confirm_row(ctx, Yes, No, form.report),
                 ticket=ticket(form.report), outcome=outcome(ctx) + await ladder(ctx),
                 reason=form.reason)


async def decide(ctx: Context) -> Reply:
    form, cases = ctx.form(CaseForm), ctx.use(Cases)
    if form.act == "d":
        await cases.dismiss(ctx.actor, form.report, form.reason)
        return Reply(ctx.t("cases.dismissed", ticket=ticket(form.report)))
    if form.act == "e":
        await cases.ask_evidence(ctx.actor, form.report, form.reason)
        return Reply(ctx.t("cases.evidence_asked", ticket=ticket(form.report)))
    up = await cases.uphold(ctx.actor, form.report, _order(form), form.reason)
    return Reply(ctx.t("cases.upheld", ticket=ticket(form.report), sanction_id=up.sanction.id,
                       outcome=outcome(ctx), count=up.points_held))


async def ask_points(ctx: Context) -> Replies:
    buttons = [Points(n).button(str(n)) for n in POINT_CHOICES]
    return w.ask(ctx, "cases.ask_points", rows(buttons), ticket=ticket(ctx.form(CaseForm).report))


async def ask_days(ctx: Context) -> Replies:
    buttons = [Days(n).button(str(n)) for n in DAY_CHOICES]
    return w.ask(ctx, "cases.ask_days", rows(buttons), ticket=ticket(ctx.form(CaseForm).report))


async def ask_reason(ctx: Context) -> Replies:
    form = ctx.form(CaseForm)
    heard_by = "cases.heard_by_reporter" if form.act in ("d", "e") else "cases.heard_by_both"
    return w.ask(ctx, "cases.ask_reason", ticket=ticket(form.report), outcome=outcome(ctx),
                 heard_by=ctx.t(heard_by))


def register(router: Router) -> None:
    router.command("cases", QUEUE.first, help_key="help.cmd.cases", operator=True)
    router.press(CasePress, on_press, operator=True)
    router.step(Step(CaseStep.points, ask_points, text=take_points))
    router.step(Step(CaseStep.days, ask_days, text=take_days))
    router.step(Step(CaseStep.reason, ask_reason, text=take_reason))
    router.step(Step(CaseStep.confirm, ask_confirm))
