"""Every notice the services queue in the outbox, as a past-tense event.

The router refuses to be built (so the app refuses to start) when one of them has no
renderer: a notice that cannot be rendered is found at start-up, not by a recipient who never
hears of the change. A service that queues a new kind declares its event here; `KIND` is the
string stored on the outbox row and never changes, so rows already queued stay readable.
Fields with defaults are the ones older rows may lack (their renderers always allowed it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from .notice_base import Notice, NoticeError, notice_class, notice_classes

__all__ = ["Notice", "NoticeError", "notice_class", "notice_classes"]

Scope = tuple[tuple[str, str, str], ...]  # [code, English name, Chinese name] per category


@dataclass(frozen=True)
class ApplicationApproved(Notice):
    KIND: ClassVar[str] = "application.approved"
    application_id: int
    number: str
    expires: str
    category_en: str = ""
    category_zh: str = ""


@dataclass(frozen=True)
class ApplicationRejected(Notice):
    KIND: ClassVar[str] = "application.rejected"
    application_id: int
    number: str
    reason: str
    category_en: str = ""
    category_zh: str = ""


@dataclass(frozen=True)
class ApplicationInfoRequested(Notice):
    KIND: ClassVar[str] = "application.needs_info"
    application_id: int
    number: str
    reason: str
    category_en: str = ""
    category_zh: str = ""


@dataclass(frozen=True)
class BindingRequested(Notice):
    KIND: ClassVar[str] = "binding.requested"
    binding_id: int
    shop: str
    days: int
    scope: Scope


@dataclass(frozen=True)
class BindingAccepted(Notice):
    KIND: ClassVar[str] = "binding.accepted"
    binding_id: int
    company: str
    ends: str


@dataclass(frozen=True)
class BindingDeclined(Notice):
    KIND: ClassVar[str] = "binding.declined"
    binding_id: int
    company: str
    reason: str = ""


@dataclass(frozen=True)
class BindingRevoked(Notice):
    """The merchant revoked an active binding, or withdrew a request (`withdrawn`)."""

    KIND: ClassVar[str] = "binding.revoked"
    binding_id: int
    shop: str
    withdrawn: bool = False


@dataclass(frozen=True)
class BindingEnding(Notice):
    """Told to both sides, once, a few days before the binding ends."""

    KIND: ClassVar[str] = "binding.ending"
    binding_id: int
    company: str
    shop: str
    ends: str


@dataclass(frozen=True)
class BindingTerminated(Notice):
    """The provider was expelled: its binding (or the request, `requested`) ended at once."""

    KIND: ClassVar[str] = "binding.terminated"
    binding_id: int
    company: str
    requested: bool = False


@dataclass(frozen=True)
class BindingEndedByProvider(Notice):
    KIND: ClassVar[str] = "binding.ended_by_provider"
    binding_id: int
    company: str
    reason: str


@dataclass(frozen=True)
class EvaluationPosted(Notice):
    KIND: ClassVar[str] = "evaluation.posted"
    evaluation_id: int
    shop: str
    quality: int
    communication: int
    timeliness: int
    comment: str
    edited: bool = False
    answered: bool = False


@dataclass(frozen=True)
class EvaluationAnswered(Notice):
    KIND: ClassVar[str] = "evaluation.answered"
    evaluation_id: int
    company: str
    answer: str


@dataclass(frozen=True)
class CaseDecided(Notice):
    """Told to the reporter: `outcome` is "dismissed" or "upheld" (then `sanction_kind`)."""

    KIND: ClassVar[str] = "case.decided"
    report_id: int
    company: str
    outcome: str
    sanction_kind: str
    reason: str


@dataclass(frozen=True)
class EvidenceRequested(Notice):
    KIND: ClassVar[str] = "case.evidence_requested"
    report_id: int
    company: str
    request: str


@dataclass(frozen=True)
class SanctionImposed(Notice):
    """Told to the provider's members; the reporter is never named."""

    KIND: ClassVar[str] = "sanction.imposed"
    sanction_id: int
    sanction_kind: str
    reason: str
    points_held: int
    appeal_until: str
    points: int = 0
    expelled: bool = False
    suspended_until: str = ""


@dataclass(frozen=True)
class AppealDecided(Notice):
    """Told to the provider: `outcome` is the appeal's status ("overturned" or "upheld")."""

    KIND: ClassVar[str] = "appeal.decided"
    appeal_id: int
    sanction_id: int
    outcome: str
    reason: str
    points_held: int
    status: str


@dataclass(frozen=True)
class AppealDecidedForReporter(Notice):
    KIND: ClassVar[str] = "appeal.reporter"
    report_id: int
    company: str
    outcome: str


@dataclass(frozen=True)
class ProviderSuspended(Notice):
    KIND: ClassVar[str] = "provider.suspended"
    company: str
    until: str


@dataclass(frozen=True)
class ProviderReinstated(Notice):
    KIND: ClassVar[str] = "provider.reinstated"
    company: str


@dataclass(frozen=True)
class CertificationEnding(Notice):
    KIND: ClassVar[str] = "certification.ending"
    certification_id: int
    category: str  # the code, for the Renew button
    category_en: str
    category_zh: str
    ends: str
    days: int


@dataclass(frozen=True)
class CertificationEnded(Notice):
    """Told to a merchant whose binding's scope the ended certification covered."""

    KIND: ClassVar[str] = "certification.ended"
    binding_id: int
    company: str
    category_en: str
    category_zh: str
    ended: str


@dataclass(frozen=True)
class CertificationEndedForProvider(Notice):
    KIND: ClassVar[str] = "certification.ended_provider"
    category_en: str
    category_zh: str
    ended: str


@dataclass(frozen=True)
class TeamMemberJoined(Notice):
    KIND: ClassVar[str] = "team.joined"
    member: str


@dataclass(frozen=True)
class TeamMemberRemoved(Notice):
    KIND: ClassVar[str] = "team.removed"
    company: str


@dataclass(frozen=True)
class TeamOwnershipReceived(Notice):
    KIND: ClassVar[str] = "team.owner"
    company: str


@dataclass(frozen=True)
class EnquiryAsked(Notice):
    KIND: ClassVar[str] = "enquiry.asked"
    enquiry_id: int
    shop: str
    text: str


@dataclass(frozen=True)
class EnquiryAnswered(Notice):
    KIND: ClassVar[str] = "enquiry.answered"
    enquiry_id: int
    company: str
    text: str


@dataclass(frozen=True)
class AnnouncementPublished(Notice):
    """One follower's or channel's copy, queued by announcements/fanout.py.

    The texts are stored once on the announcement, not on each of its many rows: the outbox
    adds them to the params when it claims the row (None until then).
    """

    KIND: ClassVar[str] = "announcement"
    categories: tuple[str, ...] = ()  # the follower's categories the copy is cut to (): all
    bilingual: bool = False  # a channel post carries both languages
    texts: dict[str, Any] | None = None

    def to_params(self) -> dict[str, Any]:
        """Only what differs from the defaults: one row per follower stays small (and this
        runs once per follower, 100,000 times for a large fan-out)."""
        params: dict[str, Any] = {}
        if self.categories:
            params["categories"] = list(self.categories)
        if self.bilingual:
            params["bilingual"] = True
        if self.texts is not None:
            params["texts"] = dict(self.texts)
        return params
