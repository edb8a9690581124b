"""Helpers for plan / draw tests: a published plan with small, predictable tasks."""

from __future__ import annotations

from datetime import date

from app.core.services.plan import plans, tasks
from app.core.services.plan.task_rules import StratumRule, TaskDraft, TaskItemRule

DRAW_DAY = date(2026, 4, 8)


def food_draft(name: str = "测试食品抽查", **overrides) -> TaskDraft:
    base = dict(
        name=name,
        initiating_department="市场监管",
        year=2026,
        participating_departments=("市场监管",),
        target_kinds=("企业", "个体工商户"),
        pool_filter={"townships": ["隆兴昌镇", "天吉泰镇"]},
        strata=(
            StratumRule("A", "信用A级", credit_grades=("A",), ratio_permille=70),
            StratumRule("B", "信用B级", credit_grades=("B",), count=3),
            StratumRule("CD", "信用C/D级", credit_grades=("C", "D"), ratio_permille=1000),
        ),
        items=(TaskItemRule("B07"),),
        excluded_statuses=("注销", "吊销", "无经营迹象"),
        inspectors_per_target=2,
        start_on=date(2026, 4, 1),
        end_on=date(2026, 6, 30),
        method="现场检查",
    )
    base.update(overrides)
    return TaskDraft(**base)


def published_plan_with(
    ws, *drafts: TaskDraft, name: str = "测试计划", department: str = "市场监管"
) -> tuple[int, list[str]]:
    plan = plans.create_plan(ws, year=2026, name=name, department_code=department)
    nos = [
        tasks.create_task(ws, d.__class__(**{**d.__dict__, "plan_id": plan.id})).task_no
        for d in drafts
    ]
    plans.publish_plan(ws, plan.id, on=date(2026, 3, 1))
    return plan.id, nos
