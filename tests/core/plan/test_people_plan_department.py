"""The plan tab's department: a new task of 应急管理's plan starts in 应急管理 (not 市场监管);
the initiating department may change until the draw — the task is renumbered from the new
department's short name, audited — and is frozen once the draw has started."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from app.core.domain.errors import ConflictError
from app.core.services.plan import plans, task_views, tasks
from app.core.storage.models import AuditEvent, Department


def test_new_task_takes_the_plans_department_and_it_can_change_until_the_draw(
    sample_workspace,
) -> None:
    ws = sample_workspace
    plan = plans.create_plan(
        ws, year=2026, name="2026年应急管理随机抽查计划", department_code="应急管理"
    )
    assert task_views.new_task_department(ws, plan.id) == "应急管理"
    base = task_views.get_task(ws, "五原市监抽查〔2026〕2号").draft
    draft = replace(base, name="危险化学品经营抽查", initiating_department="应急管理", plan_id=plan.id,
                    participating_departments=("应急管理",))  # fmt: skip
    with ws.db.read_session() as s:
        short = {d.code: d.short_name for d in s.scalars(select(Department))}
    made = tasks.create_task(ws, draft)
    assert made.task_no.startswith(short["应急管理"])
    detail = task_views.get_task(ws, made.id)
    changed = tasks.update_task(
        ws,
        made.id,
        replace(detail.draft, initiating_department="卫生健康"),
        base_version=detail.version,
    )
    assert changed.task_no.startswith(short["卫生健康"]) and changed.department
    with ws.db.read_session() as s:
        ev = s.scalars(select(AuditEvent).where(AuditEvent.action == "task.update")).all()[-1]
        assert short["卫生健康"] in ev.summary
    # The drawn task's department is frozen.
    drawn = task_views.get_task(ws, "五原市监抽查〔2026〕1号")
    with pytest.raises(ConflictError, match="已锁定或完成抽取"):
        tasks.update_task(
            ws,
            drawn.id,
            replace(drawn.draft, initiating_department="卫生健康"),
            base_version=drawn.version,
        )
