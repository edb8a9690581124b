"""Departments that answer for their own work, on the two-department sample county
(市场监管 and 卫生健康): accounts belong to a department, a supervisor reviews and publishes
only that department's results (refused in the core), the joint-meeting office reads
everything and changes nothing, review levels per department each recorded and printed."""

from __future__ import annotations

import subprocess

import pytest
from sqlalchemy import select

from app.core.domain.errors import PermissionDenied, ValidationError
from app.core.domain.roles import Role
from app.core.services.checklist import sheets
from app.core.services.checklist.inspections import current_form
from app.core.services.kernel import accountability, users
from app.core.services.results import publication, results, reviews
from app.core.storage.models import AuditEvent, Department, Result, ReviewDecision

PASSWORD = "secret-123"


def _login(ws, username: str, role: Role, department: str | None, **kw):
    users.create_user(
        ws,
        username=username,
        display_name=kw.pop("name", username),
        role=role,
        password=PASSWORD,
        department=department,
        **kw,
    )
    return ws.as_actor(users.authenticate(ws, username=username, password=PASSWORD))


def _health_result_waiting(ws) -> int:
    """Puts one of 卫生健康's results back under review (test set-up: the sample has none)."""
    with ws.db.session() as s:
        dept = s.scalars(select(Department).where(Department.code == "卫生健康")).one()
        r = s.scalars(select(Result).where(Result.department_id == dept.id)).first()
        r.status, r.published_on = "待审核", None
        return r.id


def _completed_and_submitted(ws) -> int:
    """A visit checked, signed and completed through the checklist, its result submitted."""
    from tests.helpers.inspection_helpers import make_visit
    from tests.helpers.office_helpers import complete_form

    visit_id, _ = make_visit(ws)
    complete_form(ws, visit_id, ["1"])
    rid = next(r.id for r in results.list_results(ws) if r.visit_id == visit_id)
    reviews.submit_for_review(ws, [rid])
    return visit_id


def test_supervisor_of_one_department_cannot_review_or_publish_another(sample_workspace) -> None:
    ws = sample_workspace
    health = _login(ws, "wj_li", Role.SUPERVISOR, "卫生健康", name="李科长")
    market = _login(ws, "sj_wang", Role.SUPERVISOR, "市场监管", name="王科长")
    market_waiting = [r for r in reviews.review_queue(ws) if r.department_code == "市场监管"]
    assert market_waiting
    theirs = market_waiting[0].id
    # The queue shows only the department's own results …
    assert all(r.department_code == "卫生健康" for r in reviews.review_queue(health))
    assert theirs not in {r.id for r in results.list_results(health)}
    # … and the core refuses a crafted request naming another department's result.
    with pytest.raises(PermissionDenied, match="谁检查、谁审核、谁公示"):
        reviews.approve_results(health, [theirs])
    with pytest.raises(PermissionDenied):
        reviews.return_results(health, [theirs], reason="越权退回")
    assert {r.id: r.status for r in results.list_results(ws)}[theirs] == "待审核"
    # Publishing 市场监管's task by naming the department is refused too.
    task_no = market_waiting[0].task_no
    with pytest.raises(PermissionDenied):
        publication.publish_task(
            health, task_no, xlsx_path=ws.db.path.parent / "x.xlsx", department_code="市场监管"
        )
    assert not (ws.db.path.parent / "x.xlsx").exists()
    # The department's own supervisor may.
    reviews.approve_results(market, [theirs], note="材料齐全")
    assert {r.id: r.status for r in results.list_results(ws)}[theirs] == "通过"
    # The publication list of each supervisor is their department's only.
    assert {p.department_code for p in publication.publication_tasks(health)} <= {"卫生健康"}
    assert "市场监管" in {p.department_code for p in publication.publication_tasks(market)}


def test_a_mixed_batch_is_refused_whole(sample_workspace) -> None:
    ws = sample_workspace
    ours = _health_result_waiting(ws)
    health = _login(ws, "wj_li", Role.SUPERVISOR, "卫生健康")
    theirs = next(r.id for r in reviews.review_queue(ws) if r.department_code == "市场监管")
    with pytest.raises(PermissionDenied, match="市场监督管理局|市场监管"):
        reviews.approve_results(health, [ours, theirs])
    status = {r.id: r.status for r in results.list_results(ws)}
    assert (status[ours], status[theirs]) == ("待审核", "待审核")
    reviews.approve_results(health, [ours])
    assert {r.id: r.status for r in results.list_results(ws)}[ours] == "通过"


def test_joint_meeting_office_reads_everything_and_changes_nothing(sample_workspace) -> None:
    ws = sample_workspace
    office = _login(ws, "lxb", Role.OFFICE, None, name="联席办")
    assert {r.department_code for r in results.list_results(office)} == {"市场监管", "卫生健康"}
    waiting = reviews.review_queue(office)[0].id
    with pytest.raises(PermissionDenied):
        reviews.approve_results(office, [waiting])
    from app.core.services.admin import stats

    board = stats.dashboard(office)  # the county statistics, all departments
    assert board is not None
    with pytest.raises(ValidationError, match="全县"):
        users.create_user(
            ws,
            username="lxb2",
            display_name="x",
            role=Role.OFFICE,
            password=PASSWORD,
            department="市场监管",
        )


def test_two_level_review_records_each_decision_and_prints_both(sample_workspace) -> None:
    ws = sample_workspace
    accountability.set_review_levels(ws, "市场监管", ["组长审核", "分管领导审批"])
    leader = _login(ws, "zz", Role.SUPERVISOR, "市场监管", name="赵组长")
    chief = _login(ws, "fg", Role.SUPERVISOR, "市场监管", name="钱局长")
    visit_id = _completed_and_submitted(ws)
    row = next(r for r in reviews.review_queue(leader) if r.visit_id == visit_id)
    assert row.review_level == "组长审核"
    changes = reviews.approve_results(leader, [row.id], note="记录完整")
    assert "待下一级" in changes.message
    again = {r.id: r for r in results.list_results(ws)}[row.id]
    assert again.status == "待审核" and again.review_level == "分管领导审批"
    reviews.approve_results(chief, [row.id], note="同意公示")
    assert {r.id: r.status for r in results.list_results(ws)}[row.id] == "通过"
    with ws.db.read_session() as s:
        decisions = reviews.review_decisions(s, row.id)
        assert [(d.level_name, d.decision, d.actor_name, d.note) for d in decisions[-2:]] == [
            ("组长审核", "通过", "赵组长", "记录完整"),
            ("分管领导审批", "通过", "钱局长", "同意公示"),
        ]
        assert s.scalars(select(ReviewDecision)).first() is not None
        levels = [
            e.detail["levels"]
            for e in s.scalars(select(AuditEvent).where(AuditEvent.action == "result.approve"))
        ]
        assert [x["level"] for x in levels[-2]] == ["组长审核"]
    form = current_form(ws, row.visit_id)
    out = ws.db.path.parent / "sheet.pdf"
    sheets.export_sheet_pdf(ws, form.id, out)
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = "".join(text.split())
    assert "组长审核" in flat and "赵组长" in flat and "记录完整" in flat
    assert "分管领导审批" in flat and "钱局长" in flat and "同意公示" in flat


def test_accounts_carry_department_and_unit_audited(sample_workspace) -> None:
    ws = sample_workspace
    users.create_user(
        ws,
        username="ins",
        display_name="x",
        role=Role.SUPERVISOR,
        password=PASSWORD,
        department="卫生健康",
        unit="监督一科",
    )
    info = {u.username: u for u in users.list_users(ws)}["ins"]
    assert (info.department_code, info.unit) == ("卫生健康", "监督一科")
    users.set_department(ws, username="ins", department="市场监管", unit=None)
    info = {u.username: u for u in users.list_users(ws)}["ins"]
    assert (info.department_code, info.unit) == ("市场监管", "")
    with pytest.raises(ValidationError, match="没有部门"):
        users.set_department(ws, username="ins", department="不存在的局")
    with ws.db.read_session() as s:
        ev = s.scalars(select(AuditEvent).where(AuditEvent.action == "user.set_department")).one()
        assert "市场监管" in ev.summary or "市场" in ev.summary


def test_liaison_officers_per_member_unit(sample_workspace) -> None:
    ws = sample_workspace
    accountability.set_liaisons(
        ws, [accountability.Liaison("卫生健康", "孙联络", "0478-1234567", "综合科科长")]
    )
    assert accountability.liaisons(ws)[0].name == "孙联络"
    with pytest.raises(ValidationError, match="第1行.*电话"):
        accountability.set_liaisons(ws, [accountability.Liaison("卫生健康", "孙联络", "abc")])
    with pytest.raises(ValidationError, match="第1行.*部门"):
        accountability.set_liaisons(ws, [accountability.Liaison("无此局", "孙联络", "123")])


def test_one_person_cannot_decide_two_levels_of_the_same_result(sample_workspace) -> None:
    """Separation of duty: 赵组长 passed 组长审核, so 分管领导审批 (pass or return) must be
    someone else's decision; the refusal changes nothing, and 钱局长 then decides it."""
    ws = sample_workspace
    accountability.set_review_levels(ws, "市场监管", ["组长审核", "分管领导审批"])
    leader = _login(ws, "zz", Role.SUPERVISOR, "市场监管", name="赵组长")
    chief = _login(ws, "fg", Role.SUPERVISOR, "市场监管", name="钱局长")
    visit_id = _completed_and_submitted(ws)
    rid = next(r.id for r in reviews.review_queue(leader) if r.visit_id == visit_id)
    reviews.approve_results(leader, [rid], note="记录完整")
    with ws.db.read_session() as s:
        before = len(reviews.review_decisions(s, rid))
    for decide in (
        lambda: reviews.approve_results(leader, [rid], note="我也批了"),
        lambda: reviews.return_results(leader, [rid], reason="再看看"),
    ):
        with pytest.raises(ValidationError, match="组长审核.*已由您决定.*分管领导审批.*另一人"):
            decide()
    again = {r.id: r for r in results.list_results(ws)}[rid]
    assert again.status == "待审核" and again.review_level == "分管领导审批"
    with ws.db.read_session() as s:
        assert len(reviews.review_decisions(s, rid)) == before
    reviews.approve_results(chief, [rid], note="同意公示")
    assert {r.id: r.status for r in results.list_results(ws)}[rid] == "通过"
