"""进一次门、查多项事: tasks of two departments drawing the same businesses merge into joint visits."""

from __future__ import annotations

from datetime import date

from app.core.services.checklist import inspections
from app.core.services.draw import draws, joint
from app.core.services.plan import plans
from app.core.services.plan.task_rules import StratumRule, TaskItemRule
from app.core.storage.models import (
    AuditEvent,
    Department,
    Inspector,
    Result,
    Visit,
    VisitMember,
    VisitTask,
)
from tests.helpers.inspection_helpers import fill_all, sign_all
from tests.helpers.plan_helpers import DRAW_DAY, food_draft, published_plan_with

POOL = {"townships": ["隆兴昌镇"], "industry_prefixes": ["621", "622"]}
# H01 is 一般 (50‰): drawing the whole small pool needs a supervisor's recorded exception (issue 16).
EXCEPTION = "餐饮集中整治：卫生健康随市场监管全覆盖检查（县政府专题会议纪要）"


def _two_departments(ws, *, health_start=date(2026, 5, 1)):
    market = food_draft(
        "联合-市场监管",
        pool_filter=POOL,
        strata=(StratumRule("全部", ratio_permille=1000),),
        items=(TaskItemRule("B07"),),
    )
    health = food_draft(
        "联合-卫生健康",
        initiating_department="卫生健康",
        participating_departments=("卫生健康",),
        pool_filter=POOL,
        strata=(StratumRule("全部", count=999),),
        items=(TaskItemRule("H01", 50),),
        cap_exception_reason=EXCEPTION,
        start_on=health_start,
        end_on=date(2026, 7, 31),
    )
    m_plan, (m_no,) = published_plan_with(ws, market, name="市监计划")
    h_plan, (h_no,) = published_plan_with(ws, health, name="卫健计划", department="卫生健康")
    return m_plan, h_plan, m_no, h_no


def test_joint_plan_shows_overlapping_pools_before_the_draw(sample_workspace) -> None:
    ws = sample_workspace
    m_plan, h_plan, m_no, h_no = _two_departments(ws)
    jp = plans.create_joint_plan(
        ws, year=2026, name="五原县2026年度部门联合抽查计划", member_plan_ids=[m_plan, h_plan]
    )
    assert plans.get_plan(ws, jp.id).plan.tasks == 2
    overlap = joint.pool_overlap(ws, plan_id=jp.id, on=DRAW_DAY)
    assert overlap.targets > 0 and overlap.pairs[0][:2] == (m_no, h_no)


def test_same_target_drawn_by_two_departments_becomes_one_visit_with_both_teams(
    sample_workspace,
) -> None:
    ws = sample_workspace
    _m, _h, m_no, h_no = _two_departments(ws)
    a = draws.run_draw(ws, task_ref=m_no, observer_inputs=["1 2"], on=DRAW_DAY)
    b = draws.run_draw(ws, task_ref=h_no, observer_inputs=["3 4"], on=DRAW_DAY)
    shared = {t.id for t in a.targets} & {t.id for t in b.targets}
    assert shared

    preview = joint.preview_joint_visits(ws)
    assert {c.code for c in preview} == shared
    assert all(c.departments == ("五原县市场监督管理局", "五原县卫生健康委员会") for c in preview)
    assert all([p.task_no for p in c.parts] == [m_no, h_no] for c in preview)

    result = joint.merge_joint_visits(ws)
    assert len(result.joint_keys) == len(shared) and result.merged_visits == len(shared)
    with ws.db.read_session() as s:
        depts = {d.id: d.code for d in s.query(Department)}
        for key in result.joint_keys:
            visits = s.query(Visit).filter(Visit.joint_key == key).all()
            open_visits = [v for v in visits if not v.is_cancelled]
            assert len(visits) == 2 and len(open_visits) == 1
            carrier = open_visits[0]
            assert [
                vt.task_id for vt in s.query(VisitTask).filter(VisitTask.visit_id == carrier.id)
            ]
            members = s.query(VisitMember).filter(VisitMember.visit_id == carrier.id).all()
            team_depts = {depts[s.get(Inspector, m.inspector_id).department_id] for m in members}
            assert team_depts == {"市场监管", "卫生健康"}
        assert s.query(AuditEvent).filter(AuditEvent.action == "joint.merge").count() == len(shared)
    assert joint.preview_joint_visits(ws) == []  # nothing left to merge


def test_tasks_in_periods_that_do_not_overlap_are_not_merged(sample_workspace) -> None:
    ws = sample_workspace
    market = food_draft(
        "春季",
        pool_filter=POOL,
        strata=(StratumRule("全部", ratio_permille=1000),),
        items=(TaskItemRule("B07"),),
        start_on=date(2026, 3, 1),
        end_on=date(2026, 3, 31),
    )
    health = food_draft(
        "秋季",
        initiating_department="卫生健康",
        participating_departments=("卫生健康",),
        pool_filter=POOL,
        strata=(StratumRule("全部", count=999),),
        items=(TaskItemRule("H01", 50),),
        cap_exception_reason=EXCEPTION,
        start_on=date(2026, 9, 1),
        end_on=date(2026, 9, 30),
    )
    _p1, (m_no,) = published_plan_with(ws, market, name="春")
    _p2, (h_no,) = published_plan_with(ws, health, name="秋", department="卫生健康")
    draws.run_draw(ws, task_ref=m_no, observer_inputs=["1"], on=DRAW_DAY)
    draws.run_draw(ws, task_ref=h_no, observer_inputs=["2"], on=DRAW_DAY)
    assert joint.preview_joint_visits(ws) == []


def test_a_joint_form_completes_beside_a_department_that_adopted_a_result(
    sample_workspace,
) -> None:
    """A joint visit of 市场监管 and 卫生健康; 卫生健康 adopted another result for the business
    (结果互认) and published it. The inspectors still check for 市场监管: their form completes,
    fills 市场监管's result, and leaves the adopted one exactly as it was (before, 完成检查 was
    refused with "卫生健康的检查结果已公示", after the whole form had been filled)."""
    ws = sample_workspace
    _m, _h, m_no, h_no = _two_departments(ws)
    draws.run_draw(ws, task_ref=m_no, observer_inputs=["1 2"], on=DRAW_DAY)
    draws.run_draw(ws, task_ref=h_no, observer_inputs=["3 4"], on=DRAW_DAY)
    merged = joint.merge_joint_visits(ws)
    with ws.db.read_session() as s:
        carrier = next(
            v.id
            for v in s.query(Visit).filter(Visit.joint_key == merged.joint_keys[0])
            if not v.is_cancelled
        )
    form = inspections.start_inspection(ws, carrier)
    depts = {i["department_id"] for i in form.header["items"]}
    assert len(depts) == 2
    with ws.db.session() as s:  # set-up: 卫生健康's result adopted and published
        health = s.query(Department).filter(Department.code == "卫生健康").one()
        source = s.query(Result).filter(Result.status == "已公示").first()
        adopted = (
            s.query(Result)
            .filter(Result.visit_id == carrier, Result.department_id == health.id)
            .one()
        )
        adopted.adopted_from_id, adopted.status = source.id, "已公示"
        adopted.inspection_id = None  # as adopt_result leaves it
        adopted.result_codes = ["6"]
    fill_all(ws, form)
    sign_all(ws, form)
    done = inspections.complete_inspection(ws, form.id)
    assert done.status == "completed"
    with ws.db.read_session() as s:
        by_dept = {r.department_id: r for r in s.query(Result).filter(Result.visit_id == carrier)}
        market = next(r for d, r in by_dept.items() if d != health.id)
        assert market.status == "已完成" and market.result_codes == ["1"]
        kept = by_dept[health.id]
        assert kept.status == "已公示" and kept.result_codes == ["6"]
        assert kept.adopted_from_id == source.id and kept.inspection_id is None
