"""Self-service: a provider's Chinese description, website and owner; saved providers;
enquiries before binding.

Revision ID: 0008
Revises: 0005
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import domain.models.base

revision: str = "0008"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("providers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("description_zh", sa.Text(), server_default="",
                                      nullable=False))
        batch_op.add_column(sa.Column("website", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("owner_account_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_providers_owner_account_id_accounts", "accounts",
                                    ["owner_account_id"], ["id"])
    op.create_table(
        "saved_providers",
        sa.Column("merchant_id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("created_at", domain.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["merchant_id"], ["merchants.id"],
                                name=op.f("fk_saved_providers_merchant_id_merchants")),
        sa.ForeignKeyConstraint(["provider_id"], ["providers.id"],
                                name=op.f("fk_saved_providers_provider_id_providers")),
        sa.PrimaryKeyConstraint("merchant_id", "provider_id", name=op.f("pk_saved_providers")),
    )

    op.create_table(
        "enquiries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("merchant_id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("created_at", domain.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("first_answer_at", domain.models.base.UtcDateTime(timezone=True),
                  nullable=True),
        sa.Column("last_message_at", domain.models.base.UtcDateTime(timezone=True),
                  nullable=False),
        sa.ForeignKeyConstraint(["merchant_id"], ["merchants.id"],
                                name=op.f("fk_enquiries_merchant_id_merchants")),
        sa.ForeignKeyConstraint(["provider_id"], ["providers.id"],
                                name=op.f("fk_enquiries_provider_id_providers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enquiries")),
    )
    with op.batch_alter_table("enquiries", schema=None) as batch_op:
        batch_op.create_index("ix_enquiries_pair", ["merchant_id", "provider_id"], unique=True)
        batch_op.create_index(batch_op.f("ix_enquiries_provider_id"), ["provider_id"],
                              unique=False)
    op.create_table(
        "enquiry_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enquiry_id", sa.Integer(), nullable=False),
        sa.Column("from_merchant", sa.Boolean(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", domain.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"],
                                name=op.f("fk_enquiry_messages_account_id_accounts")),
        sa.ForeignKeyConstraint(["enquiry_id"], ["enquiries.id"],
                                name=op.f("fk_enquiry_messages_enquiry_id_enquiries")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enquiry_messages")),
    )
    with op.batch_alter_table("enquiry_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enquiry_messages_enquiry_id"), ["enquiry_id"],
                              unique=False)


def downgrade() -> None:
    op.drop_table("enquiry_messages")
    op.drop_table("enquiries")
    op.drop_table("saved_providers")
    with op.batch_alter_table("providers", schema=None) as batch_op:
        batch_op.drop_constraint("fk_providers_owner_account_id_accounts", type_="foreignkey")
        batch_op.drop_column("owner_account_id")
        batch_op.drop_column("website")
        batch_op.drop_column("description_zh")
