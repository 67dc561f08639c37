"""Enquiries before binding: a merchant asks a provider a question (with the shop's name),
the provider's members answer in chat, both keep the thread. The first answer's time is
the provider's responsiveness; merchants are rate-limited; suspended or expelled providers
cannot be asked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from .. import validation as v
from ..actor import Actor
from ..adapters.uow import UnitOfWork
from ..errors import NotAllowed, NotFound
from ..models import Enquiry, EnquiryMessage, Merchant, Provider
from ..notices import EnquiryAnswered, EnquiryAsked
from ..standing import is_available
from .responsiveness import answer_hours, median_hours

QUESTIONS_PER_DAY = 10


def check_message(value: str) -> str:
    return v.text(value, "enquiry_text", minimum=5, maximum=1000)


@dataclass(frozen=True)
class ThreadView:
    id: int
    shop: str
    company: str
    messages: list[tuple[bool, str, datetime]]  # (from the merchant, text, when)
    first_answer_at: datetime | None


class Enquiries:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def askable(self, actor: Actor, provider_id: int) -> Provider:
        """Refused before the question is typed: not a merchant, over the day's limit, or a
        provider that cannot take clients."""
        merchant_id = actor.require_merchant()
        provider = await self.uow.session.get(Provider, provider_id)
        if provider is None:
            raise NotFound("error.enquiry_no_provider")
        now = self.uow.now()
        hidden = provider.suspended_until is not None and provider.suspended_until > now
        if not is_available(provider, now) or hidden:
            raise NotAllowed("error.enquiry_provider_unavailable", company=provider.company_name)
        await self._check_quota(merchant_id)
        return provider

    async def ask(self, actor: Actor, provider_id: int, text: str) -> Enquiry:
        provider = await self.askable(actor, provider_id)
        merchant_id = actor.require_merchant()
        enquiry = await self.uow.session.scalar(select(Enquiry).where(
            Enquiry.merchant_id == merchant_id, Enquiry.provider_id == provider.id))
        if enquiry is None:
            enquiry = Enquiry(merchant_id=merchant_id, provider_id=provider.id,
                              created_at=self.uow.now(), last_message_at=self.uow.now())
            self.uow.session.add(enquiry)
            await self.uow.session.flush()
        await self._add(enquiry, actor, True, check_message(text))
        await self.uow.notify_provider(provider.id, EnquiryAsked(
            enquiry_id=enquiry.id, shop=await self._shop(merchant_id), text=text.strip()))
        return enquiry

    async def thread(self, actor: Actor, enquiry_id: int) -> Enquiry:
        """The merchant's or the provider's own thread (anyone else's looks missing)."""
        enquiry = await self.uow.session.get(Enquiry, enquiry_id) if 0 < enquiry_id < 2**31 \
            else None
        if enquiry is None or not (enquiry.merchant_id == actor.merchant_id
                                   and actor.merchant_id is not None
                                   or enquiry.provider_id == actor.provider_id
                                   and actor.provider_id is not None):
            raise NotFound("error.enquiry_not_found")
        return enquiry

    async def reply(self, actor: Actor, enquiry_id: int, text: str) -> Enquiry:
        """An answer from the provider's side, or a follow-up from the merchant."""
        enquiry = await self.thread(actor, enquiry_id)
        from_merchant = enquiry.merchant_id == actor.merchant_id
        checked = check_message(text)
        if from_merchant:
            await self.askable(actor, enquiry.provider_id)
            await self._add(enquiry, actor, True, checked)
            await self.uow.notify_provider(enquiry.provider_id, EnquiryAsked(
                enquiry_id=enquiry.id, shop=await self._shop(enquiry.merchant_id), text=checked))
            return enquiry
        if enquiry.first_answer_at is None:
            enquiry.first_answer_at = self.uow.now()
        await self._add(enquiry, actor, False, checked)
        provider = await self.uow.session.get(Provider, enquiry.provider_id)
        await self.uow.notify_merchant(enquiry.merchant_id, EnquiryAnswered(
            enquiry_id=enquiry.id, company=provider.company_name if provider else "",
            text=checked))
        return enquiry

    async def mine(self, actor: Actor) -> list[ThreadView]:
        if actor.merchant_id is not None:
            where = Enquiry.merchant_id == actor.merchant_id
        else:
            where = Enquiry.provider_id == actor.require_provider()
        enquiries = list(await self.uow.session.scalars(
            select(Enquiry).where(where).order_by(Enquiry.last_message_at.desc()).limit(20)))
        return [await self.view(e) for e in enquiries]

    async def view(self, enquiry: Enquiry) -> ThreadView:
        rows = await self.uow.session.scalars(select(EnquiryMessage).where(
            EnquiryMessage.enquiry_id == enquiry.id).order_by(EnquiryMessage.id))
        provider = await self.uow.session.get(Provider, enquiry.provider_id)
        return ThreadView(enquiry.id, await self._shop(enquiry.merchant_id),
                          provider.company_name if provider else "",
                          [(m.from_merchant, m.text, m.created_at) for m in rows],
                          enquiry.first_answer_at)

    async def response_hours(self, provider_id: int) -> float | None:
        """Median hours to answer, enquiries' first answers and binding requests together:
        the provider's responsiveness as the ranking sees it (None before any answer)."""
        hours = await answer_hours(self.uow.session, self.uow.now(), provider_id)
        return median_hours(hours[provider_id])

    async def _add(self, enquiry: Enquiry, actor: Actor, from_merchant: bool, text: str) -> None:
        now = self.uow.now()
        self.uow.session.add(EnquiryMessage(enquiry_id=enquiry.id, from_merchant=from_merchant,
                                            account_id=actor.account_id, text=text,
                                            created_at=now))
        enquiry.last_message_at = now

    async def _check_quota(self, merchant_id: int) -> None:
        since = self.uow.now() - timedelta(days=1)
        sent = await self.uow.session.scalar(
            select(func.count()).select_from(EnquiryMessage)
            .join(Enquiry, Enquiry.id == EnquiryMessage.enquiry_id)
            .where(Enquiry.merchant_id == merchant_id, EnquiryMessage.from_merchant.is_(True),
                   EnquiryMessage.created_at > since))
        if (sent or 0) >= QUESTIONS_PER_DAY:
            raise NotAllowed("error.enquiry_limit", limit=QUESTIONS_PER_DAY)

    async def _shop(self, merchant_id: int) -> str:
        merchant = await self.uow.session.get(Merchant, merchant_id)
        return merchant.shop_name if merchant else ""
