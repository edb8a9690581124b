"""Random batches for a task's visits (五原 第八条: 重点 items with high ratios may be checked in
randomly ordered batches).

The number of batches is fixed before the draw (setting `batches.<task uid>`, audited); the
order comes from the public record alone: each drawn target's ticket("batch", code) under the
record's seed (DRAW-v1 §5's HMAC form with the label "batch"), ascending, cut into N
consecutive batches whose sizes differ by at most one (the earlier ones larger). Anyone holding
the record recomputes the batches with the standard library; nothing of the protocol changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.core.domain.errors import ConflictError, ValidationError
from app.core.domain.roles import Permission
from app.core.domain.states import DrawState
from app.core.draw import ticket
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.reference import get_setting, set_setting
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.services.plan.task_views import find_task
from app.core.storage.models import DrawSession

LABEL = "batch"
MAX_BATCHES = 12


@dataclass(frozen=True)
class Batch:
    number: int  # 1-based
    targets: tuple[tuple[str, str, str], ...]  # (code, name, stratum) in ticket order


def _key(uid: str) -> str:
    return f"batches.{uid}"


def set_batches(ws: Workspace, task_ref: int | str, count: int) -> Changes:
    """Fix the number of batches of a task before its draw (1 = no batches)."""
    ws.require(Permission.EDIT_PLANS)
    if not isinstance(count, int) or not 1 <= count <= MAX_BATCHES:
        raise ValidationError(f"批次数：须为 1–{MAX_BATCHES} 的整数。 / batches: 1..{MAX_BATCHES}")
    with ws.db.session() as s:
        task = find_task(s, task_ref)
        drawn = s.scalar(
            select(func.count())
            .select_from(DrawSession)
            .where(
                DrawSession.task_id == task.id,
                DrawSession.kind == "targets",
                DrawSession.status.in_((DrawState.LOCKED, DrawState.OK)),
            )
        )
        if drawn:
            raise ConflictError(
                f"任务 {task.task_no} 已锁定或完成抽取：批次数须在抽取前确定。 / Fix batches before the draw."
            )
        before = get_setting(s, _key(task.uid), 1)
        set_setting(s, _key(task.uid), count)
        log_event(
            s,
            ws.actor,
            "task.batches",
            entity="task",
            entity_uid=task.uid,
            summary=f"{task.task_no} 分 {count} 批随机检查",
            before={"batches": before},
            after={"batches": count},
        )
    return Changes.of(Area.TASKS, message=f"{task.task_no}：分 {count} 批")


def visit_batches(ws: Workspace, task_ref: int | str) -> tuple[int, list[Batch]]:
    """(batch count, batches) of a drawn task, recomputed from its public record."""
    with ws.db.read_session() as s:
        task = find_task(s, task_ref)
        count = int(get_setting(s, _key(task.uid), 1) or 1)
        row = s.scalar(
            select(DrawSession)
            .where(
                DrawSession.task_id == task.id,
                DrawSession.kind == "targets",
                DrawSession.status == DrawState.OK,
            )
            .order_by(DrawSession.id.desc())
        )
        if row is None or not row.record:
            raise ConflictError(f"任务 {task.task_no} 还没有有效的抽取结果。 / Not drawn yet.")
        record = row.record
        names = {t["id"]: t["name"] for t in row.population["targets"]}
    seed = bytes.fromhex(record["seed"])
    drawn = [(tid, e["stratum"]) for e in record["selection"] for tid in e["selected"]]
    drawn.sort(key=lambda x: (ticket(seed, LABEL, x[0]), x[0]))
    size, extra = divmod(len(drawn), count)
    out, start = [], 0
    for n in range(count):
        end = start + size + (1 if n < extra else 0)
        out.append(
            Batch(n + 1, tuple((tid, names.get(tid, tid), st) for tid, st in drawn[start:end]))
        )
        start = end
    return count, out
