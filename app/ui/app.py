"""Starts the GUI: application object, language, first run, the workspace, the main window."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from app.core.domain.resources import resource_path
from app.core.services.kernel.workspace import Workspace, database_exists, resolve_location
from app.ui.context import UiContext
from app.ui.main_window import MainWindow
from app.ui.runner import TaskRunner
from app.version import APP_NAME

ORG_NAME = "shuangsuiji"
LANGUAGES = ("zh_CN", "en")


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db")
    parser.add_argument("--lang", choices=LANGUAGES)
    parser.add_argument("--debug", action="store_true")
    args, _ = parser.parse_known_args(argv)
    return args


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0], *(argv or [])])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationName(ORG_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("shuangsuiji")  # matches the .deb's desktop entry (taskbar icon)
    icon = resource_path("icons", "shuangsuiji-256.png")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    _register_fonts(app)
    from app.ui.widgets.fit import ScreenFitter

    ScreenFitter.install(app)  # every dialog fits the screen it opens on
    return app


def _register_fonts(app: QApplication) -> None:
    """Uses the shipped CJK font when present, so Chinese never renders as empty boxes."""
    font_dir = resource_path("fonts")
    families: list[str] = []
    if font_dir.is_dir():
        for f in sorted(font_dir.glob("*.tt[fc]")):
            fid = QFontDatabase.addApplicationFont(str(f))
            families += QFontDatabase.applicationFontFamilies(fid) if fid >= 0 else []
    if families and not os.environ.get("APP_KEEP_SYSTEM_FONT"):
        font = QFont(app.font())
        font.setFamilies([app.font().family(), *families])
        app.setFont(font)


class LanguageSwitcher:
    """Installs Qt's and the app's translators; the source strings are Chinese.

    The installed translators are shared by every switcher of the process: start-up and the
    window controller each make one, and a switch must remove what the other installed.
    """

    translators: ClassVar[list[QTranslator]] = []

    def __init__(self, app: QApplication) -> None:
        self.app = app

    def apply(self, language: str) -> None:
        for t in self.translators:
            self.app.removeTranslator(t)
        self.translators.clear()
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        locale = QLocale(language)
        QLocale.setDefault(locale)
        qt = QTranslator(self.app)
        if qt.load(locale, "qtbase", "_", qt_dir):
            self.translators.append(qt)
        if language != "zh_CN":
            own = QTranslator(self.app)
            if own.load(str(resource_path("i18n", f"app_{language}.qm"))):
                self.translators.append(own)
        for t in self.translators:
            self.app.installTranslator(t)


def choose_language(args: argparse.Namespace) -> str:
    settings = QSettings()
    language = args.lang or str(settings.value("ui/language", "zh_CN"))
    return language if language in LANGUAGES else "zh_CN"


def first_run(parent: QWidget | None, location: str | Path) -> bool:
    """Asks what to do when the database does not exist yet; True when one was created."""
    from app.ui.first_run import FirstRunDialog

    dialog = FirstRunDialog(location, parent)
    return dialog.exec() == FirstRunDialog.DialogCode.Accepted


class GuiController:
    """Owns the workspace and the window; rebuilds the window when the language changes."""

    def __init__(self, app: QApplication, workspace: Workspace, language: str) -> None:
        self.app = app
        self.workspace = workspace
        self.runner = TaskRunner()
        self.ctx = UiContext(workspace, self.runner)
        self.languages = LanguageSwitcher(app)
        self.languages.apply(language)
        self.window: MainWindow | None = None
        self.show_window()

    def show_window(self) -> MainWindow:
        window = MainWindow(self.ctx)
        window.language_change_requested.connect(self._on_window_language_change_requested)
        window.show()
        window.refresh_all()
        self.window = window
        return window

    def _on_window_language_change_requested(self, language: str) -> None:
        QSettings().setValue("ui/language", language)
        old = self.window
        self.languages.apply(language)
        self.show_window()
        if old is not None:
            old.close()
            old.deleteLater()


def run_gui(argv: list[str]) -> int:
    gc.freeze()  # the modules just imported live as long as the process: never walked again
    gc.enable()  # (app/__main__.py turned collection off while they loaded)
    args = _parse(argv)
    app = create_application([])
    language = choose_language(args)
    LanguageSwitcher(app).apply(language)
    location = resolve_location(args.db)
    if not database_exists(location) and not first_run(None, location):
        return 0
    # Logging, one instance per database, integrity check, daily backup and log-in (issue 8).
    from app.core.logging_setup import setup_logging
    from app.ui.startup import start_session

    setup_logging()
    session = start_session(location)
    if session is None:
        return 0
    workspace = session.workspace
    controller = GuiController(app, workspace, language)
    session.attach(controller)
    code = app.exec()
    controller.runner.wait(60000)
    session.close()
    workspace.db.dispose()
    return int(code)


def screen_count() -> int:
    return len(QGuiApplication.screens())
