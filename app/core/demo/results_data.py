"""Sample results for 五原县: completed checks in every state of the 结果公示 flow.

Uses the visits the draw/inspection samples made; when they are absent it creates a few
visits itself, clearly marked (source "manual", reason 示例数据), so the results tab has data.
Includes one overdue result, a returned one, joint visits and follow-ups.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.core.demo.sample import READY_TO_FILL
from app.core.demo.visits import add_sample_visit
from app.core.domain.states import FollowUpState, ResultState, VisitState, transition
from app.core.services.kernel.audit import log_event
from app.core.services.results.calendar import calendar_from_session
from app.core.services.results.due_dates import settings_from_session
from app.core.services.results.results import move_result, record_result_completion
from app.core.storage.models import (
    Department,
    FollowUp,
    Inspection,
    InspectionItem,
    Inspector,
    Result,
    Target,
    Task,
    TaskItem,
    Visit,
    VisitMember,
    utcnow,
)

if TYPE_CHECKING:
    from app.core.services.kernel.workspace import Workspace

    from .sample import SampleSpec

MARK = "示例数据（无抽取样例时由结果样例生成）"
# 3 results completed 2026-05-25 reach their deadline on Tuesday 2026-06-23: the 端午 holiday
# (06-19) is skipped (scenarios.md 5.3).
_PLAN = [  # (share of results, final state)
    (0.40, ResultState.PUBLISHED),
    (0.15, ResultState.APPROVED),
    (0.20, ResultState.IN_REVIEW),
    (0.05, ResultState.RETURNED),
    (0.20, ResultState.DONE),
]


ENOUGH_VISITS = 30


def _ensure_visits(ws: Workspace, rng: random.Random) -> None:
    """Tops the sample up to ENOUGH_VISITS visits (the draw sample of a small county is tiny)."""
    with ws.db.session() as s:
        have = list(s.execute(select(Visit.task_id, Visit.target_id).where(~Visit.is_cancelled)))
        if len(have) >= ENOUGH_VISITS:
            return
        depts = {d.code: d for d in s.scalars(select(Department))}
        inspectors = list(
            s.scalars(
                select(Inspector).where(
                    Inspector.department_id == depts["市场监管"].id, Inspector.status == "在岗"
                )
            )
        )
        health = list(
            s.scalars(
                select(Inspector).where(
                    Inspector.department_id == depts["卫生健康"].id, Inspector.status == "在岗"
                )
            )
        )
        tasks = list(s.scalars(select(Task).order_by(Task.seq_no)))
        made = 0
        revisited: int | None = None  # one business checked by both tasks → 重复检查 in its history
        for task in tasks:
            taken = {target for task_id, target in have if task_id == task.id}
            kinds = task.target_kinds or ["企业"]
            pool = [
                t
                for t in s.scalars(
                    select(Target.id)
                    .where(Target.status == "存续", Target.kind.in_(kinds))
                    .order_by(Target.id)
                )
                if t not in taken
            ]
            chosen = rng.sample(pool, k=min(len(pool), 14 if task.seq_no == 1 else 22))
            if revisited is None:
                revisited = chosen[0]
            elif revisited not in taken:
                if revisited in chosen:
                    chosen.remove(revisited)
                chosen[0:1] = [revisited]
            for n, target_id in enumerate(chosen):
                visit = add_sample_visit(
                    s, rng, task_id=task.id, target_id=target_id, people=inspectors, reason=MARK
                )
                s.add(Result(visit_id=visit.id, department_id=task.initiating_department_id))
                if task.seq_no == 1 and n < 3:  # joint visits with 卫生健康 (进一次门、查多项事)
                    visit.joint_key = visit.uid
                    s.add(
                        VisitMember(
                            visit_id=visit.id,
                            inspector_id=rng.choice(health).id,
                            position=2,
                            source="manual",
                            reason=MARK,
                        )
                    )
                    s.add(Result(visit_id=visit.id, department_id=depts["卫生健康"].id))
                made += 1
        log_event(s, ws.actor, "demo.visits", summary=f"{MARK}：{made}户检查")


def populate_results(ws: Workspace, rng: random.Random, spec: SampleSpec) -> None:
    del spec
    _ensure_visits(ws, rng)
    with ws.db.session() as s:
        existing = list(s.scalars(select(Result).order_by(Result.id)))
        if not existing:
            visits = list(s.scalars(select(Visit).where(~Visit.is_cancelled)))
            for v in visits:
                task = s.get(Task, v.task_id)
                assert task is not None
                existing.append(Result(visit_id=v.id, department_id=task.initiating_department_id))
            s.add_all(existing)
            s.flush()
        cal = calendar_from_session(s)
        days = settings_from_session(s).publication
        items = {i.id: i for i in s.scalars(select(InspectionItem))}
        task_items: dict[int, list[str]] = {}
        for task_id, item_id in s.execute(select(TaskItem.task_id, TaskItem.item_id)):
            task_items.setdefault(task_id, []).append(items[item_id].code)
        health_items = [i.code for i in items.values() if i.code.startswith("H")]
        depts = {d.id: d for d in s.scalars(select(Department))}
        # A visit with a form (completed or a draft) has the result its form gives; only
        # visits without one get a result made up here (as if entered from a paper sheet).
        with_forms = set(s.scalars(select(Inspection.visit_id)))
        open_results = [
            r
            for r in existing
            if r.status in (ResultState.WAITING, ResultState.CHECKING)
            and r.visit_id not in with_forms
        ]
        # A few stay unchecked — open visits a new user can fill — and the dashboard shows
        # work in progress.
        keep_open = max(READY_TO_FILL, len(open_results) // 12)
        todo = open_results[: len(open_results) - keep_open]
        bounds = [round(sum(p for p, _ in _PLAN[: i + 1]) * len(todo)) for i in range(len(_PLAN))]
        plan = [
            next(st for b, (_, st) in zip(bounds, _PLAN, strict=True) if i < b)
            for i in range(len(todo))
        ]
        three_due_tuesday = 0
        published_on = date(2026, 7, 6)
        for r, final in zip(todo, plan, strict=True):
            visit = s.get(Visit, r.visit_id)
            task = s.get(Task, visit.task_id)  # type: ignore[union-attr]
            assert visit is not None and task is not None
            start = task.start_on or date(2026, 5, 1)
            if final == ResultState.DONE and three_due_tuesday < 3:
                done = date(2026, 5, 25)  # due Tuesday 2026-06-23 (端午 counted); overdue by now
                three_due_tuesday += 1
            elif final in (ResultState.DONE, ResultState.IN_REVIEW):
                done = start + timedelta(days=rng.randrange(40, 80))
            else:
                done = start + timedelta(days=rng.randrange(10, 55))
            record_result_completion(s, ws.actor, r, done, calendar=cal, publication_days=days)
            codes = rng.choices([["1"], ["1"], ["1"], ["E"], ["B"], ["6"], ["A", "3"], ["F"]], k=1)[
                0
            ]
            dept_items = (
                health_items[:1]
                if depts[r.department_id].code == "卫生健康"
                else task_items.get(task.id, [])
            )
            r.result_codes = codes
            r.item_results = [
                {
                    "item_code": code,
                    "result": codes[-1],
                    "findings": "" if codes == ["1"] else "现场发现问题",
                    "disposal": "1" if codes in (["1"], ["F"]) else rng.choice(["3", "4", "5"]),
                }
                for code in dept_items
            ]
            if visit.status != VisitState.DONE:
                visit.status = transition(VisitState, visit.status, VisitState.DONE)
            if final == ResultState.DONE:
                continue
            move_result(s, ws.actor, r, ResultState.IN_REVIEW)
            if final == ResultState.IN_REVIEW:
                continue
            if final == ResultState.RETURNED:
                move_result(
                    s, ws.actor, r, ResultState.RETURNED, note="现场照片缺失，请补充后重新提交"
                )
                r.reviewed_by, r.reviewed_at, r.review_note = (
                    ws.actor.username,
                    utcnow(),
                    "现场照片缺失，请补充后重新提交",
                )
                continue
            move_result(s, ws.actor, r, ResultState.APPROVED)
            r.reviewed_by, r.reviewed_at = ws.actor.username, utcnow()
            if final == ResultState.PUBLISHED and done <= published_on - timedelta(days=7):
                move_result(s, ws.actor, r, ResultState.PUBLISHED, note="示例公示")
                r.published_on = published_on
        # Two findings for other departments (scenarios.md 5.5) and one 责令改正.
        flagged = [
            r
            for r in todo
            if r.result_codes and r.result_codes != ["1"] and r.result_codes != ["F"]
        ]
        for n, r in enumerate(flagged[:3]):
            kind, party = [
                ("移送", "五原县卫生健康委员会"),
                ("移送司法", "五原县公安局"),
                ("责令改正", None),
            ][n]
            fu = FollowUp(
                result_id=r.id,
                kind=kind,
                to_party=party,
                note="示例后续处置",
                due_on=(r.completed_on + timedelta(days=30))
                if kind == "责令改正" and r.completed_on
                else None,
            )
            if n == 0 and r.completed_on:
                fu.status = FollowUpState.CLOSED  # a sample made in its end state
                fu.completed_on = r.completed_on + timedelta(days=20)
                fu.note = "示例后续处置\n完结：接收部门已立案处理"
            s.add(fu)
        log_event(s, ws.actor, "demo.results", summary=f"示例检查结果{len(todo)}项")


STEPS = [("检查结果与公示 / results", populate_results)]
