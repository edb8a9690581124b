"""Rotating log files in the data folder, and their last lines for support (diagnostics:
services/admin/diagnostics.py).

Logs carry ids, never personal data: a filter masks anything shaped like an ID number,
a credit code or a phone number that slips into a message. Never imports Qt.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
from collections import deque
from pathlib import Path

from app.core.appdirs import log_dir

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
