"""Composing an announcement, in English and Chinese, from the database at send time.

The result is stored on the announcement (domain/announcement_text.py explains the shape):
per language a title, one section per category and the anti-scam footer; for WeChat one
numbered text per language (no links there: the number stands for the card, in `cards`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from domain.adapters.uow import UnitOfWork
from domain.announcement_text import ALL
from domain.markup import escape, plain
from domain.models import Category, Certification, Evaluation, Provider, Ranking
from domain.services.sanctions import is_available

from .i18n import say

LANGS = ("en", "zh")
Link = Callable[[int], str]


@dataclass(frozen=True)
class Listed:
    provider_id: int
    name: str
    rating: float
    count: int


@dataclass(frozen=True)
class Section:
    code: str
    names: dict[str, str]  # language → category name
    providers: list[Listed]


async def digest_sections(uow: UnitOfWork, start: datetime, end: datetime) -> list[Section]:
    """Providers certified in [start, end), still certified and listed, per category."""
    query = (select(Category, Provider).join(Certification, Certification.category_id
                                             == Category.id)
             .join(Provider, Provider.id == Certification.provider_id)
             .where(Certification.granted_at >= start, Certification.granted_at < end,
                    Certification.revoked_at.is_(None), Certification.expires_at > end)
             .order_by(Category.position, Certification.granted_at, Provider.id))
    return await _sections(uow, (await uow.session.execute(query)).tuples().all())


async def spotlight_sections(uow: UnitOfWork, period: str) -> list[Section]:
    """The period's featured providers (the overall ranking), per category, best first."""
    query = (select(Category, Provider).join(Ranking, Ranking.category_id == Category.id)
             .join(Provider, Provider.id == Ranking.provider_id)
             .where(Ranking.period == period, Ranking.market == "*",
                    Ranking.featured.is_(True))
             .order_by(Category.position, Ranking.rank))
    return await _sections(uow, (await uow.session.execute(query)).tuples().all())


async def _sections(uow: UnitOfWork, pairs: Sequence[tuple[Category, Provider]]
                    ) -> list[Section]:
    now = uow.now()
    pairs = [(c, p) for c, p in pairs if is_available(p, now)]
    ratings = await _ratings(uow, {p.id for _, p in pairs})
    grouped: dict[int, list[Listed]] = defaultdict(list)
    categories: dict[int, Category] = {}
    for c, p in pairs:
        categories[c.id] = c
        if all(x.provider_id != p.id for x in grouped[c.id]):
            grouped[c.id].append(Listed(p.id, p.company_name, *ratings.get(p.id, (0.0, 0))))
    return [Section(c.code, {"en": c.name_en, "zh": c.name_zh}, grouped[cid])
            for cid, c in categories.items()]


async def _ratings(uow: UnitOfWork, ids: set[int]) -> dict[int, tuple[float, int]]:
    if not ids:
        return {}
    score = (Evaluation.quality + Evaluation.communication + Evaluation.timeliness) / 3.0
    rows = await uow.session.execute(
        select(Evaluation.provider_id, func.avg(score), func.count())
        .where(Evaluation.provider_id.in_(ids)).group_by(Evaluation.provider_id))
    return {pid: (round(float(avg), 1), int(n)) for pid, avg, n in rows}


def _rating(lang: str, p: Listed) -> str:
    return say(lang, "rating", rating=f"{p.rating:.1f}", count=p.count) if p.count \
        else say(lang, "unrated")


def _section(lang: str, s: Section, link: Link, per_category: int) -> str:
    lines = [say(lang, "section", category=s.names[lang])]
    lines += [say(lang, "line", name=p.name, rating=_rating(lang, p), link=link(p.provider_id))
              for p in s.providers[:per_category]]
    if len(s.providers) > per_category:
        lines.append(say(lang, "more", count=len(s.providers) - per_category))
    return "\n".join(lines)


def fit(text: str, limit: int) -> str:
    """Cut at a line boundary to at most `limit` bytes of UTF-8 (WeChat's text limit)."""
    if len(text.encode()) <= limit:
        return text
    kept: list[str] = []
    for line in text.split("\n"):
        if len("\n".join([*kept, line, "…"]).encode()) > limit:
            break
        kept.append(line)
    return "\n".join([*kept, "…"])


def wechat_text(lang: str, title: str, sections: list[Section], per_category: int,
                limit: int, body: str = "") -> tuple[str, list[int]]:
    """A numbered list (the number opens the card), the warning last — it survives a cut."""
    lines, cards = [title], []
    for s in sections:
        for p in s.providers[:per_category]:
            cards.append(p.provider_id)
            lines.append(say(lang, "wechat.line", number=len(cards), name=p.name,
                             category=s.names[lang], rating=_rating(lang, p)))
    if body:
        lines.append(escape(body))
    if cards:
        lines.append(say(lang, "wechat.open"))
    # WeChat shows no markup: markers and escapes go (domain/markup.py), names stay as typed.
    footer = "\n\n" + plain(say(lang, "warning"))
    return fit(plain("\n".join(lines)), limit - len(footer.encode())) + footer, cards


def compose(title: Mapping[str, str], sections: list[Section], link: Link, per_category: int,
            wechat_bytes: int, bodies: dict[str, str] | None = None) -> dict[str, Any]:
    """The stored texts: per language title/sections/footer, and the WeChat versions."""
    texts: dict[str, Any] = {"wechat": {}}
    for lang in LANGS:
        parts = [[s.code, _section(lang, s, link, per_category)] for s in sections]
        if bodies:
            parts.insert(0, [ALL, escape(bodies[lang])])  # the operator's text, as typed
        texts[lang] = {"title": title[lang], "sections": parts, "footer": say(lang, "warning")}
        texts["wechat"][lang], texts["cards"] = wechat_text(
            lang, title[lang], sections, per_category, wechat_bytes,
            (bodies or {}).get(lang, ""))
    return texts
