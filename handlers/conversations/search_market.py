"""/search: browse the catalog or search by keywords, then filter, order and page the results.

The query and filters live in the conversation state, not in button payloads (64 bytes);
paging and filter buttons edit the result message in place.
"""

from __future__ import annotations

import re
from typing import Any

from domain import markup
from domain.names import localized
from domain.services.search import ORDERS, RATINGS, ResultPage, Search, SearchQuery

from ..engine import payload
from ..engine import widgets as w
from ..engine.context import Context, StaleButton
from ..engine.contract import Button, Reply, chunk, rows
from ..engine.i18n import LANGUAGES
from ..engine.router import Replies, Router, Step
from .featured_badge import featured_badge

ASK, RESULTS = "search.ask", "search.results"
FILTERS = {"mk": "market", "lg": "language", "rt": "min_rating"}


def category_name(ctx: Context, en: str, zh: str) -> str:
    return localized(ctx.lang, en, zh)


async def start(ctx: Context) -> Replies:
    words = ctx.incoming.command.args.strip() if ctx.incoming.command else ""
    return await take_words(ctx, words)


async def ask(ctx: Context) -> Replies:
    counts = await ctx.use(Search).categories(ctx.actor)
    buttons = [Button(f"{category_name(ctx, c.name_en, c.name_zh)} ({c.listed})",
                      f"search:cat:{c.code}") for c in counts]
    return w.ask(ctx, "search.ask", chunk(buttons, 2))


async def take_words(ctx: Context, text: str) -> Replies:
    """Words typed at the question or over the results: a new search. Nothing but spaces
    opens the category browser; market and language names become filters."""
    if not text.strip():
        return await ctx.enter(ASK)
    return await run(ctx, words_and_filters(ctx, text.strip()))


def _names(ctx: Context, kind: str, codes: tuple[str, ...]) -> list[tuple[str, str]]:
    """Every way a market or language is named, in both languages, longest first."""
    names = [(ctx.translator(lang, f"{kind}.{code}").casefold(), code)
             for code in codes for lang in LANGUAGES]
    return sorted(set(names), key=lambda n: -len(n[0]))


def words_and_filters(ctx: Context, text: str) -> dict[str, Any]:
    """`logistics southeast asia` → words `logistics`, Market: Southeast Asia."""
    search: dict[str, Any] = {}
    rest = text
    for key, kind, codes in (("mk", "market", ctx.rules.markets),
                             ("lg", "language", ctx.rules.languages)):
        for name, code in _names(ctx, kind, codes):
            pattern = re.escape(name) if not name.isascii() else rf"\b{re.escape(name)}\b"
            found = re.search(pattern, rest.casefold())
            if found:
                rest = (rest[:found.start()] + " " + rest[found.end():]).strip()
                search[key] = code
                break
    rest = " ".join(rest.split())
    if not rest:  # only a market or language: search for the words themselves
        return {"q": text}
    return {"q": rest, **search}


def query(ctx: Context) -> SearchQuery:
    s: dict[str, Any] = ctx.state.data.get("search") or {}
    if not s:
        raise StaleButton()
    return SearchQuery(text=s.get("q", ""), category=s.get("c"), market=s.get("mk"),
                       language=s.get("lg"), min_rating=int(s.get("rt") or 0),
                       accepting=bool(s.get("acc")), order=s.get("o", "rank"))


async def run(ctx: Context, search: dict[str, Any]) -> Replies:
    """A new search from page one; words that match nothing keep the user on the question."""
    ctx.goto(RESULTS, search=search)
    page = await ctx.use(Search).find(ctx.actor, query(ctx), 0)
    if page.unknown or (not page.hits and not _filtered(query(ctx))):
        ctx.goto(ASK)
        return Reply(ctx.t("search.nothing", words=search.get("q", "")),
                     rows([Button(ctx.t("search.browse"), "search:browse")]))
    return render(ctx, page)


def back_to_results(ctx: Context) -> tuple[tuple[Button, ...], ...]:
    """Under a card opened from results: the same page, filters and order again."""
    if ctx.state.step != RESULTS or not ctx.state.data.get("search"):
        return ()
    return rows([Button(ctx.t("search.back_to_results"), "search:back")])


def _filtered(q: SearchQuery) -> bool:
    return bool(q.market or q.language or q.min_rating or q.accepting)


async def results(ctx: Context) -> Replies:
    """The current page again (the step's prompt: after bad input, /help, a filter)."""
    s = ctx.state.data["search"]
    page = await ctx.use(Search).find(ctx.actor, query(ctx), int(s.get("pg", 0)))
    if page.page and not page.hits:
        raise StaleButton()
    return render(ctx, page)


def render(ctx: Context, page: ResultPage) -> Reply:
    q = query(ctx)
    title = ctx.t("search.title_words", words=q.text) if q.category is None else \
        ctx.t("search.title_category", category=ctx.state.data["search"].get("cn", ""))
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
        picks.append(Button(f"{n}. {hit.name}"[:60], f"card:show:{hit.provider_id}"))
    nav = [Button(ctx.t("common.previous"), f"search:page:{page.page - 1}")] if page.page else []
    if page.more:
        nav.append(Button(ctx.t("common.next"), f"search:page:{page.page + 1}"))
    return Reply(markup.join("\n", lines), chunk(picks, 1) + rows(nav) + filter_rows(ctx, q))


def filter_rows(ctx: Context, q: SearchQuery) -> tuple[tuple[Button, ...], ...]:
    any_ = ctx.t("search.any")
    market = ctx.t(f"market.{q.market}") if q.market else any_
    lang = ctx.t(f"language.{q.language}") if q.language else any_
    rating = f"≥ {q.min_rating}" if q.min_rating else any_
    tick = w.CHECK if q.accepting else ""
    orders = [Button((w.CHECK if q.order == o else "") + ctx.t(f"search.order_{o}"),
                     f"search:o:{o}") for o in ORDERS]
    return rows([Button(ctx.t("search.f_market", value=market), "search:f:mk"),
                 Button(ctx.t("search.f_language", value=lang), "search:f:lg")],
                [Button(ctx.t("search.f_rating", value=rating), "search:f:rt"),
                 Button(tick + ctx.t("search.f_accepting"), "search:acc")],
                orders, [Button(ctx.t("search.browse"), "search:browse")])


def filter_menu(ctx: Context, kind: str) -> Reply:
    if kind == "mk":
        options = w.markets(ctx)
    elif kind == "lg":
        options = w.languages(ctx)
    else:
        options = [(str(r), f"≥ {r} ★") for r in RATINGS if r]
    buttons = w.pick_buttons(options, f"search:set:{kind}", 3)
    return Reply(ctx.t(f"search.pick_{kind}"),
                 buttons + rows([Button(ctx.t("search.any"), f"search:set:{kind}:-")]),
                 replace=True)


def _set(ctx: Context, kind: str, value: str) -> None:
    allowed = {"mk": ctx.rules.markets, "lg": ctx.rules.languages,
               "rt": tuple(str(r) for r in RATINGS if r)}.get(kind)
    if allowed is None or value != "-" and value not in allowed:
        raise StaleButton()
    s = ctx.state.data["search"]
    s[kind] = None if value == "-" else (int(value) if kind == "rt" else value)
    s["pg"] = 0


async def on_press(ctx: Context, rest: str) -> Replies:
    action, _, arg = rest.partition(":")
    if action in ("browse", "cat") and ctx.state.step not in (None, ASK, RESULTS):
        raise StaleButton()  # an old catalog message must not pull the user out of a form
    if action == "browse":
        return await ctx.enter(ASK)
    if action == "cat":
        return await pick_category(ctx, arg)
    ctx.expect(RESULTS)
    s = ctx.state.data["search"]
    if action == "back":
        pass  # the results as they were: same page, filters and order
    elif action == "page":
        s["pg"] = payload.page(arg)
    elif action == "f" and arg in FILTERS:
        return filter_menu(ctx, arg)
    elif action == "set":
        _set(ctx, *payload.fields(arg, 2))
    elif action == "acc":
        s["acc"], s["pg"] = not s.get("acc"), 0
    elif action == "o" and arg in ORDERS:
        s["o"], s["pg"] = arg, 0
    else:
        raise StaleButton()
    return [Reply(r.text, r.buttons, replace=True) for r in await ctx.reprompt()]


async def pick_category(ctx: Context, code: str) -> Replies:
    counts = {c.code: c for c in await ctx.use(Search).categories(ctx.actor)}
    if code not in counts:
        raise StaleButton()
    name = category_name(ctx, counts[code].name_en, counts[code].name_zh)
    ctx.goto(RESULTS, search={"c": code, "cn": name})
    return await results(ctx)


def register(router: Router) -> None:
    router.command("search", start, help_key="search.help", guest=False)
    router.button("search", on_press)
    router.step(Step(ASK, ask, text=take_words, form=False))
    router.step(Step(RESULTS, results, text=take_words, form=False))
