"""A provider accepts or declines a binding request; the merchant hears the answer."""

from __future__ import annotations

from collections.abc import Callable

from domain.services.bindings import Bindings

from .context import Context, StaleButton
from .contract import Button, Reply, rows
from .request_binding import notice_names
from .router import Replies, Router


def answer_buttons(t: Callable[..., str], binding_id: int,
                   numbered: bool = False) -> tuple[tuple[Button, ...], ...]:
    suffix = f" #{binding_id}" if numbered else ""
    return rows([Button(t("bindans.accept") + suffix, f"bindans:acc:{binding_id}"),
                 Button(t("bindans.decline") + suffix, f"bindans:dec:{binding_id}")])


async def on_press(ctx: Context, rest: str) -> Replies:
    action, _, arg = rest.partition(":")
    if action not in ("acc", "dec"):
        raise StaleButton()
    binding = await ctx.use(Bindings).answer(ctx.actor, int(arg), accept=action == "acc")
    if action == "acc":
        assert binding.ends_at is not None
        return Reply(ctx.t("bindans.accepted", binding_id=binding.id,
                           ends=binding.ends_at.date().isoformat()), replace=True)
    return Reply(ctx.t("bindans.declined", binding_id=binding.id), replace=True)


def render_requested(t: Callable[..., str], params: dict) -> Reply:
    return Reply(t("bindans.notice_requested", shop=params["shop"], days=params["days"],
                   scope=notice_names(t, params["scope"]), binding_id=params["binding_id"]),
                 answer_buttons(t, params["binding_id"]))


def render_accepted(t: Callable[..., str], params: dict) -> Reply:
    return Reply(t("bindans.notice_accepted", company=params["company"], ends=params["ends"],
                   binding_id=params["binding_id"]))


def render_declined(t: Callable[..., str], params: dict) -> Reply:
    return Reply(t("bindans.notice_declined", company=params["company"],
                   binding_id=params["binding_id"]))


def register(router: Router) -> None:
    router.button("bindans", on_press)
    router.notice("binding.requested", render_requested)
    router.notice("binding.accepted", render_accepted)
    router.notice("binding.declined", render_declined)
