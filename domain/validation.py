"""Form rules shared by every service: lengths, e-mail form, numbers, choices.

Every service that stores user text passes it through `text()`, so invisible and control
characters are removed in this one place.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from .errors import InvalidInput

EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")
MAX_ID = 2**31 - 1  # ids are 32-bit integer columns on PostgreSQL
# The largest number a user may type into a form: the numbers are stored in INTEGER columns
# too (PostgreSQL refuses anything over 2³¹−1), and a round limit reads better when refused.
MAX_NUMBER = 2_000_000_000
# Control (Cc), format (Cf: bidi overrides, zero-width marks), lone surrogates (Cs: not
# encodable, PostgreSQL refuses them) and unassigned code points (Cn) never belong in stored text.
_INVISIBLE = frozenset(("Cc", "Cf", "Cs", "Cn"))
_KEPT = frozenset("\n\t")


def clean(value: str, *, newlines: bool = True) -> str:
    """`value` without control and invisible characters; tabs become spaces.

    NUL crashes PostgreSQL writes, BEL/ESC/backspace garble terminals and logs, and bidi
    overrides make `invoice\u202efdp.exe` read as `invoiceexe.pdf`.
    """
    if value.isascii() and value.isprintable():
        return value
    kept = "".join(c for c in value
                   if c in _KEPT or unicodedata.category(c) not in _INVISIBLE)
    kept = kept.replace("\t", " ")
    return kept if newlines else kept.replace("\n", " ")


def storable(value: str) -> str:
    """`value` without what no database column can hold: NUL and lone surrogates."""
    if value.isascii() and "\x00" not in value:
        return value
    return "".join(c for c in value if c != "\x00" and not "\ud800" <= c <= "\udfff")


def text(value: str, field: str, *, minimum: int = 1, maximum: int) -> str:
    """Cleaned, trimmed text within its length limits; the error names the field and limits."""
    original, value = value, clean(value)
    value = " ".join(value.split()) if "\n" not in value else value.strip()
    if not value and original.strip():
        raise InvalidInput("error.only_invisible", field=field)
    if len(value) < minimum:
        raise InvalidInput("error.too_short", field=field, minimum=minimum, length=len(value))
    if len(value) > maximum:
        raise InvalidInput("error.too_long", field=field, maximum=maximum, length=len(value))
    return value


def email(value: str) -> str:
    value = value.strip()
    if len(value) > 254 or not EMAIL.match(value):
        raise InvalidInput("error.bad_email", value=value[:60])
    return value.lower()


def digits(value: str, *, max_digits: int = 18) -> int | None:
    """The number written in ASCII digits, or None.

    `str.isdigit()` accepts `²` and `①`, which `int()` refuses, and `int()` refuses more than
    4,300 digits: every number from a user is read through here instead.
    """
    if not 0 < len(value) <= max_digits or not value.isascii() or not value.isdigit():
        return None
    return int(value)


def record_id(value: str) -> int | None:
    """An id as the database can hold it (1 … 2³¹−1), or None for anything else."""
    number = digits(value, max_digits=10)
    return number if number is not None and 0 < number <= MAX_ID else None


def whole_number(value: str, field: str, *, maximum: int = MAX_NUMBER) -> int:
    """Accepts `1,200,000`, `1 200 000` and `1.2m`-free plain digits; refuses negatives and
    numbers over `maximum`, which never exceeds what an INTEGER column holds."""
    assert maximum <= MAX_ID, "a form's number is stored in an INTEGER column"
    cleaned = value.strip().replace(",", "").replace(" ", "").replace("_", "")
    negative = cleaned.startswith("-")
    body = cleaned[1:] if negative else cleaned
    if not body.isascii() or not body.isdigit():
        raise InvalidInput("error.not_a_number", field=field, value=value[:40])
    if negative:
        raise InvalidInput("error.negative_number", field=field)
    body = body.lstrip("0") or "0"
    number = digits(body, max_digits=len(str(maximum)))
    if number is None or number > maximum:
        raise InvalidInput("error.number_too_large", field=field, maximum=maximum)
    return number


def choices(values: Iterable[str], allowed: Iterable[str], field: str,
            *, minimum: int = 1) -> list[str]:
    allowed_list = list(allowed)
    picked = [v for v in allowed_list if v in set(values)]
    unknown = set(values) - set(allowed_list)
    if unknown:
        raise InvalidInput("error.bad_choice", field=field, value=sorted(unknown)[0])
    if len(picked) < minimum:
        raise InvalidInput("error.choose_at_least", field=field, minimum=minimum)
    return picked
