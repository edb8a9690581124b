"""The states of every life cycle (plans, tasks, visits, forms, results, follow-ups, penalty
cases, draws) and the moves allowed between them: the one source of these rules.

Each life cycle is a StrEnum whose values are the texts stored in the database (so a member
compares equal to the stored string and no migration is needed). Every status change goes
through `transition`, which refuses a move its table does not list, with the reason shown.
tests/core/domain/test_state_literals.py fails on a status literal written anywhere else in app/.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from app.core.domain.errors import ConflictError


class PlanState(StrEnum):
    """年度抽查计划: drafted, announced (公示), carried out, finished."""

    DRAFT = "草拟"
    ANNOUNCED = "公示"
    RUNNING = "执行中"
    DONE = "已完成"


class TaskState(StrEnum):
    """检查任务: waiting for its draw, drawn, being checked, done."""

    UNDRAWN = "待抽取"
    DRAWN = "已抽取"
    CHECKING = "检查中"
    DONE = "已完成"


class VisitState(StrEnum):
    """One visit to one business: the form's progress."""

    WAITING = "待检查"
    CHECKING = "检查中"
    DONE = "已完成"


class FormState(StrEnum):
    """One version of a checklist form: a draft, completed (sealed), or replaced by a correction."""

    DRAFT = "draft"
    COMPLETED = "completed"
    SUPERSEDED = "superseded"


class ResultState(StrEnum):
    """检查结果 of one department (谁检查、谁录入、谁公示)."""

    WAITING = "待检查"
    CHECKING = "检查中"
    DONE = "已完成"
    IN_REVIEW = "待审核"
    RETURNED = "退回"
    APPROVED = "通过"
    PUBLISHED = "已公示"


class Verdict(StrEnum):
    """One review level's decision on a result."""

    APPROVE = "通过"
    RETURN = "退回"


class FollowUpState(StrEnum):
    """后续处置: open until it is recorded as done."""

    OPEN = "未完结"
    CLOSED = "已完结"


class PenaltyStage(StrEnum):
    """立案 → 处罚决定 → 结案 of a penalty case."""

    FILED = "立案"
    DECIDED = "处罚决定"
    CLOSED = "结案"


class ConflictState(StrEnum):
    """A sync conflict: open until someone keeps this installation's version or the other's."""

    OPEN = "open"
    LOCAL = "local"
    INCOMING = "incoming"


class OutboxState(StrEnum):
    """A bundle file: written (done), waiting in the send queue, or sent to the office server."""

    DONE = "done"
    QUEUED = "queued"
    SENT = "sent"


class DrawState(StrEnum):
    """A draw session: locked until the reveal, then ok or infeasible; or aborted while locked."""

    LOCKED = "locked"
    OK = "ok"
    INFEASIBLE = "infeasible"
    ABORTED = "aborted"


S = TypeVar("S", bound=StrEnum)

_P, _T, _V, _F, _R = PlanState, TaskState, VisitState, FormState, ResultState

MOVES: dict[type[StrEnum], dict[StrEnum, frozenset[StrEnum]]] = {
    PlanState: {
        _P.DRAFT: frozenset({_P.ANNOUNCED}),
        _P.ANNOUNCED: frozenset({_P.RUNNING, _P.DRAFT}),
        _P.RUNNING: frozenset({_P.DONE}),
        _P.DONE: frozenset(),
    },
    TaskState: {
        _T.UNDRAWN: frozenset({_T.DRAWN}),
        _T.DRAWN: frozenset({_T.CHECKING, _T.DONE}),
        _T.CHECKING: frozenset({_T.DONE}),
        _T.DONE: frozenset(),
    },
    # A correction of a completed form reopens its visit; a result recorded without a form
    # (结果录入 on paper) completes a visit that was never started.
    VisitState: {
        _V.WAITING: frozenset({_V.CHECKING, _V.DONE}),
        _V.CHECKING: frozenset({_V.DONE}),
        _V.DONE: frozenset({_V.CHECKING}),
    },
    FormState: {
        # A draft is superseded when a sync conflict is settled for the other side's version.
        _F.DRAFT: frozenset({_F.COMPLETED, _F.SUPERSEDED}),
        _F.COMPLETED: frozenset({_F.SUPERSEDED}),
        _F.SUPERSEDED: frozenset(),
    },
    # 结果公示 flow, per department (谁检查、谁录入、谁公示).
    ResultState: {
        _R.WAITING: frozenset({_R.CHECKING, _R.DONE}),
        _R.CHECKING: frozenset({_R.DONE}),
        _R.DONE: frozenset({_R.IN_REVIEW}),
        _R.IN_REVIEW: frozenset({_R.RETURNED, _R.APPROVED}),
        _R.RETURNED: frozenset({_R.CHECKING, _R.DONE}),
        _R.APPROVED: frozenset({_R.PUBLISHED, _R.RETURNED}),
        _R.PUBLISHED: frozenset(),
    },
    FollowUpState: {
        FollowUpState.OPEN: frozenset({FollowUpState.CLOSED}),
        FollowUpState.CLOSED: frozenset(),
    },
    PenaltyStage: {
        PenaltyStage.FILED: frozenset({PenaltyStage.DECIDED}),
        PenaltyStage.DECIDED: frozenset({PenaltyStage.CLOSED}),
        PenaltyStage.CLOSED: frozenset(),
    },
    ConflictState: {
        ConflictState.OPEN: frozenset({ConflictState.LOCAL, ConflictState.INCOMING}),
        ConflictState.LOCAL: frozenset(),
        ConflictState.INCOMING: frozenset(),
    },
    # Queueing again (a sent bundle resent, a queued one retried now) starts its attempts over.
    OutboxState: {
        OutboxState.DONE: frozenset({OutboxState.QUEUED}),
        OutboxState.QUEUED: frozenset({OutboxState.QUEUED, OutboxState.SENT}),
        OutboxState.SENT: frozenset({OutboxState.QUEUED}),
    },
    DrawState: {
        DrawState.LOCKED: frozenset({DrawState.OK, DrawState.INFEASIBLE, DrawState.ABORTED}),
        DrawState.OK: frozenset(),
        DrawState.INFEASIBLE: frozenset(),
        DrawState.ABORTED: frozenset(),
    },
}

_NAMES: dict[type[StrEnum], str] = {
    PlanState: "计划",
    TaskState: "任务",
    VisitState: "检查",
    FormState: "检查表",
    ResultState: "检查结果",
    FollowUpState: "后续处置",
    PenaltyStage: "立案查处",
    ConflictState: "同步冲突",
    OutboxState: "发送队列",
    DrawState: "抽取",
}


def allowed_moves(current: S) -> frozenset[S]:
    """The states `current` may move to, by its life cycle's table."""
    return MOVES[type(current)].get(current, frozenset())  # type: ignore[return-value]


def transition(cycle: type[S], current: str | None, new: str) -> S:
    """`new` as a member of `cycle` if its table allows current → new, else ConflictError
    naming both. Both may be the stored texts (plain strings read from the database)."""
    values = set(cycle.__members__.values())
    if current not in values or new not in values or cycle(new) not in MOVES[cycle][cycle(current)]:
        kind = _NAMES[cycle]
        raise ConflictError(
            f"{kind}状态不能从“{current}”变为“{new}”。 / {kind}: {current} → {new} is not allowed."
        )
    return cycle(new)


def take_back(cycle: type[S], current: str | None, previous: str) -> S:
    """`previous` as a member of `cycle` when an undo may return a record from `current` to it:
    only along a move the table allows forward (previous → current, the move being taken
    back), else ConflictError naming both. No life cycle gains a backward move for anyone else."""
    values = set(cycle.__members__.values())
    if (
        current not in values
        or previous not in values
        or cycle(current) not in MOVES[cycle][cycle(previous)]
    ):
        kind = _NAMES[cycle]
        raise ConflictError(
            f"{kind}状态不能从“{current}”撤销回“{previous}”。"
            f" / {kind}: {current} cannot be taken back to {previous}."
        )
    return cycle(previous)


# The stored texts of each life cycle, in order (for choices in the CLI and filters).
PLAN_STATES = tuple(PlanState)
TASK_STATES = tuple(TaskState)
VISIT_STATES = tuple(VisitState)
RESULT_STATES = tuple(ResultState)
DRAW_STATES = tuple(DrawState)

# A result in one of these states records a check that was made (the form completed).
RESULT_DONE = (
    ResultState.DONE,
    ResultState.IN_REVIEW,
    ResultState.RETURNED,
    ResultState.APPROVED,
    ResultState.PUBLISHED,
)
