"""Form rules shared by every service: lengths, e-mail form, numbers, choices."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .errors import InvalidInput

EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")


def text(value: str, field: str, *, minimum: int = 1, maximum: int) -> str:
    """Trimmed text within its length limits; the error names the field and the limits."""
    value = " ".join(value.split()) if "\n" not in value else value.strip()
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


def whole_number(value: str, field: str, *, maximum: int = 10**12) -> int:
    """Accepts `1,200,000`, `1 200 000` and `1.2m`-free plain digits; refuses negatives."""
    cleaned = value.strip().replace(",", "").replace(" ", "").replace("_", "")
    if cleaned.startswith("-") and cleaned[1:].isdigit():
        raise InvalidInput("error.negative_number", field=field)
    if not cleaned.isdigit():
        raise InvalidInput("error.not_a_number", field=field, value=value[:40])
    number = int(cleaned)
    if number > maximum:
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
