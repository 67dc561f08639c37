"""What a change in a provider's standing does to the rest of the market, at once.

The ladder (sanctions.py) decides the standing; this module carries it out everywhere in
the same transaction: an expulsion ends the provider's bindings and binding requests, its
certifications and its pending applications, and tells the merchants concerned; a
suspension and its end are told to the merchants bound to the provider. Handlers never do
any of this: every path that changes a standing (a decision, an appeal, the maintenance
round) goes through `Sanctions.apply`, which calls `carry_out`.
"""

from __future__ import annotations

from sqlalchemy import select, update

from ..actor import SYSTEM
from ..adapters.db import rowcount
from ..adapters.uow import UnitOfWork
from ..events import ListingChanged
from ..models import (
    Application,
    ApplicationStatus,
    Binding,
    BindingStatus,
    Certification,
    Provider,
    ProviderStatus,
)
from ..notices import BindingTerminated, Notice, ProviderReinstated, ProviderSuspended
from .applications import OPEN as OPEN_APPLICATIONS
from .bindings import active_filter

OPEN_BINDINGS = (BindingStatus.REQUESTED, BindingStatus.ACTIVE)
EXPELLED_REASON = "provider_expelled"


async def carry_out(uow: UnitOfWork, provider: Provider, before: ProviderStatus) -> None:
    """Act on a status change: `before` is the status the provider had until now."""
    after = provider.status
    if after is before:
        return
    if after is ProviderStatus.EXPELLED:
        await _expel(uow, provider)
        return
    if before is ProviderStatus.EXPELLED:
        await _readmit(uow, provider)
    elif after is ProviderStatus.SUSPENDED:
        until = provider.suspended_until.date().isoformat() if provider.suspended_until else ""
        await _tell_bound(uow, provider, ProviderSuspended(company=provider.company_name,
                                                           until=until))
    elif before is ProviderStatus.SUSPENDED:
        await _tell_bound(uow, provider, ProviderReinstated(company=provider.company_name))


async def _expel(uow: UnitOfWork, provider: Provider) -> None:
    now = uow.now()
    # Locked: a member accepting a request at this moment either finished first (and the
    # binding ends here) or waits and then finds the request already ended.
    bindings = (await uow.session.scalars(
        select(Binding).where(Binding.provider_id == provider.id,
                              Binding.status.in_(OPEN_BINDINGS))
        .order_by(Binding.id).with_for_update().execution_options(populate_existing=True))).all()
    for binding in bindings:
        was = binding.status
        binding.status, binding.ended_at = BindingStatus.TERMINATED, now
        await uow.notify_merchant(binding.merchant_id, BindingTerminated(
            binding_id=binding.id, company=provider.company_name,
            requested=was is BindingStatus.REQUESTED))
    ended = await uow.session.execute(
        update(Certification).where(Certification.provider_id == provider.id,
                                    Certification.revoked_at.is_(None),
                                    Certification.expires_at > now)
        .values(revoked_at=now, revoked_reason=EXPELLED_REASON)
        .execution_options(synchronize_session=False))
    closed = await uow.session.execute(
        update(Application).where(Application.provider_id == provider.id,
                                  Application.status.in_(OPEN_APPLICATIONS))
        .values(status=ApplicationStatus.REJECTED, decision_reason=EXPELLED_REASON,
                decided_by=SYSTEM.identity, decided_at=now, version=Application.version + 1)
        .execution_options(synchronize_session=False))
    uow.audit(SYSTEM, "provider.expelled_effects", f"provider:{provider.id}", None,
              bindings_ended=len(bindings), certifications_ended=rowcount(ended),
              applications_closed=rowcount(closed))
    uow.record(ListingChanged(provider.id))  # the bulk UPDATE above is not seen at flush


async def _readmit(uow: UnitOfWork, provider: Provider) -> None:
    """An overturned expulsion gives back the certifications it ended that have not run out.

    Bindings and applications it ended stay ended: their merchants were told and may have
    moved on; they can ask again.
    """
    now = uow.now()
    restored = await uow.session.execute(
        update(Certification).where(Certification.provider_id == provider.id,
                                    Certification.revoked_reason == EXPELLED_REASON,
                                    Certification.expires_at > now)
        .values(revoked_at=None, revoked_reason=None)
        .execution_options(synchronize_session=False))
    uow.audit(SYSTEM, "provider.readmitted", f"provider:{provider.id}", None,
              certifications_restored=rowcount(restored))
    uow.record(ListingChanged(provider.id))  # the bulk UPDATE above is not seen at flush


async def _tell_bound(uow: UnitOfWork, provider: Provider, notice: Notice) -> None:
    """Each merchant with an active binding hears it once, whatever number of bindings."""
    merchants = (await uow.session.scalars(
        select(Binding.merchant_id).where(Binding.provider_id == provider.id,
                                          active_filter(uow.now()))
        .distinct().order_by(Binding.merchant_id))).all()
    for merchant_id in merchants:
        await uow.notify_merchant(merchant_id, notice)
