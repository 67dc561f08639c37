"""WeChat bookkeeping: stored push replies, the shared access token, chat windows.

Revision ID: 0003
Revises: 0005 (written against 0002; chained after 0005, merged first, to keep one head)
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import domain.models.base

revision: str = "0003"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "push_replies",
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("started_at", domain.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_push_replies")),
    )
    op.create_index(op.f("ix_push_replies_started_at"), "push_replies", ["started_at"],
                    unique=False)
    op.create_table(
        "access_tokens",
        sa.Column("app_id", sa.String(length=64), nullable=False),
        sa.Column("token", sa.Text(), nullable=False),
        sa.Column("expires_at", domain.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("refreshes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("app_id", name=op.f("pk_access_tokens")),
    )
    op.create_table(
        "chat_windows",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("closes_at", domain.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("allowance", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"],
                                name=op.f("fk_chat_windows_account_id_accounts")),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_chat_windows")),
    )


def downgrade() -> None:
    op.drop_table("chat_windows")
    op.drop_table("access_tokens")
    op.drop_index(op.f("ix_push_replies_started_at"), table_name="push_replies")
    op.drop_table("push_replies")
