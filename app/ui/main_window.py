"""The main window: the five tabs, the menu bar, the status bar with the open database."""

from __future__ import annotations

import importlib
import pkgutil

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from app.core.services.admin import overview
from app.core.services.kernel.workspace import Area
from app.ui.context import UiContext
from app.ui.errors import show_error
from app.ui.features.page import Page
from app.ui.widgets.fit import (
    FRAME_ALLOWANCE,
    available,
    fitted_size,
    geometry_fits,
    max_client_size,
)
from app.ui.widgets.message_bar import MessageBar
from app.version import APP_NAME, __version__


def page_classes() -> tuple[type[Page], ...]:
    """The five tabs, in order. Imported when the pages are built, after the window and its
    counts show: their modules (and the services behind them) are most of the start-up."""
    from app.ui.features.checklist.page import ChecklistPage
    from app.ui.features.draw.page import DrawPage
    from app.ui.features.plan.page import PlanPage
    from app.ui.features.registry.page import RegistryPage
    from app.ui.features.results.page import ResultsPage

    return (RegistryPage, PlanPage, DrawPage, ChecklistPage, ResultsPage)


class MainWindow(QMainWindow):
    language_change_requested = Signal(str)
    status_refreshed = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("mainWindow")
        self._tabs = QTabWidget(self)
        self._tabs.setObjectName("mainTabs")
        self._tabs.setDocumentMode(True)
        self._pages: list[Page] | None = None  # built once the counts show (`pages`)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.message_bar = MessageBar(central)
        column.addWidget(self.message_bar)
        self._loading = QLabel(self.tr("正在打开…"), central)
        self._loading.setObjectName("pagesLoading")
        self._loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self._loading, 1)
        self._tabs.hide()  # until its pages are built
        column.addWidget(self._tabs, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self._build_status_bar()
        self._install_contributions()
        self._update_title()
        ctx.data_changed.connect(self._on_ctx_data_changed)
        ctx.message.connect(self.show_message)
        ctx.runner.busy_changed.connect(self._on_busy_changed)
        self._restore_geometry()

    # -- the pages ------------------------------------------------------------------------

    @property
    def pages(self) -> list[Page]:
        """The tabs' pages, built on first use. The window shows its frame and counts first;
        `_on_counts` then builds the pages (asking for them earlier builds them at once)."""
        self._ensure_pages()
        assert self._pages is not None
        return self._pages

    @property
    def tabs(self) -> QTabWidget:
        """The tab widget, with its pages."""
        self._ensure_pages()
        return self._tabs

    def _build_pages(self) -> None:
        self._pages = []
        for cls in page_classes():
            page = cls(self.ctx, self._tabs)
            self._pages.append(page)
            self._tabs.addTab(page, page.title())
        for page in self._pages:  # each page's menu, before 视图
            actions = page.menu_actions()
            if actions:
                menu = QMenu(page.title(), self)
                menu.addActions(actions)
                self.menuBar().insertMenu(self.view_menu.menuAction(), menu)
        first = self.view_menu.actions()[0]
        for i, page in enumerate(self._pages):
            act = QAction(page.title(), self, shortcut=QKeySequence(f"Ctrl+{i + 1}"))
            act.triggered.connect(lambda _=False, i=i: self._tabs.setCurrentIndex(i))
            self.view_menu.insertAction(first, act)
        self.view_menu.insertSeparator(first)
        saved = QSettings().value("mainWindow/tab", 0)
        self._tabs.setCurrentIndex(int(str(saved)) if str(saved).isdigit() else 0)
        self._loading.hide()
        self._tabs.show()
        for page in self._pages:
            page.refresh()

    def _ensure_pages(self) -> None:
        if self._pages is None:
            self._build_pages()

    def _build_pages_soon(self) -> None:
        """After the event loop has shown what is waiting (the counts just set)."""
        if self._pages is None:
            QTimer.singleShot(0, self._ensure_pages)

    # -- frame ----------------------------------------------------------------------------

    def _update_title(self) -> None:
        self.setWindowTitle(f"{APP_NAME} {__version__} — {self.ctx.workspace.display_name}")

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("文件(&F)"))
        file_menu.setObjectName("fileMenu")
        self.quit_action = QAction(
            self.tr("退出(&X)"), self, shortcut=QKeySequence(QKeySequence.StandardKey.Quit)
        )
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)
        self.file_menu = file_menu
        view_menu = bar.addMenu(self.tr("视图(&V)"))  # the pages' menus come before it
        self.view_menu = view_menu
        lang_menu = view_menu.addMenu(self.tr("界面语言"))
        for code, label in (("zh_CN", "中文"), ("en", "English")):
            act = QAction(label, self)
            act.triggered.connect(
                lambda _=False, code=code: self.language_change_requested.emit(code)
            )
            lang_menu.addAction(act)
        help_menu = bar.addMenu(self.tr("帮助(&H)"))
        self.help_menu = help_menu
        about = QAction(self.tr("关于(&A)"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _install_contributions(self) -> None:
        from app.ui import menus

        for info in sorted(pkgutil.iter_modules(menus.__path__), key=lambda m: m.name):
            importlib.import_module(f"{menus.__name__}.{info.name}").install(self)

    def menu_named(self, object_name: str, title: str) -> QMenu:
        """The menu with this object name, created before 帮助 when missing."""
        for act in self.menuBar().actions():
            menu = act.menu()
            if isinstance(menu, QMenu) and menu.objectName() == object_name:
                return menu
        menu = QMenu(title, self)
        menu.setObjectName(object_name)
        self.menuBar().insertMenu(self.help_menu.menuAction(), menu)
        return menu

    def _build_status_bar(self) -> None:
        self.db_label = QLabel(self.ctx.workspace.display_name)
        self.db_label.setObjectName("statusDatabase")
        self.counts_label = QLabel()
        self.counts_label.setObjectName("statusCounts")
        self.statusBar().addWidget(self.db_label, 1)
        self.busy_label = QLabel()
        self.busy_label.setObjectName("statusBusy")
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addPermanentWidget(self.counts_label)

    def refresh_all(self) -> None:
        self.refresh_status()  # first: a few milliseconds, and the status bar is read first
        for page in self._pages or []:  # pages not built yet load when they are
            page.refresh()

    def refresh_status(self) -> None:
        self.ctx.run_query(
            lambda ws, job: overview.counts(ws), self._on_counts, on_error=self._on_counts_failed
        )

    def _on_counts_failed(self, exc: BaseException) -> None:
        self._build_pages_soon()
        show_error(self, exc)

    def _on_counts(self, c: overview.Counts) -> None:
        self._build_pages_soon()
        self.counts_label.setText(
            self.tr("检查对象 {0} · 检查人员 {1} · 事项 {2} · 任务 {3} · 待检查 {4}").format(
                c.targets, c.inspectors, c.items, c.tasks, c.visits_open
            )
        )
        self.status_refreshed.emit()

    def _on_busy_changed(self, busy: bool) -> None:
        self.busy_label.setText(self.tr("正在处理…") if busy else "")

    def show_message(self, text: str) -> None:
        """A completion message that stays (the message bar) until the user closes it."""
        if text:
            self.message_bar.show_text(text)
            self.statusBar().showMessage(text, 10000)

    def _on_ctx_data_changed(self, areas: frozenset[Area]) -> None:
        del areas
        self.refresh_status()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("关于"),
            self.tr(
                "<h3>{0}</h3><p>版本 {1}</p><p>市场监管领域部门联合“双随机、一公开”监管：名录库、抽查计划、公开随机抽取、现场检查表与结果公示。</p>"
                "<p>数据库：{2}</p>"
            ).format(APP_NAME, __version__, self.ctx.workspace.display_name),
        )

    # -- geometry -------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("mainWindow/geometry")
        restored = (
            isinstance(geometry, QByteArray)
            and not geometry.isEmpty()
            and self.restoreGeometry(geometry)
        )
        limit = max_client_size(self)
        if (
            restored
            and not self.isMaximized()
            and (
                not geometry_fits(self.geometry())
                or self.width() > limit.width()
                or self.height() > limit.height()
            )
        ):
            restored = False  # saved on a larger screen or one that is gone: fit this one
        if not restored:
            preferred = QSize(1280, 800)
            size = fitted_size(self, preferred)
            self.resize(size)
            area = available(self)
            self.move(
                area.left() + (area.width() - size.width()) // 2,
                area.top()
                + max(0, (area.height() - size.height() - FRAME_ALLOWANCE.height()) // 2),
            )
            if size != preferred:  # a small screen: use all of it
                self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        settings = QSettings()
        settings.setValue("mainWindow/geometry", self.saveGeometry())
        if self._pages is not None:  # closed before the pages were built: keep the saved tab
            settings.setValue("mainWindow/tab", self._tabs.currentIndex())
        self.ctx.runner.wait(30000)
        super().closeEvent(event)

    @override
    def keyPressEvent(self, event):  # type: ignore[no-untyped-def]
        if event.key() == Qt.Key.Key_F5:
            self.refresh_all()
            return
        super().keyPressEvent(event)
