"""A form's collected answers as a typed object, stored in the conversation row.

Each form declares its answers once as a dataclass:

    @dataclass
    class BindForm:
        provider_id: int
        company: str
        scope: list[str] = field(default_factory=list)
        days: int | None = None

`ctx.form(BindForm)` reads them from the conversation data (checked by pydantic, so a row
written by an older version, or tampered with, is refused as stale instead of failing deep in
a handler), and the dispatcher writes them back when the update succeeds. The fields sit at the
top level of the conversation data beside the engine's own `_`-prefixed keys (trail, nonce).
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from .stale import StaleButton

F = TypeVar("F")


_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


def _adapter(kind: type) -> TypeAdapter[Any]:
    if kind not in _ADAPTERS:
        _ADAPTERS[kind] = TypeAdapter(kind)
    return _ADAPTERS[kind]


def load(kind: type[F], data: dict[str, Any]) -> F:
    if not dataclasses.is_dataclass(kind):
        raise TypeError(f"a form is a dataclass, not {kind!r}")
    names = [f.name for f in dataclasses.fields(kind)]
    try:
        form: F = _adapter(kind).validate_python({n: data[n] for n in names if n in data})
        return form
    except ValidationError:
        raise StaleButton() from None


def dump(form: object) -> dict[str, Any]:
    return _adapter(type(form)).dump_python(form, mode="json")
