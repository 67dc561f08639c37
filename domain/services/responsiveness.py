"""The answer times that make a provider's responsiveness: how long binding requests waited
for Accept or Decline and how long enquiries waited for their first answer.

One place reads both, so the ranking and `Enquiries.response_hours` agree. A request or an
enquiry not answered yet has no time and is left out (the ranking has always treated
unanswered binding requests so); the median then keeps one slow answer from sinking a team.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..models import Binding, Enquiry


async def answer_hours(session: AsyncSession, at: datetime,
                       provider_id: int | None = None) -> dict[int, list[float]]:
    """Hours to answer, per provider: binding requests and enquiries answered by `at`."""
    hours: dict[int, list[float]] = defaultdict(list)
    for asked, answered in ((Binding.requested_at, Binding.answered_at),
                            (Enquiry.created_at, Enquiry.first_answer_at)):
        table = asked.class_
        query = select(table.provider_id, asked, answered).where(
            answered.is_not(None), answered <= at)
        if provider_id is not None:
            query = query.where(table.provider_id == provider_id)
        for pid, start, end in await session.execute(query):
            hours[pid].append((end - start).total_seconds() / 3600)
    return hours


def median_hours(hours: list[float]) -> float | None:
    return statistics.median(hours) if hours else None
