"""The main window offscreen: five tabs on the sample county, status bar, about, geometry, and
the order it starts in (frame and counts first, then the tabs)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QTabWidget

from app.core.services.kernel.workspace import open_workspace
from app.ui.app import GuiController, create_application


def test_main_window_shows_five_tabs_with_sample_data(qtbot, sample_db: Path) -> None:
    app = create_application([])
    ws = open_workspace(sample_db)
    controller = GuiController(app, ws, "zh_CN")
    window = controller.window
    assert window is not None
    qtbot.addWidget(window)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["名录库", "抽查计划", "随机抽取", "检查表", "结果公示"]
    assert str(sample_db) in window.windowTitle()
    counts = window.findChild(QLabel, "statusCounts")
    qtbot.waitUntil(lambda: "检查对象 600" in counts.text(), timeout=10000)
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        qtbot.wait(20)
    window.close()
    controller.runner.wait()
    ws.db.dispose()


def test_window_remembers_its_geometry(qtbot, sample_db: Path) -> None:
    app = create_application([])
    ws = open_workspace(sample_db)
    controller = GuiController(app, ws, "zh_CN")
    window = controller.window
    assert window.isMaximized()  # first start on a screen smaller than 1280×800: all of it
    window.showNormal()  # the user restores it and makes it smaller
    window.resize(700, 500)  # within the offscreen screen
    window.tabs.setCurrentIndex(2)
    window.close()
    controller.runner.wait()
    assert QSettings().value("mainWindow/tab") in (2, "2")
    second = GuiController(app, ws, "zh_CN")
    qtbot.addWidget(second.window)
    assert (second.window.width(), second.window.height()) == (700, 500)
    qtbot.waitUntil(lambda: second.window.tabs.currentIndex() == 2, timeout=3000)
    second.window.close()
    second.runner.wait()
    ws.db.dispose()
    assert QApplication.instance() is app


def test_geometry_saved_on_a_larger_screen_is_not_restored(qtbot, sample_db: Path) -> None:
    """A window saved on a 1920×1080 monitor opens fitted on this 800×600 screen, not larger."""
    app = create_application([])
    ws = open_workspace(sample_db)
    controller = GuiController(app, ws, "zh_CN")
    window = controller.window
    window.showNormal()
    window.setGeometry(100, 100, 1800, 1000)
    window.close()
    controller.runner.wait()
    second = GuiController(app, ws, "zh_CN")
    qtbot.addWidget(second.window)
    area = second.window.screen().availableGeometry()
    assert second.window.isMaximized() or area.contains(second.window.frameGeometry())
    assert second.window.width() <= area.width() and second.window.height() <= area.height()
    second.window.close()
    second.runner.wait()
    ws.db.dispose()


def test_the_window_shows_its_counts_first_then_builds_its_tabs(qtbot, sample_db: Path) -> None:
    """Start-up as a person sees it: the frame with "正在打开…" and the status-bar counts, then
    the five tabs with their lists and menus (the pages' modules load only then)."""
    app = create_application([])
    ws = open_workspace(sample_db)
    controller = GuiController(app, ws, "zh_CN")
    window = controller.window
    qtbot.addWidget(window)
    tabs = window.findChild(QTabWidget, "mainTabs")
    loading = window.findChild(QLabel, "pagesLoading")
    counts = window.findChild(QLabel, "statusCounts")
    assert tabs.count() == 0 and loading.isVisible() and not tabs.isVisible()
    tabs_when_counted: list[int] = []
    window.status_refreshed.connect(lambda: tabs_when_counted.append(tabs.count()))
    qtbot.waitUntil(lambda: "检查对象 600" in counts.text(), timeout=10000)
    assert tabs_when_counted[0] == 0  # the counts came before the pages were built
    qtbot.waitUntil(lambda: tabs.count() == 5, timeout=10000)
    assert tabs.isVisible() and not loading.isVisible()
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus.index("名录库") < menus.index("结果公示") < menus.index("视图(&V)")
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "视图(&V)")
    assert isinstance(view, QMenu)
    assert [a.shortcut().toString() for a in view.actions()[:5]] == [
        f"Ctrl+{i}" for i in range(1, 6)
    ]
    view.actions()[3].trigger()  # Ctrl+4: 检查表
    assert tabs.tabText(tabs.currentIndex()) == "检查表"
    targets = tabs.widget(0).registry_tabs["targets"]  # its list loaded when it was built
    qtbot.waitUntil(lambda: targets.count.text() == "共 600 条", timeout=10000)
    window.close()
    controller.runner.wait()
    ws.db.dispose()


def test_a_window_closed_before_its_tabs_were_built_keeps_the_saved_tab(
    qtbot, sample_db: Path
) -> None:
    app = create_application([])
    ws = open_workspace(sample_db)
    QSettings().setValue("mainWindow/tab", 3)
    controller = GuiController(app, ws, "zh_CN")
    controller.window.close()  # at once: the event loop has not built the pages yet
    controller.runner.wait()
    assert QSettings().value("mainWindow/tab") in (3, "3")
    second = GuiController(app, ws, "zh_CN")
    qtbot.addWidget(second.window)
    tabs = second.window.findChild(QTabWidget, "mainTabs")
    qtbot.waitUntil(lambda: tabs.count() == 5, timeout=10000)
    assert tabs.currentIndex() == 3
    second.window.close()
    second.runner.wait()
    ws.db.dispose()
