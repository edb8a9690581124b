"""结果互认 from the review queue, as the other department's supervisor does it: the business
drawn again by 卫生健康 a few weeks after 市场监管 checked it; select its waiting result,
结果互认…, pick 市场监管's result, OK — the result is stored as adopted with its source, and the
list shows it done."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select
from ui_helpers import click_result, ok_button, open_page

from app.core.storage.models import Department, Result, Visit
from app.ui.features.results.page import ResultsPage
from tests.screens import save_screenshot

SCALE = "@150" if os.environ.get("QT_SCALE_FACTOR") == "1.5" else ""


def _health_visit_of_a_checked_business(ws) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(source result id, the new waiting result id) — set-up as the draw would leave it."""
    with ws.db.session() as s:
        src = s.scalars(
            select(Result)
            .where(Result.status.in_(("通过", "已公示")))
            .order_by(Result.completed_on.desc())
        ).first()
        old = s.get(Visit, src.visit_id)
        visit = Visit(task_id=old.task_id, target_id=old.target_id, source="manual")
        s.add(visit)
        s.flush()
        health = s.scalars(select(Department.id).where(Department.code == "卫生健康")).one()
        waiting = Result(visit_id=visit.id, department_id=health, status="待检查")
        s.add(waiting)
        s.flush()
        return src.id, waiting.id


def test_a_department_adopts_anothers_recent_result(qtbot, sample_db: Path, monkeypatch) -> None:
    ws, runner, page = open_page(
        qtbot, sample_db, ResultsPage, size=(910, 470) if SCALE else (1366, 700)
    )
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    try:
        source, waiting = _health_visit_of_a_checked_business(ws)
        page.review.status_filter.setCurrentIndex(page.review.status_filter.findText("全部"))
        click_result(qtbot, page, waiting)
        qtbot.waitUntil(page.review.adopt_button.isEnabled, timeout=5000)
        qtbot.mouseClick(page.review.adopt_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: getattr(page.review, "adopt_dialog", None) is not None, timeout=10000
        )
        dialog = page.review.adopt_dialog
        assert dialog.source.findData(source) >= 0
        shown = dialog.source.itemText(dialog.source.findData(source))
        assert "市场监督管理局" in shown and "检查结果：" in shown and not shown.endswith("：1")
        dialog.source.setCurrentIndex(dialog.source.findData(source))
        dialog.note.setText("同一户一个月内已由市场监管检查")
        save_screenshot(dialog, f"results-adopt-dialog{SCALE}.png")
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)

        def adopted_from() -> int | None:
            with ws.db.read_session() as s:
                return s.get(Result, waiting).adopted_from_id

        qtbot.waitUntil(lambda: adopted_from() == source, timeout=10000)
        with ws.db.read_session() as s:
            stored = s.get(Result, waiting)
            assert stored.status == "已完成" and "结果互认" in (stored.remark or "")
        qtbot.waitUntil(lambda: not page.review.adopt_button.isEnabled(), timeout=10000)
        assert told == []
    finally:
        runner.wait()
        ws.db.dispose()
