"""The department-scoped review queue as a supervisor uses it: 卫生健康's supervisor sees only
卫生健康's results; 市场监管's supervisor, with two review levels, clicks a row and 审核通过 and
sees it wait for the next level (分管领导审批); the history lists each level's decision."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import select

from app.core.domain.roles import Actor, Role
from app.core.services.kernel import accountability
from app.core.services.kernel.workspace import open_workspace
from app.core.services.results import results, reviews
from app.core.storage.models import Department, Result
from app.ui.context import UiContext
from app.ui.features.results.page import ResultsPage
from app.ui.runner import TaskRunner
from tests.helpers.inspection_helpers import make_visit
from tests.helpers.office_helpers import complete_form
from tests.screens import save_screenshot

SCALE = "@150" if os.environ.get("QT_SCALE_FACTOR") == "1.5" else ""


def _page(qtbot, ws, actor):  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    page = ResultsPage(UiContext(ws.as_actor(actor), runner))
    qtbot.addWidget(page)
    page.resize(*((910, 470) if SCALE else (1366, 700)))
    page.show()
    page.refresh()
    return runner, page


def _rows(page) -> list[tuple[int, str, str]]:  # type: ignore[no-untyped-def]
    model = page.review.table.model()
    return [
        (model.key(r), model.index(r, 0).data(), model.index(r, 2).data())
        for r in range(model.rowCount())
    ]


def test_department_scoped_queue_and_two_levels(qtbot, sample_db: Path) -> None:
    ws = open_workspace(sample_db)
    runners = []
    try:
        accountability.set_review_levels(ws, "市场监管", ["组长审核", "分管领导审批"])
        visit_id, _ = make_visit(ws)
        complete_form(ws, visit_id, ["1"])
        rid = next(r.id for r in results.list_results(ws) if r.visit_id == visit_id)
        reviews.submit_for_review(ws, [rid])
        with ws.db.read_session() as s:
            ids = {d.code: d.id for d in s.scalars(select(Department))}
        # 卫生健康's supervisor: only 卫生健康's results, whatever the state filter.
        runner, page = _page(
            qtbot, ws, Actor("wj", Role.SUPERVISOR, "卫健科长", department_id=ids["卫生健康"])
        )
        runners.append(runner)
        qtbot.waitUntil(lambda: "卫生健康" in page.review.scope_label.text(), timeout=10000)
        page.review.status_filter.setCurrentIndex(page.review.status_filter.count() - 1)  # 全部
        qtbot.waitUntil(lambda: bool(_rows(page)), timeout=10000)
        assert all("卫生" in dept for _k, _s, dept in _rows(page))
        assert rid not in [k for k, _s, _d in _rows(page)]
        page.close()
        # 市场监管's supervisor: the waiting result, its level, one click to decide this level.
        runner, page = _page(
            qtbot, ws, Actor("zz", Role.SUPERVISOR, "赵组长", department_id=ids["市场监管"])
        )
        runners.append(runner)
        qtbot.waitUntil(lambda: rid in [k for k, _s, _d in _rows(page)], timeout=10000)
        # The scope and the rows are separate queries: either may answer first.
        qtbot.waitUntil(
            lambda: "组长审核 → 分管领导审批 → 公示" in page.review.scope_label.text(),
            timeout=10000,
        )
        row = next(n for n, (k, _s, _d) in enumerate(_rows(page)) if k == rid)
        assert _rows(page)[row][1] == "待审核（组长审核）"
        table = page.review.table
        rect = table.visualRect(table.model().index(row, 3))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.waitUntil(page.review.approve_button.isEnabled, timeout=5000)
        qtbot.mouseClick(page.review.approve_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: any(k == rid and s == "待审核（分管领导审批）" for k, s, _d in _rows(page)),
            timeout=10000,
        )
        row = next(n for n, (k, _s, _d) in enumerate(_rows(page)) if k == rid)
        rect = table.visualRect(table.model().index(row, 3))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.waitUntil(lambda: "组长审核：通过" in page.review.events.text(), timeout=10000)
        assert "赵组长" in page.review.events.text()
        save_screenshot(page, f"results-review-department{SCALE}.png")
        with ws.db.read_session() as s:
            assert s.get(Result, rid).status == "待审核"
    finally:
        for r in runners:
            r.wait()
        qtbot.wait(50)
        ws.db.dispose()


def test_one_review_level_reads_as_the_state_alone(qtbot, sample_db: Path) -> None:
    """A department with the single default level (审核): its waiting results read 待审核, not
    待审核（审核）; the level is named only where there are several (the test above)."""
    ws = open_workspace(sample_db)
    runner = None
    try:
        runner, page = _page(qtbot, ws, Actor("admin", Role.ADMIN, "管理员"))
        page.review.status_filter.setCurrentIndex(page.review.status_filter.count() - 1)  # 全部
        qtbot.waitUntil(
            lambda: any(s.startswith("待审核") for _k, s, _d in _rows(page)), timeout=10000
        )
        waiting = [s for _k, s, _d in _rows(page) if s.startswith("待审核")]
        assert not [s for s in waiting if "（审核）" in s], waiting
    finally:
        if runner is not None:
            runner.wait()
        qtbot.wait(50)  # deliver the last answers while the page is alive
        ws.db.dispose()
