"""Alembic, driven from code: which revision a database is at, and upgrading it to head.

No alembic.ini: the script directory ships inside the package (and the frozen bundle).

Opening a database that is already at head is every start-up, an upgrade is rare: so which
revision is where is read without Alembic (it costs a tenth of the start-up to import), from the
migration files' names and the `alembic_version` table. That reading relies on the house rule
that revisions form one line, each file named `NNNN_*.py` with `revision = "NNNN"`;
tests/core/storage/test_database.py compares it with Alembic's own. Alembic is imported for
the upgrade only.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
VERSION_TABLE = "alembic_version"


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@cache
def _revisions() -> tuple[str, ...]:
    """The shipped revisions, oldest first."""
    names = (MIGRATIONS_DIR / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")
    found = tuple(sorted(p.name[:4] for p in names))
    assert found, "no migrations shipped"
    return found


def head_revision() -> str:
    return _revisions()[-1]


def known_revisions() -> set[str]:
    return set(_revisions())


def current_revision(connection: Connection) -> str | None:
    """The revision stamped in the database, or None for an empty (unstamped) one."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    return connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def upgrade_to_head(connection: Connection) -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), "head")
