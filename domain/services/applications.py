"""A provider applies for certification in a category: thresholds checked at once.

Below a category's thresholds the application is rejected on the spot, with the
thresholds recorded; otherwise it waits for an operator (see application_review.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select, update

from .. import validation as v
from ..actor import SYSTEM, Actor
from ..adapters.db import rowcount
from ..adapters.uow import UnitOfWork
from ..errors import Conflict, InvalidInput, NotFound
from ..models import (
    Application,
    ApplicationStatus,
    Category,
    Certification,
    Provider,
    StoredFile,
)
from ..standing import require_available
from .files import Files

OPEN = (ApplicationStatus.IN_REVIEW, ApplicationStatus.NEEDS_INFO)
MAX_DOCUMENTS = 10
THRESHOLDS = {"min_gmv_usd": "min_gmv_usd", "min_merchants": "min_merchants"}
BELOW = "below:"  # decision_reason prefix of an automatic rejection: "below:min_gmv_usd=500000"


def number(application_id: int) -> str:
    """The number a provider and an operator quote: A-000042."""
    return f"A-{application_id:06d}"


def check_gmv(value: str) -> int:
    return v.whole_number(value, "gmv_usd")


def check_merchants(value: str) -> int:
    return v.whole_number(value, "merchants_served", maximum=1_000_000)


def check_note(value: str) -> str:
    return v.text(value, "application_note", minimum=1, maximum=1000)


def shortfalls(application: Application) -> dict[str, int]:
    """The thresholds an automatically rejected application missed, as recorded then."""
    reason = application.decision_reason or ""
    if application.status is not ApplicationStatus.AUTO_REJECTED or not reason.startswith(BELOW):
        return {}
    pairs = (item.partition("=") for item in reason[len(BELOW):].split(";") if item)
    return {key: int(value) for key, _, value in pairs}


@dataclass(frozen=True)
class ApplicationForm:
    category_code: str
    gmv_usd: int
    merchants_served: int
    file_ids: list[int]
    note: str = ""


@dataclass(frozen=True)
class Upload:
    name: str
    mime_type: str
    size: int
    fetch: Callable[[], Awaitable[bytes]]


class Applications:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def categories(self, actor: Actor) -> list[Category]:
        """What /apply offers; a suspended or expelled provider is refused before the form."""
        await self._require_available(actor.require_provider())
        return list((await self.uow.session.scalars(
            select(Category).where(Category.retired.is_(False))
            .order_by(Category.position))).all())

    async def category(self, actor: Actor, code: str) -> Category:
        """The category to apply for, refused if already certified or already applied."""
        provider_id = actor.require_provider()
        category = await self.uow.session.scalar(
            select(Category).where(Category.code == code, Category.retired.is_(False)))
        if category is None:
            raise NotFound("error.apply_no_category")
        await self._check_can_apply(provider_id, category)
        return category

    async def below(self, actor: Actor, code: str, threshold: str, claimed: int) -> int | None:
        """The category's minimum for `threshold` ("min_gmv_usd", "min_merchants") when
        `claimed` misses it, so a form can say no before any document is uploaded."""
        category = await self.category(actor, code)
        minimum = int(getattr(category, THRESHOLDS[threshold]))
        return minimum if claimed < minimum else None

    async def _check_can_apply(self, provider_id: int, category: Category) -> None:
        """Not while certified, except in the renewal window before the certification ends;
        not twice at once; never while suspended or expelled."""
        await self._require_available(provider_id)
        current = await self.current(provider_id, category.id)
        window = timedelta(days=self.uow.rules.renewal_window_days)
        if current is not None and current.expires_at - window > self.uow.now():
            raise Conflict("error.apply_already_certified", category=category.code,
                           expires=current.expires_at.date().isoformat(),
                           opens=(current.expires_at - window).date().isoformat())
        open_id = await self.uow.session.scalar(select(Application.id).where(
            Application.provider_id == provider_id, Application.category_id == category.id,
            Application.status.in_(OPEN)))
        if open_id is not None:
            raise Conflict("error.apply_already_open", number=number(open_id))

    async def current(self, provider_id: int, category_id: int) -> Certification | None:
        """The provider's certification in force in the category (the latest-ending one)."""
        return await self.uow.session.scalar(select(Certification).where(
            Certification.provider_id == provider_id, Certification.category_id == category_id,
            Certification.revoked_at.is_(None), Certification.expires_at > self.uow.now())
            .order_by(Certification.expires_at.desc()).limit(1))

    async def _require_available(self, provider_id: int, lock: bool = False) -> None:
        provider = await self.uow.session.get(Provider, provider_id, with_for_update=lock or None,
                                              populate_existing=lock)
        if provider is None:
            raise NotFound("error.unknown_account")
        require_available(provider, self.uow.now(), "error.apply_provider_unavailable")

    async def upload(self, actor: Actor, upload: Upload,
                     already: Sequence[int] = ()) -> StoredFile:
        """A document for a form in progress (`already`: the ids sent so far); tied to the
        application on submit. The same document twice counts once, so it is refused."""
        actor.require_provider()
        if len(already) >= MAX_DOCUMENTS:
            raise InvalidInput("error.apply_too_many_documents", maximum=MAX_DOCUMENTS)
        return await Files(self.uow).store(actor, upload.name, upload.mime_type, upload.size,
                                           upload.fetch, already=already)

    async def submit(self, actor: Actor, form: ApplicationForm
                     ) -> tuple[Application, Category]:
        provider_id = actor.require_provider()
        # Locked: two team members submitting the same category at once get one application,
        # and a sanction decided at this moment is either seen here or waits for this one.
        await self._require_available(provider_id, lock=True)
        category = await self.category(actor, form.category_code)
        gmv, served = check_gmv(str(form.gmv_usd)), check_merchants(str(form.merchants_served))
        await self._check_documents(actor, form.file_ids, len(category.required_documents))
        missed = {key: minimum for key, claimed, minimum in (
            ("min_gmv_usd", gmv, category.min_gmv_usd),
            ("min_merchants", served, category.min_merchants)) if claimed < minimum}
        renews = await self.current(provider_id, category.id)
        application = Application(
            provider_id=provider_id, category_id=category.id, claimed_gmv_usd=gmv,
            renews_id=renews.id if renews is not None else None,
            merchants_served=served, note=check_note(form.note) if form.note else "",
            status=ApplicationStatus.AUTO_REJECTED if missed else ApplicationStatus.IN_REVIEW,
            submitted_at=self.uow.now())
        if missed:
            application.decision_reason = BELOW + ";".join(f"{k}={m}" for k, m in missed.items())
            application.decided_by, application.decided_at = SYSTEM.identity, self.uow.now()
        self.uow.session.add(application)
        await self.uow.session.flush()
        await Files(self.uow).attach(form.file_ids, actor, f"application:{application.id}")
        if missed:
            self.uow.audit(SYSTEM, "application.auto_rejected", f"application:{application.id}",
                           application.decision_reason, provider_id=provider_id,
                           category=category.code, gmv_usd=gmv, merchants=served)
        return application, category

    async def _check_documents(self, actor: Actor, file_ids: list[int], required: int) -> None:
        distinct_files = int(await self.uow.session.scalar(
            select(func.count(func.distinct(StoredFile.sha256)))
            .where(StoredFile.id.in_(file_ids))) or 0)
        if distinct_files < required:
            raise InvalidInput("error.apply_documents_missing", count=required,
                               sent=distinct_files)
        if len(set(file_ids)) > MAX_DOCUMENTS:
            raise InvalidInput("error.apply_too_many_documents", maximum=MAX_DOCUMENTS)
        taken = await self.uow.session.scalar(select(StoredFile.id).where(
            StoredFile.id.in_(file_ids), StoredFile.attached_to.is_not(None)))
        if taken is not None:
            raise Conflict("error.file_missing")

    async def mine(self, actor: Actor) -> list[tuple[Application, Category]]:
        """The provider's applications, newest first."""
        provider_id = actor.require_provider()
        rows = await self.uow.session.execute(
            select(Application, Category).join(Category, Category.id == Application.category_id)
            .where(Application.provider_id == provider_id)
            .order_by(Application.submitted_at.desc(), Application.id.desc()))
        return [(a, c) for a, c in rows.tuples()]

    async def needing_info(self, actor: Actor, application_id: int) -> Application:
        """The provider's own application that an operator sent back for more documents."""
        provider_id = actor.require_provider()
        application = await self.uow.session.get(Application, application_id)
        if application is None or application.provider_id != provider_id:
            raise NotFound("error.apply_not_found")
        if application.status is not ApplicationStatus.NEEDS_INFO:
            raise Conflict("error.apply_not_waiting_for_info", number=number(application_id))
        return application

    async def resubmit(self, actor: Actor, application_id: int, file_ids: list[int]) -> None:
        """Add documents and send the application back to the review queue, marked as such."""
        application = await self.needing_info(actor, application_id)
        await self._require_available(application.provider_id)
        if not file_ids:
            raise InvalidInput("error.apply_documents_missing", count=1, sent=0)
        await self._check_documents(actor, file_ids, 1)
        result = await self.uow.session.execute(
            update(Application).where(Application.id == application_id,
                                      Application.status == ApplicationStatus.NEEDS_INFO)
            .values(status=ApplicationStatus.IN_REVIEW, resubmitted_at=self.uow.now(),
                    version=Application.version + 1)
            .execution_options(synchronize_session=False))
        if rowcount(result) != 1:
            raise Conflict("error.apply_not_waiting_for_info", number=number(application_id))
        await Files(self.uow).attach(file_ids, actor, f"application:{application_id}")
        self.uow.audit(actor, "application.resubmitted", f"application:{application_id}",
                       None, documents=len(file_ids))
