"""The English and Chinese catalogs carry the same messages with the same placeholders."""

import re
import string

from handlers.engine.i18n import load_catalogs

CATALOGS = load_catalogs()


def full(text: str | tuple[str, ...]) -> str:
    """A message's text; for a plural, its last form (the one for "several")."""
    return text[-1] if isinstance(text, tuple) else text


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_every_message() -> None:
    assert set(CATALOGS["en"].messages) == set(CATALOGS["zh"].messages)


def test_a_plural_message_is_plural_in_both_languages() -> None:
    en, zh = CATALOGS["en"].messages, CATALOGS["zh"].messages
    assert [key for key in en if isinstance(en[key], tuple) != isinstance(zh[key], tuple)] == []


def test_every_plural_has_one_text_per_form_of_its_language() -> None:
    wrong = [(lang, key) for lang, catalog in CATALOGS.items()
             for key, text in catalog.messages.items()
             if isinstance(text, tuple) and len(text) != catalog.num_plurals]
    assert wrong == []
    assert (CATALOGS["en"].num_plurals, CATALOGS["zh"].num_plurals) == (2, 1)


# A bilingual e-mail's subject is "English / 中文": the Chinese half is a title only, the
# numbers are in the English half before it (sanction_letters.po).
TITLES = {"letter.sanction.subject", "letter.appeal.subject"}


def test_translations_use_the_same_placeholders() -> None:
    zh = CATALOGS["zh"].messages
    mismatched = [key for key, en in CATALOGS["en"].messages.items()
                  if placeholders(full(en)) != placeholders(full(zh[key]))
                  and not (key in TITLES and not placeholders(full(zh[key])))]
    assert mismatched == []


def test_plural_forms_take_no_new_placeholder() -> None:
    """A form may leave a placeholder out ("1 provider") but not ask for one the call site
    does not pass."""
    wrong = [(lang, key) for lang, catalog in CATALOGS.items()
             for key, text in catalog.messages.items() if isinstance(text, tuple)
             for form in text if not placeholders(form) <= placeholders(full(text))]
    assert wrong == []


def test_chinese_messages_are_chinese() -> None:
    han = re.compile(r"[\u4e00-\u9fff]")
    en = CATALOGS["en"].messages
    untranslated = [key for key, text in CATALOGS["zh"].messages.items()
                    if not han.search(full(text)) and full(text) == full(en[key])
                    and len(full(text)) > 12]
    assert untranslated == []
