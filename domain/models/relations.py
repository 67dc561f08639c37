"""The demand side: merchants' bindings with providers and their evaluations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, StrEnum, enum_type, utcnow


class BindingStatus(StrEnum):
    REQUESTED = "requested"
    ACTIVE = "active"
    DECLINED = "declined"
    REVOKED = "revoked"
    EXPIRED = "expired"
    # Ended by the market, not by either side: the provider was expelled.
    TERMINATED = "terminated"


class Binding(Base):
    """A merchant's scoped, time-limited authorization of a provider.

    `ends_at` is the truth about expiry: an active row past it is not active, whatever any
    job has done; the stored status is refreshed lazily.
    """

    __tablename__ = "bindings"
    __table_args__ = (Index("ix_bindings_pair", "merchant_id", "provider_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    merchant_id: Mapped[int] = mapped_column(ForeignKey("merchants.id"))
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    duration_days: Mapped[int]
    status: Mapped[BindingStatus] = mapped_column(enum_type(BindingStatus))
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    reminder_sent_at: Mapped[datetime | None]
    # The provider's optional reason for declining, shown to the merchant.
    decline_reason: Mapped[str | None] = mapped_column(Text)


class BindingScope(Base):
    __tablename__ = "binding_scopes"

    binding_id: Mapped[int] = mapped_column(ForeignKey("bindings.id"), primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), primary_key=True)


def _score(name: str) -> CheckConstraint:
    return CheckConstraint(f"{name} BETWEEN 1 AND 5", name=f"{name}_range")


class Evaluation(Base):
    __tablename__ = "evaluations"
    __table_args__ = (_score("quality"), _score("communication"), _score("timeliness"))

    id: Mapped[int] = mapped_column(primary_key=True)
    binding_id: Mapped[int] = mapped_column(ForeignKey("bindings.id"), unique=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    quality: Mapped[int]
    communication: Mapped[int]
    timeliness: Mapped[int]
    comment: Mapped[str] = mapped_column(Text, default="")
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ViolationType(StrEnum):
    FAKE_OFFICIAL = "fake_official"
    ENTRY_FEES = "entry_fees"
    AUTH_MISUSE = "auth_misuse"
    NOT_DELIVERED = "not_delivered"
    FRAUD = "fraud"
    OTHER = "other"


class ReportStatus(StrEnum):
    OPEN = "open"
    # An operator asked the reporter for more evidence; adding it reopens the report.
    NEEDS_EVIDENCE = "needs_evidence"
    UPHELD = "upheld"
    DISMISSED = "dismissed"


class Report(Base):
    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    merchant_id: Mapped[int] = mapped_column(ForeignKey("merchants.id"), index=True)
    reporter_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    violation: Mapped[ViolationType] = mapped_column(enum_type(ViolationType))
    description: Mapped[str] = mapped_column(Text)
    links: Mapped[list[str]] = mapped_column(default=list)
    status: Mapped[ReportStatus] = mapped_column(
        enum_type(ReportStatus), default=ReportStatus.OPEN
    )
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(96))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    decided_at: Mapped[datetime | None]
    evidence_request: Mapped[str | None] = mapped_column(Text)  # what the operator asked for
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class SavedProvider(Base):
    """A merchant's shortlist: providers saved from their cards, to compare before binding."""

    __tablename__ = "saved_providers"

    merchant_id: Mapped[int] = mapped_column(ForeignKey("merchants.id"), primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Enquiry(Base):
    """A merchant's questions to a provider before any binding: one thread per pair.
    `first_answer_at` is when the provider first answered (its responsiveness)."""

    __tablename__ = "enquiries"
    __table_args__ = (Index("ix_enquiries_pair", "merchant_id", "provider_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    merchant_id: Mapped[int] = mapped_column(ForeignKey("merchants.id"))
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    first_answer_at: Mapped[datetime | None]
    last_message_at: Mapped[datetime] = mapped_column(default=utcnow)


class EnquiryMessage(Base):
    __tablename__ = "enquiry_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    enquiry_id: Mapped[int] = mapped_column(ForeignKey("enquiries.id"), index=True)
    from_merchant: Mapped[bool]
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
