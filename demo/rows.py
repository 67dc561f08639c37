"""Row builders for the demo market: names, descriptions and dates drawn from one random source.

Pure functions of (rng, inputs): `domain/demo.py` decides how many of each and inserts them.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from domain import models as m
from domain.rules import Rules
from domain.services.profiles import GMV_BANDS, PRODUCT_CATEGORIES

from . import words as w

Row = dict[str, Any]
DAY, HOUR = timedelta(days=1), timedelta(hours=1)
OPERATOR = "console:ops"  # the console operator identity of DESIGN section 6
ACTIVE, SUSPENDED, EXPELLED = (m.ProviderStatus.ACTIVE, m.ProviderStatus.SUSPENDED,
                               m.ProviderStatus.EXPELLED)
B = m.BindingStatus
LIVE = (B.ACTIVE, B.EXPIRED, B.REVOKED)  # bindings that started

def unique(make: Callable[[], tuple[str, str]], taken: set[str]) -> tuple[str, str]:
    """Draw (name, extra) until the name is new; numbered once the combinations run thin."""
    for attempt in range(10_000):
        name, extra = make()
        name = name if attempt < 30 else f"{name} {attempt}"
        if len(name) <= 80 and name.lower() not in taken:
            taken.add(name.lower())
            return name, extra
    raise RuntimeError("demo names exhausted")


class Names:
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
        name, slug = unique(lambda: self._draw(cat, chinese), self.names)
        slug = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")
        domain, k = f"{slug}.example", 2
        while domain in self.domains:
            domain, k = f"{slug}{k}.example", k + 1
        self.domains.add(domain)
        return name, f"{self.rng.choice(w.EMAIL_LOCALS)}@{domain}"


def sentences(cat: m.Category, english: bool) -> tuple[str, ...]:
    """The category's description sentences; a category new to the catalog gets its keywords."""
    if cat.code in w.SENTENCES:
        return w.SENTENCES[cat.code][0 if english else 1]
    words = [k for k in cat.keywords if k.isascii() == english]
    if english:
        return (f"{cat.name_en} for cross-border sellers: {', '.join(words)}.",)
    return (f"为跨境卖家提供{cat.name_zh}服务：{'、'.join(words)}。",)


def describe(rng: random.Random, cats: Sequence[m.Category], english: bool) -> str:
    main = sentences(cats[0], english)
    parts = rng.sample(main, rng.randint(1, min(2, len(main))))
    if len(cats) > 1 and rng.random() < 0.6:
        parts.append(rng.choice(sentences(cats[1], english)))
    if (len(parts) < 3 and rng.random() < 0.4) or sum(map(len, parts)) < 20:  # profile minimum
        year = rng.randint(2012, 2022)
        parts.append(f"Serving sellers since {year}." if english else f"{year}年起服务出海商家。")
    return (" " if english else "").join(parts)


def provider(rng: random.Random, names: Names, rules: Rules, cats: Sequence[m.Category],
              now: datetime) -> Row:
    """An active provider whose name and description fit its categories (the first is main)."""
    chinese = rng.random() < 0.5
    name, email = names.company(cats[0], chinese)
    english = not chinese or rng.random() < 0.25  # some Chinese names write in English
    langs = {"zh" if chinese else "en", "en" if english else "zh",
             *rng.sample(rules.languages, rng.randint(0, 2))}
    markets = set(rng.sample(rules.markets, rng.randint(1, min(4, len(rules.markets)))))
    return dict(company_name=name, description=describe(rng, cats, english),
                contact_email=email, markets=[c for c in rules.markets if c in markets],
                languages=[c for c in rules.languages if c in langs], status=ACTIVE,
                suspended_until=None, accepting_clients=rng.random() < 0.92, violation_points=0,
                invite_code=None, created_at=now - rng.randint(340, 1500) * DAY)


def certification(provider_id: int, category_id: int, granted: datetime,
                   application_id: int | None = None, revoked: datetime | None = None) -> Row:
    return dict(provider_id=provider_id, category_id=category_id, application_id=application_id,
                granted_at=granted, expires_at=granted + 365 * DAY, revoked_at=revoked)


def granted(rng: random.Random, now: datetime) -> datetime:
    """In the last 11 months: every demo certification is still valid."""
    return now - rng.randint(1, 330) * DAY - rng.randint(0, 23) * HOUR


def sanction(rng: random.Random, row: Row, status: m.ProviderStatus, rules: Rules,
              now: datetime) -> None:
    """The points of a ladder step, and the suspension or expulsion that step gives."""
    steps = [s for s in rules.ladder if s.suspend_days]
    step = rng.choice(steps) if steps else None
    days = step.suspend_days if step and step.suspend_days else 7
    row.update(status=status, violation_points=step.points if step else 12,
               suspended_until=now + rng.randint(1, days) * DAY)
    if status is EXPELLED:
        points = min((s.points for s in rules.ladder if s.suspend_days is None), default=48)
        row.update(violation_points=points, suspended_until=None, accepting_clients=False)


def application(rng: random.Random, pid: int, cat: m.Category, status: m.ApplicationStatus,
                 at: datetime) -> Row:
    """Above the category's thresholds; an approved one was decided at `at`."""
    done = status is m.ApplicationStatus.APPROVED
    gmv = cat.min_gmv_usd * rng.choice((1, 2, 3)) + rng.randint(1, 400) * 1000
    return dict(provider_id=pid, category_id=cat.id, status=status, note="", version=1,
                claimed_gmv_usd=gmv, merchants_served=cat.min_merchants + rng.randint(0, 80),
                decision_reason=None, decided_by=OPERATOR if done else None,
                decided_at=at if done else None,
                submitted_at=at - rng.randint(1, 5) * DAY if done else at)


def binding(rng: random.Random, merchant_id: int, provider_id: int, status: m.BindingStatus,
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


def evaluation(rng: random.Random, binding_id: int, b: Row, chinese: bool, window: int,
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


def merchant(rng: random.Random, chinese: bool, rules: Rules, now: datetime,
              shops: set[str]) -> Row:
    product = rng.choice(PRODUCT_CATEGORIES)
    en, zh = w.PRODUCTS.get(product, (product.title(), product))
    name, _ = unique(lambda: (
        f"{rng.choice(w.ZH_BRANDS)[0]}{zh}{rng.choice(w.SHOP_ZH_TAIL)}" if chinese else
        f"{rng.choice(w.SHOP_FIRST)} {en} {rng.choice(w.SHOP_LAST)}", ""), shops)
    markets = [c for c in rules.markets if rng.random() < 0.25] or [rules.markets[0]]
    return dict(shop_name=name, product_category=product, markets=markets,
                created_at=now - rng.randint(340, 900) * DAY,  # before any binding
                gmv_band=rng.choices(GMV_BANDS, weights=(30, 40, 22, 8))[0])
