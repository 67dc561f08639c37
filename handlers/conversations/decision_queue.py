"""What the operators' decision queues share: oldest first, one card at a time, Next, and
a decision that always leaves the operator back at the queue.

Two operators may work the same queue. The one whose decision loses the race is told who
decided, and is shown the queue again rather than left on a form for a case that is gone.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from domain.actor import Actor
from domain.adapters.uow import UnitOfWork
from domain.errors import Conflict

from ..engine import form_stamp as stamped
from ..engine.context import Context, StaleButton
from ..engine.contract import Button, Replies, Reply, as_list
from ..engine.presses import Id, Press
from ..engine.steps import StepName

Back = Callable[[Context], Awaitable[Replies]]


Item = TypeVar("Item")  # what a queue's card shows: a Case, an AppealCase
ItemCo = TypeVar("ItemCo", covariant=True)


class QueueService(Protocol[ItemCo]):
    """A service with an operator queue (Cases, Appeals): ids oldest first, one item by id."""

    def __init__(self, uow: UnitOfWork) -> None: ...
    async def queue(self, actor: Actor) -> list[int]: ...
    async def case(self, actor: Actor, item_id: int) -> ItemCo: ...  # refuses a decided one


# The fields of the buttons every queue has; each queue declares its own kinds with them
# (`class Open(OpenItem, CasesPress, tag="open")`), so its payloads keep its prefix.
@dataclass(frozen=True)
class OpenItem(Press):
    item_id: Id


@dataclass(frozen=True)
class ActOnItem(Press):
    item_id: Id
    code: str  # the action: d(ismiss), w(arning), u(phold), o(verturn) …


@dataclass(frozen=True)
class DecideItem(Press):
    object_id: Id
    nonce: str


class ItemForm(Protocol):
    """The form of a decision in progress: which item, which action."""

    act: str

    def __init__(self, item_id: int, act: str) -> None: ...

    @property
    def item_id(self) -> int: ...


@dataclass(frozen=True)
class Queue(Generic[Item]):
    """One operator queue: its cards, its button kinds, and the form that decides an item."""

    empty_key: str
    service: type[QueueService[Item]]
    render: Callable[[Context, Item, int | None], Reply]  # the card, with the next item's id
    open: type[OpenItem]
    act: type[ActOnItem]
    yes: type[DecideItem]
    no: type[DecideItem]
    form: type[ItemForm]  # built as form(item_id, code)
    step_for: Callable[[str], StepName | None]  # an action code's first form step; None: forged
    confirm: StepName
    cancelled_key: str

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
        if not next_id:
            return []
        return [self.open(next_id).button(ctx.t("common.next"))]

    def act_button(self, label: str, item_id: int, code: str) -> Button:
        return self.act(item_id, code).button(label)

    async def first(self, ctx: Context) -> Replies:
        return await self.show(ctx)

    def current(self, ctx: Context) -> ItemForm:
        return ctx.form(self.form)

    async def press(self, ctx: Context, press: Press,
                    decide: Callable[[], Awaitable[Reply]]) -> Replies:
        """The presses every queue has: open a card, start deciding, confirm or cancel."""
        if isinstance(press, self.act):
            step = self.step_for(press.code)
            if step is None:
                raise StaleButton()
            # Begin deciding an item that is still open (the service refuses a decided one).
            await ctx.use(self.service).case(ctx.actor, press.item_id)
            return await ctx.start(self.form(press.item_id, press.code), step)
        if isinstance(press, self.open):
            return await self.show(ctx, press.item_id)
        if isinstance(press, self.yes | self.no):
            stamped.verify(ctx, press, self.current(ctx).item_id, self.confirm)
            if isinstance(press, self.no):
                ctx.clear()
                return Reply(ctx.t(self.cancelled_key))
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
