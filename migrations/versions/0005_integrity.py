"""Market integrity: decline reasons, renewals, resubmission marks, evidence requests, and a
blacklist that stores normalized values with who added them and why.

Revision ID: 0005
Revises: 0002
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import domain.models.base
from domain.blacklist_names import normalize

revision: str = "0005"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = domain.models.base.UtcDateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("bindings") as batch:
        batch.add_column(sa.Column("decline_reason", sa.Text(), nullable=True))
    with op.batch_alter_table("certifications") as batch:
        batch.add_column(sa.Column("revoked_reason", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("reminded_30_at", UTC, nullable=True))
        batch.add_column(sa.Column("reminded_7_at", UTC, nullable=True))
        batch.add_column(sa.Column("ended_notice_at", UTC, nullable=True))
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("resubmitted_at", UTC, nullable=True))
        batch.add_column(sa.Column("renews_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("evidence_request", sa.Text(), nullable=True))
    with op.batch_alter_table("blacklist") as batch:
        batch.add_column(sa.Column("shown", sa.String(length=254), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("added_by", sa.String(length=96), nullable=True))
    _normalize_blacklist()


def _normalize_blacklist() -> None:
    """Old entries held lower-cased text: store the normalized value, keep the text shown."""
    bind = op.get_bind()
    table = sa.table("blacklist", sa.column("id", sa.Integer), sa.column("kind", sa.String),
                     sa.column("value", sa.String), sa.column("shown", sa.String))
    seen: set[tuple[str, str]] = set()
    for row in bind.execute(sa.select(table).order_by(table.c.id)).all():
        value = normalize(row.kind, row.value)
        if (row.kind, value) in seen:  # two spellings of one name: one entry suffices
            bind.execute(sa.delete(table).where(table.c.id == row.id))
            continue
        seen.add((row.kind, value))
        bind.execute(sa.update(table).where(table.c.id == row.id)
                     .values(value=value, shown=row.value))


def downgrade() -> None:
    with op.batch_alter_table("blacklist") as batch:
        batch.drop_column("added_by")
        batch.drop_column("reason")
        batch.drop_column("shown")
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("evidence_request")
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("renews_id")
        batch.drop_column("resubmitted_at")
    with op.batch_alter_table("certifications") as batch:
        batch.drop_column("ended_notice_at")
        batch.drop_column("reminded_7_at")
        batch.drop_column("reminded_30_at")
        batch.drop_column("revoked_reason")
    with op.batch_alter_table("bindings") as batch:
        batch.drop_column("decline_reason")
