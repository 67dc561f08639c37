"""WeChat mass-send quotas, as pure decisions (../shared/WECHAT.md):

- a subscription account has one successful mass send a day;
- a service account reaches each follower at most four times a month.

Every follower is in exactly one language tag, so one announcement is one mass send per
follower whatever the number of tags. What would break the quota is held, and the next mass
send that fits carries it too (the spotlight and a digest merged into one message).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

DAILY = 1  # subscription account: successful mass sends a day
MONTHLY = 4  # service account: mass sends a month reaching one follower
HELD = "held: "


@dataclass(frozen=True)
class Decision:
    send: bool
    reason: str | None = None  # why it is held (recorded on the skipped outbox row)


def decide(account: str, today: date, sent_days: Sequence[date]) -> Decision:
    """May one more mass send go out today, given the days earlier ones went?"""
    if account == "subscription":
        if today in sent_days:
            return Decision(False, HELD + "a subscription account has one mass send a day; "
                                          "it goes with the next one")
        return Decision(True)
    this_month = [d for d in sent_days if (d.year, d.month) == (today.year, today.month)]
    if len(this_month) >= MONTHLY:
        return Decision(False, HELD + "a service account reaches each follower 4 times a "
                                      "month; it goes with the next one")
    return Decision(True)
