"""The English and Chinese catalogs carry the same messages with the same placeholders."""

import re
import string

from handlers.engine.i18n import load_catalogs

CATALOGS = load_catalogs()
# `key.one` and the like: a plural variant the Translator picks by the language's CLDR rule.
# English needs `.one`; Chinese has only "other", so its catalog may leave variants out.
PLURAL = re.compile(r"\.(zero|one|two|few|many)$")


def messages(lang: str) -> dict[str, str]:
    return {key: text for key, text in CATALOGS[lang].items() if not PLURAL.search(key)}


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_every_message() -> None:
    assert set(messages("en")) == set(messages("zh"))


def test_translations_use_the_same_placeholders() -> None:
    mismatched = [key for key, en in messages("en").items()
                  if placeholders(en) != placeholders(CATALOGS["zh"][key])]
    assert mismatched == []


def test_plural_variants_belong_to_a_message_and_take_no_new_placeholder() -> None:
    """A variant replaces its message for some counts: it must have one, and it may leave a
    placeholder out ("1 provider") but not ask for one the call site does not pass."""
    wrong = [(lang, key) for lang in CATALOGS for key, text in CATALOGS[lang].items()
             if PLURAL.search(key) and not placeholders(text) <= placeholders(
                 CATALOGS[lang].get(PLURAL.sub("", key), "{missing}"))]
    assert wrong == []


def test_chinese_messages_are_chinese() -> None:
    han = re.compile(r"[\u4e00-\u9fff]")
    untranslated = [key for key, zh in CATALOGS["zh"].items()
                    if not han.search(zh) and zh == CATALOGS["en"][key] and len(zh) > 12]
    assert untranslated == []
