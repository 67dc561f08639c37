"""The sanction and appeal e-mails, written from the catalogs: the same text as when it was
composed in code (whole letters compared), plain (a company's `*` stays a `*`), bilingual."""

import pytest

from domain.services.email_outbox import LetterKind
from handlers.engine.i18n import Translator, load_catalogs
from handlers.engine.letters import write
from handlers.engine.registry import build_router, check_letters
from handlers.engine.router import Router

ROUTER = build_router()
T = Translator(load_catalogs())

SANCTION = {"company": "*Bright_wave* {x} Ltd", "sanction_id": 7, "sanction_kind": "suspension",
            "reason": "Deposit kept {0} *not* refunded", "points": 6, "points_held": 18,
            "expelled": False, "suspended_until": "2026-12-09", "appeal_until": "2026-11-16",
            "appeal_days": 14}
SANCTION_BODY = """\
Dear *Bright_wave* {x} Ltd,

The service market's operators have upheld a report against you and imposed a suspension \
(sanction #7).
Reason: Deposit kept {0} *not* refunded
Points added: 6.
Violation points you now hold: 18.
You are suspended from the market until 2026-12-09 (UTC).

How to appeal: send /appeal to the bot and choose sanction #7 before 2026-11-16 (within 14 \
days). You may appeal once, with a text and optional files.

————————————————————

*Bright_wave* {x} Ltd 您好：

平台运营审核举报后，对您作出暂停服务处理（处罚编号 #7）。
原因：Deposit kept {0} *not* refunded
本次扣分：6 分。
您当前的违规积分：18 分。
您的服务已暂停至 2026-12-09（UTC），期间不在市场展示。

如何申诉：请在 2026-11-16 前（14 天内）向机器人发送 /appeal 并选择处罚 #7。每项处罚只能申诉一次，\
可附文字说明和文件。
"""

APPEAL = {"company": "Brightwave 亮波", "appeal_id": 4, "sanction_id": 9,
          "sanction_kind": "points", "overturned": False, "reason": "Contract {shows} it_",
          "points_held": 3, "suspended_until": "2027-01-02"}
APPEAL_BODY = """\
Dear Brightwave 亮波,

The service market's operators have decided your appeal #4 against sanction #9 (violation \
points): the sanction is upheld.
Reason: Contract {shows} it_
Violation points you now hold: 3.
You remain suspended until 2027-01-02 (UTC).

This decision is final: a sanction can be appealed once.

————————————————————

Brightwave 亮波 您好：

平台运营已处理您针对处罚 #9（扣分（违规积分））的申诉 #4：处罚维持。
理由：Contract {shows} it_
您当前的违规积分：3 分。
您的服务仍暂停至 2027-01-02（UTC）。

此为最终处理结果：每项处罚只能申诉一次。
"""


def letter(kind: str, params: dict) -> tuple[str, str]:
    return write(T, ROUTER.letters[kind], params)


def test_a_sanction_letter_reads_as_before_in_both_languages() -> None:
    assert letter(LetterKind.SANCTION, SANCTION) == (
        "[Service Market] Sanction #7: a suspension / 违规处理通知", SANCTION_BODY)


def test_an_appeal_letter_reads_as_before_in_both_languages() -> None:
    assert letter(LetterKind.APPEAL, APPEAL) == (
        "[Service Market] Appeal #4: sanction #9 upheld / 申诉处理结果", APPEAL_BODY)


@pytest.mark.parametrize(("changes", "present", "absent"), [
    ({"sanction_kind": "warning", "points": 0, "suspended_until": None},
     "imposed a warning (sanction #7)", "Points added"),
    ({"sanction_kind": "expulsion", "points": 0, "expelled": True},
     "You have been expelled from the market", "suspended"),
])
def test_a_sanction_letter_says_only_what_the_decision_did(
        changes: dict, present: str, absent: str) -> None:
    _, body = letter(LetterKind.SANCTION, {**SANCTION, **changes})
    assert present in body and absent not in body


def test_an_overturned_appeal_says_the_points_are_removed() -> None:
    subject, body = letter(LetterKind.APPEAL, {**APPEAL, "overturned": True,
                                               "suspended_until": None, "points_held": 0})
    assert subject == "[Service Market] Appeal #4: sanction #9 overturned / 申诉处理结果"
    assert "Its points and effects have been removed." in body and "处罚撤销" in body
    assert "remain suspended" not in body


def test_the_dispatcher_writes_every_kind_the_services_queue() -> None:
    assert set(ROUTER.letters) == set(LetterKind)
    with pytest.raises(LookupError, match="no writer for e-mail kinds: appeal, sanction"):
        check_letters(Router())
