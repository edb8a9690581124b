"""后续处置: transfers (移送 / 移送司法), 责令改正 with a due date, 抄告, and their completion.

Rules 五原县办法 第二十四条: violations handled, others' matters transferred, crimes to the
judicial authorities, transfers recorded. Only results whose check is done can carry one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.core.domain.errors import ConflictError, NotFoundError, ValidationError
from app.core.domain.ids import ResultId
from app.core.domain.localtime import local_today
from app.core.domain.roles import Permission
from app.core.domain.states import RESULT_DONE, FollowUpState, transition
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.storage.models import CodeEntry, Department, FollowUp, Result, Target, Task, Visit

__all__ = [
    "FollowUpRow",
    "add_follow_up",
    "complete_follow_up",
    "follow_up_kinds",
    "list_follow_ups",
]

FOLLOW_UP_KINDS = ("移送", "移送司法", "责令改正", "抄告", "其他")
# What recording a follow-up or a case changes, for the front ends.
FOLLOW_UP_CHANGES = Changes.of(Area.FOLLOWUPS, Area.CASES, Area.STATS)
_NEEDS_PARTY = {"移送", "移送司法", "抄告"}


@dataclass(frozen=True)
class FollowUpRow:
    id: int
    result_id: ResultId
    kind: str
    to_party: str
    due_on: date | None
    status: str  # 未完结 / 已完结
    completed_on: date | None
    note: str
    target_name: str
    task_no: str
    department: str
    overdue: bool


def follow_up_kinds(ws: Workspace) -> tuple[tuple[str, str], ...]:
    """(code, label) from the follow_up_kind code table."""
    with ws.db.read_session() as s:
        rows = s.execute(
            select(CodeEntry.code, CodeEntry.text)
            .where(CodeEntry.table == "follow_up_kind", CodeEntry.is_active)
            .order_by(CodeEntry.sort_order)
        ).all()
    return tuple((c, t) for c, t in rows) or tuple((k, k) for k in FOLLOW_UP_KINDS)


def add_follow_up(
    ws: Workspace,
    result_id: ResultId,
    *,
    kind: str,
    to_party: str | None = None,
    due_on: date | None = None,
    note: str | None = None,
) -> int:
    """Records a follow-up on a result; returns its id.

    移送 / 移送司法 / 抄告 need the receiving party; 责令改正 needs the due date.
    """
    ws.require(Permission.REVIEW)
    to_party = (to_party or "").strip() or None
    problems = []
    if kind not in FOLLOW_UP_KINDS:
        problems.append(f"处置方式“{kind}”不存在（可用：{'、'.join(FOLLOW_UP_KINDS)}）")
    if kind in _NEEDS_PARTY and not to_party:
        problems.append(f"{kind}须填写接收单位（移送至哪个部门或机关）")
    if kind == "责令改正" and due_on is None:
        problems.append("责令改正须填写改正期限")
    if problems:
        raise ValidationError(problems[0], details=problems)
    with ws.db.session() as s:
        result = s.get(Result, result_id)
        if result is None:
            raise NotFoundError(f"没有编号为{result_id}的检查结果")
        if result.status not in RESULT_DONE:
            raise ConflictError(f"检查尚未完成（当前“{result.status}”），不能登记后续处置")
        if due_on and result.completed_on and due_on < result.completed_on:
            raise ValidationError(f"改正期限{due_on}早于检查完成日期{result.completed_on}")
        fu = FollowUp(
            result_id=result.id,
            kind=kind,
            to_party=to_party,
            due_on=due_on,
            note=(note or "").strip() or None,
        )
        s.add(fu)
        s.flush()
        after = {
            "kind": kind,
            "to_party": to_party,
            "due_on": due_on.isoformat() if due_on else None,
        }
        log_event(
            s,
            ws.actor,
            "follow_up.add",
            entity="follow_up",
            entity_uid=fu.uid,
            summary=f"后续处置：{kind}{('至' + to_party) if to_party else ''}",
            after=after,
        )
        return fu.id


def complete_follow_up(
    ws: Workspace, follow_up_id: int, *, completed_on: date, note: str
) -> Changes:
    """Marks a follow-up 已完结 with the date and what was done (完结信息)."""
    ws.require(Permission.REVIEW)
    note = (note or "").strip()
    if not note:
        raise ValidationError("完结须填写完结情况 / a completion note is required")
    with ws.db.session() as s:
        fu = s.get(FollowUp, follow_up_id)
        if fu is None:
            raise NotFoundError(f"没有编号为{follow_up_id}的后续处置")
        if fu.status == FollowUpState.CLOSED:
            raise ConflictError(f"该后续处置已于{fu.completed_on}完结")
        result = s.get(Result, fu.result_id)
        if result and result.completed_on and completed_on < result.completed_on:
            raise ValidationError(f"完结日期{completed_on}早于检查完成日期{result.completed_on}")
        before = {"status": fu.status}
        fu.status = transition(FollowUpState, fu.status, FollowUpState.CLOSED)
        fu.completed_on = completed_on
        fu.note = f"{fu.note}\n完结：{note}" if fu.note else f"完结：{note}"
        log_event(
            s,
            ws.actor,
            "follow_up.complete",
            entity="follow_up",
            entity_uid=fu.uid,
            summary=f"后续处置完结（{fu.kind}）：{note}",
            before=before,
            after={"status": FollowUpState.CLOSED, "completed_on": completed_on.isoformat()},
        )
    return Changes.of(Area.FOLLOWUPS, Area.STATS, message="已完结")


def list_follow_ups(
    ws: Workspace, *, open_only: bool = False, today: date | None = None
) -> tuple[FollowUpRow, ...]:
    """Follow-ups, open ones first and by due date; `overdue` when a 责令改正 is past due."""
    today = today or local_today()
    stmt = (
        select(FollowUp, Target.name, Task.task_no, Department.name)
        .join(Result, Result.id == FollowUp.result_id)
        .join(Visit, Visit.id == Result.visit_id)
        .join(Target, Target.id == Visit.target_id)
        .join(Task, Task.id == Visit.task_id)
        .join(Department, Department.id == Result.department_id)
    )
    if open_only:
        stmt = stmt.where(FollowUp.status == FollowUpState.OPEN)
    with ws.db.read_session() as s:
        rows = s.execute(stmt).all()
    out = [
        FollowUpRow(
            fu.id,
            ResultId(fu.result_id),
            fu.kind,
            fu.to_party or "",
            fu.due_on,
            fu.status,
            fu.completed_on,
            fu.note or "",
            name,
            task_no,
            dept,
            fu.status == FollowUpState.OPEN and fu.due_on is not None and fu.due_on < today,
        )
        for fu, name, task_no, dept in rows
    ]
    out.sort(key=lambda r: (r.status != FollowUpState.OPEN, r.due_on or date.max, r.id))
    return tuple(out)
