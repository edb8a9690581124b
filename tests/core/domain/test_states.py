"""The life-cycle tables of app/core/domain/states.py: complete, and enforced by transition()."""

from __future__ import annotations

import pytest

from app.core.domain import states
from app.core.domain.errors import ConflictError
from app.core.domain.states import PlanState, ResultState, VisitState, transition


def test_every_life_cycle_has_a_table_naming_every_state():
    for cycle, table in states.MOVES.items():
        assert set(table) == set(cycle), cycle
        for targets in table.values():
            assert targets <= set(cycle), cycle


def test_a_member_is_the_stored_text():
    assert ResultState.PUBLISHED == "已公示" and VisitState.DONE == "已完成"
    assert f"{PlanState.RUNNING}" == "执行中"


def test_transition_allows_what_the_table_lists_and_returns_the_member():
    moved = transition(ResultState, "已完成", "待审核")
    assert moved is ResultState.IN_REVIEW


@pytest.mark.parametrize(
    ("cycle", "current", "new"),
    [
        (ResultState, "已公示", "退回"),  # a published result cannot be returned
        (PlanState, "已完成", "执行中"),
        (VisitState, "待检查", "待检查"),
        (PlanState, "草拟", "作废"),  # not a state at all
        (PlanState, None, "公示"),
    ],
)
def test_transition_refuses_a_move_the_table_does_not_list(cycle, current, new):
    with pytest.raises(ConflictError, match="状态不能从"):
        transition(cycle, current, new)
