"""Every conversation module, joined into one router. A new conversation is one line here."""

from __future__ import annotations

from . import choose_language, get_help, register_account, view_profile
from .router import Router

MODULES = (register_account, get_help, choose_language, view_profile)


def build_router() -> Router:
    router = Router()
    for module in MODULES:
        module.register(router)
    return router
