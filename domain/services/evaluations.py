"""Evaluations: only a merchant who worked with a provider may score it, once per binding.

No fake reviews: the binding must be active, or have ended within the evaluation window;
a request that was never accepted gives no right to evaluate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from .. import validation as v
from ..actor import Actor
from ..adapters.uow import UnitOfWork
from ..errors import Conflict, InvalidInput, NotAllowed, NotFound
from ..models import Binding, BindingStatus, Evaluation, Merchant, Provider
from ..notices import EvaluationAnswered, EvaluationPosted
from .bindings import Bindings, effective_status

SCORES = range(1, 6)
ENDED = (BindingStatus.EXPIRED, BindingStatus.REVOKED, BindingStatus.TERMINATED)


@dataclass(frozen=True)
class Scores:
    quality: int
    communication: int
    timeliness: int
    comment: str = ""


@dataclass(frozen=True)
class EvaluationTarget:
    binding_id: int
    company_name: str
    existing: Evaluation | None


def can_evaluate(binding: Binding, now: datetime, window_days: int) -> bool:
    status = effective_status(binding, now)
    if status is BindingStatus.ACTIVE:
        return True
    ended = binding.ended_at or binding.ends_at
    return status in ENDED and binding.starts_at is not None and ended is not None \
        and ended >= now - timedelta(days=window_days)


def check_comment(value: str) -> str:
    return v.text(value, "comment", minimum=0, maximum=1000)


def check_answer(value: str) -> str:
    return v.text(value, "answer", minimum=2, maximum=1000)


class Evaluations:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def target(self, actor: Actor, binding_id: int) -> EvaluationTarget:
        """The merchant's binding they may evaluate now, and their evaluation if any."""
        binding = await Bindings(self.uow).own(actor, binding_id)
        if not can_evaluate(binding, self.uow.now(), self.uow.rules.evaluation_window_days):
            raise NotAllowed("error.eval_not_allowed",
                             days=self.uow.rules.evaluation_window_days)
        provider = await self.uow.session.get(Provider, binding.provider_id)
        assert provider is not None
        existing = await self.uow.session.scalar(
            select(Evaluation).where(Evaluation.binding_id == binding.id))
        return EvaluationTarget(binding.id, provider.company_name, existing)

    async def submit(self, actor: Actor, binding_id: int, scores: Scores) -> Evaluation:
        """Create or edit the binding's one evaluation; the provider is told."""
        target = await self.target(actor, binding_id)
        for value in (scores.quality, scores.communication, scores.timeliness):
            if value not in SCORES:
                raise InvalidInput("error.eval_bad_score")
        comment = check_comment(scores.comment)
        now = self.uow.now()
        row = target.existing or Evaluation(binding_id=binding_id, created_at=now)
        binding = await self.uow.session.get(Binding, binding_id)
        assert binding is not None
        row.provider_id = binding.provider_id
        row.quality, row.communication = scores.quality, scores.communication
        row.timeliness, row.comment, row.updated_at = scores.timeliness, comment, now
        self.uow.session.add(row)
        await self.uow.session.flush()
        merchant = await self.uow.session.get(Merchant, binding.merchant_id)
        await self.uow.notify_provider(binding.provider_id, EvaluationPosted(
            evaluation_id=row.id, shop=merchant.shop_name if merchant else "",
            edited=target.existing is not None, quality=row.quality,
            communication=row.communication, timeliness=row.timeliness, comment=row.comment,
            answered=row.answer is not None))
        return row

    async def answerable(self, actor: Actor, evaluation_id: int) -> Evaluation:
        """An evaluation of the actor's provider that has no answer yet."""
        provider_id = actor.require_provider()
        row = await self.uow.session.get(Evaluation, evaluation_id, with_for_update=True)
        if row is None or row.provider_id != provider_id:
            raise NotFound("error.evans_not_found")
        if row.answer is not None:
            raise Conflict("error.evans_already")
        return row

    async def answer(self, actor: Actor, evaluation_id: int, text: str) -> Evaluation:
        """The provider's one public answer; the merchant is told."""
        row = await self.answerable(actor, evaluation_id)
        row.answer, row.answered_at = check_answer(text), self.uow.now()
        binding = await self.uow.session.get(Binding, row.binding_id)
        provider = await self.uow.session.get(Provider, row.provider_id)
        assert binding is not None and provider is not None
        await self.uow.notify_merchant(binding.merchant_id, EvaluationAnswered(
            evaluation_id=row.id, company=provider.company_name, answer=row.answer or ""))
        return row
