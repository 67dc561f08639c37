"""The one SQL statement behind a result page, written out (portable: SQLite and PostgreSQL).

Written as text rather than built with the expression language because it runs on every
search and every page turn: building and compiling nested unions cost more than running
them. Every value is a bound parameter; only fixed column names are spliced in.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import TextClause, bindparam, text

from ..models.base import UtcDateTime
from ..rules import Rules

KEYS = {"rank": "rank_score", "rating": "rating", "new": "created_at"}
LISTED = "{t}.listed_until > :now AND ({t}.listed_from IS NULL OR {t}.listed_from <= :now)"
ALSO = ("EXISTS (SELECT 1 FROM search_terms o{g} WHERE o{g}.term IN ({terms}) "
        "AND o{g}.provider_id = s.provider_id AND " + LISTED.format(t="o{g}") + ")")
PART = ("SELECT * FROM (SELECT s.provider_id, s.{key} AS key, s.rating FROM search_terms s "
        "WHERE s.term = :t{i} AND {where} ORDER BY s.{key} DESC, s.provider_id DESC "
        "LIMIT :n) AS x{i}")
# The provider named exactly by the query (ix_providers_name_lower), if any.
PINNED = "(SELECT min(id) FROM providers WHERE lower(company_name) = :name)"
PIN = ("SELECT s.provider_id, s.{key} AS key, s.rating FROM search_terms s "
       "WHERE s.provider_id = " + PINNED + " AND s.term IN ({terms}) AND {where}")
FEATURED = ("EXISTS (SELECT 1 FROM rankings r WHERE r.provider_id = b.provider_id "
            "AND r.period = :period AND r.featured = :featured)")
PAGE = ("SELECT b.provider_id, b.rating, p.company_name, p.accepting_clients, "
        + FEATURED + " AS featured FROM ("
        "SELECT provider_id, max(key) AS key, max(rating) AS rating FROM ({parts}) u "
        "GROUP BY provider_id) b JOIN providers p ON p.id = b.provider_id "
        "ORDER BY {pinned}b.key DESC, b.provider_id DESC LIMIT :size OFFSET :skip")
COUNT = ("SELECT count(DISTINCT s.provider_id) FROM search_terms s "
         "WHERE s.term IN ({terms}) AND {where}")


def _filters(filters: dict[str, Any], rules: Rules, params: dict[str, Any]) -> list[str]:
    where = []
    if filters.get("market"):
        params["mk"] = 1 << rules.markets.index(filters["market"])
        where.append("(s.markets & :mk) != 0")
    if filters.get("language"):
        params["lg"] = 1 << rules.languages.index(filters["language"])
        where.append("(s.languages & :lg) != 0")
    if filters.get("min_rating"):
        params["rt"] = float(filters["min_rating"])
        where.append("s.rating >= :rt")
    if filters.get("accepting"):
        params["yes"] = True
        where.append("s.accepting = :yes")
    return where


def _where(groups: list[list[str]], filters: dict[str, Any], rules: Rules,
           params: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The conditions every row must meet, and the bound names of the first word's terms."""
    where = [LISTED.format(t="s"), *_filters(filters, rules, params)]
    for g, group in enumerate(groups[1:]):
        names = []
        for i, term in enumerate(group):
            params[f"g{g}_{i}"] = term
            names.append(f":g{g}_{i}")
        where.append(ALSO.format(g=g, terms=", ".join(names)))
    firsts = []
    for i, term in enumerate(groups[0]):
        params[f"t{i}"] = term
        firsts.append(f":t{i}")
    return where, firsts


def page_statement(groups: list[list[str]], filters: dict[str, Any], order: str, page: int,
                   size: int, rules: Rules, now: datetime, period: str,
                   name: str | None = None) -> tuple[TextClause, dict[str, Any]]:
    """Each term of the first word yields its best n rows in index order; other words are
    checked row by row; the union is merged per provider and cut to the page (+1 row), each
    row saying whether its provider is featured in `period`. A provider whose company `name`
    (lower case) the query is comes first when it matches at all.

    One statement for the whole page: it runs on every page turn, where each round trip
    to the database costs about as much as the query itself."""
    params: dict[str, Any] = {"now": now, "n": (page + 1) * size + 1, "size": size + 1,
                              "skip": page * size, "period": period, "featured": True}
    where, firsts = _where(groups, filters, rules, params)
    conditions = " AND ".join(where)
    parts = [PART.format(key=KEYS[order], i=i, where=conditions) for i in range(len(firsts))]
    pinned = ""
    if name:
        params["name"] = name
        parts.append(PIN.format(key=KEYS[order], terms=", ".join(firsts), where=conditions))
        pinned = f"CASE WHEN b.provider_id = {PINNED} THEN 0 ELSE 1 END, "
    return _statement(PAGE.format(parts=" UNION ALL ".join(parts), pinned=pinned)), params


def count_statement(groups: list[list[str]], filters: dict[str, Any], rules: Rules,
                    now: datetime) -> tuple[TextClause, dict[str, Any]]:
    """How many providers match in all: asked only when there is more than one page."""
    params: dict[str, Any] = {"now": now}
    where, firsts = _where(groups, filters, rules, params)
    return _statement(COUNT.format(terms=", ".join(firsts), where=" AND ".join(where))), params


@lru_cache(maxsize=512)
def _statement(sql: str) -> TextClause:
    """One statement object per distinct SQL text: parsing its bound names anew on every
    page turn cost more than the lookup in SQLAlchemy's compiled cache it leads to."""
    return text(sql).bindparams(bindparam("now", type_=UtcDateTime()))
