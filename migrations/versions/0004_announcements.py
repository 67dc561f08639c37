"""Rankings per market, followers' choices, announcement audiences and broadcast rows.

Revision ID: 0004
Revises: 0005 (re-chained after main gained 0005)
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql


revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("rankings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("market", sa.String(length=8), nullable=False,
                                      server_default="*"))
        batch_op.drop_constraint("uq_rankings_period_category_id_provider_id", type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_rankings_period_category_id_market_provider_id"),
            ["period", "category_id", "market", "provider_id"])
    with op.batch_alter_table("rankings", schema=None) as batch_op:
        batch_op.alter_column("market", server_default=None)
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kinds", JSON, nullable=False,
                                      server_default='["digest", "spotlight"]'))
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.alter_column("kinds", server_default=None)
    with op.batch_alter_table("announcements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("audience", JSON, nullable=False, server_default="[]"))
    with op.batch_alter_table("announcements", schema=None) as batch_op:
        batch_op.alter_column("audience", server_default=None)
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("announcement_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_outbox_announcement_id_announcements"),
                                    "announcements", ["announcement_id"], ["id"])
        batch_op.create_index(batch_op.f("ix_outbox_announcement_id"), ["announcement_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_announcement_id"))
        batch_op.drop_constraint(batch_op.f("fk_outbox_announcement_id_announcements"),
                                 type_="foreignkey")
        batch_op.drop_column("announcement_id")
    with op.batch_alter_table("announcements", schema=None) as batch_op:
        batch_op.drop_column("audience")
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.drop_column("kinds")
    with op.batch_alter_table("rankings", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_rankings_period_category_id_market_provider_id"), type_="unique")
        batch_op.create_unique_constraint("uq_rankings_period_category_id_provider_id",
                                          ["period", "category_id", "provider_id"])
        batch_op.drop_column("market")
