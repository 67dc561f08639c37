"""Wording shared by the application conversations (apply, my applications, review)."""

from __future__ import annotations

from collections.abc import Callable

from domain import markup
from domain import names as bilingual
from domain.models import Application, ApplicationStatus, Category
from domain.services.applications import number, shortfalls
from domain.services.standing_effects import EXPELLED_REASON

Translate = Callable[..., str]


def usd(amount: int) -> str:
    return f"${amount:,}"


def localized(t: Translate, en: str, zh: str) -> str:
    """A name stored in both languages, picked by the catalog the translator speaks."""
    return bilingual.localized(t("applications.lang"), en, zh)


def category_name(t: Translate, category: Category) -> str:
    return localized(t, category.name_en, category.name_zh)


def documents(t: Translate, codes: list[str]) -> str:
    names = [t(f"doc.{code}") for code in codes]
    return markup.join(t("applications.list_separator"), names) or "—"


def requirements(t: Translate, category: Category) -> str:
    return t("apply.requirements", category=category_name(t, category),
             gmv=usd(category.min_gmv_usd), merchants=category.min_merchants,
             documents=documents(t, category.required_documents),
             count=len(category.required_documents))


def missed(t: Translate, application: Application) -> str:
    """Why an application was rejected at once: each threshold it fell short of."""
    lines = []
    for key, minimum in shortfalls(application).items():
        if key == "min_gmv_usd":
            lines.append(t("apply.below_gmv", claimed=usd(application.claimed_gmv_usd),
                           minimum=usd(minimum)))
        else:
            lines.append(t("apply.below_merchants", count=application.merchants_served,
                           minimum=minimum))
    return markup.join("\n", lines)


def status_line(t: Translate, application: Application, category: Category) -> str:
    """One line of /applications: number, category, status, and the reason when there is one."""
    line = t("applications.line", number=number(application.id),
             category=category_name(t, category),
             status=t(f"applications.status.{application.status.value}"),
             date=application.submitted_at.date().isoformat())
    if application.status is ApplicationStatus.AUTO_REJECTED:
        return line + "\n" + missed(t, application)
    reason = application.decision_reason
    if reason == EXPELLED_REASON:  # closed by the market, not by an operator's words
        reason = t("applications.closed_expelled")
    if reason and application.status in (ApplicationStatus.REJECTED, ApplicationStatus.NEEDS_INFO):
        return line + "\n" + t("applications.reason", reason=reason)
    return line
