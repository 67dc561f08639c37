"""Decision buttons carry the object's id and the form's nonce: `prefix:yes:<id>:<nonce>`.

A button acts only on the object and the form it was shown for. Without this, an old
Confirm pressed after the user had moved on to another form acted on whatever the new form
held (an operator's old "warning" Confirm expelled a different provider). The nonce is kept
with the conversation's form data, so it is new for every form and gone when it ends; a
button from an earlier form is refused as stale. Every confirm step uses this module.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Protocol, TypeVar

from .context import Context, StaleButton
from .contract import Button, rows

KEY = "_nonce"


def nonce(ctx: Context) -> str:
    """This form's nonce, made on first use (six URL-safe characters)."""
    value = ctx.state.data.get(KEY)
    if not isinstance(value, str):
        value = ctx.state.data[KEY] = secrets.token_urlsafe(6)[:6]
    return value


class Decision(Protocol):
    """A typed decision payload: the object it acts on and the form's nonce."""

    @property
    def object_id(self) -> int | str: ...  # a record id, or a code (a category)

    @property
    def nonce(self) -> str: ...

    def button(self, label: str) -> Button: ...


ObjectId = TypeVar("ObjectId", bound=int | str)
D = TypeVar("D", bound=Decision)


def decide(ctx: Context, kind: Callable[[ObjectId, str], D], object_id: ObjectId) -> D:
    """The payload of a decision button for `object_id` in this form."""
    return kind(object_id, nonce(ctx))


def confirm_row(ctx: Context, yes: Callable[[ObjectId, str], Decision],
                no: Callable[[ObjectId, str], Decision],
                object_id: ObjectId) -> tuple[tuple[Button, ...], ...]:
    """Confirm and Cancel, both bound to `object_id` and this form."""
    return rows([decide(ctx, yes, object_id).button(ctx.t("common.confirm")),
                 decide(ctx, no, object_id).button(ctx.t("common.cancel"))])


def verify(ctx: Context, press: Decision, object_id: object, *steps: str) -> None:
    """Refuse a decision that is not for this object, this form and (when given) these steps."""
    if steps:
        ctx.expect(*steps)
    current = ctx.state.data.get(KEY)
    if not isinstance(current, str) or press.object_id != object_id or press.nonce != current:
        raise StaleButton()
