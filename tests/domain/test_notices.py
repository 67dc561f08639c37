"""Notice events: each one survives the outbox (params as JSON) and back, and a row that does
not fit its kind is refused with a message naming what is wrong."""

from __future__ import annotations

import dataclasses
import json
from typing import Any, get_type_hints

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain import notices
from domain.notices import (
    AnnouncementPublished,
    BindingRequested,
    Notice,
    NoticeError,
    notice_classes,
)

TEXTS = st.none() | st.dictionaries(st.sampled_from(["en", "zh"]),
                                    st.fixed_dictionaries({"title": st.text()}))


def events(cls: type[Notice]) -> st.SearchStrategy[Notice]:
    """Any instance of `cls`, every field drawn (defaults included)."""
    hints = get_type_hints(cls)
    return st.builds(cls, **{f.name: TEXTS if f.name == "texts" else st.from_type(hints[f.name])
                             for f in dataclasses.fields(cls)})


@pytest.mark.parametrize("cls", notice_classes(), ids=lambda c: c.__name__)
def test_every_notice_survives_the_outbox_and_back(cls: type[Notice]) -> None:
    @settings(max_examples=30, deadline=None)
    @given(events(cls))
    def round_trip(event: Notice) -> None:
        stored = json.loads(json.dumps(event.to_params()))  # what the JSON column gives back
        assert Notice.from_row(cls.KIND, stored) == event

    round_trip()


STORED_KINDS = {  # the kind strings rows were queued under before the events were typed
    "application.approved", "application.rejected", "application.needs_info",
    "binding.requested", "binding.accepted", "binding.declined", "binding.revoked",
    "binding.ending", "binding.terminated", "binding.ended_by_provider",
    "evaluation.posted", "evaluation.answered",
    "case.decided", "case.evidence_requested", "sanction.imposed", "appeal.decided",
    "appeal.reporter", "provider.suspended", "provider.reinstated",
    "certification.ending", "certification.ended", "certification.ended_provider",
    "team.joined", "team.removed", "team.owner",
    "enquiry.asked", "enquiry.answered", "announcement",
}


def test_every_event_is_listed_under_a_kind_rows_are_already_stored_with() -> None:
    declared = [v for v in vars(notices).values()
                if isinstance(v, type) and issubclass(v, Notice) and v is not Notice]
    assert set(declared) == set(notice_classes())
    assert {cls.KIND for cls in declared} == STORED_KINDS


def test_a_row_in_the_stored_format_decodes_to_its_typed_event() -> None:
    params: dict[str, Any] = {"binding_id": 7, "shop": "Lotus", "days": 30,
                              "scope": [["ads", "Advertising", "广告代理"]]}
    event = Notice.from_row("binding.requested", params)
    assert event == BindingRequested(binding_id=7, shop="Lotus", days=30,
                                     scope=(("ads", "Advertising", "广告代理"),))


def test_an_unknown_kind_is_refused_by_name() -> None:
    with pytest.raises(NoticeError, match="unknown notice kind 'binding.misplaced'"):
        Notice.from_row("binding.misplaced", {})


def test_missing_params_are_named() -> None:
    with pytest.raises(NoticeError, match=r"BindingRequested\) lacks binding_id, days, scope"):
        Notice.from_row("binding.requested", {"shop": "Lotus"})


@pytest.mark.parametrize(("field", "value"), [
    ("binding_id", "7"), ("binding_id", True), ("days", 1.5), ("scope", "ads"),
    ("scope", [["ads", "Advertising"]]), ("shop", None)])
def test_a_param_of_the_wrong_type_is_named(field: str, value: object) -> None:
    params: dict[str, Any] = {"binding_id": 7, "shop": "Lotus", "days": 30,
                              "scope": [["ads", "Advertising", "广告代理"]], field: value}
    with pytest.raises(NoticeError, match=f"'binding.requested' \\(BindingRequested\\): {field}"):
        Notice.from_row("binding.requested", params)


def test_an_announcement_row_keeps_its_small_shape() -> None:
    assert AnnouncementPublished().to_params() == {}
    assert AnnouncementPublished(categories=("ads",), bilingual=True).to_params() == {
        "categories": ["ads"], "bilingual": True}
    wechat = {"lang": "zh", "clientmsgid": "smbot-digest-2026-W49-zh", "merge": [3]}
    assert Notice.from_row("announcement", wechat) == AnnouncementPublished()


def test_a_second_notice_with_a_listed_kind_is_refused() -> None:
    with pytest.raises(TypeError, match="declared twice"):
        @dataclasses.dataclass(frozen=True)
        class Again(Notice):
            KIND = "binding.requested"
