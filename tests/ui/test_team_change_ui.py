"""更换检查人员 as a supervisor does it on the draw page: after the draw, 更换检查人员… opens the
dialog; pick the business and the member leaving, give the reason and the approver, type each
observer's input, 重新抽取 — the new member is stored, the amendment record verifies."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from sqlalchemy import select
from ui_helpers import drawn_draw_page, type_via_ime

from app.core.draw.verifier import record_digest, verify_record
from app.core.services.draw.draw_views import full_record
from app.core.services.kernel.workspace import open_workspace
from app.core.storage.models import DrawSession, Inspector, Target, Visit, VisitMember
from app.ui.runner import TaskRunner
from tests.screens import save_screenshot

VERIFIER = Path(__file__).resolve().parents[2] / "app" / "core" / "draw" / "verifier.py"
SCALE = "@150" if os.environ.get("QT_SCALE_FACTOR") == "1.5" else ""


def test_supervisor_replaces_a_member_from_the_draw_page(
    qtbot, sample_db: Path, tmp_path: Path, monkeypatch
) -> None:
    ws = open_workspace(sample_db)
    runner = TaskRunner()
    try:
        page = drawn_draw_page(qtbot, ws, runner, size=(910, 500) if SCALE else (1366, 740))

        qtbot.mouseClick(page.team_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: getattr(page, "team_dialog", None) is not None, timeout=10000)
        dialog = page.team_dialog
        if SCALE:
            dialog.resize(600, 470)
        qtbot.waitUntil(lambda: dialog.member.count() == 2, timeout=10000)
        visit_id = dialog.visit.currentData()
        leaving = dialog.member.itemData(0)
        dialog.reason.setCurrentText("")
        type_via_ime(dialog.reason.lineEdit(), "回避：配偶在该企业任职")
        dialog.approver.setText("钱局长")
        dialog.set_observer(0, "公证员 王平", "")
        dialog.set_observer(1, "企业代表 李娜", "")
        assert not dialog.run_button.isEnabled()  # no input before the lock
        # An observer who types before the lock types nothing: the input counts only once the
        # digest is shown (as on the draw page).
        table = dialog.observers
        cell = table.visualRect(table.model().index(0, 1)).center()
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
        qtbot.keyClicks(QApplication.focusWidget() or table, "6 6 6")
        assert table.state() != table.State.EditingState  # no editor opened
        qtbot.keyClick(QApplication.focusWidget() or table, Qt.Key.Key_Tab)  # leave the cell
        assert table.item(0, 1) is None or table.item(0, 1).text() == ""
        qtbot.mouseClick(dialog.lock_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.locked is not None, timeout=15000)
        assert "已锁定" in dialog.message.text() and not dialog.run_button.isEnabled()
        projector = dialog.open_projector(full_screen=False)
        projector.resize(1366, 768)
        assert (
            projector.digest_label.text().replace(" ", "").replace("\n", "")
            == dialog.locked.manifest_digest
        )
        dialog.set_input(0, "4 4 1")
        dialog.set_input(1, "6 2 5")
        assert projector._input_labels[1].text() == "6 2 5"  # shown live, as typed
        qtbot.waitUntil(lambda: projector._input_labels[1].isVisible(), timeout=5000)
        save_screenshot(projector, f"team-change-projector{SCALE}.png")
        assert dialog.run_button.isEnabled()
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.change is not None, timeout=15000)
        assert "接替" in dialog.message.text() and "钱局长" in dialog.message.text()
        qtbot.waitUntil(lambda: leaving not in [dialog.member.itemData(i) for i in range(dialog.member.count())],
                        timeout=10000)  # fmt: skip
        save_screenshot(dialog, f"team-change-dialog{SCALE}.png")
        assert dialog.save_button.isEnabled()
        with ws.db.read_session() as s:
            certs = {
                i.cert_no: m.source
                for m, i in s.execute(
                    select(VisitMember, Inspector)
                    .join(Inspector, Inspector.id == VisitMember.inspector_id)
                    .where(VisitMember.visit_id == visit_id)
                )
            }
            assert leaving not in certs and dialog.change.added in certs
            assert certs[dialog.change.added] == "redraw"
            row = s.scalars(select(DrawSession).where(DrawSession.kind == "amendment")).one()
            # Stored without the draw's population a second time: the record it amends is
            # the row it is based on, put back when the record is handed out.
            assert row.record["amends"] is None and row.record["population"] is None
            amended = full_record(row)
            assert amended is not None and verify_record(amended) == []
            assert record_digest(amended) == row.record_digest
            assert amended["amends"]["population"]["targets"]  # the draw's record, whole
            assert amended["reveal"]["observer_inputs"] == ["4 4 1", "6 2 5"]
        # 保存补抽记录: where the person says, whole, with the browser page that checks it.
        suggested: list[str] = []

        def choose(_parent, _title, name, _filter):  # type: ignore[no-untyped-def]
            suggested.append(name)
            return str(tmp_path / "补抽.json"), ""

        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.saved_path is not None, timeout=10000)
        assert Path(suggested[0]).parent != Path(".")  # not the program's folder
        assert Path(suggested[0]).name.startswith("补抽记录-")
        assert "已保存补抽记录" in dialog.message.text()
        saved = json.loads((tmp_path / "补抽.json").read_text("utf-8"))
        assert saved == amended and (tmp_path / "补抽.verify.html").exists()
        assert "补抽.verify.html" in dialog.message.text()
        assert not (tmp_path / "verify.html").exists()  # a draw's page there stays its own
        verdict = subprocess.run(
            [sys.executable, "-I", str(VERIFIER), str(tmp_path / "补抽.json")],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert verdict.returncode == 0 and verdict.stdout.startswith("PASS"), verdict.stdout
        dialog.accept()
        # The draw page's result shows who goes now, as the notice does.
        change = dialog.change
        model = page.result_table.model()

        def team_of(code_name: str) -> str:
            for r in range(model.rowCount()):
                if model.index(r, 1).data() == code_name:
                    return str(model.index(r, 3).data())
            return ""

        with ws.db.read_session() as s:
            business = s.get(Target, s.get(Visit, visit_id).target_id).name
        qtbot.waitUntil(lambda: change.added_name in team_of(business), timeout=10000)
        assert change.removed_name not in team_of(business)
    finally:
        runner.wait()
        qtbot.wait(50)
        ws.db.dispose()
