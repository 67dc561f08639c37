"""What merchants are told when their provider's standing changes (outbox notice renderers).

An expelled provider's bindings and requests end at once; a suspension and its end are
told to the merchants bound to the provider, whose bindings continue meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable

from domain.notices import BindingTerminated, ProviderReinstated, ProviderSuspended

from ..engine.contract import Reply
from ..engine.router import Router

T = Callable[..., str]


def binding_terminated(t: T, n: BindingTerminated) -> Reply:
    key = "standing.request_terminated" if n.requested else "standing.binding_terminated"
    return Reply(t(key, binding_id=n.binding_id, company=n.company))


def provider_suspended(t: T, n: ProviderSuspended) -> Reply:
    return Reply(t("standing.suspended", company=n.company, until=n.until))


def provider_reinstated(t: T, n: ProviderReinstated) -> Reply:
    return Reply(t("standing.reinstated", company=n.company))


def register(router: Router) -> None:
    router.notice(BindingTerminated, binding_terminated)
    router.notice(ProviderSuspended, provider_suspended)
    router.notice(ProviderReinstated, provider_reinstated)
