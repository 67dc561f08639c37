"""Certification renewal notices (outbox renderers): reminders with a Renew button, and the
end of a certification told to the provider and to the merchants whose scope it covered."""

from __future__ import annotations

from collections.abc import Callable

from domain.notices import CertificationEnded, CertificationEndedForProvider, CertificationEnding

from ..engine.contract import Reply, rows
from ..engine.router import Router
from .application_text import localized
from .apply_for_category import Renew

T = Callable[..., str]


def _category(t: T, n: CertificationEnding | CertificationEnded
              | CertificationEndedForProvider) -> str:
    return localized(t, n.category_en, n.category_zh)


def certification_ending(t: T, n: CertificationEnding) -> Reply:
    return Reply(t("renewal.reminder", category=_category(t, n), ends=n.ends, count=n.days),
                 rows([Renew(n.category).button(t("renewal.renew"))]))


def certification_ended(t: T, n: CertificationEnded) -> Reply:
    return Reply(t("renewal.ended_merchant", company=n.company, category=_category(t, n),
                   ended=n.ended, binding_id=n.binding_id))


def certification_ended_provider(t: T, n: CertificationEndedForProvider) -> Reply:
    return Reply(t("renewal.ended_provider", category=_category(t, n), ended=n.ended))


def register(router: Router) -> None:
    router.notice(CertificationEnding, certification_ending)
    router.notice(CertificationEnded, certification_ended)
    router.notice(CertificationEndedForProvider, certification_ended_provider)
