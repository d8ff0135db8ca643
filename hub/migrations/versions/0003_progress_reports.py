"""Progress reports: one row per agency report on an assignment and period.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "progress_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("summary_vi", sa.Text(), nullable=True),
        sa.Column("summary_en", sa.Text(), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_by", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["nodes.id"], name=op.f("fk_progress_reports_agency_id_nodes"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["assignment_id"], ["links.id"], name=op.f("fk_progress_reports_assignment_id_links"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["target_id"], ["nodes.id"], name=op.f("fk_progress_reports_target_id_nodes"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_reports")),
    )
    with op.batch_alter_table("progress_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_progress_reports_assignment_id"), ["assignment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_progress_reports_target_id"), ["target_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("progress_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_progress_reports_target_id"))
        batch_op.drop_index(batch_op.f("ix_progress_reports_assignment_id"))

    op.drop_table("progress_reports")
