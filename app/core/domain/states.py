"""The states of plans, visits and results, and the moves allowed between them.

One table per life cycle; services refuse any move not listed (with the reason shown).
"""

from __future__ import annotations

from app.core.domain.errors import ConflictError

PLAN_STATES = ("草拟", "公示", "执行中", "已完成")
PLAN_MOVES = {"草拟": {"公示"}, "公示": {"执行中", "草拟"}, "执行中": {"已完成"}, "已完成": set()}

TASK_STATES = ("待抽取", "已抽取", "检查中", "已完成")

VISIT_STATES = ("待检查", "检查中", "已完成")

# 结果公示 flow, per department (谁检查、谁录入、谁公示).
RESULT_STATES = ("待检查", "检查中", "已完成", "待审核", "退回", "通过", "已公示")
# A result in one of these states records a check that was made (the form completed).
RESULT_DONE = ("已完成", "待审核", "退回", "通过", "已公示")
RESULT_MOVES = {
    "待检查": {"检查中", "已完成"},
    "检查中": {"已完成"},
    "已完成": {"待审核"},
    "待审核": {"退回", "通过"},
    "退回": {"检查中", "已完成"},
    "通过": {"已公示", "退回"},
    "已公示": set(),
}

DRAW_STATES = ("locked", "ok", "infeasible", "aborted")


def check_move(kind: str, moves: dict[str, set[str]], current: str, new: str) -> None:
    if new not in moves.get(current, set()):
        raise ConflictError(
            f"{kind}状态不能从“{current}”变为“{new}”。 / {kind}: {current} → {new} is not allowed."
        )
