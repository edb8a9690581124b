"""The 结果公示 tab offscreen on the sample county: batch review, deadlines, dashboard, status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, QItemSelectionModel, Qt
from PySide6.QtWidgets import QPushButton
from ui_helpers import open_page

from app.core.services.kernel.workspace import open_workspace
from app.core.services.results import reviews
from app.ui.features.results.page import ResultsPage


def _page(qtbot, sample_db: Path):  # type: ignore[no-untyped-def]
    return open_page(qtbot, sample_db, ResultsPage, size=(1200, 700))


def test_batch_approval_from_the_review_queue(qtbot, sample_db: Path) -> None:
    ws, runner, page = _page(qtbot, sample_db)
    try:
        waiting = len(reviews.review_queue(ws))
        page.refresh()
        table = page.review.table
        qtbot.waitUntil(lambda: table.model().rowCount() == waiting, timeout=10000)
        assert not page.review.approve_button.isEnabled()
        for row in (0, 1):
            table.selectionModel().select(
                table.model().index(row, 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )
        assert page.review.approve_button.isEnabled()
        qtbot.waitUntil(
            lambda: "→" in page.review.events.text() or "已选择" in page.review.events.text(),
            timeout=5000,
        )
        page.review.approve_button.click()
        # The sample's results have no signed form behind them: the reviewer is asked first.
        qtbot.waitUntil(lambda: page.review.last_confirm is not None, timeout=10000)
        box = page.review.last_confirm
        assert "没有已签名的检查表" in box.text()
        assert len(reviews.review_queue(ws)) == waiting  # nothing approved before the answer
        box.findChild(QPushButton, "confirmAction").click()
        qtbot.waitUntil(lambda: table.model().rowCount() == waiting - 2, timeout=10000)
        assert len(reviews.review_queue(ws)) == waiting - 2
    finally:
        runner.wait()
        qtbot.wait(50)  # deliver the last answers while the page is alive
        ws.db.dispose()


def test_deadline_list_colours_overdue_and_due_soon(qtbot, sample_db: Path) -> None:
    ws, runner, page = _page(qtbot, sample_db)
    try:
        page.deadlines.as_of.setDate(QDate(2026, 6, 20))
        page.show_section("deadlines")
        table = page.deadlines.table
        qtbot.waitUntil(
            lambda: any(
                table.model().index(r, 1).data() == "2026-06-23"
                for r in range(table.model().rowCount())
            ),
            timeout=10000,
        )
        states = [table.model().index(r, 0).data() for r in range(table.model().rowCount())]
        assert "已逾期" in states and "即将到期" in states
        assert "项已逾期" in page.deadlines.summary.text()
        # Asked again (the person ticks 也显示未到期的): at once the panel says it is computing,
        # so the table never reads as "nothing due" meanwhile; then the answer replaces it.
        page.deadlines.show_all.setChecked(True)
        assert page.deadlines.summary.text() == "正在计算期限…"
        qtbot.waitUntil(lambda: "项已逾期" in page.deadlines.summary.text(), timeout=10000)
        page.deadlines.show_all.setChecked(False)
        qtbot.waitUntil(lambda: "项已逾期" in page.deadlines.summary.text(), timeout=10000)
        assert "未到期" not in states
        due = [table.model().index(r, 1).data() for r in range(table.model().rowCount())]
        assert "2026-06-23" in due
    finally:
        runner.wait()
        qtbot.wait(50)  # deliver the last answers while the page is alive
        ws.db.dispose()


def test_dashboard_shows_rates_and_draws_charts(qtbot, sample_db: Path) -> None:
    ws, runner, page = _page(qtbot, sample_db)
    try:
        page.dashboard.year.setValue(2026)
        page.show_section("dashboard")
        qtbot.waitUntil(lambda: "公示率" in page.dashboard.headline.text(), timeout=10000)
        assert page.dashboard.flow_chart.groups and page.dashboard.code_chart.items
        image = page.dashboard.flow_chart.grab().toImage()
        colours = {
            image.pixelColor(x, y).name()
            for x in range(0, image.width(), 7)
            for y in range(0, image.height(), 7)
        }
        assert "#4e79a7" in colours  # bars were painted
        # the year's timetable (五原 第十三条 by default): the sample's published plan closes January's
        qtbot.waitUntil(lambda: "年度时间表" in page.dashboard.timetable.text(), timeout=10000)
        text = page.dashboard.timetable.text()
        assert "2026-01-31 各部门年度抽查工作计划制定并公示：" in text and "2026-03-31" in text
        import os

        from tests.screens import save_screenshot

        page.resize(1366, 768)
        save_screenshot(
            page,
            "results-dashboard"
            + ("-150" if os.environ.get("QT_SCALE_FACTOR") == "1.5" else "")
            + ".png",
        )
    finally:
        runner.wait()
        qtbot.wait(50)  # deliver the last answers while the page is alive
        ws.db.dispose()


def test_status_bar_counts_deadlines(qtbot, sample_db: Path) -> None:
    from app.ui.app import GuiController, create_application

    app = create_application([])
    ws = open_workspace(sample_db)
    controller = GuiController(app, ws, "zh_CN")
    window = controller.window
    qtbot.addWidget(window)
    try:
        button = window.findChild(QPushButton, "statusDeadlines")
        assert button is not None
        qtbot.waitUntil(lambda: "项已逾期" in button.text(), timeout=10000)
        assert "项即将到期" in button.text()
        button.click()
        assert (
            window.tabs.currentWidget().sections.currentWidget()
            is window.tabs.currentWidget().deadlines
        )
    finally:
        window.close()
        controller.runner.wait()
        ws.db.dispose()


def test_a_supervisor_applies_a_registry_proposal_with_one_click(qtbot, sample_db: Path) -> None:
    """名录变更建议: the F results are listed; 采纳所选 changes that business's status, audited."""
    import os

    from sqlalchemy import select

    from app.core.storage.models import AuditEvent, Target
    from tests.screens import save_screenshot

    ws, runner, page = _page(qtbot, sample_db)
    try:
        page.show_section("proposals")
        table = page.proposals.table
        qtbot.waitUntil(
            lambda: page.proposals.loaded and table.model().rowCount() > 0, timeout=10000
        )
        before = table.model().rowCount()
        first = page.proposals.rows[0]
        assert table.model().index(0, 5).data() == "无经营迹象"
        page.resize(1366, 768)
        scale = "-150" if os.environ.get("QT_SCALE_FACTOR") == "1.5" else ""
        save_screenshot(page, f"results-proposals{scale}.png")
        table.selectRow(0)
        qtbot.mouseClick(page.proposals.apply_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: table.model().rowCount() == before - 1, timeout=10000)
        with ws.db.read_session() as s:
            assert s.get(Target, first.target_id).status == "无经营迹象"
            assert s.scalars(
                select(AuditEvent).where(AuditEvent.action == "target.status_from_result")
            ).one()
    finally:
        runner.wait()
        qtbot.wait(50)
        ws.db.dispose()


def test_the_year_rules_dialog_saves_the_ceiling_ratios_and_timetable(
    qtbot, sample_db: Path
) -> None:
    """年度规则设置…: a bad ratio is refused in the dialog with its text; a good one is stored."""
    import os

    from app.core.services.plan import year_settings
    from app.ui.features.results.year_rules_dialog import YearRulesDialog
    from tests.screens import save_screenshot

    ws, runner, page = _page(qtbot, sample_db)
    try:
        page.year_rules_action.trigger()
        qtbot.waitUntil(
            lambda: isinstance(getattr(page, "last_dialog", None), YearRulesDialog), timeout=5000
        )
        dialog = page.last_dialog
        qtbot.waitUntil(lambda: dialog.loaded, timeout=10000)
        assert dialog.preset.currentData() == "五原" and dialog.ceiling.value() == 0
        dialog.ceiling.setValue(2)
        dialog.items.setText("A07:30、A08:三十")
        dialog.preset.setCurrentIndex(dialog.preset.findData("贵阳"))
        dialog.buttons.buttons()[0].click()
        qtbot.waitUntil(lambda: "A08:三十" in dialog.message.text(), timeout=10000)
        assert year_settings.get_year_settings(ws).ceiling == 0  # nothing written
        dialog.items.setText("A07:30、*:50")
        dialog.departments.setText("市场监管:40")
        scale = "-150" if os.environ.get("QT_SCALE_FACTOR") == "1.5" else ""
        save_screenshot(dialog, f"year-rules-dialog{scale}.png")
        dialog.buttons.buttons()[0].click()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
        saved = year_settings.get_year_settings(ws)
        assert saved == year_settings.YearSettings(
            2, {"A07": 30, "*": 50}, {"市场监管": 40}, "贵阳"
        )
    finally:
        runner.wait()
        qtbot.wait(50)
        ws.db.dispose()
