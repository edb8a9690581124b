"""指定 refuses, and the 指定 dialog does not offer, an officer with a 回避 on the business or
one already on the team; a complete team refuses any further 指定 (the CLI and GUI tests
cover the team complete while the department is short)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.core.domain.errors import ConflictError, ValidationError
from app.core.services.draw import assignments
from app.core.services.kernel.workspace import open_workspace
from app.core.services.registry import conflicts
from app.core.storage.models import Inspector, Target, Task, Visit
from tests.helpers.inspection_helpers import make_visit


def test_conflicted_and_present_officers_are_neither_offered_nor_assigned(
    sample_db: Path,
) -> None:
    ws = open_workspace(sample_db)
    try:
        visit_id, members = make_visit(ws, members=1)
        with ws.db.session() as s:  # the member on the team holds a valid 执法证
            s.get(Inspector, members[0]).cert_expires_on = None
        with ws.db.read_session() as s:
            visit = s.get(Visit, visit_id)
            task = s.get(Task, visit.task_id)
            code = s.get(Target, visit.target_id).uscc
            on_team = s.get(Inspector, members[0]).cert_no
            others = [
                i.cert_no
                for i in s.scalars(
                    select(Inspector).where(
                        Inspector.department_id == task.initiating_department_id,
                        Inspector.status == "在岗",
                        Inspector.id.not_in(members),
                    )
                )
            ]
        before = {c.cert_no for c in assignments.assign_choices(ws, visit_id).candidates}
        conflicted, free, third = [c for c in others if c in before][:3]
        conflicts.declare_conflict(
            ws, inspector_cert_no=conflicted, target_code=code, reason="配偶在该企业任职"
        )
        offered = {c.cert_no for c in assignments.assign_choices(ws, visit_id).candidates}
        assert offered == before - {conflicted} and on_team not in offered
        with pytest.raises(ValidationError, match="有回避关系，不能指定"):
            assignments.assign_member(ws, visit_id, member=conflicted, reason="人员不足")
        with pytest.raises(ValidationError, match="已是该检查组成员，不能指定"):
            assignments.assign_member(ws, visit_id, member=on_team, reason="人员不足")
        assignments.assign_member(ws, visit_id, member=free, reason="人员不足")
        choices = assignments.assign_choices(ws, visit_id)
        # a complete team (and here the department has enough officers to draw from)
        assert choices.refusal is not None and "不能直接指定" in choices.refusal
        assert choices.refusal.startswith("符合条件的执法人员足够")
        with pytest.raises(ConflictError, match="不能直接指定"):
            assignments.assign_member(ws, visit_id, member=third, reason="人员不足")
    finally:
        ws.db.dispose()
