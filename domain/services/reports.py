"""Filing a report of a violation, and a merchant's list of their reports.

The reporter stays anonymous: filing tells nobody (operators see the queue in /cases), and
nothing here ever names the merchant to the provider. Deciding reports is cases.py's job.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import func, select, update

from .. import validation as v
from ..actor import Actor
from ..adapters.db import rowcount
from ..adapters.uow import UnitOfWork
from ..errors import Conflict, InvalidInput, NotAllowed, NotFound
from ..models import Provider, Report, ReportStatus, Sanction, StoredFile, ViolationType
from .files import Files

MAX_EVIDENCE = 5
MAX_LINK = 500


def ticket(report_id: int) -> str:
    return f"R-{report_id:06d}"


def check_description(value: str) -> str:
    return v.text(value, "report_description", minimum=20, maximum=2000)


def _is_link(link: str) -> bool:
    parts = urlsplit(link)
    return parts.scheme in ("http", "https") and "." in parts.netloc and len(link) <= MAX_LINK


def check_links(text: str) -> list[str]:
    """One or more http(s) links separated by spaces or lines."""
    links = text.split()
    for link in links:
        if not _is_link(link):
            raise InvalidInput("error.report_bad_link", value=link[:60])
    if not links:
        raise InvalidInput("error.report_bad_link", value=text[:60])
    return links


def sort_links(text: str) -> tuple[list[str], list[str]]:
    """The valid links of a message and the words that are not links, so one bad link does
    not cost the good ones; nothing valid at all is refused as before."""
    words = text.split()
    valid = [w for w in words if _is_link(w)]
    if not valid:
        check_links(text)
    return valid, [w[:60] for w in words if not _is_link(w)]


@dataclass(frozen=True)
class ReportForm:
    provider_id: int
    violation: str
    description: str
    file_ids: list[int] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ReportView:
    id: int
    ticket: str
    company_name: str
    violation: ViolationType
    status: ReportStatus
    created_at: datetime
    decision_reason: str | None
    overturned: bool = False  # upheld, but the sanction was overturned on appeal


class Reports:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def find_providers(self, actor: Actor, text: str, limit: int = 5) -> list[Provider]:
        """Providers whose company name contains the text (any status: all can be reported)."""
        actor.require_merchant()
        needle = v.text(text, "company_name", minimum=2, maximum=80).lower()
        return list((await self.uow.session.scalars(
            select(Provider).where(func.lower(Provider.company_name).contains(needle))
            .order_by(Provider.company_name).limit(limit))).all())

    async def target(self, actor: Actor, provider_id: int) -> Provider:
        """Refuse early (before the form is filled) what filing would refuse."""
        merchant_id = actor.require_merchant()
        provider = await self.uow.session.get(Provider, provider_id)
        if provider is None:
            raise NotFound("error.report_no_provider")
        await self._check_limits(merchant_id, provider)
        return provider

    async def add_file(self, actor: Actor, count_so_far: int, name: str, mime_type: str,
                       size: int, fetch: Callable[[], Awaitable[bytes]],
                       already: Sequence[int] = ()) -> StoredFile:
        """One piece of evidence; `already`: the files sent so far (the same file counts once)."""
        actor.require_merchant()
        if count_so_far >= MAX_EVIDENCE:
            raise InvalidInput("error.report_too_much_evidence", maximum=MAX_EVIDENCE)
        return await Files(self.uow).store(actor, name, mime_type, size, fetch, already=already)

    def add_links(self, actor: Actor, count_so_far: int, text: str
                  ) -> tuple[list[str], list[str]]:
        """The links kept, and the words that were not links (named back to the user)."""
        actor.require_merchant()
        links, invalid = sort_links(text)
        if count_so_far + len(links) > MAX_EVIDENCE:
            raise InvalidInput("error.report_too_much_evidence", maximum=MAX_EVIDENCE)
        return links, invalid

    async def check_quota(self, actor: Actor) -> None:
        """Before anything is typed: a merchant at the day's limit is told when the next
        report is possible."""
        await self._check_quota(actor.require_merchant())

    async def file(self, actor: Actor, form: ReportForm) -> Report:
        provider = await self.target(actor, form.provider_id)
        if form.violation not in {t.value for t in ViolationType}:
            raise InvalidInput("error.report_bad_type")
        links = check_links(" ".join(form.links)) if form.links else []
        if not form.file_ids and not links:
            raise InvalidInput("error.report_no_evidence")
        if len(form.file_ids) + len(links) > MAX_EVIDENCE:
            raise InvalidInput("error.report_too_much_evidence", maximum=MAX_EVIDENCE)
        report = Report(merchant_id=actor.merchant_id, reporter_account_id=actor.account_id,
                        provider_id=provider.id, violation=ViolationType(form.violation),
                        description=check_description(form.description), links=links,
                        status=ReportStatus.OPEN, created_at=self.uow.now())
        self.uow.session.add(report)
        await self.uow.session.flush()
        if form.file_ids:
            await Files(self.uow).attach(form.file_ids, actor, f"report:{report.id}")
        self.uow.audit(actor, "report.filed", f"report:{report.id}",
                       provider_id=provider.id, violation=form.violation)
        return report

    async def waiting_for_evidence(self, actor: Actor, report_id: int) -> Report:
        """The merchant's own report that an operator asked more evidence for."""
        merchant_id = actor.require_merchant()
        report = await self.uow.session.get(Report, report_id)
        if report is None or report.merchant_id != merchant_id:
            raise NotFound("error.report_not_found")
        if report.status is not ReportStatus.NEEDS_EVIDENCE:
            raise Conflict("error.report_not_waiting", ticket=ticket(report.id))
        return report

    async def add_evidence(self, actor: Actor, report_id: int, file_ids: list[int],
                           links: list[str]) -> Report:
        """Add evidence to the same report and put it back in the operators' queue, once:
        the conditional UPDATE refuses a second send of the same form."""
        report = await self.waiting_for_evidence(actor, report_id)
        links = check_links(" ".join(links)) if links else []
        if not file_ids and not links:
            raise InvalidInput("error.report_no_evidence")
        if len(file_ids) + len(links) > MAX_EVIDENCE:
            raise InvalidInput("error.report_too_much_evidence", maximum=MAX_EVIDENCE)
        done = await self.uow.session.execute(
            update(Report).where(Report.id == report.id,
                                 Report.status == ReportStatus.NEEDS_EVIDENCE)
            .values(status=ReportStatus.OPEN, links=[*report.links, *links],
                    decided_by=None, decided_at=None, version=Report.version + 1)
            .execution_options(synchronize_session=False))
        if rowcount(done) != 1:
            raise Conflict("error.report_not_waiting", ticket=ticket(report.id))
        if file_ids:
            await Files(self.uow).attach(file_ids, actor, f"report:{report.id}")
        self.uow.audit(actor, "report.evidence_added", f"report:{report.id}", None,
                       files=len(file_ids), links=len(links))
        return report

    async def mine(self, actor: Actor, limit: int = 20) -> list[ReportView]:
        merchant_id = actor.require_merchant()
        rows = (await self.uow.session.execute(
            select(Report, Provider.company_name, Sanction.overturned_at)
            .join(Provider, Provider.id == Report.provider_id)
            .outerjoin(Sanction, Sanction.report_id == Report.id)
            .where(Report.merchant_id == merchant_id)
            .order_by(Report.id.desc()).limit(limit))).all()
        return [ReportView(r.id, ticket(r.id), name, r.violation, r.status, r.created_at,
                           r.decision_reason, overturned is not None)
                for r, name, overturned in rows]

    async def _check_quota(self, merchant_id: int) -> None:
        since = self.uow.now() - timedelta(days=1)
        recent = list(await self.uow.session.scalars(select(Report.created_at).where(
            Report.merchant_id == merchant_id, Report.created_at > since)
            .order_by(Report.created_at.desc())))
        limit = self.uow.rules.reports_per_day
        if len(recent) >= limit:
            # The oldest report that still counts leaves the rolling window first.
            nxt = recent[limit - 1] + timedelta(days=1)
            raise NotAllowed("error.report_daily_limit", count=limit,
                             next=nxt.strftime("%Y-%m-%d %H:%M UTC"))

    async def _check_limits(self, merchant_id: int, provider: Provider) -> None:
        """A rolling day's quota per merchant, and one open report per provider."""
        await self._check_quota(merchant_id)
        open_id = await self.uow.session.scalar(select(Report.id).where(
            Report.merchant_id == merchant_id, Report.provider_id == provider.id,
            Report.status.in_((ReportStatus.OPEN, ReportStatus.NEEDS_EVIDENCE))))
        if open_id is not None:
            raise Conflict("error.report_duplicate", ticket=ticket(open_id),
                           company=provider.company_name)
