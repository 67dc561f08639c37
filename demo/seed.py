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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, insert, select

from domain import models as m
from domain.adapters.search_index import reindex_all
from domain.adapters.uow import UnitOfWork
from domain.blacklist_names import normalize

from . import rows as r

Progress = Callable[[int, int], None]
BATCH = 5000
Row = r.Row
DAY, HOUR, B, LIVE = r.DAY, r.HOUR, r.B, r.LIVE
ACTIVE, SUSPENDED, EXPELLED = r.ACTIVE, r.SUSPENDED, r.EXPELLED


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


async def _insert(uow: UnitOfWork, model: type[m.Base], rows: list[Row],
                  *key: str) -> dict[tuple[Any, ...], int]:
    """Core executemany; with `key`, map each row's (unique) key to its new id."""
    table = model.__table__
    if not isinstance(table, Table):  # a mapped class, not a mapping onto a join or select
        raise TypeError(f"{model.__name__} is not mapped to one table")
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
    names = r.Names(rng, (await uow.session.execute(
        select(m.Provider.company_name, m.Provider.contact_email))).tuples().all())
    done = 0
    while done < count:
        picks = [rng.sample(cats, rng.randint(1, min(2, len(cats))))
                 for _ in range(min(BATCH, count - done))]
        ids = await _provider_ids(uow, [r.provider(rng, names, uow.rules, p, now) for p in picks])
        await _insert(uow, m.Certification, [
            r.certification(pid, cat.id, r.granted(rng, now))
            for pid, pick in zip(ids, picks, strict=True) for cat in pick])
        done += len(ids)
        if progress:
            progress(done, count)
    return done


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
    picks, names, turn = [], r.Names(rng), itertools.count()
    for status in statuses:
        main = cats[next(turn) % len(cats)] if status is ACTIVE else rng.choice(cats)
        others = [c for c in cats if c is not main]
        picks.append([main, *rng.sample(others, rng.randint(0, min(2, len(others))))])
    rows = [r.provider(rng, names, rules, pick, now) for pick in picks]
    for row, status in zip(rows, statuses, strict=True):
        if status is not ACTIVE:
            r.sanction(rng, row, status, rules, now)
        elif rng.random() < 0.06 and rules.ladder:  # a few points, below the ladder's first step
            row["violation_points"] = rng.randint(1, max(1, rules.ladder[0].points - 1))
    ids = await _provider_ids(uow, rows)
    members = await _members(uow, ids, picks, statuses, rows)
    if progress:
        progress(providers, providers + merchants)

    apps, granted = [], {}
    for pid, pick, status in zip(ids, picks, statuses, strict=True):
        for cat in pick:
            granted[pid, cat.id] = at = r.granted(rng, now)
            apps.append(r.application(rng, pid, cat, m.ApplicationStatus.APPROVED, at))
        spare = [c for c in cats if c not in pick]
        if status is ACTIVE and spare and rng.random() < 0.04:
            apps.append(r.application(rng, pid, rng.choice(spare), m.ApplicationStatus.IN_REVIEW,
                                     now - rng.randint(2, 140) * HOUR))
    app_ids = await _insert(uow, m.Application, apps, "provider_id", "category_id")
    expelled = {pid: row for pid, row, s in zip(ids, rows, statuses, strict=True) if s is EXPELLED}
    certs = [r.certification(pid, cid, at, app_ids[pid, cid], (now - DAY) if pid in expelled
                            else None) for (pid, cid), at in granted.items()]  # expelled: a day ago
    await _insert(uow, m.Certification, certs)
    listed = {(kind, normalize(kind, shown)): dict(
        kind=kind, value=normalize(kind, shown), shown=shown, provider_id=pid, reason="expelled",
        added_by="system", created_at=now - DAY)
        for pid, row in expelled.items()
        for kind, shown in (("email", row["contact_email"]), ("company", row["company_name"]))}
    await _insert(uow, m.BlacklistEntry, list(listed.values()))

    langs, shops = [rng.random() < 0.5 for _ in range(merchants)], set[str]()
    mrows = [r.merchant(rng, chinese, rules, now, shops) for chinese in langs]
    mids = await _insert(uow, m.Merchant, mrows, "shop_name")
    live = [(pid, pick) for pid, pick, s in zip(ids, picks, statuses, strict=True) if s is ACTIVE]
    brows, scopes, chinese_of = [], {}, {}
    for row, chinese in zip(mrows, langs, strict=True):
        mid = mids[(row["shop_name"],)]
        chinese_of[mid] = chinese
        for pid, pick in rng.sample(live, min(len(live), rng.choice((1, 2, 2, 2, 3)))):
            scopes[mid, pid] = scope = rng.sample(pick, rng.randint(1, min(2, len(pick))))
            state = rng.choices((*LIVE, B.REQUESTED, B.DECLINED), weights=(60, 14, 8, 12, 6))[0]
            since = max(granted[pid, c.id] for c in scope)
            brows.append(r.binding(rng, mid, pid, state, rules.binding_durations, since, now))
    bids = await _insert(uow, m.Binding, brows, "merchant_id", "provider_id")
    await _insert(uow, m.BindingScope, [dict(binding_id=bids[key], category_id=c.id)
                                        for key, scope in scopes.items() for c in scope])
    evals = [r.evaluation(rng, bids[b["merchant_id"], b["provider_id"]], b,
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
