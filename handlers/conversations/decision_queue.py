"""What the operators' decision queues share: oldest first, one card at a time, Next, and
a decision that always leaves the operator back at the queue.

Two operators may work the same queue. The one whose decision loses the race is told who
decided, and is shown the queue again rather than left on a form for a case that is gone.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from domain.errors import Conflict

from ..engine import form_stamp as stamped
from ..engine import payload
from ..engine.context import Context, StaleButton
from ..engine.contract import Button, Reply
from ..engine.router import Replies, as_list

Back = Callable[[Context], Awaitable[Replies]]


class QueueService(Protocol):
    """A service with an operator queue (Cases, Appeals): ids oldest first, one item by id."""

    def __init__(self, uow: Any) -> None: ...
    async def queue(self, actor: Any) -> list[int]: ...
    async def case(self, actor: Any, item_id: int) -> Any: ...  # refuses a decided item


@dataclass(frozen=True)
class Queue:
    """One operator queue: `prefix` is its button prefix and step prefix (`cases.confirm`)."""

    prefix: str
    empty_key: str
    service: type[QueueService]
    render: Callable[[Context, Any, int | None], Reply]  # the card, with the next item's id
    item_key: str  # the form field holding the item's id: "report", "appeal"
    step_for: Callable[[str], str | None]  # an action code's first form step; None: forged

    async def show(self, ctx: Context, item_id: int | None = None) -> Reply:
        service = ctx.use(self.service)
        queue = await service.queue(ctx.actor)
        if not queue:
            return Reply(ctx.t(self.empty_key))
        wanted = queue[0] if item_id is None else item_id
        item = await service.case(ctx.actor, wanted)
        later = queue[queue.index(wanted) + 1:] if wanted in queue else []
        return self.render(ctx, item, later[0] if later else None)

    def next_button(self, ctx: Context, next_id: int | None) -> list[Button]:
        return [Button(ctx.t("common.next"), f"{self.prefix}:open:{next_id}")] if next_id else []

    async def start_form(self, ctx: Context, item_id: int, step: str, **data: Any) -> Replies:
        """Begin deciding an item that is still open (the service refuses a decided one)."""
        await ctx.use(self.service).case(ctx.actor, item_id)
        ctx.clear()
        return await ctx.enter(step, **data)

    async def first(self, ctx: Context) -> Replies:
        return await self.show(ctx)

    async def press(self, ctx: Context, action: str, arg: str,
                    decide: Callable[[], Awaitable[Reply]]) -> Replies:
        """The presses every queue has: open a card, start deciding, confirm or cancel."""
        ctx.actor.require_operator()  # the services check again; this answers forgers plainly
        if action == "act":
            item_id, _, code = arg.partition(":")
            step = self.step_for(code)
            if step is None:
                raise StaleButton()
            number = payload.ident(item_id)
            return await self.start_form(ctx, number, step, **{self.item_key: number, "act": code})
        if action == "open":
            return await self.show(ctx, payload.ident(arg))
        if action in ("yes", "no"):
            stamped.check(ctx, arg, ctx.state.data.get(self.item_key), f"{self.prefix}.confirm")
            if action == "no":
                ctx.clear()
                return Reply(ctx.t(f"{self.prefix}.cancelled"))
            return await settle(ctx, decide, self.first)
        raise StaleButton()


async def settle(ctx: Context, decide: Callable[[], Awaitable[Reply]], back: Back) -> Replies:
    """Decide, then show the queue; a decision another operator beat is told, not kept open.

    The losing decision wrote nothing (its conditional UPDATE matched no row), so there is
    nothing to roll back.
    """
    try:
        done = await decide()
    except Conflict as lost:
        done = Reply(ctx.t(lost.code, **lost.params))
    ctx.clear()
    return [done, *as_list(await back(ctx))]
