"""Every kind of notice the services queue in the outbox.

The router refuses to be built (so the app refuses to start) when one of them has no
renderer: a notice that cannot be rendered is found at start-up, not by a recipient who never
hears of the change. A service that queues a new kind adds it here.
"""

from __future__ import annotations

NOTICE_KINDS = frozenset({
    "application.approved", "application.rejected", "application.needs_info",
    "binding.requested", "binding.accepted", "binding.declined", "binding.revoked",
    "binding.ending", "binding.terminated", "binding.ended_by_provider",
    "evaluation.posted", "evaluation.answered",
    "case.decided", "case.evidence_requested", "sanction.imposed", "appeal.decided",
    "appeal.reporter", "provider.suspended", "provider.reinstated",
    "certification.ending", "certification.ended", "certification.ended_provider",
    "team.joined", "team.removed", "team.owner",
    "enquiry.asked", "enquiry.answered",
    "announcement",  # queued by announcements/fanout.py, one row per follower or channel
})

