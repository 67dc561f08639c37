"""Form steps declared once per conversation, in the spirit of aiogram's `StatesGroup`.

    class BindStep(Steps, prefix="bind"):
        scope = step()
        duration = step()

`BindStep.scope` is the step name "bind.scope": code refers to the attribute, never to the
string, so a misspelt step fails when the module is imported, and the router refuses to be
built when a declared step has no handler or a registered one was never declared. Names stay
strings because the conversation row stores them.
"""

from __future__ import annotations

from typing import ClassVar


class StepName(str):
    """A step's stored name; only a `Steps` class makes them."""

    __slots__ = ()


_UNSET = StepName("")


def step(name: str | None = None) -> StepName:
    """Declare a step; `name` keeps an older stored name when it differs from the attribute."""
    return StepName(name) if name else _UNSET


class Steps:
    """Base of every conversation's step group; subclasses are recorded for the build check."""

    prefix: ClassVar[str]
    names: ClassVar[tuple[StepName, ...]] = ()
    groups: ClassVar[list[type[Steps]]] = []

    def __init_subclass__(cls, prefix: str, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.prefix = prefix
        names = []
        for attr, value in list(vars(cls).items()):
            if isinstance(value, StepName):
                full = StepName(f"{prefix}.{value or attr}")
                setattr(cls, attr, full)
                names.append(full)
        cls.names = tuple(names)
        Steps.groups.append(cls)


def declared() -> set[StepName]:
    return {name for group in Steps.groups for name in group.names}
