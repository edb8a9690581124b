"""The public draw session through the services: lock, inputs, reveal, record, trail, reserve."""

from __future__ import annotations

import subprocess
from datetime import date

import openpyxl
import pytest

from app.core.domain.errors import ConflictError, PermissionDenied, ValidationError
from app.core.domain.roles import Actor, Role
from app.core.draw import verify_record
from app.core.services.draw import draw_results, draw_views, draws
from app.core.services.plan import plans, task_views, tasks
from app.core.services.plan.task_rules import StratumRule, TaskItemRule
from app.core.storage.models import (
    AuditEvent,
    Conflict,
    DrawSession,
    Inspector,
    Target,
    Visit,
    VisitMember,
)
from tests.helpers.plan_helpers import DRAW_DAY, food_draft, published_plan_with

INPUTS = ["3 1 4 1 5 9 2 6", "2 7 1 8 2 8"]


def _events(ws, action: str) -> list[AuditEvent]:
    with ws.db.read_session() as s:
        return list(s.query(AuditEvent).filter(AuditEvent.action == action))


def test_a_whole_session_draws_quotas_mandatory_and_teams_and_verifies(
    sample_workspace, tmp_path
) -> None:
    ws = sample_workspace
    draft = food_draft(mandatory_tags=("问题对象", "重点对象"), inspected_within_months=12)
    _plan, (task_no,) = published_plan_with(ws, draft)
    preview = task_views.preview_pool(ws, draft, on=DRAW_DAY)

    view = draws.lock_draw_session(
        ws, task_ref=task_no, observers=["公证员", "企业代表"], on=DRAW_DAY
    )
    assert view.status == "locked" and len(view.manifest_digest) == 64
    assert view.office_secret == ""  # hidden until the reveal
    assert [s.quota for s in view.strata] == [s.quota for s in preview.strata]

    outcome = draws.compute_draw(ws, session_id=view.id, observer_inputs=INPUTS)
    assert outcome.view.status == "ok" and outcome.view.office_secret
    record = draw_views.draw_record_of(ws, view.id)
    assert verify_record(record) == []
    for entry, size in zip(record["selection"], preview.strata, strict=True):
        assert entry["k"] == size.quota  # quota rounded up, through the service
        assert set(entry["mandatory"]) <= set(entry["selected"])
        manifest_stratum = next(
            s for s in record["manifest"]["strata"] if s["code"] == entry["stratum"]
        )
        assert not set(manifest_stratum["excluded"]) & set(entry["selected"])
    assert any(t.mandatory for t in outcome.targets)
    with ws.db.read_session() as s:
        visits = s.query(Visit).filter(Visit.draw_session_id == view.id).all()
        assert len(visits) == len(outcome.targets)
        for v in visits:
            members = s.query(VisitMember).filter(VisitMember.visit_id == v.id).all()
            assert len(members) == 2
            assert sorted(m.role for m in members) == ["成员", "组长"]
        expired = {
            i.cert_no
            for i in s.query(Inspector)
            if i.cert_expires_on and i.cert_expires_on < DRAW_DAY
        }
    assert not expired & {i["id"] for i in record["population"]["inspectors"]}
    draws.sign_off_draw(ws, session_id=view.id, signer="张明")
    assert draw_views.get_draw(ws, view.id).view.signed_off_by == "张明"
    assert (
        len(_events(ws, "draw.lock")) == 2 and len(_events(ws, "draw.compute")) == 2
    )  # sample's + ours
    assert task_views.get_task(ws, task_no).status == "已抽取"


def test_no_silent_redraw_every_attempt_numbered_and_kept(sample_workspace) -> None:
    ws = sample_workspace
    _plan, (task_no,) = published_plan_with(ws, food_draft())
    first = draws.lock_draw_session(ws, task_ref=task_no, observers=["甲"], on=DRAW_DAY)
    with pytest.raises(ConflictError, match="请先完成或中止"):
        draws.lock_draw_session(ws, task_ref=task_no, observers=["甲"], on=DRAW_DAY)
    with pytest.raises(ValidationError):
        draws.abort_draw(ws, session_id=first.id, reason=" ")
    draws.abort_draw(ws, session_id=first.id, reason="投影仪故障，重新组织")
    with pytest.raises(ConflictError):
        draws.compute_draw(ws, session_id=first.id, observer_inputs=["1"])
    second = draws.lock_draw_session(ws, task_ref=task_no, observers=["甲"], on=DRAW_DAY)
    assert second.attempt == 2
    draws.compute_draw(ws, session_id=second.id, observer_inputs=["6 6 6"])
    with pytest.raises(ConflictError, match="备选递补"):
        draws.lock_draw_session(ws, task_ref=task_no, observers=["甲"], on=DRAW_DAY)
    trail = draw_views.list_draw_sessions(ws, task_ref=task_no)
    assert [(v.attempt, v.status) for v in trail] == [(2, "ok"), (1, "aborted")]
    assert trail[1].abort_reason == "投影仪故障，重新组织"
    with pytest.raises(ConflictError):  # a task whose draw started is frozen
        tasks.update_task(ws, task_views.get_task(ws, task_no).id, food_draft(), reason="改")


def test_wrong_number_of_inputs_is_refused_and_nothing_changes(sample_workspace) -> None:
    ws = sample_workspace
    _plan, (task_no,) = published_plan_with(ws, food_draft())
    view = draws.lock_draw_session(ws, task_ref=task_no, observers=["甲", "乙"], on=DRAW_DAY)
    with pytest.raises(ValidationError):
        draws.compute_draw(ws, session_id=view.id, observer_inputs=["1"])
    assert draw_views.get_draw(ws, view.id).view.status == "locked"


def test_infeasible_team_voids_the_draw_but_keeps_it_in_the_trail(
    sample_workspace, tmp_path
) -> None:
    ws = sample_workspace
    draft = food_draft(
        strata=(StratumRule("A", credit_grades=("A",), count=2, qualification="无人持有的资格"),)
    )
    _plan, (task_no,) = published_plan_with(ws, draft)
    out = draws.run_draw(ws, task_ref=task_no, observer_inputs=["1 2 3"], on=DRAW_DAY)
    assert out.view.status == "infeasible"
    assert "no eligible inspector" in out.view.error or "not enough" in out.view.error
    record = draw_views.draw_record_of(ws, out.view.id)
    assert record["assignment"] is None and verify_record(record) == []
    with ws.db.read_session() as s:
        assert s.query(Visit).filter(Visit.draw_session_id == out.view.id).count() == 0
        assert (
            s.query(DrawSession).filter(DrawSession.id == out.view.id).one().status == "infeasible"
        )
    assert task_views.get_task(ws, task_no).status == "待抽取"
    pdf = draw_results.export_draw_notice_pdf(
        ws, session_id=out.view.id, path=tmp_path / "void.pdf"
    )
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "结果不得使用" in text.replace("\n", "")
    again = draws.lock_draw_session(ws, task_ref=task_no, observers=["甲"], on=DRAW_DAY)
    assert again.attempt == 2


def test_reserve_replacement_uses_the_published_order_never_a_new_draw(sample_workspace) -> None:
    ws = sample_workspace
    _plan, (task_no,) = published_plan_with(ws, food_draft())
    out = draws.run_draw(ws, task_ref=task_no, observer_inputs=INPUTS, on=DRAW_DAY)
    record = draw_views.draw_record_of(ws, out.view.id)
    a = next(e for e in record["selection"] if e["stratum"] == "A")
    rows = [r for r in draw_results.visit_rows(ws, out.view.id) if r.row.stratum == "A"]
    first = draws.replace_drawn_target(ws, visit_id=rows[0].visit_id, reason="已注销")
    assert first.new_code == a["reserve"][0]
    second = draws.replace_drawn_target(ws, visit_id=rows[1].visit_id, reason="经营场所无法联系")
    assert second.new_code == a["reserve"][1]
    with pytest.raises(ConflictError):
        draws.replace_drawn_target(ws, visit_id=rows[0].visit_id, reason="再次")
    with ws.db.read_session() as s:
        old = s.get(Visit, rows[0].visit_id)
        new = s.get(Visit, first.new_visit_id)
        assert old.is_cancelled and old.replaced_reason == "已注销"
        assert new.source == "reserve" and new.replaces_visit_id == old.id
        assert (
            s.query(VisitMember).filter(VisitMember.visit_id == new.id).count()
            == first.team_carried
        )
    events = _events(ws, "draw.replace")
    assert len(events) == 2 and "已注销" in events[0].summary
    assert len(draw_views.list_draw_sessions(ws, task_ref=task_no)) == 1  # no new draw happened
    shown = draw_results.visit_rows(ws, out.view.id)
    assert any("递补" in r.row.note for r in shown) and any(r.cancelled for r in shown)


def test_inspectors_later_with_their_own_manifest_then_experts(sample_workspace) -> None:
    ws = sample_workspace
    draft = food_draft(expert_count=1, expert_expertise="食品")
    _plan, (task_no,) = published_plan_with(ws, draft)
    targets = draws.run_draw(
        ws, task_ref=task_no, observer_inputs=INPUTS, with_team=False, on=DRAW_DAY
    )
    assert all(not t.team for t in targets.targets)
    assert draw_results.drawable_tasks(ws)[0].task_no  # listing works
    later = draws.run_draw(
        ws, task_ref=task_no, observer_inputs=["4 4 2"], kind="inspectors", on=DRAW_DAY
    )
    assert later.view.based_on_id == targets.view.id
    assert later.view.manifest_digest != targets.view.manifest_digest
    assert later.view.seed != targets.view.seed
    assert len(later.targets) == len(targets.targets) and all(
        len(t.team) == 2 for t in later.targets
    )
    assert verify_record(draw_views.draw_record_of(ws, later.view.id)) == []
    with pytest.raises(ConflictError):
        draws.lock_draw_session(
            ws, task_ref=task_no, observers=["甲"], kind="inspectors", on=DRAW_DAY
        )
    experts = draws.run_draw(
        ws, task_ref=task_no, observer_inputs=["5"], kind="experts", on=DRAW_DAY
    )
    assert experts.view.status == "ok"
    assert all(t.team[0].name == "钱丽华" for t in experts.targets)  # the only food expert
    with ws.db.read_session() as s:
        assert s.query(VisitMember).filter(VisitMember.role == "专家").count() == len(
            targets.targets
        )


def test_conflicts_keep_an_inspector_off_that_targets_team(sample_workspace) -> None:
    ws = sample_workspace
    draft = food_draft(
        pool_filter={"townships": ["隆兴昌镇"]},
        strata=(StratumRule("全部", ratio_permille=1000),),
        items=(TaskItemRule("B07"),),
    )
    _plan, (task_no,) = published_plan_with(ws, draft)
    with ws.db.session() as s:  # three officers declare a 回避 on one business of the pool
        t = (
            s.query(Target)
            .filter(
                Target.township == "隆兴昌镇",
                Target.status == "存续",
                Target.kind.in_(["企业", "个体工商户"]),
            )
            .first()
        )
        officers = (
            s.query(Inspector)
            .filter(Inspector.status == "在岗", Inspector.department_id == 1)
            .all()[:3]
        )
        for i in officers:
            s.add(Conflict(inspector_id=i.id, target_id=t.id, reason="亲属"))
        barred = {i.cert_no for i in officers}
        code = t.uscc
    out = draws.run_draw(ws, task_ref=task_no, observer_inputs=["1"], on=DRAW_DAY)
    record = draw_views.draw_record_of(ws, out.view.id)
    assert {p[0] for p in record["population"]["conflicts"] if p[1] == code} == barred
    team = next(a["team"] for a in record["assignment"] if a["target"] == code)
    assert len(team) == 2 and not set(team) & barred


def test_draft_plans_and_observers_cannot_draw(sample_workspace) -> None:
    ws = sample_workspace
    plan = plans.create_plan(ws, year=2026, name="草拟中", department_code="市场监管")
    t = tasks.create_task(ws, food_draft(plan_id=plan.id))
    with pytest.raises(ConflictError, match="公示后才能抽取"):
        draws.lock_draw_session(ws, task_ref=t.task_no, observers=["甲"])
    guest = ws.as_actor(Actor("guest", Role.OBSERVER))
    with pytest.raises(PermissionDenied):
        draws.lock_draw_session(guest, task_ref="五原市监抽查〔2026〕2号", observers=["甲"])


def test_notice_pdf_carries_digests_and_a_readable_qr_and_the_xlsx_lists_targets(
    sample_workspace, tmp_path
) -> None:
    ws = sample_workspace
    session = draw_views.list_draw_sessions(ws, task_ref="五原市监抽查〔2026〕1号")[
        0
    ]  # the sample's draw
    pdf = draw_results.export_draw_notice_pdf(
        ws, session_id=session.id, path=tmp_path / "notice.pdf"
    )
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = text.replace("\n", "")
    assert (
        session.seed in flat and session.record_digest in flat and session.manifest_digest in flat
    )
    assert (
        "WenQuanYi" in subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    )
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    png = next(tmp_path.glob("p*.png"))
    qr = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True).stdout
    assert f"record:{session.record_digest}" in qr
    xlsx = draw_results.export_drawn_targets_xlsx(
        ws, session_id=session.id, path=tmp_path / "list.xlsx"
    )
    rows = list(openpyxl.load_workbook(xlsx)["抽查名单"].iter_rows(values_only=True))
    assert rows[0][:7] == (
        "序号",
        "企业名称",
        "统一社会信用代码/注册号",
        "登记机关",
        "管辖单位",
        "检查事项",
        "检查人员",
    )
    record = draw_views.draw_record_of(ws, session.id)
    assert {r[2] for r in rows[1:]} == {t for e in record["selection"] for t in e["selected"]}
    assert all(r[6] for r in rows[1:])  # every drawn target has its team


def test_quota_rounding_is_integer_ceil_through_the_service(sample_workspace) -> None:
    ws = sample_workspace
    draft = food_draft(strata=(StratumRule("A", credit_grades=("A",), ratio_permille=7),))
    _plan, (task_no,) = published_plan_with(ws, draft)
    out = draws.run_draw(ws, task_ref=task_no, observer_inputs=["1"], on=DRAW_DAY)
    entry = draw_views.draw_record_of(ws, out.view.id)["selection"][0]
    assert entry["k"] == (7 * entry["eligible"] + 999) // 1000 >= 1
    assert len(entry["selected"]) == entry["k"]
    assert date.today()  # keep `date` used for readers copying the pattern


def test_the_population_is_stored_once_and_the_published_record_is_whole(
    sample_workspace, sample_db
) -> None:
    """A city's pool is a million businesses: its row keeps them once (the record says null
    there), the trail reads none of them, and the record handed out is the whole §8 record."""
    import json
    import sqlite3

    from sqlalchemy import event

    from app.core.draw import record_digest

    ws = sample_workspace
    _plan, (task_no,) = published_plan_with(ws, food_draft(inspected_within_months=12))
    locked = draws.lock_draw_session(ws, task_ref=task_no, observers=["甲"], on=DRAW_DAY)
    draws.compute_draw(ws, session_id=locked.id, observer_inputs=["6 6 6"])
    con = sqlite3.connect(sample_db)
    try:
        stored, population, digest = con.execute(
            "select record, population, record_digest from draw_sessions where id = ?",
            (locked.id,),
        ).fetchone()
    finally:
        con.close()
    assert json.loads(stored)["population"] is None
    assert len(json.loads(population)["targets"]) == locked.population_targets > 100

    record = draw_views.draw_record_of(ws, locked.id)
    assert record["population"] == json.loads(population)
    assert list(record) == list(json.loads(stored))  # the keys in the order of §8
    assert record_digest(record) == digest and verify_record(record) == []

    # The sizes shown after the draw (read from the record) are those shown at the lock
    # (counted in the population).
    computed = draw_views.get_draw(ws, locked.id).view
    assert computed.strata == locked.strata and computed.population_targets > 100

    statements: list[str] = []
    engine = ws.db.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        trail = draw_views.list_draw_sessions(ws, task_ref=task_no)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert [v.status for v in trail] == ["ok"] and trail[0].strata == locked.strata
    assert statements and not [sql for sql in statements if "population" in sql]

    # A row stored before (its record whole) reads the same.
    with ws.db.session() as s:
        row = s.get(DrawSession, locked.id)
        row.record = record
    assert draw_views.draw_record_of(ws, locked.id) == record
    assert draw_views.get_draw(ws, locked.id).view.strata == locked.strata
