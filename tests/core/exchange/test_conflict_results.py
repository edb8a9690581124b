"""One consistent result per form: a form conflict's resolution re-derives the result from the
chosen form in the same transaction, and publication refuses a result that contradicts its form.

The path of issue 21: the same visit is completed at the office (未发现问题, already submitted
for review) and on the laptop (发现问题已责令改正); the laptop's bundle comes back with a form
conflict and a result conflict.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, update

from app.core.domain.errors import ConflictError
from app.core.services.exchange import sync_conflicts
from app.core.services.results import publication, results, reviews
from app.core.storage.models import Inspection, Result, Visit
from tests.helpers.inspection_helpers import make_visit
from tests.helpers.office_helpers import complete_form, conflicting_round_trip


def _result(ws, visit_uid: str) -> Result:
    with ws.db.read_session() as s:
        r = s.scalars(
            select(Result).join(Visit, Visit.id == Result.visit_id).where(Visit.uid == visit_uid)
        ).one()
        s.expunge(r)
        return r


@pytest.fixture
def round_trip(sample_workspace, tmp_path: Path):
    """Office and laptop both completed the same visit differently; the laptop's results are in."""
    laptop, _visit_id, visit_uid = conflicting_round_trip(sample_workspace, tmp_path)
    yield sample_workspace, visit_uid
    laptop.db.dispose()


def test_taking_the_laptops_form_re_derives_the_result_and_closes_its_result_conflict(
    round_trip,
) -> None:
    office, visit_uid = round_trip
    assert _result(office, visit_uid).result_codes == ["1"]
    form_conflict = next(
        c for c in sync_conflicts.list_conflicts(office) if c.entity == "inspection"
    )
    sync_conflicts.resolve_conflict(office, form_conflict.id, keep="incoming")

    r = _result(office, visit_uid)
    with office.db.read_session() as s:
        newest = s.scalars(
            select(Inspection)
            .join(Visit, Visit.id == Inspection.visit_id)
            .where(Visit.uid == visit_uid)
            .order_by(Inspection.version_no.desc())
        ).first()
        assert newest.status == "completed" and newest.data["result_codes"] == ["E"]
    assert r.inspection_id == newest.id
    assert r.result_codes == ["E"]  # 发现问题已责令改正, as the signed form says
    assert r.status == "已完成"  # to be submitted for review as the chosen form says
    assert [i["findings"] for i in r.item_results if i["findings"]] in (
        [],
        ["灭火器过期，已当场责令改正"],
    )
    # No result conflict is left that could put the old result back.
    assert [c for c in sync_conflicts.list_conflicts(office) if c.entity == "result"] == []


def test_keeping_the_office_form_keeps_the_result_consistent_and_any_result_choice_works(
    round_trip,
) -> None:
    office, visit_uid = round_trip
    open_ = sync_conflicts.list_conflicts(office)
    for c in [c for c in open_ if c.entity == "result"]:  # the result first: no raw uid error
        sync_conflicts.resolve_conflict(office, c.id, keep="incoming")
    r = _result(office, visit_uid)
    with office.db.read_session() as s:
        form = s.get(Inspection, r.inspection_id)
        assert form is not None and form.status == "completed"
        assert r.result_codes == form.data["result_codes"]
    for c in sync_conflicts.list_conflicts(office):
        sync_conflicts.resolve_conflict(office, c.id, keep="local")
    r = _result(office, visit_uid)
    with office.db.read_session() as s:
        form = s.get(Inspection, r.inspection_id)
        current = s.scalars(
            select(Inspection).where(
                Inspection.visit_id == form.visit_id, Inspection.status == "completed"
            )
        ).one()
    assert form.id == current.id and r.result_codes == current.data["result_codes"]
    assert sync_conflicts.list_conflicts(office) == []


def test_publication_refuses_a_result_that_contradicts_its_signed_form(
    sample_workspace, tmp_path: Path
) -> None:
    ws = sample_workspace
    visit_id, _ = make_visit(ws)
    complete_form(ws, visit_id, ["E"], "已责令改正")
    [row] = [r for r in results.list_results(ws, statuses=["已完成"]) if r.visit_id == visit_id]
    reviews.submit_for_review(ws, [row.id])
    reviews.approve_results(ws, [row.id])
    with ws.db.session() as s:  # what an old merge could leave behind
        s.execute(update(Result).where(Result.id == row.id).values(result_codes=["1"]))
    with pytest.raises(ConflictError) as err:
        publication.publish_task(ws, row.task_no, xlsx_path=tmp_path / "公告.xlsx")
    assert row.target_name in str(err.value) and "检查表" in str(err.value)
    assert not (tmp_path / "公告.xlsx").exists()
    assert _result(ws, _visit_uid(ws, visit_id)).status == "通过"


def _visit_uid(ws, visit_id: int) -> str:
    with ws.db.read_session() as s:
        return s.get(Visit, visit_id).uid


def test_results_from_a_laptop_without_the_years_calendar_arrive_with_their_publication_deadline(
    sample_workspace, tmp_path: Path
) -> None:
    from datetime import datetime

    from app.core.services.checklist import inspections
    from app.core.services.exchange import bundle_export, bundles
    from app.core.storage.models import Inspector
    from tests.helpers.bundle_helpers import pair
    from tests.helpers.inspection_helpers import fill_all, sign_all

    office = sample_workspace
    visit_id, team = make_visit(office)
    with office.db.read_session() as s:
        cert = s.get(Inspector, team[0]).cert_no
        uid = s.get(Visit, visit_id).uid
    laptop = pair(office, tmp_path / "laptop.db", tmp_path)
    try:
        a = bundle_export.export_bundle(
            office, "assignments", tmp_path / "a.zip", inspector_cert=cert
        )
        bundles.import_bundle(laptop, a.path)
        with laptop.db.read_session() as s:
            lv = s.scalar(select(Visit.id).where(Visit.uid == uid))
        form = inspections.start_inspection(laptop, lv)
        fill_all(laptop, form)
        inspections.save_draft(laptop, form.id, started_at=datetime(2026, 5, 12, 10, 0))
        sign_all(laptop, inspections.current_form(laptop, lv))
        inspections.complete_inspection(laptop, form.id, ended_at=datetime(2026, 5, 12, 11, 0))
        with laptop.db.session() as s:  # the laptop's calendar had no 2026: no deadline there
            s.execute(update(Result).values(publish_due_on=None))
        out = bundle_export.export_bundle(laptop, "results", tmp_path / "r.zip")
        bundles.import_bundle(office, out.path)
        [row] = [
            r for r in results.list_results(office, statuses=["已完成"]) if r.visit_id == visit_id
        ]
        assert row.completed_on.isoformat() == "2026-05-12"
        assert row.publish_due_on is not None and row.publish_due_on.isoformat() == "2026-06-09"
    finally:
        laptop.db.dispose()


def test_re_deriving_sends_a_changed_result_under_review_back_and_never_rewrites_a_published_one(
    sample_workspace,
) -> None:
    from app.core.domain.roles import SYSTEM_ACTOR
    from app.core.services.checklist.visit_results import rederive_results

    ws = sample_workspace
    visit_id, _ = make_visit(ws)
    complete_form(ws, visit_id, ["E"], "已责令改正")
    [row] = [r for r in results.list_results(ws, statuses=["已完成"]) if r.visit_id == visit_id]
    reviews.submit_for_review(ws, [row.id])
    with ws.db.session() as s:  # a stale result under review, as an old merge left it
        s.execute(update(Result).where(Result.id == row.id).values(result_codes=["1"]))
    with ws.db.session() as s:
        assert rederive_results(s, SYSTEM_ACTOR, visit_id) == 1
    r = _result(ws, _visit_uid(ws, visit_id))
    assert r.result_codes == ["E"] and r.status == "已完成"
    moves = [(e.from_status, e.to_status) for e in results.result_events(ws, row.id)]
    assert moves[-2:] == [("待审核", "退回"), ("退回", "已完成")]

    with ws.db.session() as s:
        s.execute(
            update(Result).where(Result.id == row.id).values(status="已公示", result_codes=["1"])
        )
    with ws.db.session() as s, pytest.raises(ConflictError, match="已公示"):
        rederive_results(s, SYSTEM_ACTOR, visit_id)
    assert _result(ws, _visit_uid(ws, visit_id)).result_codes == ["1"]


def test_cli_lists_conflicts_in_the_users_words(round_trip, sample_db: Path) -> None:
    import re

    from tests.conftest import run_app

    office, _visit_uid = round_trip
    [business] = {c.business for c in sync_conflicts.list_conflicts(office)}
    listed = run_app("--db", str(sample_db), "bundle", "conflicts")
    assert listed.returncode == 0, listed.stderr
    assert f"{business} · 检查表 · 五原市监抽查〔2026〕1号" in listed.stdout
    assert "检查结果：本机 未发现问题 ｜ 对方 发现问题已责令改正" in listed.stdout
    assert "发现的问题：本机 — ｜ 对方 灭火器过期，已当场责令改正" in listed.stdout
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-|_uid|\['", listed.stdout), listed.stdout
