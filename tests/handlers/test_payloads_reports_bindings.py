"""The typed buttons of applications, reports, evaluations, enquiries and bindings pack into
exactly the payloads the conversations sent before they were typed: messages already in
users' chats keep working, and each payload unpacks back into the same button."""

from __future__ import annotations

import pytest

from domain.models import ViolationType
from handlers.conversations import add_evidence as ev
from handlers.conversations import answer_evaluation as ans
from handlers.conversations import apply_for_category as apply
from handlers.conversations import end_binding as endb
from handlers.conversations import enquiries as enq
from handlers.conversations import evaluate_provider as evaluate
from handlers.conversations import file_report as report
from handlers.conversations import my_bindings as bindings
from handlers.engine.presses import Press

KEPT: list[tuple[Press, str]] = [
    (apply.PickCategory("advertising"), "apply:cat:advertising"),
    (apply.Renew("advertising"), "apply:renew:advertising"),
    (apply.OtherCategory(), "apply:other"),
    (apply.Done(), "apply:done"),
    (apply.Skip(), "apply:skip"),
    (apply.Confirm("advertising", "n0nce1"), "apply:yes:advertising:n0nce1"),
    (apply.Cancel("advertising", "n0nce1"), "apply:no:advertising:n0nce1"),
    (report.ReportOn(12), "report:new:12"),
    (report.Violation(ViolationType.FRAUD), "report:v:fraud"),
    (report.Done(), "report:done"),
    (report.Confirm(12, "n0nce1"), "report:yes:12:n0nce1"),
    (report.Cancel(12, "n0nce1"), "report:no:12:n0nce1"),
    (ev.AddEvidence(5), "moreev:new:5"),
    (ev.Send(5, "n0nce1"), "moreev:yes:5:n0nce1"),
    (ev.Cancel(5, "n0nce1"), "moreev:no:5:n0nce1"),
    (evaluate.Evaluate(3), "eval:new:3"),
    (evaluate.Score(4), "eval:s:4"),
    (evaluate.Skip(), "eval:skip"),
    (evaluate.Confirm(3, "n0nce1"), "eval:yes:3:n0nce1"),
    (evaluate.Cancel(3, "n0nce1"), "eval:no:3:n0nce1"),
    (ans.AnswerEvaluation(9), "evans:new:9"),
    (endb.EndBinding(2), "endb:new:2"),
    (endb.Confirm(2, "n0nce1"), "endb:yes:2:n0nce1"),
    (endb.Cancel(2, "n0nce1"), "endb:no:2:n0nce1"),
    (bindings.Revoke(2), "bindings:rv:2"),
    (bindings.Confirm(2, "n0nce1"), "bindings:yes:2:n0nce1"),
    (bindings.Cancel(2, "n0nce1"), "bindings:no:2:n0nce1"),
    (enq.AskProvider(7), "enq:new:7"),
    (enq.ReplyTo(8), "enq:re:8"),
    (enq.OpenThread(8), "enq:open:8"),
]


@pytest.mark.parametrize(("press", "payload"), KEPT, ids=[p for _, p in KEPT])
def test_a_button_packs_into_the_payload_sent_before_and_back(press: Press, payload: str) -> None:
    assert press.pack() == payload
    prefix, _, rest = payload.partition(":")
    assert prefix == press.prefix
    assert type(press).unpack(rest) == press
