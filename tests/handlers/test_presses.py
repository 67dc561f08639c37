"""Typed button payloads, typed steps and typed form answers: the engine's seams."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.engine import forms
from handlers.engine.contract import MAX_PAYLOAD_BYTES
from handlers.engine.presses import Id, Press
from handlers.engine.registry import build_router, check_steps
from handlers.engine.router import Router, Step
from handlers.engine.stale import StaleButton
from handlers.engine.steps import Steps, step


class Colour(Enum):
    RED = "r"
    BLUE = "b"


class DemoPress(Press, prefix="demo"):
    pass


@dataclass(frozen=True)
class Open(DemoPress, tag="o"):
    item: Id


@dataclass(frozen=True)
class Paint(DemoPress, tag="p"):
    colour: Colour
    page: int = 0


@dataclass(frozen=True)
class Plain(DemoPress, tag="x"):
    pass


def test_a_payload_round_trips() -> None:
    for press in (Open(7), Paint(Colour.BLUE), Paint(Colour.RED, 3), Plain()):
        prefix, _, rest = press.pack().partition(":")
        assert prefix == "demo"
        assert DemoPress.unpack(rest) == press
    assert Paint(Colour.RED, 3).pack() == "demo:p:r:3"


@pytest.mark.parametrize("rest", [
    "", "zz", "o", "o:", "o:0", "o:-1", "o:2147483648", "o:99999999999", "o:１２", "o:²",
    "o:1:2", "p:g", "p:r:x", "p:r:1:2", "x:1", "o:1.5", "o: 1",
])
def test_a_payload_that_does_not_fit_is_stale(rest: str) -> None:
    with pytest.raises(StaleButton):
        DemoPress.unpack(rest)


@given(st.text(max_size=80))
def test_any_text_is_a_press_or_stale_never_a_crash(rest: str) -> None:
    try:
        press = DemoPress.unpack(rest)
    except StaleButton:
        return
    assert isinstance(press, DemoPress)


@given(st.integers(min_value=1, max_value=2**31 - 1))
def test_every_id_postgres_holds_round_trips(item: int) -> None:
    assert DemoPress.unpack(Open(item).pack().partition(":")[2]) == Open(item)


def test_a_payload_over_64_bytes_is_a_bug_found_when_packed() -> None:
    @dataclass(frozen=True)
    class Long(DemoPress, tag="long"):
        text: str

    with pytest.raises(ValueError, match=str(MAX_PAYLOAD_BYTES)):
        Long("a" * 70).pack()
    with pytest.raises(ValueError):
        Long("a:b").pack()


@dataclass(frozen=True)
class Pick(DemoPress, tag="k"):
    act: Colour
    code: str | None = None


def test_an_optional_last_field_is_left_out_while_none() -> None:
    assert Pick(Colour.RED).pack() == "demo:k:r"
    assert Pick(Colour.BLUE, "sea").pack() == "demo:k:b:sea"
    for press in (Pick(Colour.RED), Pick(Colour.BLUE, "sea")):
        assert DemoPress.unpack(press.pack().partition(":")[2]) == press
    for rest in ("k", "k:r:", "k:r:a:b"):
        with pytest.raises(StaleButton):
            DemoPress.unpack(rest)


def test_an_optional_field_needs_none_as_its_default() -> None:
    @dataclass(frozen=True)
    class Odd(Press, prefix="odd"):
        code: str | None = "x"

    with pytest.raises(TypeError):
        Odd().pack()


def test_a_tag_used_twice_in_a_family_is_refused() -> None:
    with pytest.raises(ValueError):
        @dataclass(frozen=True)
        class Again(DemoPress, tag="o"):
            pass


def test_steps_are_named_after_their_group() -> None:
    class Order(Steps, prefix="order"):
        size = step()
        old = step("legacy_name")

    assert Order.size == "order.size" and Order.old == "order.legacy_name"
    assert Order.names == ("order.size", "order.legacy_name")
    Steps.groups.remove(Order)


def test_a_declared_step_without_a_handler_stops_the_build() -> None:
    class Lonely(Steps, prefix="lonely"):
        forgotten = step()

    try:
        with pytest.raises(LookupError, match="lonely.forgotten"):
            build_router()
    finally:
        Steps.groups.remove(Lonely)


def test_a_handled_step_never_declared_stops_the_build() -> None:
    router = Router()

    async def prompt(ctx: object) -> None:
        return None

    router.step(Step("typo.step", prompt))  # type: ignore[arg-type]
    with pytest.raises(LookupError, match="typo.step"):
        check_steps(router)


@dataclass
class Answers:
    name: str
    picks: list[str]
    days: int = 0


def test_form_answers_round_trip_beside_the_engine_keys() -> None:
    data = {"_trail": ["x"], **forms.dump(Answers("Ann", ["a"], 30))}
    assert forms.load(Answers, data) == Answers("Ann", ["a"], 30)


@pytest.mark.parametrize("data", [{}, {"name": "Ann"}, {"name": "Ann", "picks": "a"},
                                  {"name": "Ann", "picks": [], "days": "soon"}])
def test_stored_answers_that_do_not_fit_the_form_are_stale(data: dict) -> None:
    with pytest.raises(StaleButton):
        forms.load(Answers, data)
