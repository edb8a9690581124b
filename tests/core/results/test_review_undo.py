"""撤销 a review decision or a 指定 (编辑 → 撤销): the results go back to the state, reviewer and
level they had, the audit trail holds the decision and its undo; an undo after anything else
touched the results (a later level, publication, the inspector's correction) is refused and
changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.core.domain.errors import ConflictError, StaleEditError
from app.core.domain.roles import Actor, Role
from app.core.services.checklist import inspections
from app.core.services.draw import assignments
from app.core.services.kernel import accountability, undo
from app.core.services.kernel.audit import verify_chain
from app.core.services.kernel.workspace import open_workspace
from app.core.services.results import publication, results, reviews
from app.core.storage.models import (
    AuditEvent,
    Inspector,
    Result,
    ResultEvent,
    ReviewDecision,
    Task,
    Visit,
    VisitMember,
)
from tests.helpers.inspection_helpers import make_visit
from tests.helpers.office_helpers import complete_form

ZHAO = Actor("zz", Role.SUPERVISOR, "赵组长")


def _submitted(ws) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """A result sent to review, and its form."""
    visit_id, _ = make_visit(ws)
    form_id = complete_form(ws, visit_id, ["1"])
    rid = next(r.id for r in results.list_results(ws) if r.visit_id == visit_id)
    reviews.submit_for_review(ws, [rid])
    return rid, form_id


def _state(ws, rid: int) -> tuple[str, str | None, int]:  # type: ignore[no-untyped-def]
    with ws.db.read_session() as s:
        r = s.get(Result, rid)
        decisions = s.scalar(
            select(func.count()).select_from(ReviewDecision).where(ReviewDecision.result_id == rid)
        )
        return r.status, r.reviewed_by, int(decisions or 0)


def test_an_approval_and_a_return_are_taken_back_and_both_are_audited(sample_db: Path) -> None:
    ws = open_workspace(sample_db).as_actor(ZHAO)
    try:
        rid, _form = _submitted(ws)
        before = _state(ws, rid)
        assert before == ("待审核", None, 0)

        reviews.approve_results(ws, [rid])
        assert _state(ws, rid) == ("通过", "zz", 1)
        step = undo.last_step(ws)
        assert step is not None and step.label.startswith("审核通过“")
        assert undo.undo_last(ws).message == f"已撤销：{step.label}"
        assert _state(ws, rid) == before  # the state, the reviewer and the decision row

        reviews.return_results(ws, [rid], reason="照片不清楚")
        assert _state(ws, rid)[0] == "退回"
        undo.undo_last(ws)
        assert _state(ws, rid) == before
        with ws.db.read_session() as s:
            moves = [
                (e.from_status, e.to_status, e.note or "")
                for e in s.scalars(
                    select(ResultEvent).where(ResultEvent.result_id == rid).order_by(ResultEvent.id)
                )
            ][-4:]
            uid = s.get(Result, rid).uid
            actions = list(
                s.scalars(
                    select(AuditEvent.action)
                    .where(AuditEvent.action.in_(["result.approve", "result.return", "undo"]))
                    .order_by(AuditEvent.id)
                )
            )
            undo_uids = set(
                s.scalars(select(AuditEvent.entity_uid).where(AuditEvent.action == "undo"))
            )
        assert [m[:2] for m in moves] == [
            ("待审核", "通过"),
            ("通过", "待审核"),
            ("待审核", "退回"),
            ("退回", "待审核"),
        ]
        assert moves[1][2].startswith("撤销：审核通过")
        assert actions == ["result.approve", "undo", "result.return", "undo"]
        assert undo_uids == {uid}
        with ws.db.read_session() as s:
            assert verify_chain(s).ok
        # the result goes on as if never decided: approved again, it is approved once
        reviews.approve_results(ws, [rid])
        assert _state(ws, rid) == ("通过", "zz", 1)
    finally:
        ws.db.dispose()


def test_a_first_level_approval_is_taken_back_to_that_level(sample_db: Path) -> None:
    admin = open_workspace(sample_db)
    accountability.set_review_levels(admin, "市场监管", ["组长审核", "分管领导审批"])
    admin.db.dispose()
    ws = open_workspace(sample_db).as_actor(ZHAO)
    try:
        rid, _form = _submitted(ws)
        reviews.approve_results(ws, [rid])
        assert _state(ws, rid) == ("待审核", None, 1)  # waits for 分管领导审批
        undo.undo_last(ws)
        assert _state(ws, rid) == ("待审核", None, 0)
        queue = {r.id: r.review_level for r in reviews.review_queue(ws)}
        assert queue[rid] == "组长审核"
    finally:
        ws.db.dispose()


def test_no_undo_after_publication_or_the_inspectors_correction(sample_db: Path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = open_workspace(sample_db).as_actor(ZHAO)
    try:
        rid, _form = _submitted(ws)
        reviews.approve_results(ws, [rid])
        with ws.db.read_session() as s:
            task_no = s.scalars(
                select(Task.task_no)
                .join(Visit, Visit.task_id == Task.id)
                .join(Result, Result.visit_id == Visit.id)
                .where(Result.id == rid)
            ).one()
        publication.publish_task(ws, task_no, xlsx_path=tmp_path / "公告.xlsx")
        assert _state(ws, rid)[0] == "已公示"
        with pytest.raises(StaleEditError):
            undo.undo_last(ws)
        assert _state(ws, rid)[0] == "已公示"

        rid2, form_id = _submitted(ws)
        reviews.return_results(ws, [rid2], reason="漏填企业签字")
        inspections.start_correction(ws, form_id, reason="补签字")
        with pytest.raises(ConflictError, match="不能撤销退回"):
            undo.undo_last(ws)
        assert _state(ws, rid2)[0] == "退回"
    finally:
        ws.db.dispose()


def test_a_direct_assignment_is_taken_back_until_the_team_changes(sample_db: Path) -> None:
    ws = open_workspace(sample_db).as_actor(Actor("wang", Role.SUPERVISOR, "王科长"))
    try:
        visit_id, members = make_visit(ws, members=1)
        with ws.db.read_session() as s:
            task = s.get(Task, s.get(Visit, visit_id).task_id)
            other = s.scalars(
                select(Inspector).where(
                    Inspector.department_id == task.initiating_department_id,
                    Inspector.status == "在岗",
                    Inspector.id.not_in(members),
                )
            ).first()
            cert, name = other.cert_no, other.name

        def team() -> list[str]:
            with ws.db.read_session() as s:
                return sorted(
                    s.scalars(
                        select(Inspector.cert_no)
                        .join(VisitMember, VisitMember.inspector_id == Inspector.id)
                        .where(VisitMember.visit_id == visit_id)
                    )
                )

        alone = team()
        assignments.assign_member(ws, visit_id, member=cert, reason="本部门在岗人员不足")
        assert cert in team()
        assert undo.last_step(ws).label.startswith(f"指定{name}检查")
        undo.undo_last(ws)
        assert team() == alone
        with ws.db.read_session() as s:
            last = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
            assert last.action == "undo" and last.summary.startswith(f"撤销：指定{name}")

        # after the inspection was completed the team is fixed: the undo is refused
        assignments.assign_member(ws, visit_id, member=cert, reason="本部门在岗人员不足")
        complete_form(ws, visit_id, ["1"])
        with pytest.raises((ConflictError, StaleEditError)):
            undo.undo_last(ws)
        assert cert in team()
    finally:
        ws.db.dispose()
