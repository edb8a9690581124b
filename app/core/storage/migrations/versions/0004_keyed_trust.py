"""keyed trust: the inspectors a laptop key is issued for, the keyed seal of a completed form

Revision ID: 0004
Revises: 0003

Both columns were first written into 0001, which a database made by the first release has
already passed: Alembic would never have added them there. A revision of their own upgrades
such a file like any other.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("trusted_keys", sa.Column("inspectors", sa.JSON(), nullable=True))
    op.add_column("inspections", sa.Column("seal", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inspections") as batch:
        batch.drop_column("seal")
    with op.batch_alter_table("trusted_keys") as batch:
        batch.drop_column("inspectors")
