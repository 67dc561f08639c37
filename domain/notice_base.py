"""The base of every notice: a past-tense event stored in the outbox as a kind and JSON params.

A service queues a typed event (`BindingRequested(binding_id=…)`); the outbox row keeps the
event's `KIND` string and `to_params()`, the format rows have always had, so rows queued before
the events were typed still decode. A renderer gets the event back from `Notice.from_row`,
with its fields checked: a row that does not fit its kind fails loudly, naming what is wrong,
instead of a KeyError deep in a renderer.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Mapping
from typing import Any, ClassVar, Self, Union, get_args, get_origin, get_type_hints

_REGISTRY: dict[str, type[Notice]] = {}


class NoticeError(ValueError):
    """An outbox row that does not decode: an unknown kind, or params that do not fit it."""


@dataclasses.dataclass(frozen=True)
class Notice:
    """A past-tense event someone other than the actor is told of, rendered on delivery.

    Subclasses are frozen dataclasses with a `KIND`; each is listed (so the router can insist
    on a renderer for it) unless declared with `listed=False`, as tests and benchmarks do for
    notices no service queues.
    """

    KIND: ClassVar[str]

    def __init_subclass__(cls, listed: bool = True, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not listed:
            return
        kind = cls.__dict__.get("KIND")
        if not isinstance(kind, str) or not kind:
            raise TypeError(f"notice {cls.__name__} needs a KIND string")
        if kind in _REGISTRY:
            raise TypeError(f"notice kind {kind!r} is declared twice: "
                            f"{_REGISTRY[kind].__name__} and {cls.__name__}")
        _REGISTRY[kind] = cls

    def to_params(self) -> dict[str, Any]:
        """The JSON-safe params stored on the outbox row (tuples become lists)."""
        return {name: _encode(getattr(self, name)) for name in _names(type(self))}

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Self:
        """The event from a row's params. Keys the event does not know are ignored: a row of an
        older shape, or a channel's delivery bookkeeping (WeChat's tag and message ids)."""
        values, missing = {}, []
        for name, hint, required in _spec(cls):
            if name not in params:
                if required:
                    missing.append(name)
                continue
            try:
                values[name] = _decode(params[name], hint)
            except (TypeError, ValueError) as error:
                raise NoticeError(f"notice {cls.KIND!r} ({cls.__name__}): {name} {error}") \
                    from None
        if missing:
            raise NoticeError(f"notice {cls.KIND!r} ({cls.__name__}) lacks "
                              f"{', '.join(missing)}")
        return cls(**values)

    @staticmethod
    def from_row(kind: str, params: Mapping[str, Any]) -> Notice:
        """The typed event an outbox row holds (its `kind` and `params` columns)."""
        return notice_class(kind).from_params(params)


def notice_class(kind: str) -> type[Notice]:
    """The listed event class for a stored kind string."""
    found = _REGISTRY.get(kind)
    if found is None:
        raise NoticeError(f"unknown notice kind {kind!r}")
    return found


def notice_classes() -> list[type[Notice]]:
    """Every listed event class, the ones each router must render."""
    return list(_REGISTRY.values())


_SPECS: dict[type[Notice], tuple[tuple[str, Any, bool], ...]] = {}
_NAMES: dict[type[Notice], tuple[str, ...]] = {}


def _spec(cls: type[Notice]) -> tuple[tuple[str, Any, bool], ...]:
    """Each field's name, type and whether a row must carry it (no default); read once."""
    if cls not in _SPECS:
        hints = get_type_hints(cls)
        _SPECS[cls] = tuple((f.name, hints[f.name], f.default is dataclasses.MISSING
                             and f.default_factory is dataclasses.MISSING)
                            for f in dataclasses.fields(cls))
    return _SPECS[cls]


def _names(cls: type[Notice]) -> tuple[str, ...]:
    if cls not in _NAMES:
        _NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return _NAMES[cls]


def _encode(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _encode(v) for k, v in value.items()}
    return value


def _decode(value: Any, hint: Any) -> Any:
    """The JSON value as the field's type: lists become tuples, and types are checked."""
    origin, args = get_origin(hint), get_args(hint)
    if hint is Any:
        return value
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return _decode(value, inner)
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise TypeError(f"must be a list, not {type(value).__name__}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(v, args[0]) for v in value)
        if len(value) != len(args):
            raise ValueError(f"must have {len(args)} items, not {len(value)}")
        return tuple(_decode(v, a) for v, a in zip(value, args, strict=True))
    if origin is not None and issubclass(origin, Mapping):
        if not isinstance(value, Mapping):
            raise TypeError(f"must be an object, not {type(value).__name__}")
        return dict(value)
    if hint in (int, str, bool):
        if type(value) is not hint:  # a bool is no int here, nor an int a bool
            raise TypeError(f"must be {hint.__name__}, not {type(value).__name__}")
        return value
    raise TypeError(f"has a type notices cannot store: {hint!r}")
