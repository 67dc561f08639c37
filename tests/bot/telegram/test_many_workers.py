"""Chaos: three `python -m bot run` webhook workers on one PostgreSQL database, 200 simulated
users, each user's updates in flight on several workers at once (issue 14).

Each user follows the announcements: /subscribe, a toggle for each of two categories, Done,
then Done for the kinds. A toggle's reply edits the keyboard to show the choice after it, so
each reply names the update it answers; the choice saved at the end shows whether each toggle
was applied exactly once (a toggle applied twice takes its category off again) and Done after
them. A user's updates go out in three bursts: within a burst each goes to the next worker as
soon as the one before has arrived — a worker has it in hand and has appended it to the inbox
(or processed it already): that is what "arrived" means in the guarantee, "one at a time in
update_id order among the updates that have arrived" — without waiting for its answer, and
one in five also goes to a second worker at the same moment (Telegram delivering an update
twice); the next burst follows once the burst is acknowledged.

What must hold: every acknowledged update processed exactly once (its dedupe key in the
database, one reply per update at the fake Bot API), no error or traceback in any worker's log,
no apology, one account per user; each user's replies in update_id order, and the choice saved
in the end the one the toggles and Done make in that order.

SQLite allows one `python -m bot run` per database file (a lock), so the test needs PostgreSQL.
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from domain.adapters.db import create_engine
from domain.models import Account, ProcessedUpdate, Subscription
from domain.services.followers import KINDS
from handlers.conversations.follow_announcements import Done, KindsDone, Toggle
from handlers.engine.i18n import Translator, load_catalogs
from handlers.engine.widgets import CHECK
from tests.bot.processes import fresh_database
from tests.bot.workers import (
    Telegram,
    Workers,
    fake_process,
    in_bursts,
    message,
    press,
    replies_by_chat,
    session,
    webhook_workers,
)
from tests.conftest import PG_URL

WORKERS, USERS = 3, 200
TOGGLES = ("advertising", "influencer")
STAGGER = 0.02  # seconds from an update's arrival at a worker to sending the burst's next
DUPLICATES = 0.2  # the share of updates also sent to a second worker at the same moment
SPREAD = 6.0  # users start within this many seconds
ARRIVED = text("SELECT EXISTS (SELECT 1 FROM inbox WHERE key = :key) "
               "OR EXISTS (SELECT 1 FROM processed_updates WHERE key = :key)")
SAY = Translator(load_catalogs()).bind("en")
APOLOGY = str(SAY("error.internal"))
# Done with nothing chosen yet answers this, then asks again: two messages for one update.
PICK_ONE = str(SAY("follow.error.pick_category"))
SAVED = str(SAY("follow.saved", summary="")).split("\n")[0].strip()  # "Done!"
Saved = dict[str, tuple[list[str], list[str], bool]]  # user: categories, kinds, active

pytestmark = pytest.mark.skipif(
    not PG_URL, reason="SQLite allows one bot process per database file: many workers need "
    "PostgreSQL (SMBOT_TEST_DATABASE_URL)")


def script(user: int) -> list[dict[str, Any]]:
    return [message(user, "/subscribe"), *(press(user, Toggle(c).pack()) for c in TOGGLES),
            press(user, Done().pack()), press(user, KindsDone().pack())]


def choices() -> list[list[str]]:
    """The categories chosen after /subscribe and after each toggle, applied in order."""
    chosen: set[str] = set()
    states = [sorted(chosen)]
    for code in TOGGLES:
        chosen ^= {code}
        states.append(sorted(chosen))
    return states


def expected_replies() -> list[str]:
    first, *toggled = [f"categories {state}" for state in choices()]
    return [f"sendMessage {first}", *(f"editMessageText {c}" for c in toggled),
            "sendMessage kinds", "editMessageText saved"]


def reply_label(call: dict[str, Any]) -> str:
    """What a reply shows: the categories step with its ticks, the kinds step, the saved
    summary; anything else (an apology, a stale button) by its text."""
    buttons = [b for row in (call.get("reply_markup") or {}).get("inline_keyboard", [])
               for b in row]
    toggles = [b for b in buttons if b.get("callback_data", "").startswith("follow:t:")]
    if toggles:
        ticked = sorted(b["callback_data"].split(":")[2] for b in toggles
                        if b["text"].startswith(CHECK))
        return f"{call['method']} categories {ticked}"
    if any(b.get("callback_data", "").startswith("followk:") for b in buttons):
        return f"{call['method']} kinds"
    if call.get("text", "").startswith(SAVED):
        return f"{call['method']} saved"
    return f"{call['method']} other: {call.get('text', '')[:80]!r}"


async def _play(telegram: Telegram, user: int, rng: random.Random) -> None:
    updates = [telegram.number(user, body) for body in script(user)]
    await asyncio.sleep(rng.uniform(0, SPREAD))
    await in_bursts(telegram, user, updates, rng, stagger=STAGGER, duplicates=DUPLICATES)


async def _chat(workers: Workers, url: str) -> Telegram:
    rng = random.Random(14)
    engine = create_engine(url, pool_size=10)

    async def arrived(update_id: int) -> bool:
        """A worker has the update in its inbox (or has processed it already)."""
        key = f"telegram:{update_id}"
        async with engine.connect() as conn:
            return bool(await conn.scalar(ARRIVED, {"key": key}))

    async with session() as http:
        telegram = Telegram(http, workers.webhooks, ids=iter(range(10_000_000, 20_000_000)),
                            arrived=arrived)
        players = [_play(telegram, 900_000 + n, random.Random(rng.random()))
                   for n in range(USERS)]
        try:
            await asyncio.wait_for(asyncio.gather(*players), timeout=180)
        finally:
            await engine.dispose()
    return telegram


async def _database(url: str) -> tuple[set[str], dict[str, int], Saved]:
    """The dedupe keys, the accounts per Telegram user, each user's saved choice."""
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            keys = set((await conn.scalars(select(ProcessedUpdate.key))).all())
            accounts = {user: count for user, count in await conn.execute(
                select(Account.platform_id, func.count()).where(Account.platform == "telegram")
                .group_by(Account.platform_id))}
            saved = {user: (sorted(categories), sorted(kinds), active)
                     for user, categories, kinds, active in await conn.execute(
                         select(Account.platform_id, Subscription.categories,
                                Subscription.kinds, Subscription.active)
                         .join(Subscription, Subscription.account_id == Account.id))}
    finally:
        await engine.dispose()
    return keys, accounts, saved


async def test_three_workers_two_hundred_users_each_update_once_and_in_order(
        tmp_path: Path) -> None:
    async with fresh_database(tmp_path) as url, fake_process() as fake:
        async with webhook_workers(tmp_path, url, fake.url, WORKERS) as workers:
            telegram = await _chat(workers, url)
            codes = await workers.stop()
        calls = await fake.calls()
        keys, accounts, saved = await _database(url)
    acknowledged = telegram.acknowledged
    assert len(acknowledged) == len(telegram.deliveries) == USERS * len(script(0))
    # Exactly once: each acknowledged update processed (its dedupe key), one reply for each.
    processed = {int(k.split(":")[1]) for k in keys if k.startswith("telegram:")}
    missing = {d.update_id for d in acknowledged} - processed
    assert not missing, f"{len(missing)} acknowledged updates never processed"
    replies = replies_by_chat(calls)
    users = sorted({d.user for d in acknowledged})
    counts = {user: len([c for c in replies.get(user, []) if c.get("text") != PICK_ONE])
              for user in users}
    wrong = {user: n for user, n in counts.items() if n != len(script(user))}
    assert not wrong, f"{len(wrong)} users got other than one reply per update: {wrong}"
    assert not workers.problems(), _around_first_traceback(workers.output)
    assert codes == [0] * WORKERS, workers.output[-4000:]
    assert not [c for chat in replies.values() for c in chat if APOLOGY in c.get("text", "")]
    assert accounts == {str(user): 1 for user in users}  # one account per user
    # In order: each user's replies in update_id order, each showing the choice so far.
    expected = expected_replies()
    seen = {user: [reply_label(c) for c in replies[user]] for user in users}
    disordered = {user: labels for user, labels in seen.items() if labels != expected}
    assert not disordered, (
        f"{len(disordered)} of {USERS} users saw replies out of update_id order; expected "
        f"{expected}, e.g. {list(disordered.items())[:3]}")
    # The effects in order: each toggle once, then Done, then the kinds.
    assert saved == {str(user): (choices()[-1], sorted(KINDS), True) for user in users}


def _around_first_traceback(output: str) -> str:
    """The workers' log where it first went wrong: the traceback, not just its first line."""
    at = max(output.find("Traceback"), 0)
    return output[max(0, at - 500): at + 4000]
