"""Every conversation module, joined into one router. A new conversation is one line here."""

from __future__ import annotations

from types import ModuleType

from domain.notices import notice_classes
from domain.services.email_outbox import LetterKind

from ..conversations import (
    add_evidence,
    answer_binding,
    answer_evaluation,
    appeal_sanction,
    apply_for_category,
    choose_language,
    edit_blacklist,
    edit_profile,
    edit_shop,
    end_binding,
    enquiries,
    evaluate_provider,
    file_report,
    follow_announcements,
    get_help,
    inline_search,
    invite_team,
    manage_team,
    my_applications,
    my_bindings,
    my_reports,
    provider_card,
    provider_record,
    register_account,
    renewal_notices,
    request_binding,
    review_appeals,
    review_applications,
    review_cases,
    sanction_letters,
    sanction_notices,
    saved_providers,
    search_market,
    standing_notices,
    view_profile,
    write_announcement,
)
from . import steps
from .router import Router

MODULES = (
    # everyone
    register_account, get_help, choose_language, view_profile, follow_announcements,
    # merchants
    search_market, inline_search, provider_card, request_binding, my_bindings, evaluate_provider,
    file_report, my_reports, add_evidence, saved_providers, edit_shop, enquiries,
    # providers
    invite_team, edit_profile, apply_for_category, my_applications, answer_binding,
    answer_evaluation, appeal_sanction, sanction_notices, sanction_letters, standing_notices,
    renewal_notices,
    manage_team, end_binding,
    # operators
    review_applications, review_cases, review_appeals, provider_record, edit_blacklist,
    write_announcement,
)


def build_router(modules: tuple[ModuleType, ...] = MODULES) -> Router:
    router = Router()
    for module in modules:
        module.register(router)
    check_notices(router)
    check_steps(router)
    check_letters(router)
    return router


def check_steps(router: Router) -> None:
    """Refuse to start when a declared form step has no handler, or a handler's step was never
    declared in a `Steps` group (a typo would otherwise surface when a user reaches it)."""
    declared = steps.declared()
    unhandled = sorted(declared - set(router.steps))
    undeclared = sorted(name for name in router.steps if name not in declared)
    if unhandled or undeclared:
        raise LookupError(f"form steps without a handler: {', '.join(unhandled) or '-'}; "
                          f"steps never declared: {', '.join(undeclared) or '-'}")


def check_notices(router: Router) -> None:
    """Refuse to start when a notice the services queue (domain/notices.py) has no renderer."""
    missing = sorted(event.__name__ for event in notice_classes()
                     if (route := router.notices.get(event.KIND)) is None
                     or route.event is not event)
    if missing:
        raise LookupError(f"no renderer for notices: {', '.join(missing)}")


def check_letters(router: Router) -> None:
    """Refuse to start when an e-mail kind the services queue has no writer."""
    missing = sorted(set(LetterKind) - set(router.letters))
    if missing:
        raise LookupError(f"no writer for e-mail kinds: {', '.join(missing)}")
