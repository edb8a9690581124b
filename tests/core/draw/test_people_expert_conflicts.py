"""Experts have conflicts of interest like inspectors: a declared 回避 between the only food
expert and a drawn business is in the expert draw's population and keeps the expert off that
team — here the draw cannot staff it and is void, naming the business; the record verifies."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.domain.errors import ValidationError
from app.core.draw import verify_record
from app.core.services.draw import draw_views, draws
from app.core.services.registry.conflicts import declare_expert_conflict
from app.core.storage.models import AuditEvent, Expert, Target
from tests.helpers.plan_helpers import DRAW_DAY, food_draft, published_plan_with


def test_an_experts_declared_conflict_keeps_them_off_the_team(sample_workspace) -> None:
    ws = sample_workspace
    _plan, (task_no,) = published_plan_with(ws, food_draft(expert_count=1, expert_expertise="食品"))
    drawn = draws.run_draw(ws, task_ref=task_no, observer_inputs=["3 1 4"], on=DRAW_DAY)
    first = drawn.targets[0]
    with ws.db.read_session() as s:
        expert = s.scalars(select(Expert).where(Expert.name == "钱丽华")).one()
        target = s.scalars(
            select(Target).where((Target.uscc == first.id) | (Target.reg_no == first.id))
        ).one()
        code = target.uscc or target.reg_no
    with pytest.raises(ValidationError, match="回避原因"):
        declare_expert_conflict(ws, expert_code=expert.code, target_code=code, reason=" ")
    declare_expert_conflict(
        ws, expert_code=expert.code, target_code=code, reason="曾为该企业提供食品安全咨询"
    )
    experts = draws.run_draw(
        ws, task_ref=task_no, observer_inputs=["5"], kind="experts", on=DRAW_DAY
    )
    record = draw_views.draw_record_of(ws, experts.view.id)
    assert [expert.code, code] in record["population"]["conflicts"]
    assert record["status"] == "infeasible" and record["error"]["target"] == code
    assert verify_record(record) == []
    with ws.db.read_session() as s:
        assert s.scalars(
            select(AuditEvent).where(AuditEvent.action == "conflict.declare_expert")
        ).one()
