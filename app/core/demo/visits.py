"""A sample visit with its two-person team (组长 + 成员), as the demo steps add them by hand.

Sample data only: writes into the caller's session, no audit events of its own.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from app.core.domain.states import VisitState
from app.core.storage.models import Visit, VisitMember


def add_sample_visit(
    s: Session,
    rng: random.Random,
    *,
    task_id: int,
    target_id: int,
    people: Sequence[Any],
    reason: str,
) -> Visit:
    """A manual 待检查 visit of stratum 示例, led by one of two people drawn from `people`."""
    visit = Visit(
        task_id=task_id,
        target_id=target_id,
        source="manual",
        stratum="示例",
        status=VisitState.WAITING,
    )
    s.add(visit)
    s.flush()
    for pos, person in enumerate(rng.sample(list(people), k=2)):
        s.add(
            VisitMember(
                visit_id=visit.id,
                inspector_id=person.id,
                position=pos,
                role="组长" if pos == 0 else "成员",
                source="manual",
                reason=reason,
            )
        )
    return visit
