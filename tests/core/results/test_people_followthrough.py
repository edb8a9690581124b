"""结果互认 and 不予公示 on the two-department sample county: 卫生健康 adopts 市场监管's recent
approved result for the same business instead of visiting again — recorded with its source,
counted once in the county statistics; an old one is refused; a supervisor of the other
department is refused in the core. A withheld result stays out of the notice, audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core.domain.errors import PermissionDenied, ValidationError
from app.core.domain.localtime import local_today
from app.core.domain.roles import Actor, Role
from app.core.services.admin import stats
from app.core.services.results import publication, result_followthrough, results
from app.core.storage.models import AuditEvent, Department, Result, Visit


def _source_and_visit(ws) -> tuple[Result, int]:
    """市场监管's newest approved result, and a new visit to the same business (set-up)."""
    with ws.db.session() as s:
        src = s.scalars(
            select(Result)
            .where(Result.status.in_(("通过", "已公示")))
            .order_by(Result.completed_on.desc())
        ).first()
        assert local_today() - src.completed_on < timedelta(days=180)
        old_visit = s.get(Visit, src.visit_id)
        visit = Visit(task_id=old_visit.task_id, target_id=old_visit.target_id, source="manual")
        s.add(visit)
        s.flush()
        s.expunge(src)
        return src, visit.id


def test_adopted_result_is_recorded_with_its_source_and_counted_once(sample_workspace) -> None:
    ws = sample_workspace
    src, visit_id = _source_and_visit(ws)
    before = stats.dashboard(ws, year=2026)
    offered = result_followthrough.adoptable_results(ws, visit_id, "卫生健康")
    assert src.id in {a.result_id for a in offered}
    with ws.db.read_session() as s:
        health = s.scalars(select(Department.id).where(Department.code == "卫生健康")).one()
        market = s.scalars(select(Department.id).where(Department.code == "市场监管")).one()
    other = ws.as_actor(Actor("sj", Role.SUPERVISOR, "市监科长", department_id=market))
    with pytest.raises(PermissionDenied):
        result_followthrough.adopt_result(
            other, visit_id, department="卫生健康", source_result_id=src.id
        )
    own = ws.as_actor(Actor("wj", Role.SUPERVISOR, "卫健科长", department_id=health))
    result_followthrough.adopt_result(
        own, visit_id, department="卫生健康", source_result_id=src.id, note="同一户半年内已查"
    )
    row = next(r for r in results.list_results(ws) if r.visit_id == visit_id)
    assert row.adopted and row.status == "已完成" and row.result_codes == tuple(src.result_codes)
    with ws.db.read_session() as s:
        stored = s.scalars(select(Result).where(Result.visit_id == visit_id)).one()
        assert stored.adopted_from_id == src.id and "结果互认" in stored.remark
        assert s.scalars(select(AuditEvent).where(AuditEvent.action == "result.adopt")).one()
    after = stats.dashboard(ws, year=2026)
    assert after.total.inspected == before.total.inspected  # the business counted once
    assert after.total.adopted == 1
    dept = {d.key: d for d in after.departments}["卫生健康"]
    assert dept.adopted == 1
    assert sum(c.count for c in after.results_by_code) == sum(
        c.count for c in before.results_by_code
    )


def test_an_old_or_same_department_result_cannot_be_adopted(sample_workspace) -> None:
    ws = sample_workspace
    src, visit_id = _source_and_visit(ws)
    with pytest.raises(ValidationError, match="不能互认"):
        result_followthrough.adopt_result(
            ws, visit_id, department="市场监管", source_result_id=src.id
        )
    result_followthrough.set_adopt_window_days(ws, 30)
    with pytest.raises(ValidationError, match="30天内"):
        result_followthrough.adopt_result(
            ws, visit_id, department="卫生健康", source_result_id=src.id
        )


def test_withheld_result_stays_out_of_the_notice(sample_workspace, tmp_path) -> None:
    ws = sample_workspace
    approved = [r for r in results.list_results(ws, statuses=["通过"])]
    task_no = approved[0].task_no
    mine = [r for r in approved if r.task_no == task_no]
    with pytest.raises(ValidationError, match="理由"):
        result_followthrough.withhold_result(ws, mine[0].id, reason=" ")
    result_followthrough.withhold_result(ws, mine[0].id, reason="涉及商业秘密（配方）")
    report = publication.publish_task(ws, task_no, xlsx_path=tmp_path / "gg.xlsx")
    status = {r.id: r.status for r in results.list_results(ws)}
    assert status[mine[0].id] == "通过"
    assert all(status[r.id] == "已公示" for r in mine[1:])
    from openpyxl import load_workbook

    cells = {
        str(c.value) for row in load_workbook(tmp_path / "gg.xlsx").active.iter_rows() for c in row
    }
    assert mine[0].target_name not in cells and mine[1].target_name in cells
    assert report.rows == len(
        [
            r
            for r in results.list_results(ws, task_no=task_no, department_code="市场监管")
            if r.status == "已公示"
        ]
    )
    with ws.db.read_session() as s:
        assert s.scalars(select(AuditEvent).where(AuditEvent.action == "result.withhold")).one()
    listed = result_followthrough.withheld_results(ws)
    assert [(w.result_id, w.reason) for w in listed] == [(mine[0].id, "涉及商业秘密（配方）")]


def test_adoption_through_the_cli_counts_once(sample_db) -> None:
    from app.core.services.kernel.workspace import open_workspace
    from tests.conftest import run_app

    ws = open_workspace(sample_db)
    try:
        src, visit_id = _source_and_visit(ws)
        before = stats.dashboard(ws, year=2026).total.inspected
    finally:
        ws.db.dispose()
    done = run_app(
        "--db",
        str(sample_db),
        "results",
        "adopt",
        str(visit_id),
        "--department",
        "卫生健康",
        "--source",
        str(src.id),
    )
    assert done.returncode == 0 and "已互认" in done.stdout, done.stderr
    ws = open_workspace(sample_db)
    try:
        board = stats.dashboard(ws, year=2026)
        assert board.total.inspected == before and board.total.adopted == 1
    finally:
        ws.db.dispose()


def test_result_6_proposes_the_abnormal_list_and_a_supervisor_confirms(sample_workspace) -> None:
    from app.core.domain.errors import PermissionDenied as Denied
    from app.core.services.registry import registry_proposals
    from app.core.storage.models import TargetTag

    ws = sample_workspace
    found = [p for p in registry_proposals.list_proposals(ws) if p.result_code == "6"]
    assert found, "the sample county has a result 6 (住所无法联系)"
    p = found[0]
    assert p.proposed == "列入经营异常名录"
    with pytest.raises(Denied):
        registry_proposals.apply_proposal(
            ws.as_actor(Actor("zh", Role.INSPECTOR, "张")), p.result_id
        )
    registry_proposals.apply_proposal(
        ws.as_actor(Actor("li", Role.SUPERVISOR, "李科长")), p.result_id
    )
    with ws.db.read_session() as s:
        tag = s.scalars(
            select(TargetTag).where(
                TargetTag.target_id == p.target_id, TargetTag.tag == "经营异常名录"
            )
        ).one()
        assert tag.source == "检查结果6"
        assert s.scalars(
            select(AuditEvent).where(AuditEvent.action == "target.status_from_result")
        ).first()
    assert p.result_id not in {
        q.result_id for q in registry_proposals.list_proposals(ws) if q.result_code == "6"
    }


def test_lifting_a_withholding_through_the_cli_publishes_it_with_the_next_notice(
    sample_db, tmp_path
) -> None:
    """恢复公示: `results unwithhold` with a reason (an empty one refused, a result that was
    never withheld refused), audited; the next 公告 then publishes the result."""
    from app.core.services.kernel.workspace import open_workspace
    from tests.conftest import run_app

    ws = open_workspace(sample_db)
    try:
        approved = results.list_results(ws, statuses=["通过"])
        task_no = approved[0].task_no
        first, other = [r for r in approved if r.task_no == task_no][:2]
        result_followthrough.withhold_result(ws, first.id, reason="涉及商业秘密（配方）")
        publication.publish_task(ws, task_no, xlsx_path=tmp_path / "gg1.xlsx")
    finally:
        ws.db.dispose()
    db = str(sample_db)
    empty = run_app("--db", db, "results", "unwithhold", str(first.id), "--reason", " ")
    assert empty.returncode != 0 and "理由" in empty.stderr + empty.stdout
    never = run_app("--db", db, "results", "unwithhold", str(other.id), "--reason", "误操作")
    assert never.returncode != 0 and "没有不予公示" in never.stderr + never.stdout
    done = run_app("--db", db, "results", "unwithhold", str(first.id), "--reason", "保密期已过")
    assert done.returncode == 0, done.stderr
    assert "已恢复公示" in done.stdout
    listed = run_app("--db", db, "results", "withheld")
    assert listed.returncode == 0 and str(first.id) not in listed.stdout.split()
    ws = open_workspace(sample_db)
    try:
        publication.publish_task(ws, task_no, xlsx_path=tmp_path / "gg2.xlsx")
        assert {r.id: r.status for r in results.list_results(ws)}[first.id] == "已公示"
        with ws.db.read_session() as s:
            lift = s.scalars(
                select(AuditEvent).where(AuditEvent.action == "result.withhold_lift")
            ).one()
            assert "保密期已过" in lift.summary and "涉及商业秘密" in lift.summary
    finally:
        ws.db.dispose()
