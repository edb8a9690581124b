"""external members: officers borrowed from a neighbouring area, and the tasks that may draw them

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inspectors", schema=None) as batch_op:
        batch_op.add_column(sa.Column("external_area", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("external_until", sa.Date(), nullable=True))
    # Nullable, no default: a row's sealed state leaves NULLs out, so existing tasks keep the
    # state the audit trail sealed (a NOT NULL DEFAULT false column would break every seal).
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("allow_external", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_column("allow_external")
    with op.batch_alter_table("inspectors", schema=None) as batch_op:
        batch_op.drop_column("external_until")
        batch_op.drop_column("external_area")
