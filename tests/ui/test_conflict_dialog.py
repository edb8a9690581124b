"""登记回避 with pickers, as a person does it: the inspector found by part of the name, the
business by part of its name from the registry's search, a reason from the list; a business
typed but not picked is refused in the dialog with the input kept."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from app.core.services.registry import conflicts, targets
from app.ui.features.registry.page import RegistryPage
from tests.screens import save_screenshot
from tests.ui.ui_helpers import click, open_page, type_via_ime


def test_declare_a_conflict_with_pickers(qtbot, sample_db: Path) -> None:
    ws, runner, page = open_page(qtbot, sample_db, RegistryPage, size=(1366, 768))
    try:
        page.refresh()
        page.tabs.setCurrentWidget(page.conflicts)
        click(page.conflicts.findChild(QPushButton, "declareConflictButton"))
        qtbot.waitUntil(
            lambda: getattr(page.conflicts, "conflict_dialog", None) is not None, timeout=5000
        )
        dialog = page.conflicts.conflict_dialog
        qtbot.waitUntil(lambda: dialog.inspector.count() > 10, timeout=10000)
        label = dialog.inspector.itemText(3)
        cert = dialog.inspector.itemData(3)
        name = label.split("（")[0]
        dialog.inspector.lineEdit().clear()
        type_via_ime(dialog.inspector.lineEdit(), name)
        dialog.inspector.setCurrentIndex(dialog.inspector.findText(label))  # chosen from the popup
        assert dialog.inspector_cert() == cert

        business = targets.get_target(ws, targets.target_ids(ws)[5]).values
        type_via_ime(dialog.target, business["name"][:4])  # part of the name
        dialog.target.textEdited.emit(dialog.target.text())
        popup = dialog.target.completer().popup()
        qtbot.waitUntil(lambda: dialog._target_model.rowCount() > 0, timeout=10000)
        # typed but not picked: refused in the dialog, the input stays
        dialog.reason.setCurrentIndex(0)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        assert dialog.isVisible() and "请从列表中选择检查对象" in dialog.message.text()
        assert dialog.inspector_cert() == cert and dialog.target.text() == business["name"][:4]

        rows = dialog._target_model.stringList()
        wanted = next(r for r in rows if r.startswith(business["name"]))
        dialog.target.completer().complete()
        popup.setCurrentIndex(dialog._target_model.index(rows.index(wanted), 0))
        QTest.keyClick(popup, Qt.Key.Key_Return)
        assert dialog.target.text() == wanted
        save_screenshot(dialog, "conflict-dialog.png")
        reason = dialog.reason.itemText(0)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        qtbot.waitUntil(
            lambda: not shiboken6.isValid(dialog) or not dialog.isVisible(), timeout=10000
        )
        declared = [c for c in conflicts.list_conflicts(ws) if c.cert_no == cert]
        assert [(c.target, c.reason) for c in declared] == [(business["name"], reason)]
        qtbot.waitUntil(lambda: page.conflicts.table.model().rowCount() >= 1, timeout=10000)
    finally:
        runner.wait()
        ws.db.dispose()
