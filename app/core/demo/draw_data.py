"""Sample draws: publish the sample plan and run a real DRAW-v1 session of task 1 with observers.

Leaves the sample county with visits and teams to inspect; must stay fast (one draw, no files).
"""

from __future__ import annotations

import random
from datetime import date
from typing import TYPE_CHECKING

from app.core.domain.states import PlanState
from app.core.services.draw import draws
from app.core.services.plan import plans

if TYPE_CHECKING:
    from app.core.services.kernel.workspace import Workspace

    from .sample import SampleSpec

DRAW_DAY = date(2026, 4, 8)


def publish_sample_plan(ws: Workspace, rng: random.Random, spec: SampleSpec) -> None:
    del rng, spec
    for plan in plans.list_plans(ws, year=2026):
        if plan.status == PlanState.DRAFT and plan.tasks:
            plans.publish_plan(ws, plan.id, on=date(2026, 3, 20))


def draw_sample_task(ws: Workspace, rng: random.Random, spec: SampleSpec) -> None:
    del spec
    dice = " ".join(str(rng.randint(1, 6)) for _ in range(10))
    dice2 = " ".join(str(rng.randint(1, 6)) for _ in range(8))
    draws.run_draw(
        ws,
        task_ref="五原市监抽查〔2026〕1号",
        observers=["公证员 王平", "企业代表 李娜"],
        observer_inputs=[dice, dice2],
        on=DRAW_DAY,
        signer="张明（操作员）",
    )


STEPS = [
    ("公示抽查计划 / publish plan", publish_sample_plan),
    ("公开随机抽取 / public draw", draw_sample_task),
]
