"""委托第三方 from the plan tab, as a supervisor does it: select the task, 委托第三方…, register the
testing body (its name, code, qualification), write the scope, OK — the body is in the registry,
the commission is attached to the task (its sheets print it); a wrong code is refused in
words and nothing is stored."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select
from ui_helpers import ok_button

from app.core.services.kernel.workspace import open_workspace
from app.core.services.results import third_parties
from app.core.storage.models import Commission, Task
from app.ui.context import UiContext
from app.ui.features.plan.commission_dialog import NEW_BODY
from app.ui.features.plan.page import PlanPage
from app.ui.runner import TaskRunner
from tests.helpers.registry_files import uscc
from tests.screens import save_screenshot

SCALE = "@150" if os.environ.get("QT_SCALE_FACTOR") == "1.5" else ""
TASK = "五原市监抽查〔2026〕2号"


def test_a_supervisor_commissions_a_testing_body_for_a_task(
    qtbot, sample_db: Path, monkeypatch
) -> None:
    ws = open_workspace(sample_db)
    runner = TaskRunner()
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: errors.append(box.text()))
    try:
        page = PlanPage(UiContext(ws, runner))
        qtbot.addWidget(page)
        page.resize(*((910, 500) if SCALE else (1366, 740)))
        page.show()
        page.refresh()
        qtbot.waitUntil(lambda: page.table.model().rowCount() == 2, timeout=10000)
        row = next(r for r in range(2) if page.table.model().index(r, 0).data() == TASK)
        page.table.selectRow(row)
        button = next(b for b in page.findChildren(type(page.publish_adjustment_button))
                      if b.text() == "委托第三方…")  # fmt: skip
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: getattr(page, "commission_dialog", None) is not None, timeout=10000)
        dialog = page.commission_dialog
        dialog.body.setCurrentIndex(dialog.body.findData(NEW_BODY))
        assert dialog.name.isEnabled()
        dialog.name.setText("五原县产品质量检验所")
        dialog.uscc.setText("12150821ABCDEFGH1X")  # a typo: the check character does not hold
        dialog.qualifications.setText("检验检测，食品抽样")
        dialog.scope.setText("抽样检验（食品安全）")
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(errors), timeout=10000)
        assert "统一社会信用代码" in errors[-1] or "校验" in errors[-1], errors
        assert third_parties.list_third_parties(ws) == [] and dialog.isVisible()

        code = uscc(4242, "12")
        dialog.uscc.setText(code)
        save_screenshot(dialog, f"plan-commission-dialog{SCALE}.png")
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
        [body] = third_parties.list_third_parties(ws)
        assert (body.name, body.uscc, body.qualifications) == (
            "五原县产品质量检验所",
            code,
            ("检验检测", "食品抽样"),
        )
        with ws.db.read_session() as s:
            task_id = s.scalars(select(Task.id).where(Task.task_no == TASK)).one()
            [made] = s.scalars(select(Commission)).all()
            assert (made.task_id, made.scope) == (task_id, "抽样检验（食品安全）")
    finally:
        runner.wait()
        ws.db.dispose()
