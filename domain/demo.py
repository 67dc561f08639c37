"""Deterministic demo data, so that `make run`, demos and benchmarks meet a lived-in market.

Every choice comes from one `random.Random(seed)` and every timestamp is an offset from one
`now`: the same seed and `now` give the same rows. Rows go in with Core executemany (one code
path for the 300-provider demo and the 100,000-provider benchmark); new ids are matched back
by a unique key, because RETURNING order is not guaranteed (and sorting it is slow on SQLite).
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select

from . import demo_words as w
from . import models as m
from .rules import Rules
from .search_index import reindex_all
from .services.profiles import GMV_BANDS, PRODUCT_CATEGORIES
from .uow import UnitOfWork

Progress = Callable[[int, int], None]
Row = dict[str, Any]
BATCH = 5000
OPERATOR = "console:ops"  # the console operator identity of DESIGN section 6
DAY, HOUR = timedelta(days=1), timedelta(hours=1)
ACTIVE, SUSPENDED, EXPELLED = (m.ProviderStatus.ACTIVE, m.ProviderStatus.SUSPENDED,
                               m.ProviderStatus.EXPELLED)
B = m.BindingStatus
LIVE = (B.ACTIVE, B.EXPIRED, B.REVOKED)  # bindings that started


@dataclass(frozen=True)
class DemoSummary:
    """What one call inserted; all zeros when the database already had providers."""

    providers: int = 0
    certifications: int = 0
    applications: int = 0
    merchants: int = 0
    bindings: int = 0
    evaluations: int = 0
    members: tuple[tuple[str, str], ...] = ()  # (console handle, company) to play providers


def _unique(make: Callable[[], tuple[str, str]], taken: set[str]) -> tuple[str, str]:
    """Draw (name, extra) until the name is new; numbered once the combinations run thin."""
    for attempt in range(10_000):
        name, extra = make()
        name = name if attempt < 30 else f"{name} {attempt}"
        if len(name) <= 80 and name.lower() not in taken:
            taken.add(name.lower())
            return name, extra
    raise RuntimeError("demo names exhausted")


class _Names:
    """Unique company names and e-mail domains, also against rows already in the database."""

    def __init__(self, rng: random.Random, rows: Sequence[tuple[str, str]] = ()) -> None:
        self.rng = rng
        self.names = {name.lower() for name, _ in rows}
        self.domains = {email.rpartition("@")[2] for _, email in rows}

    def _draw(self, cat: m.Category, chinese: bool) -> tuple[str, str]:
        rng = self.rng
        en, zh = w.SERVICES.get(cat.code, ((cat.name_en,), (cat.name_zh,)))
        city_en, city_zh = rng.choice(w.CITIES)
        if chinese:  # 深圳 + 星耀 + 达人营销 + 有限公司
            brand, pinyin = rng.choice(w.ZH_BRANDS)
            city = city_zh if rng.random() < 0.75 else ""
            return f"{city}{brand}{rng.choice(zh)}{rng.choice(w.ZH_FORMS)}", f"{pinyin}-{cat.code}"
        first, second, service = rng.choice(w.EN_FIRST), rng.choice(w.EN_SECOND), rng.choice(en)
        root = f"{first}{second}" if rng.random() < 0.5 else f"{first} {second}"
        city = f"{city_en} " if rng.random() < 0.6 else ""
        name = f"{city}{root} {service} {rng.choice(w.EN_FORMS)}".strip()
        return name, f"{first}{second}-{service.split()[0]}"

    def company(self, cat: m.Category, chinese: bool) -> tuple[str, str]:
        """("Shenzhen BrightWave Ads Co., Ltd." or "义乌速达物流", "hello@….example")."""
        name, slug = _unique(lambda: self._draw(cat, chinese), self.names)
        slug = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")
        domain, k = f"{slug}.example", 2
        while domain in self.domains:
            domain, k = f"{slug}{k}.example", k + 1
        self.domains.add(domain)
        return name, f"{self.rng.choice(w.EMAIL_LOCALS)}@{domain}"


def _sentences(cat: m.Category, english: bool) -> tuple[str, ...]:
    """The category's description sentences; a category new to the catalog gets its keywords."""
    if cat.code in w.SENTENCES:
        return w.SENTENCES[cat.code][0 if english else 1]
    words = [k for k in cat.keywords if k.isascii() == english]
    if english:
        return (f"{cat.name_en} for cross-border sellers: {', '.join(words)}.",)
    return (f"为跨境卖家提供{cat.name_zh}服务：{'、'.join(words)}。",)


def _describe(rng: random.Random, cats: Sequence[m.Category], english: bool) -> str:
    main = _sentences(cats[0], english)
    parts = rng.sample(main, rng.randint(1, min(2, len(main))))
    if len(cats) > 1 and rng.random() < 0.6:
        parts.append(rng.choice(_sentences(cats[1], english)))
    if (len(parts) < 3 and rng.random() < 0.4) or sum(map(len, parts)) < 20:  # profile minimum
        year = rng.randint(2012, 2022)
        parts.append(f"Serving sellers since {year}." if english else f"{year}年起服务出海商家。")
    return (" " if english else "").join(parts)


def _provider(rng: random.Random, names: _Names, rules: Rules, cats: Sequence[m.Category],
              now: datetime) -> Row:
    """An active provider whose name and description fit its categories (the first is main)."""
    chinese = rng.random() < 0.5
    name, email = names.company(cats[0], chinese)
    english = not chinese or rng.random() < 0.25  # some Chinese names write in English
    langs = {"zh" if chinese else "en", "en" if english else "zh",
             *rng.sample(rules.languages, rng.randint(0, 2))}
    markets = set(rng.sample(rules.markets, rng.randint(1, min(4, len(rules.markets)))))
    return dict(company_name=name, description=_describe(rng, cats, english),
                contact_email=email, markets=[c for c in rules.markets if c in markets],
                languages=[c for c in rules.languages if c in langs], status=ACTIVE,
                suspended_until=None, accepting_clients=rng.random() < 0.92, violation_points=0,
                invite_code=None, created_at=now - rng.randint(340, 1500) * DAY)


def _certification(provider_id: int, category_id: int, granted: datetime,
                   application_id: int | None = None, revoked: datetime | None = None) -> Row:
    return dict(provider_id=provider_id, category_id=category_id, application_id=application_id,
                granted_at=granted, expires_at=granted + 365 * DAY, revoked_at=revoked)


def _granted(rng: random.Random, now: datetime) -> datetime:
    """In the last 11 months: every demo certification is still valid."""
    return now - rng.randint(1, 330) * DAY - rng.randint(0, 23) * HOUR


async def _insert(uow: UnitOfWork, model: type[m.Base], rows: list[Row],
                  *key: str) -> dict[tuple[Any, ...], int]:
    """Core executemany; with `key`, map each row's (unique) key to its new id."""
    table = model.__table__
    if rows and not key:
        await uow.session.execute(insert(table), rows)
    if not rows or not key:
        return {}
    result = await uow.session.execute(
        insert(table).returning(table.c.id, *(table.c[k] for k in key)), rows)
    return {tuple(r[1:]): r[0] for r in result}


async def _provider_ids(uow: UnitOfWork, rows: list[Row]) -> list[int]:
    ids = await _insert(uow, m.Provider, rows, "contact_email")
    return [ids[(row["contact_email"],)] for row in rows]


async def _categories(uow: UnitOfWork) -> list[m.Category]:
    query = select(m.Category).where(m.Category.retired.is_(False))
    cats = list(await uow.session.scalars(query.order_by(m.Category.position, m.Category.id)))
    if not cats:
        raise RuntimeError("no categories: sync the catalog before seeding demo data")
    return cats


async def bulk_providers(uow: UnitOfWork, count: int, *, seed: int = 11,
                         progress: Progress | None = None) -> int:
    """Insert `count` providers certified in 1–2 random categories, fast, for benchmarks."""
    rng, now, cats = random.Random(seed), uow.now(), await _categories(uow)
    names = _Names(rng, (await uow.session.execute(
        select(m.Provider.company_name, m.Provider.contact_email))).tuples().all())
    done = 0
    while done < count:
        picks = [rng.sample(cats, rng.randint(1, min(2, len(cats))))
                 for _ in range(min(BATCH, count - done))]
        ids = await _provider_ids(uow, [_provider(rng, names, uow.rules, p, now) for p in picks])
        await _insert(uow, m.Certification, [
            _certification(pid, cat.id, _granted(rng, now))
            for pid, pick in zip(ids, picks, strict=True) for cat in pick])
        done += len(ids)
        if progress:
            progress(done, count)
    return done


def _sanction(rng: random.Random, row: Row, status: m.ProviderStatus, rules: Rules,
              now: datetime) -> None:
    """The points of a ladder step, and the suspension or expulsion that step gives."""
    steps = [s for s in rules.ladder if s.suspend_days]
    step = rng.choice(steps) if steps else None
    row.update(status=status, violation_points=step.points if step else 12,
               suspended_until=now + rng.randint(1, step.suspend_days if step else 7) * DAY)
    if status is EXPELLED:
        points = min((s.points for s in rules.ladder if s.suspend_days is None), default=48)
        row.update(violation_points=points, suspended_until=None, accepting_clients=False)


def _application(rng: random.Random, pid: int, cat: m.Category, status: m.ApplicationStatus,
                 at: datetime) -> Row:
    """Above the category's thresholds; an approved one was decided at `at`."""
    done = status is m.ApplicationStatus.APPROVED
    gmv = cat.min_gmv_usd * rng.choice((1, 2, 3)) + rng.randint(1, 400) * 1000
    return dict(provider_id=pid, category_id=cat.id, status=status, note="", version=1,
                claimed_gmv_usd=gmv, merchants_served=cat.min_merchants + rng.randint(0, 80),
                decision_reason=None, decided_by=OPERATOR if done else None,
                decided_at=at if done else None,
                submitted_at=at - rng.randint(1, 5) * DAY if done else at)


def _binding(rng: random.Random, merchant_id: int, provider_id: int, status: m.BindingStatus,
             durations: Sequence[int], since: datetime, now: datetime) -> Row:
    """Times after `since` (the scope's newest certification); active ones end in the future."""
    duration = rng.choice(durations)
    fits = [d for d in durations if since + (d + 3) * DAY < now]
    if status is B.EXPIRED:
        status, duration = (status, rng.choice(fits)) if fits else (B.ACTIVE, duration)
    lo, hi = max(since, now - (duration - 1) * DAY), now
    if status is B.EXPIRED:
        lo, hi = since, now - (duration + 3) * DAY
    elif status not in LIVE:
        lo = max(since, now - 4 * DAY)
    requested = lo + (hi - lo) * rng.random()
    answered = requested + min(rng.randint(1, 48) * HOUR, (now - requested) / 2)
    row = dict(merchant_id=merchant_id, provider_id=provider_id, duration_days=duration,
               status=status, requested_by=None, requested_at=requested,
               answered_at=None if status is B.REQUESTED else answered, starts_at=None,
               ends_at=None, ended_at=None, reminder_sent_at=None)
    if status in LIVE:
        ends = answered + duration * DAY
        ended = {B.EXPIRED: ends, B.REVOKED: answered + (now - answered) * rng.random()}
        row.update(starts_at=answered, ends_at=ends, ended_at=ended.get(status))
    return row


def _evaluation(rng: random.Random, binding_id: int, b: Row, chinese: bool, window: int,
                now: datetime) -> Row:
    """Skewed positive, as on real markets; written while the binding ran or soon after."""
    base = rng.choices((1, 2, 3, 4, 5), weights=(3, 5, 12, 35, 45))[0]
    scores = [min(5, max(1, base + rng.choice((-1, 0, 0, 0, 1)))) for _ in range(3)]
    mood = "good" if sum(scores) >= 12 else "fair" if sum(scores) >= 9 else "poor"
    lang = int(chinese) if rng.random() < 0.85 else 1 - int(chinese)
    comment = rng.choice(w.COMMENTS[mood][lang]) if rng.random() < 0.9 else ""
    start, end = b["starts_at"], min(now, (b["ended_at"] or now) + window * DAY)
    created = start + (end - start) * rng.uniform(0.2, 1.0)
    answer = w.ANSWERS[mood][lang] if comment and rng.random() < 0.15 else None
    answered = created + min(rng.randint(1, 3) * DAY, (now - created) / 2) if answer else None
    return dict(binding_id=binding_id, provider_id=b["provider_id"], quality=scores[0],
                communication=scores[1], timeliness=scores[2], comment=comment, answer=answer,
                answered_at=answered, created_at=created, updated_at=created)


def _merchant(rng: random.Random, chinese: bool, rules: Rules, now: datetime,
              shops: set[str]) -> Row:
    product = rng.choice(PRODUCT_CATEGORIES)
    en, zh = w.PRODUCTS.get(product, (product.title(), product))
    name, _ = _unique(lambda: (
        f"{rng.choice(w.ZH_BRANDS)[0]}{zh}{rng.choice(w.SHOP_ZH_TAIL)}" if chinese else
        f"{rng.choice(w.SHOP_FIRST)} {en} {rng.choice(w.SHOP_LAST)}", ""), shops)
    markets = [c for c in rules.markets if rng.random() < 0.25] or [rules.markets[0]]
    return dict(shop_name=name, product_category=product, markets=markets,
                created_at=now - rng.randint(340, 900) * DAY,  # before any binding
                gmv_band=rng.choices(GMV_BANDS, weights=(30, 40, 22, 8))[0])


async def _members(uow: UnitOfWork, ids: list[int], picks: list[list[m.Category]],
                   statuses: list[m.ProviderStatus], rows: list[Row]
                   ) -> tuple[tuple[str, str], ...]:
    """One console member (`<category>-team`) for the first active provider of each main
    category, so that a person at the console can answer binding requests as a provider."""
    chosen: dict[str, tuple[int, Row]] = {}
    for pid, pick, status, row in zip(ids, picks, statuses, rows, strict=True):
        if status is ACTIVE and pick[0].code not in chosen:
            chosen[pick[0].code] = (pid, row)
    for code, (pid, row) in chosen.items():
        chinese = re.search(r"[\u4e00-\u9fff]", row["company_name"]) is not None
        uow.session.add(m.Account(platform="console", platform_id=f"{code}-team",
                                  display_name=row["company_name"], role=m.Role.PROVIDER,
                                  provider_id=pid, language="zh" if chinese else "en",
                                  created_at=uow.now()))
    await uow.session.flush()
    return tuple((f"{code}-team", row["company_name"]) for code, (_, row) in chosen.items())


async def seed_demo(uow: UnitOfWork, *, providers: int = 300, merchants: int = 60, seed: int = 7,
                    now: datetime | None = None, progress: Progress | None = None) -> DemoSummary:
    """Seed a market once: a no-op when any provider exists, so every start may call it.

    Main categories go round-robin over the active providers, so with the default 300 every
    category has 15+ active certified providers; ~3% are suspended and ~1% expelled.
    """
    if await uow.session.scalar(select(m.Provider.id).limit(1)) is not None:
        return DemoSummary()
    rng, now, rules, cats = random.Random(seed), now or uow.now(), uow.rules, await _categories(uow)
    statuses = [SUSPENDED] * round(providers * 0.03) + [EXPELLED] * round(providers * 0.01)
    statuses = statuses[:providers] + [ACTIVE] * max(0, providers - len(statuses))
    rng.shuffle(statuses)
    picks, names, turn = [], _Names(rng), itertools.count()
    for status in statuses:
        main = cats[next(turn) % len(cats)] if status is ACTIVE else rng.choice(cats)
        others = [c for c in cats if c is not main]
        picks.append([main, *rng.sample(others, rng.randint(0, min(2, len(others))))])
    rows = [_provider(rng, names, rules, pick, now) for pick in picks]
    for row, status in zip(rows, statuses, strict=True):
        if status is not ACTIVE:
            _sanction(rng, row, status, rules, now)
        elif rng.random() < 0.06 and rules.ladder:  # a few points, below the ladder's first step
            row["violation_points"] = rng.randint(1, max(1, rules.ladder[0].points - 1))
    ids = await _provider_ids(uow, rows)
    members = await _members(uow, ids, picks, statuses, rows)
    if progress:
        progress(providers, providers + merchants)

    apps, granted = [], {}
    for pid, pick, status in zip(ids, picks, statuses, strict=True):
        for cat in pick:
            granted[pid, cat.id] = at = _granted(rng, now)
            apps.append(_application(rng, pid, cat, m.ApplicationStatus.APPROVED, at))
        spare = [c for c in cats if c not in pick]
        if status is ACTIVE and spare and rng.random() < 0.04:
            apps.append(_application(rng, pid, rng.choice(spare), m.ApplicationStatus.IN_REVIEW,
                                     now - rng.randint(2, 140) * HOUR))
    app_ids = await _insert(uow, m.Application, apps, "provider_id", "category_id")
    expelled = {pid: row for pid, row, s in zip(ids, rows, statuses, strict=True) if s is EXPELLED}
    certs = [_certification(pid, cid, at, app_ids[pid, cid], (now - DAY) if pid in expelled
                            else None) for (pid, cid), at in granted.items()]  # expelled: a day ago
    await _insert(uow, m.Certification, certs)
    await _insert(uow, m.BlacklistEntry, [
        dict(kind=kind, value=value.strip().lower(), provider_id=pid, created_at=now - DAY)
        for pid, row in expelled.items()
        for kind, value in (("email", row["contact_email"]), ("company", row["company_name"]))])

    langs, shops = [rng.random() < 0.5 for _ in range(merchants)], set[str]()
    mrows = [_merchant(rng, chinese, rules, now, shops) for chinese in langs]
    mids = await _insert(uow, m.Merchant, mrows, "shop_name")
    live = [(pid, pick) for pid, pick, s in zip(ids, picks, statuses, strict=True) if s is ACTIVE]
    brows, scopes, chinese_of = [], {}, {}
    for row, chinese in zip(mrows, langs, strict=True):
        mid = mids[(row["shop_name"],)]
        chinese_of[mid] = chinese
        for pid, pick in rng.sample(live, min(len(live), rng.choice((1, 2, 2, 2, 3)))):
            scopes[mid, pid] = scope = rng.sample(pick, rng.randint(1, min(2, len(pick))))
            status = rng.choices((*LIVE, B.REQUESTED, B.DECLINED), weights=(60, 14, 8, 12, 6))[0]
            since = max(granted[pid, c.id] for c in scope)
            brows.append(_binding(rng, mid, pid, status, rules.binding_durations, since, now))
    bids = await _insert(uow, m.Binding, brows, "merchant_id", "provider_id")
    await _insert(uow, m.BindingScope, [dict(binding_id=bids[key], category_id=c.id)
                                        for key, scope in scopes.items() for c in scope])
    evals = [_evaluation(rng, bids[b["merchant_id"], b["provider_id"]], b,
                         chinese_of[b["merchant_id"]], rules.evaluation_window_days, now)
             for b in brows if b["starts_at"] and now - b["starts_at"] > 7 * DAY
             and rng.random() < 0.8]
    await _insert(uow, m.Evaluation, evals)
    await reindex_all(uow)  # rows went in through Core: index them so the market is searchable
    if progress:
        progress(providers + merchants, providers + merchants)
    return DemoSummary(providers=len(ids), certifications=len(certs), applications=len(apps),
                       merchants=len(mids), bindings=len(bids), evaluations=len(evals),
                       members=members)
