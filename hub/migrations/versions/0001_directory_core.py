"""Directory core: nodes by kind, links and the data-version counter.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    op.create_table(
        "nodes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=True),
        sa.Column("name_vi", sa.String(length=300), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=True),
        sa.Column("sort_name", sa.String(length=300), nullable=False),
        sa.Column("search_key", sa.Text(), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("description_vi", sa.Text(), nullable=True),
        sa.Column("description_en", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nodes")),
        sa.UniqueConstraint("key", name=op.f("uq_nodes_key")),
    )
    with op.batch_alter_table("nodes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_nodes_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_nodes_sort_name"), ["sort_name"], unique=False)

    op.create_table(
        "agencies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_kind", sa.String(length=26), nullable=False),
        sa.ForeignKeyConstraint(["id"], ["nodes.id"], name=op.f("fk_agencies_id_nodes"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agencies")),
    )
    op.create_table(
        "cities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=200), nullable=True),
        sa.Column("country_key", sa.String(length=200), nullable=False),
        sa.Column("creative_field", sa.String(length=20), nullable=True),
        sa.Column("designation_year", sa.Integer(), nullable=True),
        sa.Column("region", sa.String(length=200), nullable=True),
        sa.Column("focal_point", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(["id"], ["nodes.id"], name=op.f("fk_cities_id_nodes"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cities")),
    )
    with op.batch_alter_table("cities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cities_country_key"), ["country_key"], unique=False)

    op.create_table(
        "creative_spaces",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("space_kind", sa.String(length=20), nullable=False),
        sa.Column("district", sa.String(length=200), nullable=True),
        sa.Column("address", sa.String(length=500), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("website", sa.String(length=2000), nullable=True),
        sa.ForeignKeyConstraint(["id"], ["nodes.id"], name=op.f("fk_creative_spaces_id_nodes"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_creative_spaces")),
    )
    op.create_table(
        "designers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("discipline", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("phone", sa.String(length=50), nullable=True),
        sa.ForeignKeyConstraint(["id"], ["nodes.id"], name=op.f("fk_designers_id_nodes"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_designers")),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("theme_vi", sa.String(length=500), nullable=True),
        sa.Column("theme_en", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(["id"], ["nodes.id"], name=op.f("fk_events_id_nodes"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_table(
        "initiatives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["id"], ["nodes.id"], name=op.f("fk_initiatives_id_nodes"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiatives")),
    )
    op.create_table(
        "links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("from_id", sa.Integer(), nullable=False),
        sa.Column("to_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=True),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("reporting_cadence", sa.String(length=20), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["from_id"], ["nodes.id"], name=op.f("fk_links_from_id_nodes"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["to_id"], ["nodes.id"], name=op.f("fk_links_to_id_nodes"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_links")),
    )
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.create_index("ix_links_from_kind", ["from_id", "kind"], unique=False)
        batch_op.create_index("ix_links_to_kind", ["to_id", "kind"], unique=False)

    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("issuer_id", sa.Integer(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["id"], ["nodes.id"], name=op.f("fk_plans_id_nodes"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["issuer_id"], ["nodes.id"], name=op.f("fk_plans_issuer_id_nodes")),
        sa.ForeignKeyConstraint(["parent_id"], ["nodes.id"], name=op.f("fk_plans_parent_id_nodes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
    )
    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(["id"], ["nodes.id"], name=op.f("fk_tasks_id_nodes"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tasks")),
    )
    op.bulk_insert(sa.table("data_version", sa.column("id", sa.Integer), sa.column("version", sa.BigInteger)), [{"id": 1, "version": 0}])


def downgrade() -> None:
    op.drop_table("tasks")
    op.drop_table("plans")
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.drop_index("ix_links_to_kind")
        batch_op.drop_index("ix_links_from_kind")

    op.drop_table("links")
    op.drop_table("initiatives")
    op.drop_table("events")
    op.drop_table("designers")
    op.drop_table("creative_spaces")
    with op.batch_alter_table("cities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cities_country_key"))

    op.drop_table("cities")
    op.drop_table("agencies")
    with op.batch_alter_table("nodes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nodes_sort_name"))
        batch_op.drop_index(batch_op.f("ix_nodes_kind"))

    op.drop_table("nodes")
    op.drop_table("data_version")
