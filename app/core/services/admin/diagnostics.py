"""The "copy diagnostics" text for support: versions, platform, the database's schema and
counts, the audit chain's head and the log's last lines. Never personal data: counts and ids.
"""

from __future__ import annotations

import platform
import sqlite3
import sys
from importlib import metadata

from sqlalchemy import func, select

from app.core.logging_setup import log_file, recent_lines
from app.core.services.kernel.audit import chain_head
from app.core.services.kernel.workspace import Workspace
from app.core.storage.models import AuditEvent, Inspector, Target, Task, User, Visit
from app.version import APP_NAME, __version__


def diagnostics(ws: Workspace | None = None, *, extra: dict[str, str] | None = None) -> str:
    """Plain text for support: versions, platform, database, counts, recent log lines."""

    lines = [
        f"{APP_NAME} {__version__}",
        f"Python {platform.python_version()} ({sys.executable if not getattr(sys, 'frozen', False) else 'frozen'})",
        f"Platform {platform.platform()} ({platform.machine()})",
        f"SQLite {sqlite3.sqlite_version}",
    ]
    for dist in ("PySide6", "SQLAlchemy", "openpyxl", "reportlab"):
        try:
            lines.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            lines.append(f"{dist} -")
    for key, value in (extra or {}).items():
        lines.append(f"{key} {value}")
    if ws is not None:
        lines += _database_lines(ws)
    lines.append(f"Log {log_file()}")
    lines.append("--- recent log ---")
    lines += recent_lines()
    return "\n".join(lines)


def _database_lines(ws: Workspace) -> list[str]:
    out = [f"Database {ws.display_name}"]
    try:
        out.append(f"Schema {ws.db.revision()}")
        with ws.db.read_session() as s:
            for label, model in (
                ("targets", Target),
                ("inspectors", Inspector),
                ("tasks", Task),
                ("visits", Visit),
                ("users", User),
                ("audit events", AuditEvent),
            ):
                out.append(f"  {label}: {s.scalar(select(func.count()).select_from(model))}")
            out.append(f"Audit head {chain_head(s)[:16]}…")
        if ws.db.path is not None and ws.db.path.exists():
            out.append(f"Size {ws.db.path.stat().st_size} bytes")
    except Exception as exc:  # diagnostics must never fail: report what went wrong instead
        out.append(f"  (database not readable: {type(exc).__name__}: {exc})")
    return out
