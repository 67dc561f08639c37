"""Reusable pieces of forms: pick-several toggles, pick-one lists (confirmations: form_stamp)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from functools import partial

from .context import Context, StaleButton
from .contract import Button, Reply, chunk, rows
from .presses import Press

CHECK = "✓ "






def flip(chosen: Sequence[str], code: str, allowed: Sequence[str]) -> list[str]:
    """`chosen` with `code` switched on or off, in the order of `allowed` (others are stale)."""
    if code not in allowed:
        raise StaleButton()
    flipped = set(chosen) ^ {code}
    return [c for c in allowed if c in flipped]


def toggles(ctx: Context, chosen: Sequence[str], options: Sequence[tuple[str, str]],
            press: Callable[[str], Press], done: Press,
            per_row: int = 2) -> tuple[tuple[Button, ...], ...]:
    """Options that flip on and off, then Done; `press(code)` makes an option's payload."""
    buttons = [press(code).button((CHECK if code in chosen else "") + label)
               for code, label in options]
    return chunk(buttons, per_row) + rows([done.button(ctx.t("common.done"))])


class Flip(Enum):
    """Toggles nested under one action word: `start:mk:t:sea` flips an option and
    `start:mk:done` ends the choice (the kind's fields: `act: Flip`, `code: str | None`)."""

    TOGGLE = "t"
    DONE = "done"


def flip_toggles(ctx: Context, chosen: Sequence[str], options: Sequence[tuple[str, str]],
                 kind: Callable[..., Press], per_row: int = 2) -> tuple[tuple[Button, ...], ...]:
    """`toggles` whose payloads are `kind(Flip.TOGGLE, code)` and `kind(Flip.DONE)`."""
    return toggles(ctx, chosen, options, partial(kind, Flip.TOGGLE), kind(Flip.DONE), per_row)


def picks(options: Sequence[tuple[str, str]], press: Callable[[str], Press],
          per_row: int = 2) -> tuple[tuple[Button, ...], ...]:
    """One button per option; `press(code)` makes its payload."""
    return chunk([press(code).button(label) for code, label in options], per_row)




def markets(ctx: Context) -> list[tuple[str, str]]:
    return [(code, ctx.t(f"market.{code}")) for code in ctx.rules.markets]


def languages(ctx: Context) -> list[tuple[str, str]]:
    return [(code, ctx.t(f"language.{code}")) for code in ctx.rules.languages]


def ask(ctx: Context, key: str, buttons: tuple[tuple[Button, ...], ...] = (),
        replace: bool = False, **params: object) -> Reply:
    return Reply(ctx.t(key, **params), buttons, replace=replace)
