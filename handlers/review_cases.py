"""/cases (operators): the open reports, oldest first; dismiss, or uphold with a sanction."""

from __future__ import annotations

from domain import validation as v
from domain.models import SanctionKind, StoredFile
from domain.services.cases import Case, Cases, check_reason
from domain.services.sanctions import Order

from . import widgets as w
from .context import Context, StaleButton
from .contract import Button, Reply, rows
from .router import Replies, Router, Step, as_list

KINDS = {"w": SanctionKind.WARNING, "p": SanctionKind.POINTS, "s": SanctionKind.SUSPENSION,
         "x": SanctionKind.EXPULSION}
POINT_CHOICES = (3, 6, 12)
DAY_CHOICES = (7, 30, 90)


def file_lines(ctx: Context, files: list[StoredFile]) -> str:
    """Evidence as names, sizes and a SHA-256 prefix an operator can match against the store."""
    if not files:
        return ctx.t("cases.no_files")
    return "\n".join(ctx.t("cases.file_line", name=f.name, kb=f"{f.size / 1024:.1f}",
                           sha=f.sha256[:12]) for f in files)


def card(ctx: Context, case: Case, next_id: int | None) -> Reply:
    r = case.report
    text = ctx.t("cases.card", position=case.position, total=case.total, report_id=r.id,
                 date=r.created_at.date().isoformat(), company=case.company,
                 violation=ctx.t(f"cases.violation.{r.violation.value}"),
                 description=r.description, links="\n".join(r.links) or "—",
                 files=file_lines(ctx, case.evidence))
    act = f"cases:act:{r.id}"
    return Reply(text, rows(
        [Button(ctx.t("cases.dismiss"), f"{act}:d"), Button(ctx.t("cases.warning"), f"{act}:w")],
        [Button(ctx.t("cases.points"), f"{act}:p"), Button(ctx.t("cases.suspend"), f"{act}:s"),
         Button(ctx.t("cases.expel"), f"{act}:x")],
        [Button(ctx.t("common.next"), f"cases:open:{next_id}")] if next_id else []))


async def show_case(ctx: Context, report_id: int | None = None) -> Replies:
    cases = ctx.use(Cases)
    queue = await cases.queue(ctx.actor)
    if not queue:
        return Reply(ctx.t("cases.empty"))
    report_id = report_id if report_id is not None else queue[0]
    case = await cases.case(ctx.actor, report_id)
    later = queue[queue.index(report_id) + 1:]
    return card(ctx, case, later[0] if later else None)


async def list_cases(ctx: Context) -> Replies:
    return await show_case(ctx)


async def on_press(ctx: Context, rest: str) -> Replies:
    ctx.actor.require_operator()  # the services check again; this answers forgers plainly
    action, _, arg = rest.partition(":")
    if action == "open":
        return await show_case(ctx, int(arg))
    if action == "act":
        report_id, _, code = arg.partition(":")
        if code != "d" and code not in KINDS:
            raise StaleButton()
        await ctx.use(Cases).case(ctx.actor, int(report_id))
        nxt = {"p": "cases.points", "s": "cases.days"}.get(code, "cases.reason")
        ctx.clear()
        return await ctx.enter(nxt, report=int(report_id), act=code)
    if action == "pts":
        ctx.expect("cases.points")
        return await take_points(ctx, arg)
    if action == "days":
        ctx.expect("cases.days")
        return await take_days(ctx, arg)
    if action in ("yes", "no"):
        ctx.expect("cases.confirm")
        return await decide(ctx) if action == "yes" else _cancel(ctx)
    raise StaleButton()


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
    return ctx.t(f"cases.outcome_{d['act']}", points=d.get("points"), days=d.get("days"))


async def ask_confirm(ctx: Context) -> Replies:
    d = ctx.state.data
    return w.ask(ctx, "cases.ask_confirm", w.confirm_buttons(ctx, "cases"),
                 report_id=d["report"], outcome=outcome(ctx), reason=d["reason"])


async def decide(ctx: Context) -> Replies:
    d, cases = ctx.state.data, ctx.use(Cases)
    if d["act"] == "d":
        await cases.dismiss(ctx.actor, d["report"], d["reason"])
        done = Reply(ctx.t("cases.dismissed", report_id=d["report"]))
    else:
        up = await cases.uphold(ctx.actor, d["report"], _order(ctx), d["reason"])
        done = Reply(ctx.t("cases.upheld", report_id=d["report"], sanction_id=up.sanction.id,
                           outcome=outcome(ctx), points=up.points_held))
    ctx.clear()
    return [done, *as_list(await show_case(ctx))]


def _cancel(ctx: Context) -> Replies:
    ctx.clear()
    return Reply(ctx.t("cases.cancelled"))


def _ask(key: str, prefix: str, choices: tuple[int, ...]):  # noqa: ANN202
    async def prompt(ctx: Context) -> Replies:
        buttons = [Button(str(n), f"cases:{prefix}:{n}") for n in choices]
        return w.ask(ctx, key, rows(buttons), report_id=ctx.state.data["report"])
    return prompt


async def ask_reason(ctx: Context) -> Replies:
    return w.ask(ctx, "cases.ask_reason", report_id=ctx.state.data["report"],
                 outcome=outcome(ctx))


def register(router: Router) -> None:
    router.command("cases", list_cases, help_key="help.cmd.cases", operator=True)
    router.button("cases", on_press)
    router.step(Step("cases.points", _ask("cases.ask_points", "pts", POINT_CHOICES),
                     text=take_points))
    router.step(Step("cases.days", _ask("cases.ask_days", "days", DAY_CHOICES), text=take_days))
    router.step(Step("cases.reason", ask_reason, text=take_reason))
    router.step(Step("cases.confirm", ask_confirm))
