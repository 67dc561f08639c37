"""Respelling a blacklisted company or e-mail does not get around the blacklist."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.blacklist_names import MAX_VALUE, company, email, normalize


@pytest.mark.parametrize("spelling", [
    "BrightWave Digital", "BRIGHTWAVE DIGITAL CO., LTD.", "Brightwave-Digital Limited",
    "brightwave digital inc", "BrightWave Digital GmbH", "Bright Wave Digital LLC",
    "ＢｒｉｇｈｔＷａｖｅ　Ｄｉｇｉｔａｌ", "BrightWave Digital Co.,Ltd.", "BrightWave.Digital",
])
def test_case_punctuation_spaces_and_suffixes_make_no_new_name(spelling: str) -> None:
    assert company(spelling) == "brightwavedigital"


@pytest.mark.parametrize("spelling", ["明浪数字", "明浪数字有限公司", "明浪数字集团有限公司",
                                      "明浪数字股份有限公司", " 明浪 数字（集团）"])
def test_chinese_company_forms_make_no_new_name(spelling: str) -> None:
    assert company(spelling) == "明浪数字"


def test_a_different_name_stays_different() -> None:
    assert company("Costco") != company("Cost Co.")
    assert company("Co") == "co"  # a name that is only a suffix is kept


@pytest.mark.parametrize("spelling", ["ads@brightwave.example", " ADS@BrightWave.Example ",
                                      "ads+again@brightwave.example"])
def test_email_case_spaces_and_tags_make_no_new_mailbox(spelling: str) -> None:
    assert email(spelling) == "ads@brightwave.example"


# NFKC spells these out at length (up to eighteen letters each); casefold doubles ß and ﬃ.
EXPANDING = "㍿ﷺ㌀ﬃßİ①⑽Ａ株"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(EXPANDING), min_size=60, max_size=120)
       | st.text(alphabet=st.sampled_from(EXPANDING) | st.characters(), max_size=120))
def test_every_name_an_operator_may_type_fits_the_column_once_normalized(name: str) -> None:
    """The value column holds 254: names of up to 120 characters (the longest /blacklist
    takes) must fit once normalized, however NFKC spells them out, and still compare."""
    value = normalize("company", name)
    assert len(value) <= MAX_VALUE
    assert value == normalize("company", name)
    assert len(normalize("email", name + "@x.example")) <= MAX_VALUE
