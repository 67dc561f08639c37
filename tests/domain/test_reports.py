"""Report rules that need no conversation: tickets and evidence links."""

import pytest

from domain.errors import InvalidInput
from domain.services.reports import check_links, ticket


def test_tickets_are_numbered_with_six_digits() -> None:
    assert ticket(123) == "R-000123"


def test_links_must_be_web_links() -> None:
    assert check_links("https://a.example/x\nhttp://b.example") == \
        ["https://a.example/x", "http://b.example"]
    for bad in ("javascript:alert(1)", "ftp://a.example", "https://", "example.com", ""):
        with pytest.raises(InvalidInput):
            check_links(bad)
