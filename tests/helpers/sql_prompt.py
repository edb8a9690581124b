"""Edits made as a person at a SQL prompt would make them (sqlite3 shell, psql): a plain
connection without the app's triggers or hooks, so nothing it writes is sealed. For the tests
that show the audit trail catches such an edit."""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import create_engine, text


def hand_edit(ws: Any, sql: str) -> None:
    """Runs one statement on the workspace's database from outside the app, and commits."""
    if ws.db.is_sqlite:
        conn = sqlite3.connect(ws.db.path)
        conn.execute(sql)
        conn.commit()
        conn.close()
        return
    engine = create_engine(ws.db.url)
    with engine.begin() as conn:
        conn.execute(text(sql))
    engine.dispose()
