"""Issue 16 through the services on real SQLite files: cap exceptions, the notice's mandatory
list, items' target kinds, the ledger of checks."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest
from sqlalchemy import select

from app.core.domain.errors import ConflictError, ValidationError
from app.core.domain.roles import Actor, Role
from app.core.services.draw import draw_results, draws
from app.core.services.plan import task_views, tasks
from app.core.services.plan.task_rules import StratumRule, TaskItemRule
from app.core.services.registry import ledger
from app.core.storage.models import AuditEvent, Result, Target, TargetTag, Visit
from tests.helpers.plan_helpers import DRAW_DAY, food_draft, published_plan_with

REASON = "食品安全专项整治：一般事项随重点事项全覆盖（县政府专题会议纪要〔2026〕3号）"


def _over_cap(**over):
    return food_draft(
        "超上限的登记事项抽查",
        items=(TaskItemRule("B07"), TaskItemRule("A08")),
        strata=(StratumRule("全部", credit_grades=("A", "B", "C", "D"), count=400),),
        **over,
    )


def test_a_cap_exceeded_needs_a_supervisors_reason_audited_and_printed_on_the_notice(
    sample_workspace, tmp_path
) -> None:
    ws = sample_workspace
    with pytest.raises(ValidationError) as err:
        tasks.create_task(ws, _over_cap())
    assert (
        "A08" in str(err.value) and "上限 50‰" in str(err.value) and "（400 户）" in str(err.value)
    )
    clerk = ws.as_actor(Actor("lisi", Role.INSPECTOR, "李四"))
    with pytest.raises(Exception, match="无权"):
        tasks.create_task(clerk, _over_cap(cap_exception_reason=REASON))

    _plan, (task_no,) = published_plan_with(
        ws, _over_cap(cap_exception_reason=REASON), name="整治计划"
    )
    with ws.db.read_session() as s:
        event = s.query(AuditEvent).filter(AuditEvent.action == "task.cap_exception").one()
        assert REASON in event.summary and "A08" in str(event.detail)
    outcome = draws.run_draw(ws, task_ref=task_no, observer_inputs=["11 22"], on=DRAW_DAY)
    assert outcome.view.status == "ok" and len(outcome.targets) > 100  # the whole pool of two towns
    pdf = draw_results.export_draw_notice_pdf(
        ws, session_id=outcome.view.id, path=tmp_path / "notice.pdf"
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = "".join(text.split())
    assert "一般事项抽查比例上限例外" in flat and "县政府专题会议纪要" in flat and "上限50‰" in flat


def test_the_notice_lists_every_mandatory_target_and_where_it_went(
    sample_workspace, tmp_path
) -> None:
    ws = sample_workspace
    with ws.db.session() as s:
        t = (
            s.query(Target)
            .filter(Target.status == "存续", Target.kind == "企业", Target.township == "隆兴昌镇")
            .first()
        )
        t.credit_grade = None  # a complaint target without a credit grade fits no stratum
        s.add(TargetTag(target_id=t.id, tag="问题对象", source="投诉举报"))
        code, name = t.uscc or t.reg_no or t.uid, t.name
    _plan, (task_no,) = published_plan_with(
        ws, food_draft("投诉对象覆盖", mandatory_tags=("问题对象",)), name="覆盖计划"
    )
    outcome = draws.run_draw(ws, task_ref=task_no, observer_inputs=["5"], on=DRAW_DAY)
    notice = draw_results.draw_notice(ws, outcome.view.id)
    where = {c: w for _n, c, w in notice.mandatory}
    assert where[code].startswith("不属于任何分层")
    assert all(w.startswith(("分层", "不属于")) for w in where.values())
    drawn = {t.id for t in outcome.targets if t.mandatory}
    assert code in drawn and set(where) >= drawn
    pdf = draw_results.export_draw_notice_pdf(
        ws, session_id=outcome.view.id, path=tmp_path / "n.pdf"
    )
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert name in "".join(text.split()) and "必查兜底" in text


def test_an_item_limited_to_enterprises_never_pools_individual_businesses(sample_workspace) -> None:
    ws = sample_workspace
    draft = food_draft(
        "公示信息抽查",
        target_kinds=(),
        items=(TaskItemRule("A07"),),
        strata=(StratumRule("全部", credit_grades=("A", "B", "C", "D"), ratio_permille=50),),
        pool_filter={},
    )
    tasks.create_task(ws, draft)
    preview = task_views.preview_pool(ws, draft, on=DRAW_DAY)
    with ws.db.read_session() as s:
        enterprises = (
            s.query(Target)
            .filter(Target.kind.in_(["企业", "农民专业合作社"]), Target.credit_grade.isnot(None))
            .count()
        )
    assert 0 < preview.total <= enterprises
    with pytest.raises(ValidationError, match="只适用于企业、农民专业合作社"):
        tasks.create_task(ws, food_draft("公示信息抽查2", items=(TaskItemRule("A07"),)))


def test_the_ledger_holds_drawn_and_outside_checks_and_the_registry_date_follows(
    sample_workspace,
) -> None:
    ws = sample_workspace
    with ws.db.read_session() as s:
        t = (
            s.query(Target)
            .filter(Target.status == "存续", Target.uscc.isnot(None))
            .order_by(Target.id)
            .first()
        )
        code = t.uscc
    ledger.record_check(
        ws,
        target=code,
        department="五原卫健",
        on=date(2026, 2, 3),
        kind="专项检查",
        ref="卫健专项〔2026〕1号",
    )
    ledger.record_check(
        ws, target=code.lower(), department="市场监管", on=date(2026, 1, 9), kind="日常检查"
    )
    name, rows = ledger.business_ledger(ws, code)
    kinds = [(r.on, r.kind, r.department) for r in rows if r.kind in ledger.OUTSIDE_KINDS]
    assert kinds == [
        (date(2026, 1, 9), "日常检查", "五原县市场监督管理局"),
        (date(2026, 2, 3), "专项检查", "五原县卫生健康委员会"),
    ]
    with ws.db.read_session() as s:
        assert s.get(Target, t.id).last_inspected_on >= date(
            2026, 2, 3
        )  # never moved back by the earlier one
        assert ledger.checks_in_year(s, 2026)[t.id] >= 2
    with pytest.raises(ConflictError, match="已登记过"):  # the same check twice would count twice
        ledger.record_check(
            ws, target=code, department="市场监管", on=date(2026, 1, 9), kind="日常检查"
        )
    with pytest.raises(ValidationError, match="检查类别"):
        ledger.record_check(
            ws, target=code, department="市场监管", on=date(2026, 1, 9), kind="随便看看"
        )
    with pytest.raises(ValidationError, match="晚于今天"):
        ledger.record_check(
            ws, target=code, department="市场监管", on=date(2999, 1, 1), kind="日常检查"
        )


def test_only_a_supervisor_applies_a_registry_proposal(sample_workspace) -> None:
    from app.core.domain.errors import PermissionDenied
    from app.core.services.registry import registry_proposals

    ws = sample_workspace
    first = registry_proposals.list_proposals(ws)[0]
    clerk = ws.as_actor(Actor("lisi", Role.INSPECTOR, "李四"))
    with pytest.raises(PermissionDenied):
        registry_proposals.apply_proposal(clerk, first.result_id)
    boss = ws.as_actor(Actor("wang", Role.SUPERVISOR, "王科长"))
    assert "→ 无经营迹象" in registry_proposals.apply_proposal(boss, first.result_id).message


def test_coverage_counts_an_item_only_among_the_kinds_it_concerns(sample_workspace) -> None:
    """A07 concerns 企业/农专社: a 个体工商户 checked for it (an old task's data) is not coverage."""
    from app.core.services.admin import stats
    from app.core.storage.models import Result, Visit

    ws = sample_workspace
    before = next(c for c in stats.dashboard(ws).coverage if c.code == "A07")
    with ws.db.session() as s:
        rows = s.execute(
            select(Result, Target)
            .join(Visit, Visit.id == Result.visit_id)
            .join(Target, Target.id == Visit.target_id)
            .where(Result.status.in_(("通过", "已公示")))
        ).all()
        individual = next(r for r, t in rows if t.kind == "个体工商户")
        company = next(
            r
            for r, t in rows
            if t.kind == "企业"
            and not any((i.get("item_code") == "A07") for i in r.item_results or [])
        )
        for r in (individual, company):
            r.item_results = [
                *(r.item_results or []),
                {"item_code": "A07", "result": "1", "findings": "", "disposal": "1"},
            ]
    after = next(c for c in stats.dashboard(ws).coverage if c.code == "A07")
    assert after.inspected == before.inspected + 1  # the company counts, the 个体工商户 does not


def test_an_outside_check_joins_the_business_history_and_its_flags(sample_workspace) -> None:
    """多头检查 reads the ledger: a 专项检查 by another department shows in the history and flags it."""
    from app.core.services.results import inspection_history

    ws = sample_workspace
    with ws.db.read_session() as s:
        row = s.execute(
            select(Target.id, Target.uscc, Result.completed_on)
            .join(Visit, Visit.target_id == Target.id)
            .join(Result, Result.visit_id == Visit.id)
            .where(Result.completed_on.isnot(None), Target.uscc.isnot(None))
            .order_by(Result.completed_on)
        ).all()

    def alone(tid: int) -> bool:  # one completed check so far, by the market department
        entries = inspection_history.business_history(ws, tid).entries
        return len(entries) == 1 and entries[0].department == "五原县市场监督管理局"

    tid, code, done = next(r for r in row if alone(r[0]))
    assert not inspection_history.business_history(ws, tid).multi_department
    ledger.record_check(
        ws, target=code, department="五原卫健", on=done, kind="专项检查", ref="卫健专项〔2026〕2号"
    )
    h = inspection_history.business_history(ws, tid)
    assert any(e.task_no == "专项检查" and e.result == "卫健专项〔2026〕2号" for e in h.entries)
    assert h.multi_department and any("多头检查" in n for n in h.notes)
    assert tid in {f.target_id for f in inspection_history.flagged_businesses(ws)}


def test_the_dashboard_counts_checks_outside_the_draw_per_department(sample_workspace) -> None:
    from app.core.services.admin import stats

    ws = sample_workspace
    before = stats.dashboard(ws, year=2026)
    with ws.db.read_session() as s:
        code = s.scalars(
            select(Target.uscc).where(Target.uscc.isnot(None)).order_by(Target.id)
        ).first()
    ledger.record_check(
        ws,
        target=code,
        department="五原卫健",
        on=date(2026, 3, 9),
        kind="投诉举报",
        ref="12345-0309",
    )
    ledger.record_check(
        ws, target=code, department="五原卫健", on=date(2025, 12, 30), kind="日常检查"
    )  # another year
    after = stats.dashboard(ws, year=2026)
    health = next(d for d in after.departments if d.name == "五原县卫生健康委员会")
    was = next((d.outside for d in before.departments if d.name == "五原县卫生健康委员会"), 0)
    assert health.outside == was + 1 and after.total.outside == before.total.outside + 1
