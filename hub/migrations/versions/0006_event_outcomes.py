"""Events record their outcomes (figures as reported) and where they are reported.

Revision ID: 0006_event_outcomes
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_event_outcomes"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outcomes_vi", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("outcomes_en", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("outcomes_source", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("outcomes_source")
        batch_op.drop_column("outcomes_en")
        batch_op.drop_column("outcomes_vi")
