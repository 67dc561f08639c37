"""The sanction and appeal e-mails a provider receives (catalog: sanction_letters.po).

They say what the chat notices say (sanction_notices.py), for the contact address, with how
to appeal; never who reported. Written by the mailer when it sends them, from the facts the
decision queued.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from domain.services.email_outbox import LetterKind

from ..engine.letters import Plain
from ..engine.router import Router


def sanction_letter(t: Plain, p: Mapping[str, Any]) -> tuple[str, list[str]]:
    """The decision, the reason, the points now held, the effect, how to appeal."""
    kind = t(f"letter.kind.{p['sanction_kind']}")
    lines = [t("letter.greeting", company=p["company"]), "",
             t("letter.sanction.decision", kind=kind, sanction_id=p["sanction_id"]),
             t("letter.sanction.reason", reason=p["reason"])]
    if p["points"]:
        lines.append(t("letter.points_added", points=p["points"]))
    lines.append(t("letter.points_held", points=p["points_held"]))
    if p["expelled"]:
        lines.append(t("letter.expelled"))
    elif p["suspended_until"] is not None:
        lines.append(t("letter.suspended", until=p["suspended_until"]))
    lines += ["", t("letter.how_to_appeal", sanction_id=p["sanction_id"],
                    until=p["appeal_until"], days=p["appeal_days"])]
    return t("letter.sanction.subject", sanction_id=p["sanction_id"], kind=kind), lines


def appeal_letter(t: Plain, p: Mapping[str, Any]) -> tuple[str, list[str]]:
    """The appeal's answer and where it leaves the provider; the decision is final."""
    verdict = t("letter.verdict.overturned" if p["overturned"] else "letter.verdict.upheld")
    lines = [t("letter.greeting", company=p["company"]), "",
             t("letter.appeal.decision", appeal_id=p["appeal_id"], sanction_id=p["sanction_id"],
               kind=t(f"letter.kind.{p['sanction_kind']}"), verdict=verdict),
             t("letter.appeal.reason", reason=p["reason"])]
    if p["overturned"]:
        lines.append(t("letter.overturned"))
    lines.append(t("letter.points_held", points=p["points_held"]))
    if p["suspended_until"] is not None:
        lines.append(t("letter.still_suspended", until=p["suspended_until"]))
    lines += ["", t("letter.final")]
    return t("letter.appeal.subject", appeal_id=p["appeal_id"], sanction_id=p["sanction_id"],
             verdict=verdict), lines


def register(router: Router) -> None:
    router.letter(LetterKind.SANCTION, sanction_letter)
    router.letter(LetterKind.APPEAL, appeal_letter)
