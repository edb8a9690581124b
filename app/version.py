"""The app's version: pyproject.toml's [project] version is the one source.

In a source checkout it is read from pyproject.toml itself (so an editable install never shows a
stale number); installed or frozen, from the package metadata (build.spec bundles it and checks
it matches pyproject). Only reports the version; never writes anything.
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

APP_NAME = "双随机抽查工作台"
DIST_NAME = "shuangsuiji"


def _from_pyproject(pyproject: Path) -> str | None:
    import tomllib

    try:
        project = tomllib.loads(pyproject.read_text("utf-8")).get("project", {})
    except (OSError, tomllib.TOMLDecodeError):
        return None
    if project.get("name") != DIST_NAME or not project.get("version"):
        return None
    return str(project["version"])


def _version() -> str:
    # app/version.py → parents[1] is the repository root in a checkout; in a frozen bundle it is
    # the bundle folder, which holds no pyproject.toml, so the bundled metadata answers.
    found = _from_pyproject(Path(__file__).resolve().parents[1] / "pyproject.toml")
    if found:
        return found
    try:
        return metadata.version(DIST_NAME)
    except metadata.PackageNotFoundError:
        return "0+unknown"


__version__ = _version()
