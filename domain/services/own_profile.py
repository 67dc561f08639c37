"""A provider's own profile, edited by its members: descriptions, markets, languages,
website and whether it accepts new clients. The listing follows at commit (search index)."""

from __future__ import annotations

from urllib.parse import urlsplit

from .. import validation as v
from ..actor import Actor
from ..adapters.uow import UnitOfWork
from ..errors import InvalidInput
from ..models import Provider
from .profiles import Profiles, check_description

FIELDS = ("description", "description_zh", "markets", "languages", "website", "accepting")


def check_website(value: str) -> str | None:
    """An http(s) address, or "-" to remove it."""
    value = value.strip()
    if value == "-":
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or "." not in parts.netloc or len(value) > 200:
        raise InvalidInput("error.bad_website", value=value[:60])
    return value


class OwnProfile:
    """Every member of a provider may edit it; nobody else can reach these rows."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def provider(self, actor: Actor) -> Provider:
        return await Profiles(self.uow).provider(actor)

    async def set_description(self, actor: Actor, lang: str, text: str) -> Provider:
        provider = await self.provider(actor)
        checked = check_description(text)
        if lang == "zh":
            provider.description_zh = checked
        else:
            provider.description = checked
        self._audit(actor, provider, "description_zh" if lang == "zh" else "description")
        return provider

    async def set_markets(self, actor: Actor, codes: list[str]) -> Provider:
        provider = await self.provider(actor)
        provider.markets = v.choices(codes, self.uow.rules.markets, "markets")
        self._audit(actor, provider, "markets")
        return provider

    async def set_languages(self, actor: Actor, codes: list[str]) -> Provider:
        provider = await self.provider(actor)
        provider.languages = v.choices(codes, self.uow.rules.languages, "languages")
        self._audit(actor, provider, "languages")
        return provider

    async def set_website(self, actor: Actor, text: str) -> Provider:
        provider = await self.provider(actor)
        provider.website = check_website(text)
        self._audit(actor, provider, "website")
        return provider

    async def set_accepting(self, actor: Actor, accepting: bool) -> Provider:
        provider = await self.provider(actor)
        provider.accepting_clients = accepting
        self._audit(actor, provider, "accepting")
        return provider

    def _audit(self, actor: Actor, provider: Provider, field: str) -> None:
        self.uow.audit(actor, "provider.profile_edited", f"provider:{provider.id}", None,
                       field=field)
