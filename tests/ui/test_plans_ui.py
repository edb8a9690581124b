"""The plan tab offscreen: plans and tasks listed, state buttons follow the flow, the task
editor previews the pool live and saves through the service."""

from __future__ import annotations

from pathlib import Path

from app.core.services.kernel.workspace import open_workspace
from app.core.services.plan import task_views
from app.ui.context import UiContext
from app.ui.features.plan.page import PlanPage
from app.ui.runner import TaskRunner


def test_plan_page_lists_plans_tasks_and_allowed_moves(qtbot, sample_db: Path) -> None:
    ws = open_workspace(sample_db)
    runner = TaskRunner()
    page = PlanPage(UiContext(ws, runner))
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.table.model().rowCount() == 2, timeout=10000)
    assert page.plan_table.model().rowCount() == 1
    assert page.state_buttons["已完成"].isEnabled()  # the sample plan is 执行中
    assert not page.state_buttons["公示"].isEnabled()

    page.table.selectRow(1)
    page._on_edit_task()
    qtbot.waitUntil(lambda: page.findChild(object, "taskEditor") is not None, timeout=10000)
    dialog = page.findChild(object, "taskEditor")
    qtbot.waitUntil(lambda: dialog.preview_table.model().rowCount() == 3, timeout=10000)
    before = int(dialog.preview_table.model().index(0, 6).data())
    dialog.strata_table.item(0, 4).setText("50")  # raise the 低 stratum from 30‰ to 50‰
    qtbot.waitUntil(
        lambda: int(dialog.preview_table.model().index(0, 6).data()) > before, timeout=10000
    )
    dialog.reason_edit.setText("低风险对象投诉增多，提高比例")
    dialog.accept()
    qtbot.waitUntil(
        lambda: (
            task_views.get_task(ws, "五原市监抽查〔2026〕2号").draft.strata[0].ratio_permille == 50
        ),
        timeout=10000,
    )
    qtbot.waitUntil(lambda: page.revisions.model().rowCount() == 1, timeout=10000)
    # the adjustment waits for its publication (五原 第十五条); one click publishes it
    qtbot.waitUntil(lambda: page.publish_adjustment_button.isEnabled(), timeout=10000)
    assert page.revisions.model().index(0, 4).data() == "待公示"
    assert page.revisions.model().index(0, 2).data() == ws.actor.display_name  # 人员: a name
    assert ws.actor.display_name != ws.actor.username
    import os

    from tests.screens import save_screenshot

    page.resize(1366, 768)
    save_screenshot(
        page,
        "plan-adjustment-pending"
        + ("-150" if os.environ.get("QT_SCALE_FACTOR") == "1.5" else "")
        + ".png",
    )
    page.publish_adjustment_button.click()
    qtbot.waitUntil(
        lambda: page.revisions.model().index(0, 4).data() not in (None, "待公示"), timeout=10000
    )
    assert not page.publish_adjustment_button.isEnabled()
    from app.core.services.plan import plans

    assert plans.get_plan(ws, page.current_plan().id).revisions[0].published_on is not None
    runner.wait()
    ws.db.dispose()


def test_a_supervisor_records_a_cap_exception_in_the_task_editor(qtbot, sample_db: Path) -> None:
    """A07 is 一般 (50‰): raising a stratum to 100‰ saves only with the exception's reason,
    which is stored with the task (and printed on the draw notice)."""
    import os

    from app.core.storage.models import AuditEvent
    from tests.screens import save_screenshot

    ws = open_workspace(sample_db)
    runner = TaskRunner()
    page = PlanPage(UiContext(ws, runner))
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.table.model().rowCount() == 2, timeout=10000)
    page.table.selectRow(1)
    page._on_edit_task()
    qtbot.waitUntil(lambda: page.findChild(object, "taskEditor") is not None, timeout=10000)
    dialog = page.findChild(object, "taskEditor")
    qtbot.waitUntil(lambda: dialog.preview_table.model().rowCount() == 3, timeout=10000)
    dialog.strata_table.item(2, 4).setText("100")  # 较高及高风险: 50‰ → 100‰, above A07's cap
    dialog.reason_edit.setText("高风险企业公示信息专项整治")
    dialog.exception_edit.setText("市局专项整治通知要求高风险企业加倍抽查")
    dialog.resize(1366, 768)
    scale = "-150" if os.environ.get("QT_SCALE_FACTOR") == "1.5" else ""
    save_screenshot(dialog, f"task-editor-cap-exception{scale}.png")
    dialog.accept()
    qtbot.waitUntil(
        lambda: (
            task_views.get_task(ws, "五原市监抽查〔2026〕2号").draft.cap_exception_reason or ""
        ).startswith("市局"),
        timeout=10000,
    )
    assert task_views.get_task(ws, "五原市监抽查〔2026〕2号").draft.strata[2].ratio_permille == 100
    with ws.db.read_session() as s:
        event = s.query(AuditEvent).filter(AuditEvent.action == "task.cap_exception").one()
        assert "A07" in str(event.detail) and "100‰" in str(event.detail)
    runner.wait()
    ws.db.dispose()
