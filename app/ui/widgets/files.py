"""File dialogs that open where people keep their files: the folder used last, else 文档 (or
桌面), never the program's folder. Same arguments and answer as QFileDialog's static
functions: a suggested name without a folder is put in that folder; the chosen file's folder
is remembered for the next dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

KEY = "files/lastFolder"


def default_folder() -> Path:
    for location in (
        QStandardPaths.StandardLocation.DocumentsLocation,
        QStandardPaths.StandardLocation.DesktopLocation,
    ):
        path = Path(QStandardPaths.writableLocation(location) or "")
        if str(path) and path.is_dir():
            return path
    return Path.home()


def last_folder() -> Path:
    value = QSettings().value(KEY, "")
    folder = Path(str(value)) if value else default_folder()
    return folder if folder.is_dir() else default_folder()


def remember(path: str) -> None:
    if path:
        QSettings().setValue(KEY, str(Path(path).parent))


def _start(suggested: str) -> str:
    if suggested and Path(suggested).parent != Path("."):
        return suggested  # the caller chose a folder
    return str(last_folder() / suggested) if suggested else str(last_folder())


def getSaveFileName(
    parent: QWidget | None,
    caption: str = "",
    dir: str = "",  # noqa: N802, A002 (Qt's names)
    filter: str = "",
) -> tuple[str, str]:  # noqa: A002
    path, chosen = QFileDialog.getSaveFileName(parent, caption, _start(dir), filter)
    remember(path)
    return path, chosen


def getOpenFileName(
    parent: QWidget | None,
    caption: str = "",
    dir: str = "",  # noqa: N802, A002
    filter: str = "",
) -> tuple[str, str]:  # noqa: A002
    path, chosen = QFileDialog.getOpenFileName(parent, caption, _start(dir), filter)
    remember(path)
    return path, chosen
