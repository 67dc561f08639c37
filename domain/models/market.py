"""The supply side: categories, providers, their applications and certifications."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, StrEnum, enum_type, utcnow


class Category(Base):
    """A service category; synced from config/categories.toml at start-up."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(48), unique=True)
    name_en: Mapped[str] = mapped_column(String(96))
    name_zh: Mapped[str] = mapped_column(String(96))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    keywords: Mapped[list[str]] = mapped_column(default=list)
    min_gmv_usd: Mapped[int] = mapped_column(default=0)
    min_merchants: Mapped[int] = mapped_column(default=0)
    required_documents: Mapped[list[str]] = mapped_column(default=list)
    position: Mapped[int] = mapped_column(default=0)
    retired: Mapped[bool] = mapped_column(default=False)


class ProviderStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    EXPELLED = "expelled"


class Provider(Base):
    __tablename__ = "providers"
    # ix_providers_name_lower: a search that is exactly a company's name finds it in one
    # probe (search pins it first), not by reading every provider.
    __table_args__ = (Index("ix_providers_status_created", "status", "created_at"),
                      Index("ix_providers_name_lower", text("lower(company_name)")))

    id: Mapped[int] = mapped_column(primary_key=True)
    company_name: Mapped[str] = mapped_column(String(120), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    # The Chinese description shown to Chinese readers (empty: the one above for everyone).
    description_zh: Mapped[str] = mapped_column(Text, default="", server_default="")
    website: Mapped[str | None] = mapped_column(String(200))
    # Who may remove members and hand ownership over (None: the earliest member, as before).
    owner_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", use_alter=True, name="fk_providers_owner_account_id_accounts"))
    markets: Mapped[list[str]] = mapped_column(default=list)
    languages: Mapped[list[str]] = mapped_column(default=list)
    contact_email: Mapped[str] = mapped_column(String(254))
    status: Mapped[ProviderStatus] = mapped_column(
        enum_type(ProviderStatus), default=ProviderStatus.ACTIVE
    )
    suspended_until: Mapped[datetime | None]
    accepting_clients: Mapped[bool] = mapped_column(default=True)
    violation_points: Mapped[int] = mapped_column(default=0)
    invite_code: Mapped[str | None] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    certifications: Mapped[list[Certification]] = relationship(
        back_populates="provider", lazy="raise"
    )


class StoredFile(Base):
    """A document or evidence file on disk under the storage directory, named by its SHA-256."""

    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(255))
    mime_type: Mapped[str] = mapped_column(String(96))
    size: Mapped[int]
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    # What the file belongs to: "application:12", "report:5", "appeal:3".
    attached_to: Mapped[str | None] = mapped_column(String(48), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApplicationStatus(StrEnum):
    DRAFT = "draft"
    AUTO_REJECTED = "auto_rejected"
    IN_REVIEW = "in_review"
    NEEDS_INFO = "needs_info"
    APPROVED = "approved"
    REJECTED = "rejected"


class Application(Base):
    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    claimed_gmv_usd: Mapped[int]
    merchants_served: Mapped[int]
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ApplicationStatus] = mapped_column(enum_type(ApplicationStatus))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(96))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    decided_at: Mapped[datetime | None]
    # Set when the provider sent more documents after an operator asked: the card says so.
    resubmitted_at: Mapped[datetime | None]
    # A renewal continues this certification without a gap when approved before it ends.
    # No foreign key: certifications already point at applications, and a cycle of keys
    # would leave the tables without a creation (and truncation) order.
    renews_id: Mapped[int | None]
    # Optimistic concurrency: two operators deciding at once, exactly one wins.
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class Certification(Base):
    __tablename__ = "certifications"
    __table_args__ = (
        Index("ix_certifications_category_provider", "category_id", "provider_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"))
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    # Why it was revoked: "provider_expelled" is undone if the expulsion is overturned.
    revoked_reason: Mapped[str | None] = mapped_column(String(32))
    # Renewal reminders (30 and 7 days before the end) and the ended notice, each sent once.
    reminded_30_at: Mapped[datetime | None]
    reminded_7_at: Mapped[datetime | None]
    ended_notice_at: Mapped[datetime | None]

    provider: Mapped[Provider] = relationship(back_populates="certifications", lazy="raise")


class BlacklistEntry(Base):
    """Expelled providers' identifiers: the same e-mail or company name cannot register again."""

    __tablename__ = "blacklist"
    __table_args__ = (UniqueConstraint("kind", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "email" or "company"
    value: Mapped[str] = mapped_column(String(254))  # normalized (domain/blacklist_names.py)
    shown: Mapped[str] = mapped_column(String(254), default="")  # as the operator typed it
    reason: Mapped[str | None] = mapped_column(Text)
    added_by: Mapped[str | None] = mapped_column(String(96))
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Merchant(Base):
    __tablename__ = "merchants"

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_name: Mapped[str] = mapped_column(String(120))
    markets: Mapped[list[str]] = mapped_column(default=list)
    product_category: Mapped[str] = mapped_column(String(48), default="")
    gmv_band: Mapped[str] = mapped_column(String(24), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


