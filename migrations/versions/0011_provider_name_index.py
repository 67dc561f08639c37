"""An index on lower(company_name): search looks for a company named exactly by the query
on every search and page turn, which read every provider without it.

Revision ID: 0011
Revises: 0010
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_providers_name_lower", "providers", [sa.text("lower(company_name)")])


def downgrade() -> None:
    op.drop_index("ix_providers_name_lower", table_name="providers")
