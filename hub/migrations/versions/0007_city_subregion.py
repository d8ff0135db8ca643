"""Cities carry their UN M49 subregion beside their UNESCO region, so "Southeast Asian" can be asked.

Revision ID: 0007_city_subregion
Revises: 0006_event_outcomes
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_city_subregion"
down_revision = "0006_event_outcomes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("subregion", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cities", schema=None) as batch_op:
        batch_op.drop_column("subregion")
