"""Plans and tasks through the services: numbering, validation, state flow, adjustments, exports."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from app.core.domain.errors import ConflictError, PermissionDenied, ValidationError
from app.core.domain.roles import Actor, Role
from app.core.services.kernel.audit import verify_chain
from app.core.services.plan import plans, task_views, tasks
from app.core.services.plan.task_rules import StratumRule, TaskItemRule
from app.core.storage.models import AuditEvent, PlanRevision
from tests.helpers.plan_helpers import DRAW_DAY, food_draft


def _actions(ws) -> list[str]:
    with ws.db.read_session() as s:
        return [e.action for e in s.query(AuditEvent).order_by(AuditEvent.id)]


def test_task_numbers_follow_the_short_name_and_year(sample_workspace) -> None:
    ws = sample_workspace
    plan = plans.create_plan(ws, year=2026, name="第二计划", department_code="市场监管")
    t3 = tasks.create_task(ws, food_draft("甲", plan_id=plan.id))
    t4 = tasks.create_task(ws, food_draft("乙", plan_id=plan.id))
    other = tasks.create_task(
        ws,
        food_draft(
            "丙",
            initiating_department="卫生健康",
            participating_departments=("卫生健康",),
            items=(TaskItemRule("H01", 50),),
            strata=(StratumRule("全部", ratio_permille=50),),
        ),
    )
    assert (t3.task_no, t4.task_no) == ("五原市监抽查〔2026〕3号", "五原市监抽查〔2026〕4号")
    assert other.task_no == "五原卫健抽查〔2026〕1号"
    assert _actions(ws).count("task.create") == 3
    assert verify_chain_ok(ws)


def verify_chain_ok(ws) -> bool:
    with ws.db.read_session() as s:
        return verify_chain(s).ok


def test_bad_task_is_refused_with_every_reason_and_nothing_written(sample_workspace) -> None:
    ws = sample_workspace
    before = len(task_views.list_tasks(ws))
    bad = food_draft(
        "2026年度食品经营者随机抽查",  # the sample's task 1 already has this name
        inspectors_per_target=1,
        items=(TaskItemRule("A07", 80),),  # 一般 item, cap 50‰
        strata=(
            StratumRule("A", ratio_permille=60, count=3),
            StratumRule("A", ratio_permille=1200),
        ),
    )
    with pytest.raises(ValidationError) as err:
        tasks.create_task(ws, bad)
    text = "\n".join(err.value.details)
    assert "不能重复" in text
    assert "至少 2 人" in text
    assert "超过上限 50‰" in text
    assert "代码重复" in text and "须且只能填一项" in text
    assert len(task_views.list_tasks(ws)) == before


def test_a_general_item_caps_the_strata_even_beside_a_key_item(sample_workspace) -> None:
    ws = sample_workspace
    only_general = food_draft("只有一般事项", items=(TaskItemRule("A08", 50),))
    with pytest.raises(ValidationError, match="一般事项 A08（登记事项检查）抽查比例上限 50‰"):
        tasks.create_task(ws, only_general)
    # A 重点 item beside it no longer lifts the cap (issue 16): the CD stratum at 1000‰ is refused.
    with pytest.raises(ValidationError) as err:
        tasks.create_task(
            ws, food_draft("含重点事项", items=(TaskItemRule("B07"), TaskItemRule("A08")))
        )
    assert any("分层 CD 的比例 1000‰ 超过上限" in d for d in err.value.details)
    assert tasks.create_task(
        ws, food_draft("只有重点事项")
    ).task_no  # B07 alone: drawn fully is fine


def test_pool_preview_rounds_quotas_up_and_counts_mandatory_and_excluded(sample_workspace) -> None:
    ws = sample_workspace
    draft = food_draft(inspected_within_months=12, mandatory_tags=("问题对象", "重点对象"))
    preview = task_views.preview_pool(ws, draft, on=DRAW_DAY)
    a, b, cd = preview.strata
    assert a.eligible == a.pool - a.excluded
    assert a.quota == max(-(-70 * a.eligible // 1000), a.mandatory)  # ceil, never below 7%
    assert b.quota == max(min(3, b.eligible), b.mandatory)
    assert cd.quota == cd.eligible
    assert preview.total >= a.pool + b.pool + cd.pool
    assert preview.inspectors > 0
    assert sum(s.excluded for s in preview.strata) > 0


def test_plan_state_flow_and_versioned_adjustments(sample_workspace) -> None:
    ws = sample_workspace
    plan = plans.create_plan(ws, year=2026, name="应急年度计划", department_code="应急管理")
    with pytest.raises(ValidationError, match="没有任务"):
        plans.publish_plan(ws, plan.id)
    draft = food_draft(
        "危化抽查",
        initiating_department="应急管理",
        participating_departments=("应急管理",),
        plan_id=plan.id,
        target_kinds=("企业",),
        items=(TaskItemRule("E01"),),
        strata=(StratumRule("全部", ratio_permille=100),),
    )
    t = tasks.create_task(ws, draft)
    with pytest.raises(ConflictError):
        plans.set_plan_state(ws, plan.id, "已完成")
    plans.publish_plan(ws, plan.id, on=date(2026, 2, 1))
    assert plans.get_plan(ws, plan.id).plan.status == "公示"

    changed = food_draft(
        "危化抽查",
        initiating_department="应急管理",
        participating_departments=("应急管理",),
        plan_id=plan.id,
        target_kinds=("企业",),
        items=(TaskItemRule("E01"),),
        strata=(StratumRule("全部", ratio_permille=150),),
    )
    with pytest.raises(ValidationError, match="须说明理由"):
        tasks.update_task(ws, t.id, changed)
    tasks.update_task(ws, t.id, changed, reason="辖区危化企业事故多发，提高比例")
    detail = plans.get_plan(ws, plan.id)
    assert detail.plan.revision == 1
    assert detail.revisions[0].reason == "辖区危化企业事故多发，提高比例"
    with ws.db.read_session() as s:
        snap = s.query(PlanRevision).one().snapshot
    assert snap["tasks"][0]["strata"][0]["ratio_permille"] == 100  # the state before the change
    assert task_views.get_task(ws, t.id).draft.strata[0].ratio_permille == 150

    plans.set_plan_state(ws, plan.id, "执行中")
    plans.set_plan_state(ws, plan.id, "已完成")
    with pytest.raises(ConflictError):
        tasks.update_task(ws, t.id, draft, reason="太晚了")
    assert {"plan.create", "task.create", "plan.state", "plan.adjust", "task.update"} <= set(
        _actions(ws)
    )


def test_an_observer_cannot_edit_plans(sample_workspace) -> None:
    ws = sample_workspace.as_actor(Actor("guest", Role.OBSERVER))
    with pytest.raises(PermissionDenied):
        plans.create_plan(ws, year=2026, name="x", department_code="市场监管")
    with pytest.raises(PermissionDenied):
        tasks.create_task(ws, food_draft("y"))


def test_published_plan_exports_xlsx_and_pdf_notice(sample_workspace, tmp_path) -> None:
    import subprocess

    ws = sample_workspace
    plan_id = plans.list_plans(ws)[0].id
    xlsx = plans.export_plan_xlsx(ws, plan_id, tmp_path / "plan.xlsx")
    sheet = openpyxl.load_workbook(xlsx)["抽查计划"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "抽查任务编号"
    assert [r[1] for r in rows[1:]] == ["五原市监抽查〔2026〕1号", "五原市监抽查〔2026〕2号"]
    assert "B07.食品经营者监督检查" in rows[1][3]
    pdf = plans.export_plan_notice_pdf(ws, plan_id, tmp_path / "plan.pdf")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "五原市监抽查〔2026〕1号" in text and "2026年度食品经营者随机抽查" in text
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert "WenQuanYi" in fonts


def test_formula_like_names_stay_text_in_the_xlsx(sample_workspace, tmp_path) -> None:
    ws = sample_workspace
    plan = plans.create_plan(ws, year=2026, name="公式计划", department_code="市场监管")
    tasks.create_task(ws, food_draft('=HYPERLINK("x")', plan_id=plan.id))
    sheet = openpyxl.load_workbook(plans.export_plan_xlsx(ws, plan.id, tmp_path / "p.xlsx"))[
        "抽查计划"
    ]
    cell = sheet.cell(row=2, column=3)
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s"
