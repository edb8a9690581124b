"""The engine (fast paths) and the public verifier (plain, spec-literal) agree on random draws.

Random populations, strata and teams are drawn by the engine; the plain verifier recomputes
every record from its manifest, population and reveal and must find nothing to report, and a
record changed after the draw must fail it. The quota rule used by the app (engine.quota, used by
services/plan/pools.py) equals the verifier's on random inputs.
"""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.draw import engine, verifier
from app.core.services.plan import pools

ids = st.sampled_from(["A1", "A2", "B1", "B2", "C1", "企业甲", "Z9", " a  b ", "e\u0301"])
codes = st.sampled_from(["S1", "S2", "食品"])
depts = st.sampled_from(["D1", "D2"])


@st.composite
def draw_inputs(draw: st.DrawFn) -> dict:
    target_ids = draw(st.lists(ids, unique_by=engine.norm, max_size=8))
    targets = [{"id": i, "name": "n" + i, "stratum": draw(codes)} for i in target_ids]
    inspectors = [
        {"id": f"P{n}", "name": f"p{n}", "department": draw(depts),
         "qualifications": draw(st.lists(codes, max_size=2))}
        for n in range(draw(st.integers(0, 6)))
    ]  # fmt: skip
    strata = []
    for code in draw(st.lists(codes, unique=True, max_size=3)):
        own = [t["id"] for t in targets if t["stratum"] == code]
        mandatory = draw(st.lists(st.sampled_from(own), unique=True)) if own else []
        stratum = {"code": code, "mandatory": mandatory}
        if draw(st.booleans()):
            stratum["ratio_permille"] = draw(st.integers(0, 1000))
        else:
            stratum["count"] = draw(st.integers(0, 5))
        strata.append(stratum)
    team = None
    if draw(st.booleans()):
        team = {"size": draw(st.integers(1, 3)),
                "departments": draw(st.lists(depts, unique=True, max_size=2)),
                "qualification": {c: c for c in draw(st.lists(codes, unique=True, max_size=1))},
                "max_load": draw(st.none() | st.integers(0, 3))}  # fmt: skip
    conflicts = [[p["id"], t["id"]] for p in inspectors for t in targets if draw(st.booleans())]
    return {
        "protocol": "DRAW-v1.1",
        "session": {"task_no": "T"},
        "population": {"targets": targets, "inspectors": inspectors, "conflicts": conflicts[:5]},
        "strata": strata,
        "team": team,
        "office_secret": draw(st.binary(min_size=32, max_size=32)).hex(),
        "observers": ["甲", "乙"],
        "observer_inputs": [draw(st.text(max_size=3)), "6 6"],
        "public_value_source": "",
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(draw_inputs())
def test_the_plain_verifier_recomputes_every_engine_record(data: dict) -> None:
    record = engine.replay(data)
    assert verifier.verify_record(record) == []
    assert verifier.verify_record(copy.deepcopy(record)) == []
    changed = copy.deepcopy(record)
    changed["seed"] = "0" * 64
    assert verifier.verify_record(changed)


@given(
    st.integers(0, 2000),
    st.one_of(st.integers(0, 1000).map(lambda r: {"ratio_permille": r}),
              st.integers(0, 3000).map(lambda c: {"count": c})),
    st.integers(0, 50),
)  # fmt: skip
def test_engine_and_verifier_share_the_quota_rule(
    eligible: int, rule: dict, mandatory: int
) -> None:
    stratum = {"code": "S", **rule, "mandatory": [f"M{n}" for n in range(mandatory)]}
    k = verifier.quota(stratum, eligible)
    assert engine.quota(stratum, eligible=eligible) == k
    # The product's entry (a plan's stratum rule, as the task's draw and its preview use it).
    assert pools.quota_for(rule, eligible, mandatory) == k
