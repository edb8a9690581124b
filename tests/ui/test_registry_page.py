"""The registry tab offscreen: lazy model contract, search, edit with warnings, import wizard."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from app.core.services.registry.targets import TargetQuery
from app.ui.context import UiContext
from app.ui.features.registry.dialogs import RecordDialog
from app.ui.features.registry.import_dialog import ImportDialog, MappingDialog
from app.ui.features.registry.page import RegistryPage
from app.ui.features.registry.sources import SOURCES
from app.ui.models.lazy_table import LazyTableModel, inline_executor
from app.ui.runner import TaskRunner
from tests.helpers.registry_files import TARGET_HEADER, target_row, uscc, write_rows


def test_lazy_model_passes_the_model_tester(qtmodeltester, sample_workspace) -> None:
    for kind, query in (("targets", TargetQuery()), ("inspectors", None), ("items", None)):
        model = LazyTableModel(SOURCES[kind], inline_executor(sample_workspace), page_size=50)
        from app.ui.features.registry.sources import QUERIES

        model.set_query(query or QUERIES[kind]())
        qtmodeltester.check(model)
    model = LazyTableModel(SOURCES["targets"], inline_executor(sample_workspace), page_size=50)
    model.set_query(TargetQuery())
    assert model.rowCount() == 600
    model.sort(1, Qt.SortOrder.DescendingOrder)
    names = [model.index(r, 1).data() for r in range(120)]
    assert names == sorted(names, reverse=True) and "…" not in names


def _page(qtbot, ws):  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    ctx = UiContext(ws, runner)
    page = RegistryPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    page.refresh()
    tab = page.registry_tabs["targets"]
    qtbot.waitUntil(lambda: tab.count.text() == "共 600 条", timeout=10000)
    return page, tab, runner


def _visible_names(tab) -> list[str]:  # type: ignore[no-untyped-def]
    return [tab.model.index(r, 1).data() for r in range(tab.model.rowCount())]


def test_search_and_filters_narrow_the_table(qtbot, sample_workspace) -> None:
    page, tab, runner = _page(qtbot, sample_workspace)
    tab.search.setText("饭")
    qtbot.waitUntil(lambda: tab.count.text() not in ("共 600 条", "加载中…"), timeout=10000)
    qtbot.waitUntil(lambda: "…" not in _visible_names(tab), timeout=10000)
    assert all("饭" in n for n in _visible_names(tab)) and _visible_names(tab)
    credit = tab.filters["credit"]
    qtbot.waitUntil(lambda: credit.count() > 1, timeout=10000)
    credit.setCurrentIndex(credit.findData("D"))
    qtbot.waitUntil(
        lambda: all(tab.model.index(r, 7).data() == "D" for r in range(tab.model.rowCount())),
        timeout=10000,
    )
    runner.wait()
    qtbot.wait(50)  # deliver the last queued results before the widgets go


def test_edit_dialog_refuses_errors_and_asks_about_warnings(qtbot, sample_workspace) -> None:
    page, tab, runner = _page(qtbot, sample_workspace)
    tab._on_add_clicked()
    qtbot.waitUntil(
        lambda: isinstance(getattr(tab, "last_dialog", None), RecordDialog), timeout=10000
    )
    dialog = tab.last_dialog
    bad = uscc(777)[:-1] + ("0" if uscc(777)[-1] != "0" else "1")
    dialog.editors["uscc"].setText(bad)
    dialog.editors["name"].setText("五原县界面测试商店")
    kind = dialog.editors["kind"]
    assert isinstance(kind, QComboBox)
    kind.setCurrentIndex(kind.findData("个体工商户"))
    dialog._on_save_clicked()
    qtbot.waitUntil(lambda: dialog.accept_warnings.isVisible(), timeout=10000)
    assert "校验位" in dialog.messages.text()
    dialog.accept_warnings.setChecked(True)
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog._on_save_clicked()
    tab.search.setText("界面测试")
    qtbot.waitUntil(lambda: _visible_names(tab) == ["五原县界面测试商店"], timeout=10000)
    runner.wait()
    qtbot.wait(50)  # deliver the last queued results before the widgets go


def test_import_wizard_previews_errors_maps_columns_and_imports(
    qtbot, sample_workspace, tmp_path: Path
) -> None:
    page, tab, runner = _page(qtbot, sample_workspace)
    rows = [
        TARGET_HEADER,
        target_row(80001),
        target_row(80002, industry="C6210"),
        target_row(80003),
    ]
    path = write_rows(tmp_path / "wizard.xlsx", rows)
    dialog = ImportDialog(tab.ctx, "targets", tab)
    dialog.show()
    dialog.load(str(path))
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
    assert dialog.issues.rowCount() == 1
    assert [dialog.issues.item(0, c).text() for c in range(4)] == [
        "I4",
        "行业代码",
        "C6210",
        "错误",
    ]
    assert dialog.import_button.text() == "导入 2 行"
    mapping = MappingDialog("targets", dialog.preview.headers, dialog.preview.mapping, dialog)
    assert mapping.combos[1].currentData() == "name"  # 企业名称 → 名称
    with qtbot.waitSignal(dialog.imported, timeout=20000) as blocker:
        dialog.import_button.click()
    assert blocker.args[0].inserted == 2 and blocker.args[0].skipped == 1
    qtbot.waitUntil(lambda: tab.count.text() == "共 602 条", timeout=10000)
    runner.wait()
    qtbot.wait(50)  # deliver the last queued results before the widgets go


def test_a_first_import_shows_progress_and_lands(
    qtbot, workspace, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Into an empty registry a large file is checked and written in batches on the worker
    thread, with progress; batches are made tiny here so a small file goes that way."""
    from app.core.services.registry.imports import pipeline

    monkeypatch.setattr(pipeline, "_CHUNK", 16)
    runner = TaskRunner()
    page = RegistryPage(UiContext(workspace, runner))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    tab = page.registry_tabs["targets"]
    qtbot.waitUntil(lambda: tab.count.text() == "共 0 条", timeout=10000)
    rows = [TARGET_HEADER] + [target_row(90000 + n, f"五原县分批{n}号商贸") for n in range(150)]
    dialog = ImportDialog(tab.ctx, "targets", tab)
    dialog.show()
    dialog.load(str(write_rows(tmp_path / "parts.xlsx", rows)))
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
    assert dialog.import_button.text() == "导入 150 行"
    seen: list[tuple[int, int, str]] = []
    shown = dialog._on_progress
    monkeypatch.setattr(
        dialog, "_on_progress", lambda d, t, text: (seen.append((d, t, text)), shown(d, t, text))
    )
    with qtbot.waitSignal(dialog.imported, timeout=20000) as blocker:
        dialog.import_button.click()
    assert blocker.args[0].inserted == 150
    checking = [(d, t) for d, t, text in seen if text == "校验并写入中…"]
    assert len(checking) > 5 and [d for d, _ in checking] == sorted(d for d, _ in checking)
    assert all(t >= d for d, t in checking) and seen[-1][2] == "写入中…"
    qtbot.waitUntil(lambda: tab.count.text() == "共 150 条", timeout=10000)
    runner.wait()
    qtbot.wait(50)  # deliver the last queued results before the widgets go


def test_a_check_outside_the_draw_is_recorded_from_the_targets_tab(qtbot, sample_workspace) -> None:
    """登记检查…: select a business, pick 投诉举报 and a reference, 登记 → one ledger row stored,
    the business's 上次检查日期 follows, and the 上次检查日期 field of the edit dialog is read-only."""
    from sqlalchemy import select

    from app.core.storage.models import CheckRecord, Department, Target
    from app.ui.features.registry.check_dialog import CheckRecordDialog
    from tests.screens import save_screenshot

    page, tab, runner = _page(qtbot, sample_workspace)
    qtbot.waitUntil(lambda: tab.model.index(0, 0).data() not in (None, "…"), timeout=10000)
    tab.view.selectRow(0)
    row_id = tab.selected_id()
    assert tab.buttons["check"].isVisible()
    qtbot.mouseClick(tab.buttons["check"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: isinstance(getattr(tab, "last_dialog", None), CheckRecordDialog), timeout=10000
    )
    dialog = tab.last_dialog
    qtbot.waitUntil(lambda: dialog.loaded, timeout=10000)
    dialog.department.setCurrentIndex(dialog.department.findData("市场监管"))
    dialog.kind.setCurrentIndex(dialog.kind.findData("投诉举报"))
    qtbot.keyClicks(dialog.ref, "12315-2026-0088")
    scale = "-150" if os.environ.get("QT_SCALE_FACTOR") == "1.5" else ""
    page.resize(1366, 768)
    save_screenshot(page, f"registry-targets{scale}.png")
    save_screenshot(dialog, f"check-record-dialog{scale}.png")
    save = dialog.buttons.buttons()[0]
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    with sample_workspace.db.read_session() as s:
        rec = s.scalars(select(CheckRecord).where(CheckRecord.target_id == row_id)).one()
        assert (rec.kind, rec.ref) == ("投诉举报", "12315-2026-0088")
        assert s.get(Department, rec.department_id).code == "市场监管"
        assert s.get(Target, row_id).last_inspected_on == rec.checked_on

    qtbot.waitUntil(lambda: tab.model.index(0, 0).data() not in (None, "…"), timeout=10000)
    tab.view.selectRow(0)
    assert tab.selected_id() == row_id  # the table reloaded in the same order
    tab._on_edit_clicked()
    qtbot.waitUntil(
        lambda: isinstance(getattr(tab, "last_dialog", None), RecordDialog), timeout=10000
    )
    assert tab.last_dialog.editors["last_inspected_on"].isReadOnly()
    tab.last_dialog.reject()
    runner.wait()
    qtbot.wait(50)
