"""Plans from files: a draft plan with its tasks from the documented JSON contract.

Contract (docs/rules.md, "Plans from files"):

    {"year": 2026, "name": "…", "department": "code | short name | name", "kind": "annual" | "joint",
     "tasks": [{"name", "items": [{"code", "ratio_permille"?}], "target_kinds": [..],
                "pool_filter": {..}, "strata": [{"code", "label"?, "credit_grades"?, "risk_classes"?,
                "ratio_permille"? | "count"?}], "mandatory_tags"?: [..], "inspected_within_months"?,
                "inspectors_per_target"?, "participating_departments"?: [..], "start_on", "end_on",
                "method"?, "cap_exception_reason"?}]}

Every task goes through the task editor's own checks (services.plan.task_rules), caps included; the plan
and all its tasks are written in one transaction, or nothing is (the refusal names the task
and the rule).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any, overload

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.domain.errors import ValidationError
from app.core.domain.jsonlimits import check_json_shape
from app.core.domain.roles import Permission
from app.core.domain.states import PlanState
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.workspace import Workspace
from app.core.services.plan.plan_xlsx import read_plan_xlsx
from app.core.services.plan.task_rules import StratumRule, TaskDraft, TaskItemRule
from app.core.services.plan.tasks import create_task_in
from app.core.storage.models import Department, Plan

PLAN_KEYS = {"year", "name", "department", "kind", "tasks", "notes"}
TASK_KEYS = {
    "name", "items", "target_kinds", "pool_filter", "strata", "mandatory_tags", "inspected_within_months",
    "inspectors_per_target", "participating_departments", "start_on", "end_on", "method", "notes",
    "cap_exception_reason", "max_load", "excluded_statuses", "allow_external",
}  # fmt: skip
STRATUM_KEYS = {
    "code",
    "label",
    "credit_grades",
    "risk_classes",
    "ratio_permille",
    "count",
    "qualification",
}


def read_plan_file(path: str | Path) -> dict[str, Any]:
    """The plan in a JSON file (UTF-8, a BOM tolerated), or a clear refusal."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ValidationError(f"文件不存在：{p} / file not found") from None
    except UnicodeDecodeError:
        raise ValidationError(f"{p.name}：不是 UTF-8 文本的 JSON 文件 / not UTF-8 JSON") from None
    check_json_shape(text, p.name)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"{p.name}：JSON 格式错误（第{exc.lineno}行第{exc.colno}列：{exc.msg}） / bad JSON"
        ) from None
    except ValueError as exc:  # an integer of thousands of digits
        raise ValidationError(f"{p.name}：JSON 格式错误（{exc}） / bad JSON") from None
    if not isinstance(data, dict):
        raise ValidationError(f"{p.name}：顶层须为一个对象 {{…}} / top level must be an object")
    return data


def _department(session: Session, text: Any) -> Department | None:
    if not isinstance(text, str) or not text.strip():
        return None
    t = text.strip()
    return session.scalar(
        select(Department).where(
            (Department.code == t) | (Department.short_name == t) | (Department.name == t)
        )
    )


def _strs(value: Any, where: str, errors: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors.append(f"{where}：须为文字列表 / must be a list of strings")
        return ()
    return tuple(v.strip() for v in value)


@overload
def _int(value: Any, where: str, errors: list[str], default: int) -> int: ...
@overload
def _int(value: Any, where: str, errors: list[str], default: None = None) -> int | None: ...
def _int(value: Any, where: str, errors: list[str], default: int | None = None) -> int | None:
    if value is None:
        return default
    if not isinstance(value, int) or isinstance(value, bool):
        errors.append(f"{where}：须为整数，实为“{value}” / must be an integer")
        return default
    return value


def _day(value: Any, where: str, errors: list[str]) -> date | None:
    if not isinstance(value, str):
        errors.append(f"{where}：须为 YYYY-MM-DD 日期 / required date")
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        errors.append(f"{where}：“{value}”不是 YYYY-MM-DD 日期 / not a date")
        return None


def _draft(
    session: Session, raw: Any, n: int, *, year: int, dept: Department, errors: list[str]
) -> TaskDraft | None:
    if not isinstance(raw, dict):
        errors.append(f"第{n}个任务：须为一个对象 / task must be an object")
        return None
    given = raw.get("name")
    name = given if isinstance(given, str) else ""
    where = f"第{n}个任务“{name or '（无名称）'}”"
    mine: list[str] = []
    for key in sorted(set(raw) - TASK_KEYS):
        mine.append(f"不支持的字段“{key}” / unknown field")
    items = []
    raw_items = raw.get("items")
    if not isinstance(raw_items, list):
        mine.append("items：须为列表 / items must be a list")
        raw_items = []
    for i, it in enumerate(raw_items, start=1):
        if not isinstance(it, dict) or not isinstance(it.get("code"), str):
            mine.append(f"items 第{i}项：须有事项代码 code / item code required")
            continue
        items.append(
            TaskItemRule(
                it["code"].strip(),
                _int(it.get("ratio_permille"), f"items 第{i}项 ratio_permille", mine),
            )
        )
    strata = []
    raw_strata = raw.get("strata")
    if not isinstance(raw_strata, list):
        mine.append("strata：须为列表 / strata must be a list")
        raw_strata = []
    for i, st in enumerate(raw_strata, start=1):
        if not isinstance(st, dict):
            mine.append(f"strata 第{i}项：须为对象 / stratum must be an object")
            continue
        for key in sorted(set(st) - STRATUM_KEYS):
            mine.append(f"strata 第{i}项：不支持的字段“{key}” / unknown field")
        strata.append(
            StratumRule(
                code=str(st.get("code") or ""),
                label=str(st.get("label") or ""),
                credit_grades=_strs(st.get("credit_grades"), f"strata 第{i}项 credit_grades", mine),
                risk_classes=_strs(st.get("risk_classes"), f"strata 第{i}项 risk_classes", mine),
                ratio_permille=_int(
                    st.get("ratio_permille"), f"strata 第{i}项 ratio_permille", mine
                ),
                count=_int(st.get("count"), f"strata 第{i}项 count", mine),
                qualification=str(st.get("qualification") or ""),
            )
        )
    pool_filter = raw.get("pool_filter") or {}
    if not isinstance(pool_filter, dict):
        mine.append("pool_filter：须为对象 / must be an object")
        pool_filter = {}
    participating = []
    for code in _strs(raw.get("participating_departments"), "participating_departments", mine):
        d = _department(session, code)
        if d is None:
            mine.append(f"participating_departments：未知部门“{code}” / unknown department")
        else:
            participating.append(d.code)
    start_on = _day(raw.get("start_on"), "start_on", mine)
    end_on = _day(raw.get("end_on"), "end_on", mine)
    kwargs: dict[str, Any] = {}
    if "excluded_statuses" in raw:
        kwargs["excluded_statuses"] = _strs(raw.get("excluded_statuses"), "excluded_statuses", mine)
    draft = TaskDraft(
        name=name,
        initiating_department=dept.code,
        year=year,
        participating_departments=tuple(participating) or (dept.code,),
        target_kinds=_strs(raw.get("target_kinds"), "target_kinds", mine),
        pool_filter={
            str(k): list(_strs(v, f"pool_filter.{k}", mine)) for k, v in pool_filter.items()
        },
        strata=tuple(strata),
        mandatory_tags=_strs(raw.get("mandatory_tags"), "mandatory_tags", mine),
        inspected_within_months=_int(
            raw.get("inspected_within_months"), "inspected_within_months", mine, 0
        )
        or 0,
        items=tuple(items),
        inspectors_per_target=_int(
            raw.get("inspectors_per_target"), "inspectors_per_target", mine, 2
        )
        if raw.get("inspectors_per_target") is not None
        else 2,
        max_load=_int(raw.get("max_load"), "max_load", mine),
        start_on=start_on,
        end_on=end_on,
        method=str(raw.get("method") or "现场检查"),
        notes=str(raw.get("notes") or ""),
        cap_exception_reason=str(raw.get("cap_exception_reason") or ""),
        allow_external=raw.get("allow_external") is True,
        **kwargs,
    )
    errors.extend(f"{where}：{e}" for e in mine)
    return None if mine else draft


def import_plan(ws: Workspace, data: dict[str, Any], *, source: str = "") -> list[str]:
    """Create the draft plan and its tasks; returns the task numbers. All or nothing."""
    ws.require(Permission.EDIT_PLANS)
    errors: list[str] = [
        f"计划：不支持的字段“{k}” / unknown field" for k in sorted(set(data) - PLAN_KEYS)
    ]
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        errors.append(f"year：须为有效年份，实为“{year}” / year required")
        year = 0
    given = data.get("name")
    name = given.strip() if isinstance(given, str) else ""
    if not name:
        errors.append("name：计划名称不能为空 / plan name required")
    kind = data.get("kind", "annual")
    if kind not in ("annual", "joint"):
        errors.append(f"kind：须为 annual 或 joint，实为“{kind}” / kind: annual or joint")
    raw_tasks = data.get("tasks")
    if not isinstance(raw_tasks, list) or not raw_tasks:
        errors.append("tasks：至少一个任务 / at least one task")
        raw_tasks = []
    with ws.db.session() as s:
        dept = _department(s, data.get("department"))
        if dept is None:
            errors.append(
                f"department：未知部门“{data.get('department')}”（部门代码、简称或全称） / unknown department"
            )
        if name and year and s.scalar(select(Plan.id).where(Plan.name == name, Plan.year == year)):
            errors.append(f"name：{year}年已有计划“{name}” / plan name already used this year")
        if errors or dept is None:
            raise ValidationError(
                f"计划未导入：{errors[0]} / Nothing was imported.", details=errors
            )
        drafts = [
            _draft(s, raw, n, year=year, dept=dept, errors=errors)
            for n, raw in enumerate(raw_tasks, start=1)
        ]
        names = [d.name.strip() for d in drafts if d is not None]
        for dup in sorted({x for x in names if names.count(x) > 1}):
            errors.append(f"任务“{dup}”：文件中出现多次，任务名称不能重复 / task name repeated")
        if errors:
            raise ValidationError(
                f"计划未导入：{errors[0]} / Nothing was imported.", details=errors
            )
        plan = Plan(
            year=year,
            name=name,
            kind=kind,
            department_id=dept.id if kind == "annual" else None,
            status=PlanState.DRAFT,
            notes=str(data.get("notes") or "") or None,
        )
        s.add(plan)
        s.flush()
        numbers = []
        for n, d in enumerate(drafts, start=1):
            assert d is not None
            try:
                numbers.append(
                    create_task_in(s, ws, TaskDraft(**{**d.__dict__, "plan_id": plan.id})).task_no
                )
            except ValidationError as exc:
                details = exc.details or [str(exc)]
                raise ValidationError(
                    f"计划未导入：第{n}个任务“{d.name}”：{details[0]} / Nothing was imported.",
                    details=[f"第{n}个任务“{d.name}”：{x}" for x in details],
                ) from None
        log_event(
            s,
            ws.actor,
            "plan.import",
            entity="plan",
            entity_uid=plan.uid,
            summary=f"{name}：从文件导入 {len(numbers)} 个任务",
            after={"name": name, "year": year, "kind": kind},
            detail={"source": source, "tasks": numbers},
        )
        return numbers


def import_plan_file(ws: Workspace, path: str | Path) -> tuple[int, list[str]]:
    """`plan import FILE` (.json, or .xlsx from `plan template`): the new plan's id and its task numbers."""
    if str(path).lower().endswith(".xlsx"):
        data = read_plan_xlsx(path)
    else:
        data = read_plan_file(path)
    numbers = import_plan(ws, data, source=Path(path).name)
    with ws.db.read_session() as s:
        plan_id = s.scalar(
            select(Plan.id).where(Plan.name == str(data["name"]).strip(), Plan.year == data["year"])
        )
    return int(plan_id or 0), numbers
