"""/search: browse the catalog or search by keywords, then filter, order and page the results.

The query and filters live in the conversation state, not in button payloads (64 bytes);
paging and filter buttons edit the result message in place.
"""

from __future__ import annotations

from domain import markup
from domain.names import localized
from domain.services.search import ORDERS, RATINGS, ResultPage, Search, SearchQuery

from ..engine import widgets as w
from ..engine.context import Context, StaleButton
from ..engine.contract import Button, Reply, chunk, rows
from ..engine.router import Replies, Router, Step
from ..engine.steps import Steps, step
from .card_press import ShowCard
from .featured_badge import featured_badge
from .search_query import (
    Accepting,
    BackToResults,
    Browse,
    Category,
    Filter,
    OpenFilter,
    Order,
    Page,
    Results,
    SearchPress,
    SetFilter,
    counted_as,
    query,
    words_and_filters,
)

LAST_PAGE = 10_000  # the search service refuses pages beyond


class SearchStep(Steps, prefix="search"):
    ask = step()
    results = step()


def category_name(ctx: Context, en: str, zh: str) -> str:
    return localized(ctx.lang, en, zh)


async def start(ctx: Context) -> Replies:
    words = ctx.incoming.command.args.strip() if ctx.incoming.command else ""
    return await take_words(ctx, words)


async def ask(ctx: Context) -> Replies:
    counts = await ctx.use(Search).categories(ctx.actor)
    buttons = [Category(c.code).button(f"{category_name(ctx, c.name_en, c.name_zh)} ({c.listed})")
               for c in counts]
    return w.ask(ctx, "search.ask", chunk(buttons, 2))


async def take_words(ctx: Context, text: str) -> Replies:
    """Words typed at the question or over the results: a new search. Nothing but spaces
    opens the category browser; market and language names become filters."""
    if not text.strip():
        return await ctx.enter(SearchStep.ask)
    return await run(ctx, words_and_filters(ctx, text.strip()))


async def run(ctx: Context, search: Results) -> Replies:
    """A new search from page one; words that match nothing keep the user on the question."""
    ctx.begin(search, SearchStep.results)
    page = await ctx.use(Search).find(ctx.actor, query(search), 0)
    if page.unknown or (not page.hits and not _filtered(query(search))):
        ctx.goto(SearchStep.ask)
        return Reply(ctx.t("search.nothing", words=search.words),
                     rows([Browse().button(ctx.t("search.browse"))]))
    return render(ctx, page)


def back_to_results(ctx: Context) -> tuple[tuple[Button, ...], ...]:
    """Under a card opened from results: the same page, filters and order again."""
    if ctx.state.step != SearchStep.results:
        return ()
    return rows([BackToResults().button(ctx.t("search.back_to_results"))])


def _filtered(q: SearchQuery) -> bool:
    return bool(q.market or q.language or q.min_rating or q.accepting)


async def results(ctx: Context) -> Replies:
    """The current page again (the step's prompt: after bad input, /help, a filter)."""
    search = ctx.form(Results)
    known = search.total if search.counted == counted_as(search) else None
    page = await ctx.use(Search).find(ctx.actor, query(search), search.page, known)
    if page.page and not page.hits:
        raise StaleButton()
    return render(ctx, page)


def render(ctx: Context, page: ResultPage) -> Reply:
    search = ctx.form(Results)
    search.total, search.counted = page.total, counted_as(search)
    q = query(search)
    title = ctx.t("search.title_words", words=q.text) if q.category is None else \
        ctx.t("search.title_category", category=search.category_name)
    lines = [title, ctx.t("search.page", page=page.page + 1, pages=page.pages,
                          count=page.total)]
    lines += [ctx.t("search.corrected", word=a, term=b) for a, b in page.corrected.items()]
    if not page.hits:
        lines.append(ctx.t("search.none_with_filters"))
    picks = []
    for n, hit in enumerate(page.hits, page.page * 5 + 1):
        stars = f"★ {hit.rating:.1f}" if hit.rating else ctx.t("search.unrated")
        closed = " · " + ctx.t("search.not_accepting") if not hit.accepting else ""
        badge = " " + featured_badge(ctx, hit.featured) if hit.featured else ""
        lines.append(markup.escape(f"{n}. {hit.name} — ") + stars + badge + closed)
        picks.append(ShowCard(hit.provider_id).button(f"{n}. {hit.name}"[:60]))
    nav = [Page(page.page - 1).button(ctx.t("common.previous"))] if page.page else []
    if page.more:
        nav.append(Page(page.page + 1).button(ctx.t("common.next")))
    return Reply(markup.join("\n", lines), chunk(picks, 1) + rows(nav) + filter_rows(ctx, q))


def filter_rows(ctx: Context, q: SearchQuery) -> tuple[tuple[Button, ...], ...]:
    any_ = ctx.t("search.any")
    market = ctx.t(f"market.{q.market}") if q.market else any_
    lang = ctx.t(f"language.{q.language}") if q.language else any_
    rating = f"≥ {q.min_rating}" if q.min_rating else any_
    tick = w.CHECK if q.accepting else ""
    orders = [Order(o).button((w.CHECK if q.order == o else "") + ctx.t(f"search.order_{o}"))
              for o in ORDERS]
    return rows([OpenFilter(Filter.MARKET).button(ctx.t("search.f_market", value=market)),
                 OpenFilter(Filter.LANGUAGE).button(ctx.t("search.f_language", value=lang))],
                [OpenFilter(Filter.RATING).button(ctx.t("search.f_rating", value=rating)),
                 Accepting().button(tick + ctx.t("search.f_accepting"))],
                orders, [Browse().button(ctx.t("search.browse"))])


def _ratings() -> tuple[str, ...]:
    return tuple(str(r) for r in RATINGS if r)


def filter_menu(ctx: Context, kind: Filter) -> Reply:
    if kind is Filter.MARKET:
        options = w.markets(ctx)
    elif kind is Filter.LANGUAGE:
        options = w.languages(ctx)
    else:
        options = [(r, f"≥ {r} ★") for r in _ratings()]
    buttons = w.picks(options, lambda value: SetFilter(kind, value), 3)
    return Reply(ctx.t(f"search.pick_{kind.value}"),
                 buttons + rows([SetFilter(kind, "-").button(ctx.t("search.any"))]),
                 replace=True)


def _set(ctx: Context, search: Results, kind: Filter, value: str) -> None:
    allowed = {Filter.MARKET: ctx.rules.markets, Filter.LANGUAGE: ctx.rules.languages,
               Filter.RATING: _ratings()}[kind]
    if value != "-" and value not in allowed:
        raise StaleButton()
    chosen = None if value == "-" else value
    if kind is Filter.MARKET:
        search.market = chosen
    elif kind is Filter.LANGUAGE:
        search.language = chosen
    else:
        search.min_rating = int(chosen or 0)
    search.page = 0


async def on_press(ctx: Context, press: SearchPress) -> Replies:
    if isinstance(press, Browse | Category):
        if ctx.state.step not in (None, SearchStep.ask, SearchStep.results):
            raise StaleButton()  # an old catalog message must not pull the user out of a form
        if isinstance(press, Browse):
            return await ctx.enter(SearchStep.ask)
        return await pick_category(ctx, press.code)
    ctx.expect(SearchStep.results)
    search = ctx.form(Results)
    if isinstance(press, OpenFilter):
        return filter_menu(ctx, press.kind)
    if isinstance(press, Page):
        if press.page > LAST_PAGE:
            raise StaleButton()
        search.page = press.page
    elif isinstance(press, SetFilter):
        _set(ctx, search, press.kind, press.value)
    elif isinstance(press, Accepting):
        search.accepting, search.page = not search.accepting, 0
    elif isinstance(press, Order):
        if press.order not in ORDERS:
            raise StaleButton()
        search.order, search.page = press.order, 0
    # BackToResults: the results as they were, same page, filters and order
    return [Reply(r.text, r.buttons, replace=True) for r in await ctx.reprompt()]


async def pick_category(ctx: Context, code: str) -> Replies:
    counts = {c.code: c for c in await ctx.use(Search).categories(ctx.actor)}
    if code not in counts:
        raise StaleButton()
    name = category_name(ctx, counts[code].name_en, counts[code].name_zh)
    ctx.begin(Results(words="", category=code, category_name=name), SearchStep.results)
    return await results(ctx)


def register(router: Router) -> None:
    router.command("search", start, help_key="search.help", guest=False)
    router.press(SearchPress, on_press)
    router.step(Step(SearchStep.ask, ask, text=take_words, form=False))
    router.step(Step(SearchStep.results, results, text=take_words, form=False))
