"""The keyword-search index: search_terms and search_words.

Revision ID: 0002
Revises: 0001
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import domain.models.base

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "search_words",
        sa.Column("term", sa.String(length=64), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term", name=op.f("pk_search_words")),
    )
    op.create_table(
        "search_terms",
        sa.Column("term", sa.String(length=64), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("listed_from", domain.models.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("listed_until", domain.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("rank_score", sa.Float(), nullable=False),
        sa.Column("rating", sa.Float(), nullable=False),
        sa.Column("created_at", domain.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("accepting", sa.Boolean(), nullable=False),
        sa.Column("markets", sa.Integer(), nullable=False),
        sa.Column("languages", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term", "provider_id", name=op.f("pk_search_terms")),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_search_terms_provider", "search_terms", ["provider_id"], unique=False)
    op.create_index("ix_search_terms_rank", "search_terms", ["term", "rank_score", "provider_id"],
                    unique=False)


def downgrade() -> None:
    op.drop_index("ix_search_terms_rank", table_name="search_terms")
    op.drop_index("ix_search_terms_provider", table_name="search_terms")
    op.drop_table("search_terms")
    op.drop_table("search_words")
