"""Who may be drawn: one rule (registry.inspectors.eligible_on), used by the draw's pool
(services/plan/pools.py), by the registry's eligible-only list and eligible_inspectors, and said
in words by ineligibility(). All of them agree on a real database with inspectors who are
在岗, 调离 and 在岗 with a certificate that expired the day before."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.core.services.kernel.workspace import open_workspace
from app.core.services.plan import pools
from app.core.services.registry import inspectors
from app.core.storage.models import Inspector

DAY = date(2026, 3, 1)


@pytest.fixture
def ws(any_db_url: str):  # type: ignore[no-untyped-def]
    from app.core.demo import SampleSpec, registry_data

    w = open_workspace(any_db_url)
    registry_data.populate(w, random.Random(5), SampleSpec(targets=5, inspectors_per_department=3))
    yield w
    w.db.dispose()


def test_the_draw_pool_and_the_registry_use_one_eligibility_rule(ws) -> None:  # type: ignore[no-untyped-def]
    ids = inspectors.inspector_ids(ws)
    inspectors.set_inspector_status(ws, ids[0], active=False, reason="调离")
    with ws.db.session() as s:  # a certificate that ran out the day before, one valid that day
        s.get(Inspector, ids[1]).cert_expires_on = DAY - timedelta(days=1)
        s.get(Inspector, ids[2]).cert_expires_on = DAY
    with ws.db.read_session() as s:
        everyone = s.scalars(select(Inspector)).all()
        in_words = {
            i.cert_no
            for i in everyone
            if not inspectors.ineligibility(i.status, i.cert_expires_on, DAY)
        }
        pool, _ = pools.eligible_inspectors(s, departments=[], on=DAY)
    listed = {i.cert_no for i in inspectors.eligible_inspectors(ws, on=DAY)}
    query = inspectors.InspectorQuery(eligible_only=True, on=DAY)
    shown = {i.cert_no for i in inspectors._load(ws, inspectors.inspector_ids(ws, query))}
    assert {p["id"] for p in pool} == in_words == listed == shown
    cert = {i.id: i.cert_no for i in everyone}
    assert cert[ids[0]] not in in_words and cert[ids[1]] not in in_words
    assert cert[ids[2]] in in_words and 3 <= len(in_words) < len(everyone)
