"""Rankings by provider and period: a result page asks whether each provider it shows is
featured this period, and the only index with both columns led with the period, so each
question read the whole period's rankings. This one replaces the index on provider_id alone,
which it serves too.

Revision ID: 0012
Revises: 0011
"""
from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("rankings") as batch_op:
        batch_op.create_index("ix_rankings_provider_period", ["provider_id", "period"])
        batch_op.drop_index("ix_rankings_provider_id")


def downgrade() -> None:
    with op.batch_alter_table("rankings") as batch_op:
        batch_op.create_index("ix_rankings_provider_id", ["provider_id"])
        batch_op.drop_index("ix_rankings_provider_period")
