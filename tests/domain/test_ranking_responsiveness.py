"""Enquiries' first answers feed responsiveness together with binding requests (README
"Ranking and featured providers"), checked against numbers worked out by hand."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import App
from domain.models import Enquiry
from domain.ranking_config import RankingConfig
from domain.services.enquiries import Enquiries
from domain.services.ranking import Rankings
from tests import factories
from tests.domain.test_ranking_stored import evaluated

CONFIG = RankingConfig()  # the shipped weights: rating 1, bindings 0.5, responsiveness 0.3


async def enquiries(app: App, provider_id: int, merchant_ids: list[int],
                    hours: list[float | None]) -> None:
    """One enquiry per merchant, asked a week ago and first answered `hours` later (None:
    not answered yet)."""
    async with app.unit_of_work() as uow:
        asked = uow.now() - timedelta(days=7)
        for merchant_id, h in zip(merchant_ids, hours, strict=True):
            uow.session.add(Enquiry(
                merchant_id=merchant_id, provider_id=provider_id, created_at=asked,
                last_message_at=asked,
                first_answer_at=None if h is None else asked + timedelta(hours=h)))
        await uow.commit()


async def overall(app: App) -> dict[int, tuple[float, int]]:
    async with app.unit_of_work() as uow:
        scored = await Rankings(uow, CONFIG).compute()
        await uow.commit()
    return {s.provider_id: (s.score, s.rank) for s in scored if s.market == "*"}


async def test_answering_enquiries_fast_outranks_answering_them_slowly(app: App) -> None:
    """Both: one binding (answered in 1 hour) evaluated 5, so rating (5−1)/4 = 1 and bindings
    ln 2/ln 2 = 1 — equal, 1 + 0.5 + 0.3·24/25 = 1.788, and the tie goes to the older (slow).
    Then enquiries: fast answers in 2 and 3 hours and leaves one unanswered (left out, as an
    unanswered binding request is): median of 1, 2, 3 = 2 → 1.5 + 0.3·24/26 = 1.776923.
    Slow answers in 40 and 50 hours: median of 1, 40, 50 = 40 → 1.5 + 0.3·24/64 = 1.6125."""
    slow = await factories.provider(app, None, "Slow Ads", ("advertising",))
    fast = await factories.provider(app, None, "Fast Ads", ("advertising",))
    shops = [await factories.merchant(app, handle, f"Shop {handle}")
             for handle in ("alice", "carol", "dave")]
    await evaluated(app, slow, shops[0], 5)
    await evaluated(app, fast, shops[0], 5)
    before = await overall(app)
    assert before[slow] == (pytest.approx(1.788), 1)
    assert before[fast] == (pytest.approx(1.788), 2)

    await enquiries(app, fast, shops, [2, 3, None])
    await enquiries(app, slow, shops[:2], [40, 50])
    after = await overall(app)
    assert after[fast] == (pytest.approx(1.776923, abs=1e-6), 1)
    assert after[slow] == (pytest.approx(1.6125), 2)
    async with app.unit_of_work() as uow:
        assert await Enquiries(uow).response_hours(fast) == 2.0
        assert await Enquiries(uow).response_hours(slow) == 40.0
