"""Every entity of the domain (DESIGN section 4) as typed SQLAlchemy 2 models."""

from .accounts import Account, Conversation, Role
from .base import Base, utcnow
from .broadcast import (
    Announcement,
    AnnouncementKind,
    AnnouncementStatus,
    Ranking,
    Subscription,
)
from .channels import AccessToken, ChatWindow, PushReply
from .delivery import AuditEntry, InboxEntry, OutboxMessage, OutboxStatus, ProcessedUpdate
from .market import (
    Application,
    ApplicationStatus,
    BlacklistEntry,
    Category,
    Certification,
    Merchant,
    Provider,
    ProviderStatus,
    StoredFile,
)
from .relations import (
    Binding,
    BindingScope,
    BindingStatus,
    Enquiry,
    EnquiryMessage,
    Evaluation,
    Report,
    ReportStatus,
    SavedProvider,
    ViolationType,
)
from .sanctions import Appeal, AppealStatus, EmailMessage, EmailStatus, Sanction, SanctionKind
from .search import SearchTerm, SearchWord

__all__ = [
    "AccessToken", "Account", "Announcement", "AnnouncementKind", "AnnouncementStatus", "Appeal",
    "AppealStatus", "Application", "ApplicationStatus", "AuditEntry", "Base", "Binding",
    "BindingScope", "BindingStatus", "BlacklistEntry", "Category", "Certification",
    "ChatWindow", "Conversation", "EmailMessage", "EmailStatus", "Enquiry", "EnquiryMessage",
    "Evaluation", "InboxEntry", "Merchant", "OutboxMessage", "OutboxStatus", "ProcessedUpdate",
    "Provider", "ProviderStatus", "PushReply", "Ranking", "Report", "SavedProvider",
    "ReportStatus", "Role", "Sanction", "SanctionKind", "SearchTerm", "SearchWord", "StoredFile",
    "Subscription", "ViolationType", "utcnow",
]
