"""The provider card: what a merchant reads before binding; reached from results or a shared link.

Cards are public (a shared link works for anyone); the actions on them — binding, reporting —
belong to their own conversations, which re-check who may do them.
"""

from __future__ import annotations

from domain import markup
from domain import validation as v
from domain.names import localized
from domain.services.catalog_view import EVALUATIONS_PAGE, CardView, EvaluationView, ProviderCards

from ..engine.context import Context, StaleButton
from ..engine.contract import Button, Reply, rows
from ..engine.router import Replies, Router
from .card_press import BackToCard, CardPress, Evaluations, EvaluationsPage, Share, ShowCard
from .edit_profile import OpenMenu
from .enquiries import ask_button
from .featured_badge import featured_badge
from .file_report import ReportOn
from .request_binding import NewRequest, separator
from .saved_providers import save_button
from .search_market import back_to_results

LAST_PAGE = 10_000  # of evaluations; a larger page number is stale


def _names(ctx: Context, prefix: str, codes: list[str]) -> str:
    return markup.join(separator(ctx.lang), [ctx.t(f"{prefix}.{c}") for c in codes]) or "—"


def _rating(ctx: Context, card: CardView) -> str:
    if not card.rating_count:
        return ctx.t("card.no_rating")
    return ctx.t("card.rating", rating=f"{card.rating:.1f}", count=card.rating_count)


def _evaluation(ctx: Context, e: EvaluationView) -> str:
    line = ctx.t("card.evaluation", score=f"{e.score:.1f}", date=e.at.date().isoformat(),
                 comment=e.comment or ctx.t("card.no_comment"))
    return line + ("\n" + ctx.t("card.answer", answer=e.answer) if e.answer else "")


def card_text(ctx: Context, card: CardView) -> str:
    names = [localized(ctx.lang, en, zh) for _, en, zh in card.categories]
    badge = "  " + featured_badge(ctx, card.featured) if card.featured else ""
    lines = [markup.bold(card.name) + badge,
             ctx.t("card.categories", categories=markup.join(separator(ctx.lang), names)),
             _rating(ctx, card),
             ctx.t("card.markets", markets=_names(ctx, "market", card.markets)),
             ctx.t("card.languages", languages=_names(ctx, "language", card.languages))]
    if card.website:
        lines.append(ctx.t("card.website", website=card.website))
    if not card.accepting:
        lines.append(ctx.t("card.not_accepting"))
    lines += ["", localized(ctx.lang, card.description, card.description_zh)]
    if card.newest:
        lines += ["", ctx.t("card.newest")] + [_evaluation(ctx, e) for e in card.newest]
    return markup.join("\n", [*lines, "", ctx.t("card.warning")])


def share_button(ctx: Context, provider_id: int) -> Button:
    url = ctx.links.start(f"p_{provider_id}")
    if url:
        return Button(ctx.t("card.share"), url=url)
    return Share(provider_id).button(ctx.t("card.share"))


async def show(ctx: Context, provider_id: int, replace: bool = False) -> Replies:
    card = await ctx.use(ProviderCards).card(provider_id)
    save = rows(await save_button(ctx, card.provider_id))
    return Reply(card_text(ctx, card), replace=replace,
                 buttons=card_buttons(ctx, card) + save + back_to_results(ctx))


def card_buttons(ctx: Context, card: CardView) -> tuple[tuple[Button, ...], ...]:
    """One's own card offers editing; a provider not taking clients offers no binding."""
    pid = card.provider_id
    evaluations_ = Evaluations(pid, 0).button(ctx.t("card.all_evaluations"))
    if ctx.actor.provider_id == pid:
        return rows([OpenMenu().button(ctx.t("card.edit_profile")), evaluations_],
                    [share_button(ctx, pid)])
    bind = [NewRequest(pid).button(ctx.t("card.bind"))] if card.accepting else []
    return rows([*bind, evaluations_], ask_button(ctx, pid),
                [ReportOn(pid).button(ctx.t("card.report")), share_button(ctx, pid)])


async def evaluations(ctx: Context, provider_id: int, page: int, replace: bool) -> Replies:
    if page > LAST_PAGE:
        raise StaleButton()
    items, total = await ctx.use(ProviderCards).evaluations(provider_id, page)
    if page and not items:
        raise StaleButton()
    pages = max(1, -(-total // EVALUATIONS_PAGE))
    lines = [ctx.t("card.evaluations_title", count=total, page=page + 1, pages=pages)]
    lines += [_evaluation(ctx, e) for e in items] or [ctx.t("card.no_rating")]
    nav = [EvaluationsPage(provider_id, page - 1).button(ctx.t("common.previous"))] \
        if page else []
    if page + 1 < pages:
        nav.append(EvaluationsPage(provider_id, page + 1).button(ctx.t("common.next")))
    back = [BackToCard(provider_id).button(ctx.t("card.back"))]
    return Reply(markup.join("\n\n", lines), rows(nav, back), replace=replace)


async def on_press(ctx: Context, press: CardPress) -> Replies:
    if isinstance(press, ShowCard | BackToCard):
        return await show(ctx, press.provider_id, replace=isinstance(press, BackToCard))
    if isinstance(press, Evaluations | EvaluationsPage):
        return await evaluations(ctx, press.provider_id, press.page,
                                 replace=isinstance(press, EvaluationsPage))
    assert isinstance(press, Share)
    card = await ctx.use(ProviderCards).card(press.provider_id)
    return Reply(ctx.t("card.share_text", name=card.name, link=f"/start p_{card.provider_id}"))


async def deep_link(ctx: Context, rest: str) -> Replies:
    """`/start p_<id>`: a shared card (a mangled link gets the card-unavailable answer)."""
    return await show(ctx, v.record_id(rest) or 0)


def register(router: Router) -> None:
    router.press(CardPress, on_press)
    router.deep_link("p", deep_link)
