"""Who may evaluate: an active binding, or one that ended within the window; never a request."""

from datetime import UTC, datetime, timedelta

from domain.models import Binding, BindingStatus
from domain.services.evaluations import can_evaluate

NOW = datetime(2026, 11, 2, tzinfo=UTC)


def binding(status: BindingStatus, started: bool = True, ended_days_ago: int | None = None,
            ends_in_days: int = 10) -> Binding:
    ended = NOW - timedelta(days=ended_days_ago) if ended_days_ago is not None else None
    return Binding(status=status, starts_at=NOW - timedelta(days=30) if started else None,
                   ends_at=NOW + timedelta(days=ends_in_days), ended_at=ended)


def test_an_active_binding_may_evaluate() -> None:
    assert can_evaluate(binding(BindingStatus.ACTIVE), NOW, 90)


def test_an_active_row_past_its_end_counts_from_the_end() -> None:
    assert can_evaluate(binding(BindingStatus.ACTIVE, ends_in_days=-89), NOW, 90)
    assert not can_evaluate(binding(BindingStatus.ACTIVE, ends_in_days=-91), NOW, 90)


def test_a_revoked_binding_within_the_window_may_evaluate() -> None:
    assert can_evaluate(binding(BindingStatus.REVOKED, ended_days_ago=89), NOW, 90)
    assert not can_evaluate(binding(BindingStatus.REVOKED, ended_days_ago=91), NOW, 90)


def test_requests_never_accepted_may_not_evaluate() -> None:
    assert not can_evaluate(binding(BindingStatus.REQUESTED, started=False), NOW, 90)
    assert not can_evaluate(binding(BindingStatus.DECLINED, started=False, ended_days_ago=1),
                            NOW, 90)
    assert not can_evaluate(binding(BindingStatus.REVOKED, started=False, ended_days_ago=1),
                            NOW, 90)
