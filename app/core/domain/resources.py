"""Where the files shipped with the app (code tables, holiday calendars) live on disk.

Works from a source checkout (repo_root/resources) and from a PyInstaller bundle
(sys._MEIPASS/resources). Only locates files; never reads or writes them.
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["resource_path", "resources_root"]


def resources_root() -> Path:
    """The `resources` folder: next to the bundle's files when frozen, else at the repo root."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    # app/core/domain/resources.py → parents[3] is the repository root.
    return Path(__file__).resolve().parents[3] / "resources"


def resource_path(*parts: str) -> Path:
    """A path below `resources/`, e.g. resource_path("data", "gbt4754-2017.csv")."""
    return resources_root().joinpath(*parts)
