"""Certification renewal notices (outbox renderers): reminders with a Renew button, and the
end of a certification told to the provider and to the merchants whose scope it covered."""

from __future__ import annotations

from collections.abc import Callable

from ..engine.contract import Button, Reply, rows
from ..engine.router import Router
from .application_text import localized

T = Callable[..., str]


def _category(t: T, p: dict) -> str:
    return localized(t, p["category_en"], p["category_zh"])


def certification_ending(t: T, p: dict) -> Reply:
    return Reply(t("renewal.reminder", category=_category(t, p), ends=p["ends"], count=p["days"]),
                 rows([Button(t("renewal.renew"), f"apply:renew:{p['category']}")]))


def certification_ended(t: T, p: dict) -> Reply:
    return Reply(t("renewal.ended_merchant", company=p["company"], category=_category(t, p),
                   ended=p["ended"], binding_id=p["binding_id"]))


def certification_ended_provider(t: T, p: dict) -> Reply:
    return Reply(t("renewal.ended_provider", category=_category(t, p), ended=p["ended"]))


def register(router: Router) -> None:
    router.notice("certification.ending", certification_ending)
    router.notice("certification.ended", certification_ended)
    router.notice("certification.ended_provider", certification_ended_provider)
