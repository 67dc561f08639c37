"""Whether a provider may act in the market now: one answer for every service.

Applying, inviting, accepting bindings and being approved all ask the same question, so a
suspended or expelled provider is refused the same way everywhere, by the service.
"""

from __future__ import annotations

from datetime import datetime

from .errors import NotAllowed
from .models import Provider, ProviderStatus


def is_available(provider: Provider, now: datetime) -> bool:
    """Listed in search and open to new business: active, or a suspension that has run out."""
    if provider.status is ProviderStatus.ACTIVE:
        return True
    if provider.status is ProviderStatus.SUSPENDED:
        return provider.suspended_until is not None and provider.suspended_until <= now
    return False


def require_available(provider: Provider, now: datetime, code: str) -> None:
    """Refuse with `code`; its message may name the company, the status and the end date."""
    if not is_available(provider, now):
        until = provider.suspended_until.date().isoformat() if provider.suspended_until else ""
        raise NotAllowed(code, company=provider.company_name, status=provider.status.value,
                         until=until)
