"""The app's version, read from the installed metadata (pyproject.toml is the one source)."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

APP_NAME = "双随机抽查工作台"


def _version() -> str:
    try:
        return metadata.version("shuangsuiji")
    except metadata.PackageNotFoundError:  # frozen or not installed: read pyproject beside us
        import tomllib

        for base in (Path(__file__).resolve().parents[1],):
            pyproject = base / "pyproject.toml"
            if pyproject.exists():
                return str(tomllib.loads(pyproject.read_text("utf-8"))["project"]["version"])
        return "0+unknown"


__version__ = _version()
