"""The sample county a new user plays with: every seeded state is consistent (no open visit or
draft form carrying a published result, no result contradicting its signed form), and a few
open visits are ready to fill — the first form a new user completes just works."""

from __future__ import annotations

from sqlalchemy import select

from app.core.services.checklist import inspections
from app.core.services.results import results
from app.core.services.results.form_results import contradiction
from app.core.storage.models import Inspection, Result, Visit
from tests.helpers.inspection_helpers import sign_all
from tests.helpers.office_helpers import complete_form

DONE = {"已完成", "待审核", "退回", "通过", "已公示"}


def test_every_seeded_state_is_consistent(sample_workspace) -> None:
    with sample_workspace.db.read_session() as s:
        visits = {v.id: v for v in s.scalars(select(Visit).where(~Visit.is_cancelled))}
        newest: dict[int, Inspection] = {}
        for f in s.scalars(select(Inspection).order_by(Inspection.version_no)):
            newest[f.visit_id] = f
        bad = []
        for r in s.scalars(select(Result)):
            v = visits.get(r.visit_id)
            if v is None:
                continue
            form = newest.get(v.id)
            if v.status in ("待检查", "检查中") and r.status in DONE:
                bad.append(f"open visit {v.id} ({v.status}) has a result {r.status}")
            if form is not None and form.status == "draft" and r.status in DONE:
                bad.append(f"visit {v.id} with a draft form has a result {r.status}")
            if form is not None and form.status == "draft" and v.status == "已完成":
                bad.append(f"visit {v.id} with a draft form is marked 已完成")
            if (why := contradiction(s, r)) is not None:
                bad.append(why)
        assert not bad, bad


def test_open_visits_are_ready_to_fill_and_the_first_form_completes(sample_workspace) -> None:
    ws = sample_workspace
    with ws.db.read_session() as s:
        with_forms = set(s.scalars(select(Inspection.visit_id)))
        ready = [
            v.id
            for v in s.scalars(select(Visit).where(Visit.status == "待检查", ~Visit.is_cancelled))
            if v.id not in with_forms
        ]
    assert len(ready) >= 3, ready
    complete_form(ws, ready[0], ["1"])
    [row] = [r for r in results.list_results(ws) if r.visit_id == ready[0]]
    assert row.status == "已完成" and row.result_codes == ("1",)

    # The draft the sample leaves half-way can be finished too.
    with ws.db.read_session() as s:
        draft = s.scalars(select(Inspection).where(Inspection.status == "draft")).first()
    assert draft is not None
    form = inspections.current_form(ws, draft.visit_id)
    from tests.helpers.inspection_helpers import fill_all

    fill_all(ws, form)
    sign_all(ws, inspections.current_form(ws, draft.visit_id))
    done = inspections.complete_inspection(ws, form.id)
    assert done.status == "completed"
