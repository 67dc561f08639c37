"""The English and Chinese catalogs carry the same messages with the same placeholders."""

import re
import string

from handlers.i18n import load_catalogs

CATALOGS = load_catalogs()


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_every_message() -> None:
    assert set(CATALOGS["en"]) == set(CATALOGS["zh"])


def test_translations_use_the_same_placeholders() -> None:
    mismatched = [key for key, en in CATALOGS["en"].items()
                  if placeholders(en) != placeholders(CATALOGS["zh"][key])]
    assert mismatched == []


def test_chinese_messages_are_chinese() -> None:
    han = re.compile(r"[\u4e00-\u9fff]")
    untranslated = [key for key, zh in CATALOGS["zh"].items()
                    if not han.search(zh) and zh == CATALOGS["en"][key] and len(zh) > 12]
    assert untranslated == []
