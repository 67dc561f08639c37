"""The audit log, read back: who decided what, when and why, exported as CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select

from ..actor import Actor
from ..adapters.uow import UnitOfWork
from ..models import AuditEntry

COLUMNS = ("actor", "action", "subject", "reason", "details", "time")


class AuditLog:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def since(self, actor: Actor, moment: datetime) -> list[AuditEntry]:
        """Entries at or after `moment`, oldest first."""
        actor.require_operator()
        return list((await self.uow.session.scalars(
            select(AuditEntry).where(AuditEntry.at >= moment)
            .order_by(AuditEntry.at, AuditEntry.id))).all())


def to_csv(entries: Iterable[AuditEntry]) -> str:
    """One header line, then one row per entry; details as compact, sorted JSON."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in entries:
        writer.writerow([e.actor, e.action, e.subject, e.reason or "",
                         json.dumps(e.details or {}, ensure_ascii=False, sort_keys=True,
                                    separators=(",", ":")), e.at.isoformat()])
    return out.getvalue()
