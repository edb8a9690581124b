"""The 结果公示 flow on a real sample county: submit, batch review, return with a reason, rights."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.domain.errors import ConflictError, PermissionDenied, ValidationError
from app.core.domain.roles import Actor, Role
from app.core.services.results import results, reviews
from app.core.storage.models import AuditEvent, Result

INSPECTOR = Actor("zhang", Role.INSPECTOR, "张检查")
OBSERVER = Actor("guest", Role.OBSERVER, "观察员")
SUPERVISOR = Actor("li", Role.SUPERVISOR, "李科长")


def _ids(ws, status: str) -> list[int]:
    return [r.id for r in results.list_results(ws, statuses=[status])]


def test_review_queue_lists_results_waiting_with_who_and_what(sample_workspace) -> None:
    queue = reviews.review_queue(sample_workspace)
    assert queue, "the sample county has results waiting for review"
    row = queue[0]
    assert row.status == "待审核" and row.completed_on is not None
    assert row.publish_due_on is not None and row.publish_due_on > row.completed_on
    assert row.target_name and row.target_code and row.result_text
    assert [r.completed_on for r in queue] == sorted(r.completed_on for r in queue)


def test_batch_approval_records_reviewer_time_and_events(sample_workspace) -> None:
    ws = sample_workspace.as_actor(SUPERVISOR)
    waiting = _ids(ws, "待审核")[:3]
    changes = reviews.approve_results(ws, waiting, note="材料齐全")
    assert "results" in changes.areas
    rows = {r.id: r for r in results.list_results(ws, statuses=["通过"])}
    for rid in waiting:
        assert rows[rid].reviewed_by == "li" and rows[rid].reviewed_at is not None
        events = results.result_events(ws, rid)
        assert (events[-1].from_status, events[-1].to_status, events[-1].actor) == (
            "待审核",
            "通过",
            "li",
        )
    assert set(waiting).isdisjoint(_ids(ws, "待审核"))
    with ws.db.read_session() as s:
        assert s.scalars(select(AuditEvent).where(AuditEvent.action == "result.approve")).first()


def test_return_needs_a_reason_which_the_inspector_then_sees(sample_workspace) -> None:
    ws = sample_workspace.as_actor(SUPERVISOR)
    rid = _ids(ws, "待审核")[0]
    with pytest.raises(ValidationError, match="退回原因"):
        reviews.return_results(ws, [rid], reason="  ")
    reviews.return_results(ws, [rid], reason="缺少现场照片")
    returned = {r.id: r for r in results.list_results(ws, statuses=["退回"])}
    assert returned[rid].review_note == "缺少现场照片"
    assert results.result_events(ws, rid)[-1].note == "缺少现场照片"
    # The inspector corrects and submits again: 退回 → 已完成 → 待审核, both recorded.
    reviews.submit_for_review(ws.as_actor(INSPECTOR), [rid])
    moves = [(e.from_status, e.to_status) for e in results.result_events(ws, rid)][-3:]
    assert moves == [("待审核", "退回"), ("退回", "已完成"), ("已完成", "待审核")]


def test_a_batch_with_one_wrong_result_changes_nothing(sample_workspace) -> None:
    ws = sample_workspace.as_actor(SUPERVISOR)
    waiting = _ids(ws, "待审核")[:2]
    published = _ids(ws, "已公示")[:1]
    with pytest.raises(ConflictError) as exc:
        reviews.approve_results(ws, [*waiting, *published])
    assert "已公示" in exc.value.message and "未做任何更改" in exc.value.message
    assert set(waiting) <= set(_ids(ws, "待审核"))


def test_submitting_needs_entered_results(sample_workspace) -> None:
    ws = sample_workspace
    rid = _ids(ws, "已完成")[0]
    with ws.db.session() as s:
        s.get(Result, rid).result_codes = []
    with pytest.raises(ValidationError, match="未录入"):
        reviews.submit_for_review(ws, [rid])
    assert rid in _ids(ws, "已完成")


def test_rights_are_enforced_in_the_core(sample_workspace) -> None:
    waiting = _ids(sample_workspace, "待审核")[:1]
    with pytest.raises(PermissionDenied):
        reviews.approve_results(sample_workspace.as_actor(INSPECTOR), waiting)
    with pytest.raises(PermissionDenied):
        reviews.return_results(sample_workspace.as_actor(INSPECTOR), waiting, reason="x")
    with pytest.raises(PermissionDenied):
        reviews.submit_for_review(
            sample_workspace.as_actor(OBSERVER), _ids(sample_workspace, "已完成")[:1]
        )


def test_each_department_has_its_own_result_on_a_joint_visit(sample_workspace) -> None:
    rows = results.list_results(sample_workspace)
    by_visit: dict[int, set[str]] = {}
    for r in rows:
        by_visit.setdefault(r.visit_id, set()).add(r.department_code)
    joint = [v for v, d in by_visit.items() if len(d) > 1]
    assert joint
    assert all(r.joint for r in rows if r.visit_id in joint)
    health = results.list_results(sample_workspace, department_code="卫生健康")
    assert health and {r.department_code for r in health} == {"卫生健康"}


def test_unknown_filters_are_explained(sample_workspace) -> None:
    with pytest.raises(ValidationError, match="未知的结果状态"):
        results.list_results(sample_workspace, statuses=["完成了"])
    with pytest.raises(Exception, match="没有任务编号"):
        results.list_results(sample_workspace, task_no="不存在〔2026〕9号")
