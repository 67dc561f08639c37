"""Every conversation module, joined into one router. A new conversation is one line here."""

from __future__ import annotations

from domain.notices import NOTICE_KINDS

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
    sanction_notices,
    saved_providers,
    search_market,
    standing_notices,
    view_profile,
    write_announcement,
)
from .router import Router

MODULES = (
    # everyone
    register_account, get_help, choose_language, view_profile, follow_announcements,
    # merchants
    search_market, inline_search, provider_card, request_binding, my_bindings, evaluate_provider,
    file_report, my_reports, add_evidence, saved_providers, edit_shop, enquiries,
    # providers
    invite_team, edit_profile, apply_for_category, my_applications, answer_binding,
    answer_evaluation, appeal_sanction, sanction_notices, standing_notices, renewal_notices,
    manage_team, end_binding,
    # operators
    review_applications, review_cases, review_appeals, provider_record, edit_blacklist,
    write_announcement,
)


def build_router() -> Router:
    router = Router()
    for module in MODULES:
        module.register(router)
    check_notices(router)
    return router


def check_notices(router: Router) -> None:
    """Refuse to start when a notice kind the services queue has no renderer."""
    missing = sorted(NOTICE_KINDS - set(router.notices))
    if missing:
        raise LookupError(f"no renderer for notice kinds: {', '.join(missing)}")
