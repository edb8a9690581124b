"""Rotating log files in the data folder and the "copy diagnostics" text for support.

Logs carry ids, never personal data: a filter masks anything shaped like an ID number,
a credit code or a phone number that slips into a message. Never imports Qt.
"""

from __future__ import annotations

import logging
import logging.handlers
import platform
import re
import sqlite3
import sys
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.appdirs import log_dir

if TYPE_CHECKING:
    from app.core.services.kernel.workspace import Workspace

LOG_FILE = "app.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
# 18-char ID numbers / USCC, 15-char 注册号, 11-digit mobile numbers.
_PERSONAL = re.compile(
    r"(?<![0-9A-Za-z])(?:[0-9A-Z]{18}|\d{17}[\dXx]|\d{15}|1[3-9]\d{9})(?![0-9A-Za-z])"
)


class PersonalDataFilter(logging.Filter):
    """Masks ID-number, credit-code and phone-number shaped strings in every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = _PERSONAL.sub("[masked]", message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def log_file() -> Path:
    return log_dir() / LOG_FILE


def setup_logging(
    *, level: int = logging.INFO, folder: Path | None = None, console: bool = False
) -> Path:
    """Installs the rotating file handler on the root logger (idempotent); returns the file."""
    path = (folder or log_dir()) / LOG_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for h in root.handlers:
        if (
            isinstance(h, logging.handlers.RotatingFileHandler)
            and Path(h.baseFilename) == path.resolve()
        ):
            return path
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.addFilter(PersonalDataFilter())
    root.addHandler(handler)
    if console:
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter(_FORMAT))
        stream.addFilter(PersonalDataFilter())
        root.addHandler(stream)
    root.setLevel(level)
    logging.captureWarnings(True)
    _install_excepthook()
    return path


def _install_excepthook() -> None:
    previous = sys.excepthook

    def hook(kind, value, tb):  # type: ignore[no-untyped-def]
        logging.getLogger("app").critical("unhandled exception", exc_info=(kind, value, tb))
        previous(kind, value, tb)

    if getattr(sys.excepthook, "__name__", "") != "hook":
        sys.excepthook = hook


def recent_lines(count: int = 40, *, path: Path | None = None) -> list[str]:
    path = path or log_file()
    if not path.exists():
        return []
    with path.open(encoding="utf-8", errors="replace") as f:
        return [line.rstrip("\n") for line in deque(f, maxlen=count)]


def diagnostics(ws: Workspace | None = None, *, extra: dict[str, str] | None = None) -> str:
    """Plain text for support: versions, platform, database, counts, recent log lines."""
    from app.version import APP_NAME, __version__

    lines = [
        f"{APP_NAME} {__version__}",
        f"Python {platform.python_version()} ({sys.executable if not getattr(sys, 'frozen', False) else 'frozen'})",
        f"Platform {platform.platform()} ({platform.machine()})",
        f"SQLite {sqlite3.sqlite_version}",
    ]
    try:
        from importlib import metadata

        for dist in ("PySide6", "SQLAlchemy", "openpyxl", "reportlab"):
            try:
                lines.append(f"{dist} {metadata.version(dist)}")
            except metadata.PackageNotFoundError:
                lines.append(f"{dist} -")
    except ImportError:  # pragma: no cover
        pass
    for key, value in (extra or {}).items():
        lines.append(f"{key} {value}")
    if ws is not None:
        lines += _database_lines(ws)
    lines.append(f"Log {log_file()}")
    lines.append("--- recent log ---")
    lines += recent_lines()
    return "\n".join(lines)


def _database_lines(ws: Workspace) -> list[str]:
    from sqlalchemy import func, select

    from app.core.services.kernel.audit import chain_head
    from app.core.storage.models import AuditEvent, Inspector, Target, Task, User, Visit

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
