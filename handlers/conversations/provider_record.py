"""/provider NAME-OR-ID (operators): a provider's whole record on one screen."""

from __future__ import annotations

from dataclasses import dataclass

from domain import markup
from domain.services.provider_record import ProviderRecords, Record

from ..engine.context import Context
from ..engine.contract import Reply
from ..engine.presses import Id, Press
from ..engine.router import Replies, Router
from ..engine.wording import shorten
from . import application_text as txt
from .request_binding import separator


class RecordPress(Press, prefix="prov"):
    """The buttons of /provider: one per provider found."""


@dataclass(frozen=True)
class Show(RecordPress, tag="show"):
    provider_id: Id


async def lookup(ctx: Context) -> Replies:
    query = ctx.incoming.command.args if ctx.incoming.command else ""
    ctx.actor.require_operator()
    if not query.strip():
        return Reply(ctx.t("record.usage"))
    service = ctx.use(ProviderRecords)
    found = await service.find(ctx.actor, query)
    if not found:
        return Reply(ctx.t("record.none", query=query[:60]))
    if len(found) == 1:
        return describe(ctx, await service.record(ctx.actor, found[0].id))
    buttons = tuple((Show(p.id).button(f"#{p.id} {p.company_name}"[:60]),) for p in found)
    return Reply(ctx.t("record.several", count=len(found)), buttons)


async def on_press(ctx: Context, press: RecordPress) -> Replies:
    assert isinstance(press, Show)
    return describe(ctx, await ctx.use(ProviderRecords).record(ctx.actor, press.provider_id))


def _certifications(ctx: Context, record: Record) -> str:
    lines = []
    for cert, cat in record.certifications:
        state = ctx.t("record.revoked") if cert.revoked_at else ctx.t(
            "record.expired" if cert.expires_at <= record.now else "record.active")
        lines.append(ctx.t("record.certification", category=txt.category_name(ctx.t, cat),
                           granted=cert.granted_at.date().isoformat(),
                           expires=cert.expires_at.date().isoformat(), state=state))
    return markup.join("\n", lines) or "—"


def _sanctions(ctx: Context, record: Record) -> str:
    lines = []
    for sanction, appeal in record.sanctions:
        line = ctx.t("record.sanction", id=sanction.id, kind=ctx.t(
            f"record.kind.{sanction.kind.value}"), count=sanction.points,
            date=sanction.created_at.date().isoformat(), reason=sanction.reason)
        if sanction.overturned_at:
            line += " " + ctx.t("record.overturned")
        if appeal is not None:
            line += "\n   " + ctx.t("record.appeal", status=ctx.t(
                f"record.appeal_status.{appeal.status.value}"), text=shorten(appeal.text, 200))
        lines.append(line)
    return markup.join("\n", lines) or "—"


def describe(ctx: Context, record: Record) -> Reply:
    p = record.provider
    until = p.suspended_until.date().isoformat() if p.suspended_until else "—"
    terminated = ctx.t("record.bindings_terminated", count=record.bindings_terminated) \
        if record.bindings_terminated else ""
    return Reply(ctx.t(
        "record.provider", id=p.id, company=p.company_name, email=p.contact_email,
        status=ctx.t(f"provider_status.{p.status.value}"), until=until,
        points=p.violation_points, members=record.members,
        registered=p.created_at.date().isoformat(),
        markets=markup.join(separator(ctx.lang), [ctx.t(f"market.{m}") for m in p.markets]) or "—",
        certifications=_certifications(ctx, record), active=record.bindings_active,
        total=record.bindings_total, terminated=terminated,
        sanctions=_sanctions(ctx, record)))


def register(router: Router) -> None:
    router.command("provider", lookup, help_key="help.cmd.provider", operator=True)
    router.press(RecordPress, on_press)
