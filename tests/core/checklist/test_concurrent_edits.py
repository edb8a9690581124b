"""Two workstations on one database never overwrite each other silently (README "The office
server", docs/security.md "Concurrent edits").

For every editable record kind, on a SQLite file and on PostgreSQL, two real Workspaces (two
engines, two connections) both load the record, the first saves, and the second's save — made
from the version it loaded — is refused with the documented message naming the record and who
changed it; the stored row is the first one's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import pytest
from sqlalchemy import select

from app.core.domain.errors import StaleEditError
from app.core.domain.roles import Actor, Role
from app.core.services.checklist import inspections
from app.core.services.kernel.workspace import Workspace, open_workspace
from app.core.services.plan import plans, task_views, tasks
from app.core.services.registry import experts, inspectors, items, targets
from app.core.services.registry.departments import list_departments
from app.core.services.results import results, reviews
from app.core.storage.models import InspectionItem, Plan, Result, Target
from tests.helpers.inspection_helpers import make_visit
from tests.helpers.registry_files import uscc

WANG = Actor("wang", Role.SUPERVISOR, "王科长")
LI = Actor("li", Role.SUPERVISOR, "李科长")


@dataclass
class Desks:
    first: Workspace  # 王科长's workstation
    second: Workspace  # 李科长's workstation, its own engine and connections


@pytest.fixture
def desks(any_db_url: str) -> Iterator[Desks]:
    from tests.helpers.bundle_helpers import make_office

    office = make_office(any_db_url, targets=20)
    second = open_workspace(any_db_url)
    try:
        yield Desks(office.as_actor(WANG), second.as_actor(LI))
    finally:
        second.db.dispose()
        office.db.dispose()


def refused(save: Callable[[], object], *, what: str) -> str:
    """The second save raises the documented refusal naming `what` and 王科长's save."""
    with pytest.raises(StaleEditError) as caught:
        save()
    message = caught.value.message
    assert message.startswith(what), message
    assert "已被其他工作站修改（wang于" in message, message  # who, then when (local time)
    assert "您的保存未执行" in message and "请重新载入" in message, message
    return message


def test_target(desks: Desks) -> None:
    targets.save_target(
        desks.first,
        target_id=None,
        values={"uscc": uscc(801), "name": "五原县福满楼饭店", "kind": "企业"},
    )
    with desks.first.db.read_session() as s:
        target_id = s.scalar(select(Target.id).where(Target.name == "五原县福满楼饭店"))
    mine = targets.get_target(desks.first, target_id)
    theirs = targets.get_target(desks.second, target_id)
    targets.save_target(
        desks.first,
        target_id=target_id,
        values={
            "uscc": uscc(801),
            "name": "五原县福满楼饭店",
            "kind": "企业",
            "phone": "0478-5212345",
        },
        expected_version=mine.version,
    )
    refused(
        lambda: targets.save_target(
            desks.second,
            target_id=target_id,
            values={"uscc": uscc(801), "name": "五原县福满楼酒家", "kind": "企业"},
            expected_version=theirs.version,
        ),
        what="检查对象“五原县福满楼饭店”",
    )
    stored = targets.get_target(desks.second, target_id)
    assert stored.values["name"] == "五原县福满楼饭店" and stored.values["phone"] == "0478-5212345"
    assert stored.version > mine.version


def test_inspector(desks: Desks) -> None:
    dept = list_departments(desks.first)[0].name
    inspectors.save_inspector(
        desks.first,
        inspector_id=None,
        values={"cert_no": "15089901", "name": "张明", "department": dept},
    )
    [inspector_id] = [
        i
        for i in inspectors.inspector_ids(desks.first)
        if inspectors.get_inspector(desks.first, i).values["cert_no"] == "15089901"
    ]
    mine = inspectors.get_inspector(desks.first, inspector_id)
    theirs = inspectors.get_inspector(desks.second, inspector_id)
    inspectors.save_inspector(
        desks.first,
        inspector_id=inspector_id,
        values={"cert_no": "15089901", "name": "张明", "department": dept, "unit": "隆兴昌所"},
        expected_version=mine.version,
    )
    refused(
        lambda: inspectors.save_inspector(
            desks.second,
            inspector_id=inspector_id,
            values={"cert_no": "15089901", "name": "张明明", "department": dept},
            expected_version=theirs.version,
        ),
        what="检查人员“张明”",
    )
    stored = inspectors.get_inspector(desks.second, inspector_id)
    assert (stored.values["name"], stored.values["unit"]) == ("张明", "隆兴昌所")


def test_expert(desks: Desks) -> None:
    experts.save_expert(desks.first, expert_id=None, values={"code": "ZJ901", "name": "赵专家"})
    [expert_id] = [
        e.id for e in experts.available_experts(desks.first) if e.values["code"] == "ZJ901"
    ]
    mine = experts.get_expert(desks.first, expert_id)
    theirs = experts.get_expert(desks.second, expert_id)
    experts.save_expert(
        desks.first,
        expert_id=expert_id,
        values={"code": "ZJ901", "name": "赵专家", "expertise": "食品"},
        expected_version=mine.version,
    )
    refused(
        lambda: experts.save_expert(
            desks.second,
            expert_id=expert_id,
            values={"code": "ZJ901", "name": "赵教授", "expertise": "药品"},
            expected_version=theirs.version,
        ),
        what="专家“赵专家”",
    )
    stored = experts.get_expert(desks.second, expert_id)
    assert (stored.values["name"], stored.values["expertise"]) == ("赵专家", ["食品"])


def _item_values(detail: items.ItemDetail, **changes: str) -> dict:
    values = dict(detail.values, department="市场监管", **changes)
    values["target_kinds"] = "，".join(values["target_kinds"] or [])
    values["ratio_cap_permille"] = None if values["kind"] == "重点" else "5%"
    return values


def test_item(desks: Desks) -> None:
    item = items.current_items(desks.first)[0]
    theirs = items.get_item(desks.second, item.id)
    items.save_item(
        desks.first,
        item_id=item.id,
        values=_item_values(item, legal_basis="王：新依据", change_reason="法规修订"),
        expected_version=item.version,
    )
    refused(
        lambda: items.save_item(
            desks.second,
            item_id=item.id,
            values=_item_values(theirs, legal_basis="李：另一依据", change_reason="李的调整"),
            expected_version=theirs.version,
        ),
        what=f"抽查事项“{item.values['name']}”",
    )
    with desks.second.db.read_session() as s:
        versions = s.scalars(
            select(InspectionItem).where(InspectionItem.code == item.values["code"])
        ).all()
    assert len(versions) == 2  # 王's revision only
    [current] = [v for v in versions if v.is_current]
    assert current.legal_basis == "王：新依据"


def test_plan(desks: Desks) -> None:
    plan = plans.list_plans(desks.first)[0]
    theirs = plans.list_plans(desks.second)[0]
    assert theirs.id == plan.id
    plans.update_plan(
        desks.first,
        plan.id,
        name=plan.name,
        notes="王：补充说明",
        reason="补充说明",
        base_version=plan.version,
    )
    refused(
        lambda: plans.update_plan(
            desks.second, plan.id, name="李改的名称", reason="改名", base_version=theirs.version
        ),
        what=f"计划“{plan.name}”",
    )
    detail = plans.get_plan(desks.second, plan.id)
    assert (detail.plan.name, detail.notes) == (plan.name, "王：补充说明")


def test_task(desks: Desks) -> None:
    task = next(t for t in task_views.list_tasks(desks.first))
    mine = task_views.get_task(desks.first, task.id)
    theirs = task_views.get_task(desks.second, task.id)
    tasks.update_task(
        desks.first,
        task.id,
        replace(mine.draft, notes="王：先查餐饮"),
        reason="调整顺序",
        base_version=mine.version,
    )
    refused(
        lambda: tasks.update_task(
            desks.second,
            task.id,
            replace(theirs.draft, notes="李：先查超市"),
            reason="调整",
            base_version=theirs.version,
        ),
        what=f"任务 {task.task_no}",
    )
    assert task_views.get_task(desks.second, task.id).draft.notes == "王：先查餐饮"


def test_form(desks: Desks) -> None:
    visit_id, _team = make_visit(desks.first)
    form = inspections.start_inspection(desks.first, visit_id)
    mine = inspections.get_form(desks.first, form.id)
    theirs = inspections.get_form(desks.second, form.id)
    inspections.save_draft(
        desks.first, form.id, data={"findings": "王：证照齐全"}, base_version=mine.row_version
    )
    message = refused(
        lambda: inspections.save_draft(
            desks.second, form.id, data={"findings": "李：未亮证"}, base_version=theirs.row_version
        ),
        what=f"{form.header['business']['name']}的检查表（第1版）",
    )
    assert "李：未亮证" not in message
    assert inspections.get_form(desks.second, form.id).data.findings == "王：证照齐全"
    with pytest.raises(StaleEditError):  # completing from the stale copy is refused too
        inspections.complete_inspection(desks.second, form.id, base_version=theirs.row_version)


def test_result(desks: Desks) -> None:
    visit_id, _team = make_visit(desks.first)
    inspections.start_inspection(desks.first, visit_id)
    with desks.first.db.session() as s:  # the inspector submitted it (setup, not under test)
        result = s.scalars(select(Result).where(Result.visit_id == visit_id)).first()
        result.status, result.result_codes = "待审核", ["1"]
    rid = result.id
    [mine] = [r for r in results.list_results(desks.first) if r.id == rid]
    [theirs] = [r for r in results.list_results(desks.second) if r.id == rid]
    reviews.approve_results(
        desks.first, [rid], note="王：材料齐全", base_versions={rid: mine.version}
    )
    refused(
        lambda: reviews.return_results(
            desks.second, [rid], reason="李：缺照片", base_versions={rid: theirs.version}
        ),
        what="检查结果“",
    )
    [stored] = [r for r in results.list_results(desks.second) if r.id == rid]
    assert (stored.status, stored.reviewed_by, stored.review_note) == (
        "通过",
        "wang",
        "王：材料齐全",
    )


@pytest.mark.postgres
def test_a_save_racing_past_the_check_is_refused_the_same_way(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the office server the second save can read the row before the first one commits and
    write after: its UPDATE … WHERE version = <loaded> matches nothing (StaleDataError inside
    SQLAlchemy), and the user reads the same refusal, not a traceback."""
    from tests.helpers.bundle_helpers import make_office

    office = make_office(pg_url, targets=10)
    second = open_workspace(pg_url)
    try:
        first, other = office.as_actor(WANG), second.as_actor(LI)
        plan = plans.list_plans(first)[0]
        real_log = plans.log_event
        raced = []

        def log_after_the_other_commits(*args, **kwargs):  # type: ignore[no-untyped-def]
            if not raced:  # 李 reads and checks; 王 commits now; then 李 writes
                raced.append(True)
                monkeypatch.setattr(plans, "log_event", real_log)
                plans.update_plan(first, plan.id, name=plan.name, notes="王先保存")
            return real_log(*args, **kwargs)

        monkeypatch.setattr(plans, "log_event", log_after_the_other_commits)
        with pytest.raises(StaleEditError) as caught:
            plans.update_plan(other, plan.id, name="李后保存", base_version=plan.version)
        assert raced
        assert caught.value.message.startswith(f"计划“{plan.name}”已被其他工作站修改（wang于")
        with second.db.read_session() as s:
            row = s.get(Plan, plan.id)
            assert (row.name, row.notes, row.version) == (plan.name, "王先保存", plan.version + 1)
    finally:
        second.db.dispose()
        office.db.dispose()


def test_checklist_template(desks: Desks) -> None:
    from app.core.services.checklist import checklists

    mine = checklists.list_templates(desks.first)[0]
    theirs = checklists.get_template(desks.second, mine.code)
    rows = [r.to_json() for r in mine.rows]
    checklists.update_template(
        desks.first,
        mine.code,
        rows=[*rows, {**rows[-1], "no": len(rows) + 1, "content": "王：新增一行"}],
        reason="王：补充检查内容",
        base_version_no=mine.version_no,
    )
    refused(
        lambda: checklists.update_template(
            desks.second,
            theirs.code,
            rows=[{**r.to_json(), "content": r.content + "（李）"} for r in theirs.rows],
            reason="李：改写",
            base_version_no=theirs.version_no,
        ),
        what=f"检查表模板 {mine.code}（第{mine.version_no}版）",
    )
    stored = checklists.get_template(desks.second, mine.code)
    assert stored.version_no == mine.version_no + 1
    assert stored.rows[-1].content == "王：新增一行"
