"""Button payloads as typed values: one family of frozen dataclasses per conversation, packed
into at most 64 bytes and parsed once, at the edge (in the spirit of aiogram's CallbackData).

    class BindPress(Press, prefix="bind"): ...

    @dataclass(frozen=True)
    class Days(BindPress, tag="d"):
        days: int

`Days(30).pack()` is "bind:d:30"; the dispatcher unpacks "bind:d:30" into `Days(days=30)` and
hands it to the handler registered for `BindPress`, which matches on the class. A payload that
does not unpack — unknown tag, wrong number of parts, a number out of range, a value not in an
enum — is stale (forged, or from an old message) and never reaches the handler. Ids are
range-checked here: 1 … 2³¹−1, what PostgreSQL's integer holds; other numbers 0 … 2³¹−1.
A last field typed `X | None = None` is left out while it is None, so one tag can carry both
`start:mk:t:sea` and `start:mk:done` (a toggle and its Done, under one action word).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Container
from enum import Enum
from typing import Annotated, Any, ClassVar, TypeVar, Union, get_args, get_origin

from domain import validation as v

from .contract import MAX_PAYLOAD_BYTES, Button
from .stale import StaleButton

SEP = ":"
MAX_INT = 2**31 - 1


class _IdMark:
    """Marks an int field as a record id (at least 1)."""


Id = Annotated[int, _IdMark]
P = TypeVar("P", bound="Press")


class Press:
    """Base of the payload classes; `prefix` names the conversation, `tag` the button kind."""

    prefix: ClassVar[str] = ""
    tag: ClassVar[str] = ""
    kinds: ClassVar[dict[str, type[Press]]]
    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]  # every kind is one

    def __init_subclass__(cls, prefix: str | None = None, tag: str | None = None,
                          **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if prefix is not None:  # a conversation's family
            if SEP in prefix or not prefix:
                raise ValueError(f"bad payload prefix {prefix!r}")
            cls.prefix, cls.kinds = prefix, {}
        if tag is not None:  # one kind of button in the family
            if SEP in tag or tag in cls.kinds:
                raise ValueError(f"payload tag {tag!r} of {cls.prefix!r} is bad or used twice")
            cls.tag = tag
            cls.kinds[tag] = cls

    def pack(self) -> str:
        parts = [self.prefix, self.tag] if self.tag else [self.prefix]  # untagged: `lang:zh`
        values = [getattr(self, name) for name in _names(type(self))]
        while values and values[-1] is None:  # optional last fields are left out
            values.pop()
        for value, (kind, _) in zip(values, _schema(type(self)), strict=False):
            parts.append(_dump(value, kind))
        packed = SEP.join(parts)
        if len(packed.encode()) > MAX_PAYLOAD_BYTES:
            raise ValueError(f"payload over {MAX_PAYLOAD_BYTES} bytes: {packed!r}")
        return packed

    def button(self, label: str) -> Button:
        return Button(label, self.pack())

    @classmethod
    def unpack(cls: type[P], rest: str) -> P:
        """The payload after `prefix:`, as one of the family's kinds; stale if it does not fit."""
        tag, _, args = rest.partition(SEP)
        kind = cls.kinds.get(tag)
        if kind is None and "" in cls.kinds:  # the family's untagged kind: `lang:zh`
            kind, args = cls.kinds[""], rest
        if kind is None:
            raise StaleButton()
        schema = _schema(kind)
        parts = args.split(SEP) if args else []
        required = sum(1 for _, has_default in schema if not has_default)
        if not required <= len(parts) <= len(schema):
            raise StaleButton()
        kinds = [field_kind for field_kind, _ in schema[:len(parts)]]
        values = [_load(text, field_kind) for text, field_kind in zip(parts, kinds, strict=True)]
        press = kind(*values)
        if not isinstance(press, cls):  # a kind of another family: unpack is on a family
            raise StaleButton()
        return press


def _dump(value: object, kind: object) -> str:
    if value is None:
        raise ValueError("None is allowed only in the last fields of a payload")
    if isinstance(value, Enum):
        text = str(value.value)
    elif isinstance(value, bool | int):
        text = str(int(value))
    else:
        text = str(value)
    if SEP in text or not text:
        raise ValueError(f"empty or {SEP!r} inside a payload field: {value!r}")
    return text


def _load(text: str, kind: object) -> object:
    if kind is _IdMark or kind is int:
        number = v.digits(text, max_digits=10)
        if number is None or number > MAX_INT or (kind is _IdMark and number < 1):
            raise StaleButton()
        return number
    if kind is bool:
        if text not in ("0", "1"):
            raise StaleButton()
        return text == "1"
    if isinstance(kind, type) and issubclass(kind, Enum):
        try:
            return kind(text)
        except ValueError:
            raise StaleButton() from None
    if not text:
        raise StaleButton()
    return text


_SCHEMAS: dict[type[Press], tuple[tuple[object, bool], ...]] = {}
_NAMES: dict[type[Press], tuple[str, ...]] = {}


def _names(kind: type[Press]) -> tuple[str, ...]:
    """The fields' names, in order (dataclasses.fields is slow for a page of buttons)."""
    names = _NAMES.get(kind)
    if names is None:
        names = _NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind))
    return names


def _schema(kind: type[Press]) -> tuple[tuple[object, bool], ...]:
    """(field kind, has a default) for each field, from the annotations (worked out once)."""
    if kind not in _SCHEMAS:
        _SCHEMAS[kind] = _read_schema(kind)
    return _SCHEMAS[kind]


def _read_schema(kind: type[Press]) -> tuple[tuple[object, bool], ...]:
    hints = typing.get_type_hints(kind, include_extras=True)
    out = []
    for f in dataclasses.fields(kind):
        hint = _optional_base(hints[f.name], f)
        if get_origin(hint) is Annotated:
            base, *marks = get_args(hint)
            hint = _IdMark if _IdMark in marks else base
        if hint not in (int, str, bool, _IdMark) and not (
                isinstance(hint, type) and issubclass(hint, Enum)):
            raise TypeError(f"{kind.__name__}.{f.name}: payload fields are int, Id, str, bool "
                            f"or an Enum (or one of those | None), not {hint!r}")
        has_default = (f.default is not dataclasses.MISSING
                       or f.default_factory is not dataclasses.MISSING)
        out.append((hint, has_default))
    return tuple(out)


def _optional_base(hint: object, f: dataclasses.Field[Any]) -> object:
    """`X | None = None` packs as X (left out while None); None without that default is a bug."""
    if get_origin(hint) not in (Union, types.UnionType) or type(None) not in get_args(hint):
        return hint
    rest = [arg for arg in get_args(hint) if arg is not type(None)]
    if len(rest) != 1 or f.default is not None:
        raise TypeError(f"{f.name}: an optional payload field is `X | None = None`")
    return rest[0]


def check_family(family: type[Press]) -> None:
    """Every kind's fields have supported types (run when the router is built)."""
    for kind in family.kinds.values():
        _schema(kind)


def one_of(value: int, allowed: Container[int]) -> int:
    """A number the button offered (a score, a duration): anything else is stale."""
    if value not in allowed:
        raise StaleButton()
    return value
