"""Officers borrowed from a neighbouring area (外借, 大足 三(三)): registered from the roster's
外借来源地区 / 外借有效期至 columns, drawn only by a task that allows external members and only
while the borrowing lasts, and marked 外借 on the
visit list and the printed sheet."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.core.domain.errors import ValidationError
from app.core.services.checklist import inspections, visit_list
from app.core.services.draw import assignments
from app.core.services.kernel.workspace import open_workspace
from app.core.services.plan import task_views, tasks
from app.core.services.plan.pools import eligible_inspectors
from app.core.storage.models import Inspector, Task, Visit, VisitMember
from tests.conftest import run_app
from tests.helpers.platform_files import xlsx

TASK = "五原市监抽查〔2026〕2号"
AREA = "乌拉特前旗市场监督管理局"


def _register_borrowed(db: Path, tmp: Path) -> str:
    """The roster row as the neighbouring bureau sends it, imported by the clerk."""
    ws = open_workspace(db)
    try:
        with ws.db.read_session() as s:
            model = s.scalars(select(Inspector).where(Inspector.status == "在岗")).first()
            quals = "，".join(model.qualifications or [])
    finally:
        ws.db.dispose()
    header = ["执法证号", "姓名", "所属部门", "执法资格", "外借来源地区", "外借有效期至"]
    row = ["15099000001", "巴特尔", "市场监管", quals, AREA, "2026-12-31"]
    done = run_app(
        "--db", str(db), "registry", "import", "inspectors", str(xlsx(tmp / "外借人员.xlsx", [header, row]))
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return row[0]


def test_a_borrowed_officer_is_drawn_only_where_the_task_allows_it(
    sample_db: Path, tmp_path: Path
) -> None:
    cert = _register_borrowed(sample_db, tmp_path)
    ws = open_workspace(sample_db)
    try:
        with ws.db.read_session() as s:
            person = s.scalars(select(Inspector).where(Inspector.cert_no == cert)).one()
            assert (person.external_area, person.external_until) == (AREA, date(2026, 12, 31))
            task = s.scalars(select(Task).where(Task.task_no == TASK)).one()
            depts = task.participating_departments
            allowed = {
                when: {p["id"] for p in eligible_inspectors(s, departments=depts, on=when, allow_external=True)[0]}
                for when in (date(2026, 6, 1), date(2027, 1, 1))
            }  # fmt: skip
            plain = {
                p["id"] for p in eligible_inspectors(s, departments=depts, on=date(2026, 6, 1))[0]
            }
        assert cert in allowed[date(2026, 6, 1)] and cert not in plain
        assert cert not in allowed[date(2027, 1, 1)]  # the borrowing has ended
    finally:
        ws.db.dispose()

    # The task as published does not allow external members: the public record leaves them out.
    drawn = run_app("--db", str(sample_db), "draw", "run", TASK, "--observer-input", "3 1 4")
    assert drawn.returncode == 0, drawn.stderr
    out = run_app("--db", str(sample_db), "draw", "export", TASK, str(tmp_path / "export"))
    assert out.returncode == 0, out.stderr
    record = json.loads((tmp_path / "export" / "record.json").read_text(encoding="utf-8"))
    assert cert not in {p["id"] for p in record["population"]["inspectors"]}

    # A department short of officers may assign one directly (指定), but a borrowed one only
    # where the task allows external members.
    ws = open_workspace(sample_db)
    try:
        with ws.db.session() as s:
            task_id = s.scalars(select(Task.id).where(Task.task_no == TASK)).one()
            visit = s.scalars(
                select(Visit).where(Visit.task_id == task_id, Visit.status == "待检查")
            ).first()
            team = [
                m.inspector_id
                for m in s.scalars(select(VisitMember).where(VisitMember.visit_id == visit.id))
            ]
            for i in s.scalars(select(Inspector).where(Inspector.external_area.is_(None))):
                if i.id not in team:
                    i.status = "休假"  # the others are away this week
            s.delete(s.scalars(select(VisitMember).where(VisitMember.visit_id == visit.id)).first())
            visit_id = visit.id
        with pytest.raises(ValidationError, match=f"外借人员（{AREA}）"):
            assignments.assign_member(ws, visit_id, member=cert, reason="联合检查")
        with ws.db.session() as s:
            s.get(Task, s.get(Visit, visit_id).task_id).allow_external = True
        change, _gaps = assignments.assign_member(ws, visit_id, member=cert, reason="联合检查")
        assert (change.added, change.added_name) == (cert, "巴特尔")
    finally:
        ws.db.dispose()


def test_a_borrowed_officer_on_a_team_is_marked_on_the_list_and_the_printed_sheet(
    sample_db: Path, tmp_path: Path
) -> None:
    cert = _register_borrowed(sample_db, tmp_path)
    ws = open_workspace(sample_db)
    try:
        with ws.db.session() as s:  # set-up: the borrowed officer on a waiting visit's team
            visit = s.scalars(
                select(Visit).where(Visit.status == "待检查").order_by(Visit.id)
            ).first()
            person = s.scalars(select(Inspector).where(Inspector.cert_no == cert)).one()
            member = s.scalars(select(VisitMember).where(VisitMember.visit_id == visit.id)).first()
            member.inspector_id = person.id
            visit_id = visit.id
        row = next(v for v in visit_list.list_visits(ws) if v.visit_id == visit_id)
        assert f"巴特尔（外借：{AREA}）" in row.team
        form = inspections.start_inspection(ws, visit_id)
        assert any(m.get("external") == AREA for m in form.header["inspectors"])
        form_id = form.id
    finally:
        ws.db.dispose()
    pdf = tmp_path / "sheet.pdf"
    printed = run_app("--db", str(sample_db), "print", "sheet", str(form_id), str(pdf))
    assert printed.returncode == 0, printed.stderr
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "外借" in text.replace("\n", "") and "巴特尔" in text


def test_the_task_editor_flag_is_stored_and_comes_back(sample_workspace) -> None:
    ws = sample_workspace
    with ws.db.read_session() as s:
        task = s.scalars(select(Task).where(Task.task_no == TASK)).one()
        draft = task_views.draft_of(s, task)
        task_id = task.id
    assert draft.allow_external is False
    tasks.update_task(
        ws, task_id, replace(draft, allow_external=True), reason="与乌拉特前旗联合检查"
    )
    with ws.db.read_session() as s:
        again = task_views.draft_of(s, s.get(Task, task_id))
    assert again.allow_external is True
