"""The keyword-search index: one row per (term, provider), carrying what a result page needs.

Rows are derived data, rebuilt by `domain.adapters.search_index.reindex_provider` whenever a
provider, its certifications, evaluations or ranking change. Each row carries its own listing window
(`listed_from`..`listed_until`), so an expiring certification drops out of search on time,
without any job having to run.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class SearchTerm(Base):
    __tablename__ = "search_terms"
    # WITHOUT ROWID on SQLite: rows are stored in (term, provider_id) order, so one term's
    # rows are read together, like a covering index.
    # ix_search_terms_rank, read backwards, yields one term's rows best first: a page needs
    # only its first few rows, however many providers match.
    __table_args__ = (Index("ix_search_terms_provider", "provider_id"),
                      Index("ix_search_terms_rank", "term", "rank_score", "provider_id"),
                      {"sqlite_with_rowid": False})

    term: Mapped[str] = mapped_column(String(64), primary_key=True)
    # No foreign key: derived rows, rebuilt in bulk, where a per-row check only costs time.
    provider_id: Mapped[int] = mapped_column(primary_key=True)
    listed_from: Mapped[datetime | None]  # the end of a suspension still to come
    listed_until: Mapped[datetime]  # the newest expiry among the certifications behind the term
    rank_score: Mapped[float] = mapped_column(Float, default=0.0)
    rating: Mapped[float] = mapped_column(Float, default=0.0)
    created_at: Mapped[datetime]  # the provider's: "newest" order
    accepting: Mapped[bool] = mapped_column(default=True)
    markets: Mapped[int] = mapped_column(default=0)  # bit i: Rules.markets[i]
    languages: Mapped[int] = mapped_column(default=0)  # bit i: Rules.languages[i]


class SearchWord(Base):
    """The vocabulary of indexed words: what a misspelt query word is corrected against."""

    __tablename__ = "search_words"

    term: Mapped[str] = mapped_column(String(64), primary_key=True)
    length: Mapped[int]
