"""What merchants are told when their provider's standing changes (outbox notice renderers).

An expelled provider's bindings and requests end at once; a suspension and its end are
told to the merchants bound to the provider, whose bindings continue meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable

from ..engine.contract import Reply
from ..engine.router import Router

T = Callable[..., str]


def binding_terminated(t: T, p: dict) -> Reply:
    key = "standing.request_terminated" if p.get("requested") else "standing.binding_terminated"
    return Reply(t(key, binding_id=p["binding_id"], company=p["company"]))


def provider_suspended(t: T, p: dict) -> Reply:
    return Reply(t("standing.suspended", company=p["company"], until=p["until"]))


def provider_reinstated(t: T, p: dict) -> Reply:
    return Reply(t("standing.reinstated", company=p["company"]))


def register(router: Router) -> None:
    router.notice("binding.terminated", binding_terminated)
    router.notice("provider.suspended", provider_suspended)
    router.notice("provider.reinstated", provider_reinstated)
