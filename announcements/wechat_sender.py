"""Sending the WeChat mass-send rows of the outbox (`wechat:lang:<lang>`).

Written against one small async callable, `post(method, payload) -> dict`, so that any
WeChat API client (with its shared access token) can carry it. `message/mass/sendall` goes
to the language's tag with the row's `clientmsgid`: a repeat within 24 hours is refused with
45065 and counts as sent, so a crash between the send and the commit sends nothing twice.
wechatpy's tag mass send posts `group_id` instead of `tag_id`: the payload is built here.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from sqlalchemy import Select, select

from domain.adapters.uow import Environment, UnitOfWork
from domain.models import Announcement, OutboxMessage, OutboxStatus
from domain.services.outbox import Outbox

from .compose import fit

log = logging.getLogger(__name__)
Post = Callable[[str, dict[str, Any]], Awaitable[dict[str, Any]]]
ALREADY_SENT, TOO_FAST = 45065, 45066
FINAL = {45028: "no mass-send quota left", 40007: "invalid media", 45009: "API call limit"}


def payload(tag_id: int, text: str, client_msg_id: str) -> dict[str, Any]:
    return {"filter": {"is_to_all": False, "tag_id": tag_id}, "text": {"content": text},
            "msgtype": "text", "clientmsgid": client_msg_id, "send_ignore_reprint": 0}


def merged_text(own: str, merged: list[str], warning_tail: str, limit: int) -> str:
    """This announcement, then those held back by the quota; the warning once, at the end."""
    bodies = [t.removesuffix(warning_tail) for t in (own, *merged)]
    return fit("\n\n".join(bodies), limit - len(warning_tail.encode())) + warning_tail


class MassSender:
    def __init__(self, env: Environment, post: Post, tags: Mapping[str, int],
                 limit_bytes: int = 1900) -> None:
        self.env, self.post, self.tags, self.limit = env, post, tags, limit_bytes

    async def send_due(self, batch: int = 10) -> int:
        """Send what is due, one row per transaction (a row stays locked while it is sent)."""
        done = 0
        for _ in range(batch):
            async with UnitOfWork(self.env) as uow:
                row = await self._claim(uow)
                if row is None:
                    break
                await self._send(uow, row)
                await uow.commit()
                done += 1
        return done

    async def due(self) -> bool:
        """Is a mass send waiting? (Cheap: the runner tags followers only when one is.)"""
        async with UnitOfWork(self.env) as uow:
            return await uow.session.scalar(self._due(uow)) is not None

    @staticmethod
    def _due(uow: UnitOfWork) -> Select[tuple[OutboxMessage]]:
        return (select(OutboxMessage).where(
            OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.channel.like("wechat:%"),
            OutboxMessage.next_attempt_at <= uow.now()).order_by(OutboxMessage.id).limit(1))

    async def _claim(self, uow: UnitOfWork) -> OutboxMessage | None:
        stmt = self._due(uow)
        if uow.postgres:
            stmt = stmt.with_for_update(skip_locked=True)
        return await uow.session.scalar(stmt)

    async def text(self, uow: UnitOfWork, row: OutboxMessage) -> str:
        lang = row.params["lang"]
        ids = [row.announcement_id, *row.params.get("merge", [])]
        texts = dict((await uow.session.execute(select(Announcement.id, Announcement.texts)
                                                .where(Announcement.id.in_(ids)))).tuples().all())
        own = texts[row.announcement_id]
        tail = "\n\n" + own[lang]["footer"]
        merged = [texts[i]["wechat"][lang] for i in ids[1:] if i in texts]
        return merged_text(own["wechat"][lang], merged, tail, self.limit)

    async def _send(self, uow: UnitOfWork, row: OutboxMessage) -> None:
        outbox, lang = Outbox(uow), row.params["lang"]
        tag = self.tags.get(lang)
        if tag is None:
            await outbox.failed(row.id, f"no WeChat tag for language {lang!r}")
            return
        body = payload(tag, await self.text(uow, row), row.params["clientmsgid"])
        try:
            answer = await self.post("message/mass/sendall", body)
        except Exception as exc:  # network: the clientmsgid makes a retry safe
            log.warning("mass send %s failed: %r", row.id, exc)
            outbox.retry(row, repr(exc))
            return
        code = int(answer.get("errcode", 0))
        if code in (0, ALREADY_SENT):
            outbox.sent(row)
            row.params = {**row.params, "msg_id": answer.get("msg_id")}
        elif code == TOO_FAST:
            await outbox.later(row.id, 60)
        elif code in FINAL:
            await outbox.failed(row.id, f"{code} {FINAL[code]}")
        else:
            outbox.retry(row, f"{code} {answer.get('errmsg', '')}")
