"""Team changes after the draw, through the CLI on the two-department sample county: a 回避
found on site → `team replace` runs a replacement draw whose amendment record chains to the
draw record, `draw verify` passes on it and fails on a tampered copy (the change or the chain);
a second replacement chains to the first; `team assign` where a department is short is shown,
marked 指定 and counted; another department's supervisor is refused in the core."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from app.core.domain.errors import PermissionDenied
from app.core.domain.roles import Actor, Role
from app.core.draw.verifier import record_digest, verify_record
from app.core.services.admin import stats
from app.core.services.draw import assignments, team_changes
from app.core.services.kernel.workspace import open_workspace
from app.core.services.registry.conflicts import declare_conflict
from app.core.storage.models import AuditEvent, Department, Inspector, Target, Visit, VisitMember
from tests.conftest import run_app

TASK = "五原市监抽查〔2026〕2号"


def _drawn(db: Path, tmp: Path) -> tuple[int, list[str], str, dict]:
    """Draws task 2 (as the office does, headless) and exports its record; a visit, its team
    (执法证号) and its business's code."""
    done = run_app(
        "--db",
        str(db),
        "draw",
        "run",
        TASK,
        "--observer-input",
        "3 1 4",
        "--observer-input",
        "1 5 9",
    )
    assert done.returncode == 0, done.stderr
    out = run_app("--db", str(db), "draw", "export", TASK, str(tmp / "export"))
    assert out.returncode == 0, out.stderr
    record = json.loads((tmp / "export" / "record.json").read_text(encoding="utf-8"))
    ws = open_workspace(db)
    try:
        with ws.db.read_session() as s:
            visit = s.scalars(
                select(Visit).where(Visit.draw_session_id.is_not(None)).order_by(Visit.id.desc())
            ).first()
            team = [
                i.cert_no
                for i in s.scalars(
                    select(Inspector)
                    .join(VisitMember, VisitMember.inspector_id == Inspector.id)
                    .where(VisitMember.visit_id == visit.id)
                    .order_by(VisitMember.position)
                )
            ]
            target = s.get(Target, visit.target_id)
            return visit.id, team, target.uscc or target.reg_no, record
    finally:
        ws.db.dispose()


def test_replacement_after_a_discovered_conflict_is_a_chained_verifiable_record(
    sample_db: Path, tmp_path: Path
) -> None:
    visit_id, team, code, original = _drawn(sample_db, tmp_path)
    leaving = team[0]
    ws = open_workspace(sample_db)
    try:
        declare_conflict(
            ws, inspector_cert_no=leaving, target_code=code, reason="配偶在该企业任职（现场发现）"
        )
    finally:
        ws.db.dispose()
    amended = tmp_path / "amended.json"
    done = run_app(
        "--db", str(sample_db), "team", "replace", str(visit_id), "--member", leaving, "--reason", "回避：配偶在该企业任职",
        "--observer-input", "2 7 1", "--observer-input", "8 2 8", "--approved-by", "钱局长", "-o", str(amended),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    record = json.loads(amended.read_text(encoding="utf-8"))
    assert record["kind"] == "team-amendment" and record["manifest"]["amends"] == record_digest(
        original
    )
    assert record["amends"] == original and record["team_before"] == team
    new = record["replacement"]
    assert new not in team and record["team"] == [new, *team[1:]]
    assert [leaving, code] in record["population"]["conflicts"]
    verified = run_app("draw", "verify", str(amended))
    assert verified.returncode == 0 and verified.stdout.startswith("PASS"), verified.stdout
    assert "replaced by" in verified.stdout
    # Tampered: the replacement, the reason, or the original record it chains to.
    for path, change in (
        (("replacement",), team[1]),
        (("manifest", "reason"), "休假"),
        (("amends", "seed"), "0" * 64),
    ):
        bad = json.loads(amended.read_text(encoding="utf-8"))
        node = bad
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = change
        (tmp_path / "bad.json").write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
        refused = run_app("draw", "verify", str(tmp_path / "bad.json"))
        assert refused.returncode == 1 and refused.stdout.startswith("FAIL"), (path, refused.stdout)
    # The team as stored, the audited event naming the approver, the trail intact.
    ws = open_workspace(sample_db)
    try:
        with ws.db.read_session() as s:
            members = {
                i.cert_no: m.source
                for m, i in s.execute(
                    select(VisitMember, Inspector)
                    .join(Inspector, Inspector.id == VisitMember.inspector_id)
                    .where(VisitMember.visit_id == visit_id)
                )
            }
            assert members == {new: "redraw", team[1]: "draw"}
            event = s.scalars(select(AuditEvent).where(AuditEvent.action == "team.replace")).one()
            assert "钱局长" in event.summary and event.detail["record_digest"] == record_digest(
                record
            )
    finally:
        ws.db.dispose()
    assert run_app("--db", str(sample_db), "audit", "verify").returncode == 0
    # A second change chains to the first.
    second = tmp_path / "second.json"
    again = run_app(
        "--db", str(sample_db), "team", "replace", str(visit_id), "--member", team[1], "--reason", "病假",
        "--observer-input", "5", "-o", str(second),
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    chained = json.loads(second.read_text(encoding="utf-8"))
    assert (
        chained["manifest"]["amends"] == record_digest(record)
        and chained["team_before"] == record["team"]
    )
    assert verify_record(chained) == []
    page = tmp_path / "second.verify.html"  # its own page: a draw's verify.html stays the draw's
    assert page.exists() and str(page) in again.stdout


def test_the_removed_member_must_be_on_the_team_and_the_reason_given(
    sample_db: Path, tmp_path: Path
) -> None:
    visit_id, team, _code, _record = _drawn(sample_db, tmp_path)
    not_member = run_app(
        "--db", str(sample_db), "team", "replace", str(visit_id), "--member", "NOPE", "--reason", "回避",
        "--observer-input", "1",
    )  # fmt: skip
    assert not_member.returncode == 1 and "NOPE" in not_member.stderr + not_member.stdout
    assert "Traceback" not in not_member.stderr


def test_another_departments_supervisor_cannot_change_the_team(
    sample_db: Path, tmp_path: Path
) -> None:
    visit_id, team, _code, _record = _drawn(sample_db, tmp_path)
    ws = open_workspace(sample_db)
    try:
        with ws.db.read_session() as s:
            health = s.scalars(select(Department.id).where(Department.code == "卫生健康")).one()
        other = ws.as_actor(Actor("wj", Role.SUPERVISOR, "卫健科长", department_id=health))
        with pytest.raises(PermissionDenied, match="检查组成员"):
            team_changes.replace_member(
                other, visit_id, member=team[0], reason="回避", observer_inputs=["1"]
            )
        inspector = ws.as_actor(Actor("zh", Role.INSPECTOR, "张"))
        with pytest.raises(PermissionDenied):
            assignments.assign_member(inspector, visit_id, member=team[0], reason="x")
    finally:
        ws.db.dispose()


def test_direct_assignment_only_when_short_shown_marked_and_counted(
    sample_db: Path, tmp_path: Path
) -> None:
    visit_id, team, _code, _record = _drawn(sample_db, tmp_path)
    refused = run_app(
        "--db",
        str(sample_db),
        "team",
        "assign",
        str(visit_id),
        "--member",
        team[0],
        "--reason",
        "x",
    )
    assert refused.returncode == 1 and "不能直接指定" in refused.stderr + refused.stdout
    ws = open_workspace(sample_db)
    try:
        with ws.db.session() as s:  # the department's other officers are away this week
            market = s.scalars(select(Department.id).where(Department.code == "市场监管")).one()
            for i in s.scalars(select(Inspector).where(Inspector.department_id == market)):
                if i.cert_no not in team:
                    i.status = "休假"
            s.execute(VisitMember.__table__.delete().where(VisitMember.visit_id == visit_id,
                      VisitMember.inspector_id == s.scalars(select(Inspector.id).where(Inspector.cert_no == team[1])).one()))  # fmt: skip
            s.get(
                Inspector, s.scalars(select(Inspector.id).where(Inspector.cert_no == team[1])).one()
            ).status = "调离"
            borrowed = s.scalars(
                select(Inspector.cert_no)
                .join(Department, Department.id == Inspector.department_id)
                .where(Department.code == "应急管理", Inspector.status == "在岗")
            ).first()
    finally:
        ws.db.dispose()
    shown = run_app("--db", str(sample_db), "team", "shortfall", str(visit_id))
    assert "缺1名" in shown.stdout, shown.stdout
    done = run_app(
        "--db", str(sample_db), "team", "assign", str(visit_id), "--member", borrowed, "--reason", "本部门在岗人员不足，借调应急管理局",
        "--approved-by", "钱局长",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "缺1名" in done.stdout and "指定" in done.stdout
    ws = open_workspace(sample_db)
    try:
        from app.core.services.checklist import inspections, visit_list

        row = next(v for v in visit_list.list_visits(ws, task_no=TASK) if v.visit_id == visit_id)
        assert "（指定）" in row.team  # the visit list marks the assigned member
        form = inspections.start_inspection(ws, visit_id)
        assert any(m.get("assigned") for m in form.header["inspectors"])  # and so the sheet
        counts = {c.code: c.count for c in stats.dashboard(ws, year=2026).team_changes}
        assert counts["指定"] == 1
        with ws.db.read_session() as s:
            event = s.scalars(select(AuditEvent).where(AuditEvent.action == "team.assign")).one()
            assert "钱局长" in event.summary and "缺1名" in event.summary
    finally:
        ws.db.dispose()
