"""Where this installation keeps its files: the default database, backups, logs, keys.

Standard library only, so the CLI and a frozen build agree with the GUI on every platform.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "shuangsuiji"


def data_dir() -> Path:
    """The user's data folder for the app (created on demand); APP_DATA_DIR overrides it."""
    override = os.environ.get("APP_DATA_DIR")
    if override:
        base = Path(override)
    elif sys.platform == "win32":
        base = (
            Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / APP_DIR_NAME
        )
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / APP_DIR_NAME
    else:
        xdg = os.environ.get("XDG_DATA_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".local" / "share") / APP_DIR_NAME
    base.mkdir(parents=True, exist_ok=True)
    return base


def default_db_path() -> Path:
    return data_dir() / "county.db"


def backup_dir_for(db_path: Path) -> Path:
    """Backups sit beside the database in `<name>-backups/`, so they move with it."""
    return db_path.with_name(db_path.stem + "-backups")


def log_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path
