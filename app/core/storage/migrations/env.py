"""Alembic environment: runs migrations on the connection the app hands over (no ini file)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from app.core.storage.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # `alembic revision --autogenerate` from a developer's shell
        url = config.get_main_option("sqlalchemy.url") or "sqlite:///migrations-dev.db"
        with create_engine(url).connect() as conn:
            _run(conn)
            conn.commit()
        return
    _run(connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite ALTER TABLE goes through batch copies
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
