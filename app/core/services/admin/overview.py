"""Read models for the window's frame: key counts for the status bar and the menus, and small
tables (cheap to import: the window shows these before its pages load)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.core.domain.states import ConflictState
from app.core.services.checklist.visit_list import visit_counts
from app.core.services.kernel.workspace import Workspace
from app.core.storage.models import InspectionItem, Inspector, Plan, SyncConflict, Target, Task


@dataclass(frozen=True)
class Counts:
    targets: int
    inspectors: int
    items: int
    plans: int
    tasks: int
    visits_open: int


def counts(ws: Workspace) -> Counts:
    todo = visit_counts(ws)["todo"]
    with ws.db.read_session() as s:

        def n(stmt) -> int:  # type: ignore[no-untyped-def]
            return int(s.scalar(stmt) or 0)

        return Counts(
            targets=n(select(func.count()).select_from(Target).where(Target.is_active)),
            inspectors=n(
                select(func.count()).select_from(Inspector).where(Inspector.status == "在岗")
            ),
            items=n(
                select(func.count()).select_from(InspectionItem).where(InspectionItem.is_current)
            ),
            plans=n(select(func.count()).select_from(Plan)),
            tasks=n(select(func.count()).select_from(Task)),
            # the same count as the 检查表 tab's 待检查 for this user (an inspector: their own)
            visits_open=todo,
        )


@dataclass(frozen=True)
class Table:
    """A small read model: column titles and rows of display strings."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _text(value: object) -> str:
    return "" if value is None else str(value)


def tasks_table(ws: Workspace) -> Table:
    """Every task with its plan and state — the plan tab's overview until a task is opened."""
    with ws.db.read_session() as s:
        rows = s.execute(
            select(
                Task.task_no,
                Task.name,
                Plan.name,
                Plan.status,
                Task.status,
                Task.start_on,
                Task.end_on,
            )
            .join(Plan, Plan.id == Task.plan_id, isouter=True)
            .order_by(Task.year.desc(), Task.short_name, Task.seq_no)
        ).all()
    return Table(
        ("任务编号", "任务名称", "所属计划", "计划状态", "任务状态", "开始", "结束"),
        tuple(tuple(_text(v) for v in r) for r in rows),
    )


def open_conflict_count(ws: Workspace) -> int:
    """Sync conflicts waiting for a supervisor (the 数据交换 menu's 冲突处理 entry)."""
    with ws.db.read_session() as s:
        return int(
            s.scalar(
                select(func.count())
                .select_from(SyncConflict)
                .where(SyncConflict.status == ConflictState.OPEN)
            )
            or 0
        )
