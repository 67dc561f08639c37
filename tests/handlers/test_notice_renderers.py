"""Every notice kind the services queue has a renderer, checked when the router is built."""

import pytest

from domain.notices import NOTICE_KINDS
from handlers.engine.registry import build_router, check_notices


def test_every_notice_kind_has_a_renderer() -> None:
    assert set(build_router().notices) >= NOTICE_KINDS


def test_a_router_without_a_renderer_for_a_kind_refuses_to_start() -> None:
    router = build_router()
    del router.notices["binding.revoked"]
    with pytest.raises(LookupError, match="binding.revoked"):
        check_notices(router)
