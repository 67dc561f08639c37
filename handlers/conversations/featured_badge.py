"""The Featured badge, shown on cards and in search results alike."""

from __future__ import annotations

from ..engine.context import Context


def featured_badge(ctx: Context, period: str) -> str:
    """`🏅 Featured, November 2026`: the badge names its period, so it cannot outlive it."""
    year, month = period.split("-")
    return ctx.t("card.featured", year=year, month_name=ctx.t(f"month.{int(month)}"))
