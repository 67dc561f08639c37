"""Counts read naturally: "1 file", "2 files", "1,000 characters" in English (the form of a
gettext plural message its Plural-Forms rule picks, amounts written with separators); Chinese
has one form."""

import re

import pytest

from handlers.engine.i18n import Translator, load_catalogs

CATALOGS = load_catalogs()
t = Translator(CATALOGS)


@pytest.mark.parametrize(("key", "params", "one", "two", "thousand"), [
    ("card.rating", {"rating": "4.5"}, "(1 evaluation)", "(2 evaluations)",
     "(1,000 evaluations)"),
    ("appeal.sent", {"appeal_id": 3, "sanction_id": 7}, "with 1 file.", "with 2 files.",
     "with 1,000 files."),
    ("cases.outcome_p", {}, "upheld, 1 point", "upheld, 2 points", "upheld, 1,000 points"),
    ("cases.ladder_suspended", {"until": "2026-12-30"}, "suspended for 1 day,",
     "suspended for 2 days,", "suspended for 1,000 days,"),
    ("blacklist.title", {"shown": 1}, "— 1 entry (newest 1 shown)", "— 2 entries",
     "— 1,000 entries"),
    ("error.apply_documents_missing", {"sent": 0}, "At least 1 document is needed",
     "At least 2 documents are needed", "At least 1,000 documents are needed"),
    ("wechat.held_notices", {}, "You have 1 new notice:", "You have 2 new notices:",
     "You have 1,000 new notices:"),
    ("search.page", {"page": 1, "pages": 1}, "· 1 provider", "· 2 providers",
     "· 1,000 providers"),
    ("error.report_daily_limit", {"next": "2026-12-01 10:00 UTC"}, "filed 1 report in",
     "filed 2 reports in", "filed 1,000 reports in"),
])
def test_english_counts_take_the_singular_for_one_and_separators_for_thousands(
        key: str, params: dict, one: str, two: str, thousand: str) -> None:
    assert one in t("en", key, count=1, **params)
    assert two in t("en", key, count=2, **params)
    assert thousand in t("en", key, count=1000, **params)


def test_chinese_has_one_form_with_separators() -> None:
    assert "1 个文件" in t("zh", "appeal.sent", appeal_id=3, sanction_id=7, count=1)
    assert "1,000 个文件" in t("zh", "appeal.sent", appeal_id=3, sanction_id=7, count=1000)
    assert "（1 条评价）" in t("zh", "card.rating", rating="4.5", count=1)


def test_other_amounts_are_written_with_separators() -> None:
    text = t("en", "review.case", number="A-000001", date="2026-11-30", marks="",
             company="X", provider_id=1, standing="", category="Ads", gmv="$1,500,000",
             min_gmv="$500,000", merchants=1500, min_merchants=1000, required="—",
             documents="—", note="—")
    assert "Merchants served: 1,500 (minimum 1,000)" in text


def test_every_english_count_of_a_noun_has_its_singular() -> None:
    """"{count} files" anywhere in English is a plural message, with "{count} file" for one."""
    missing = [key for key, text in CATALOGS["en"].messages.items() if isinstance(text, str)
               and re.search(r"\{count\} (?:more |new |active )?[a-z]+s\b", text)]
    assert missing == []


def test_a_plural_message_without_a_count_reads_for_several() -> None:
    assert "{count} providers" in t.template("en", "search.page")
    assert t("en", "search.page", page=1, pages=1, count=0).endswith("· 0 providers")
