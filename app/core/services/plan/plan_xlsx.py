"""Plans from spreadsheets: the template (`plan template OUT.xlsx`) and reading it back.

Three sheets in the layout of an annual 抽查工作计划 table: 计划 (年度, 名称, 部门, 类型),
任务 (one row a task, as the plan's published table lists them) and 分层 (one row a stratum,
by task name). Reading turns the workbook into the JSON contract of services.plan.plan_import, so
the same checks (caps, kinds, everything of services.plan.task_rules) refuse a bad plan; a cell that
cannot be read is named by sheet, row and column.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.core.domain.errors import ValidationError

PLAN_ROWS = (
    ("计划年度", "2026"),
    ("计划名称", "（填写计划名称）"),
    ("发起部门", "市场监管"),
    ("计划类型", "年度计划"),
)
TASK_HEADERS = (
    "任务名称", "抽查事项", "对象类型", "乡镇", "行业代码前缀", "登记状态", "必查对象", "无事不扰（月）",
    "每户检查人员", "参与部门", "开始日期", "结束日期", "检查方式",
)  # fmt: skip
STRATUM_HEADERS = ("任务名称", "分层代码", "分层名称", "信用等级", "风险等级", "比例（‰）", "户数")
EXAMPLE_TASK = (
    "2026年度登记事项随机抽查", "A08", "企业、个体工商户", "", "", "存续", "问题对象", 12, 2, "市场监管",
    date(2026, 4, 1), date(2026, 6, 30), "现场检查",
)  # fmt: skip
EXAMPLE_STRATA = (
    ("2026年度登记事项随机抽查", "AB", "信用A、B级", "A、B", "", 30, None),
    ("2026年度登记事项随机抽查", "CD", "信用C、D级", "C、D", "", 50, None),
)


def write_plan_template(path: str | Path) -> Path:
    """The empty plan workbook with one example task (a person overwrites it)."""
    from openpyxl import Workbook

    from app.core.reports.plan_reports import write_sheet

    wb = Workbook()
    ws = wb.active
    ws.title = "计划"
    write_sheet(ws, ("项目", "内容"), PLAN_ROWS, (14, 50))
    write_sheet(
        wb.create_sheet("任务"),
        TASK_HEADERS,
        [EXAMPLE_TASK],
        (30, 16, 18, 14, 12, 10, 12, 10, 10, 14, 12, 12, 10),
    )
    write_sheet(
        wb.create_sheet("分层"), STRATUM_HEADERS, EXAMPLE_STRATA, (30, 10, 14, 10, 10, 10, 8)
    )
    notes = wb.create_sheet("说明")
    write_sheet(
        notes,
        ("说明",),
        [
            ("抽查事项：事项编码，多个用“、”分隔；一般事项可写比例，如 A08:30。",),
            (
                "对象类型、乡镇、登记状态、必查对象、参与部门：多个用“、”分隔；必查对象填 重点对象、问题对象。",
            ),
            ("分层：每行一个分层，“任务名称”与任务表一致；比例（‰）与户数二选一。",),
            (
                "导入：python -m app --db DB plan import 本文件.xlsx；有任何问题整份不导入，并指出任务和规则。",
            ),
        ],
        (100,),
    )
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


def _split(value: Any) -> list[str]:
    if value is None:
        return []
    text = str(value).replace("，", "、").replace(",", "、").replace(";", "、").replace("；", "、")
    return [x.strip() for x in text.split("、") if x.strip()]


def _int(value: Any, where: str, errors: list[str]) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return int(str(value).strip().removesuffix("‰"))
    except ValueError:
        errors.append(f"{where}：“{value}”不是整数 / not an integer")
        return None


def _day(value: Any, where: str, errors: list[str]) -> str | None:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if value is None or not str(value).strip():
        errors.append(f"{where}：必填日期 / date required")
        return None
    text = str(value).strip().replace("/", "-").replace(".", "-")
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        errors.append(f"{where}：“{value}”不是日期（YYYY-MM-DD） / not a date")
        return None


def read_plan_xlsx(path: str | Path) -> dict[str, Any]:
    """The workbook as the JSON contract's dict; every unreadable cell named, nothing guessed."""
    from openpyxl import load_workbook

    p = Path(path)
    try:
        wb = load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 — any unreadable file is the user's problem to fix
        raise ValidationError(
            f"{p.name}：不是可读的 xlsx 工作簿（{type(exc).__name__}） / not an xlsx file"
        ) from None
    missing = [n for n in ("计划", "任务", "分层") if n not in wb.sheetnames]
    if missing:
        raise ValidationError(
            f"{p.name}：缺少工作表“{'、'.join(missing)}”（请用 plan template 生成的模板） / sheet missing"
        )
    errors: list[str] = []
    meta = {
        str(r[0]).strip(): r[1]
        for r in wb["计划"].iter_rows(min_row=2, values_only=True)
        if r and r[0]
    }
    year = _int(meta.get("计划年度"), "计划!计划年度", errors)
    kind_text = str(meta.get("计划类型") or "年度计划").strip()
    plan: dict[str, Any] = {
        "year": year,
        "name": str(meta.get("计划名称") or "").strip(),
        "department": str(meta.get("发起部门") or "").strip(),
        "kind": "joint" if "联合" in kind_text else "annual",
        "tasks": [],
    }
    strata: dict[str, list[dict[str, Any]]] = {}
    for n, row in enumerate(wb["分层"].iter_rows(min_row=2, values_only=True), start=2):
        if not row or not any(v not in (None, "") for v in row):
            continue
        row = (*row, *([None] * len(STRATUM_HEADERS)))
        where = f"分层!第{n}行"
        st: dict[str, Any] = {
            "code": str(row[1] or "").strip(),
            "label": str(row[2] or "").strip(),
            "credit_grades": _split(row[3]),
            "risk_classes": _split(row[4]),
        }
        ratio_permille, count = (
            _int(row[5], f"{where} 比例（‰）", errors),
            _int(row[6], f"{where} 户数", errors),
        )
        if ratio_permille is not None:
            st["ratio_permille"] = ratio_permille
        if count is not None:
            st["count"] = count
        strata.setdefault(str(row[0] or "").strip(), []).append(st)
    for n, row in enumerate(wb["任务"].iter_rows(min_row=2, values_only=True), start=2):
        if not row or not any(v not in (None, "") for v in row):
            continue
        row = (*row, *([None] * len(TASK_HEADERS)))
        where = f"任务!第{n}行"
        name = str(row[0] or "").strip()
        items = []
        for part in _split(row[1]):
            code, _sep, ratio = part.partition(":")
            item: dict[str, Any] = {"code": code.strip()}
            if ratio.strip():
                item["ratio_permille"] = _int(ratio, f"{where} 抽查事项 {code}", errors)
            items.append(item)
        pool: dict[str, Any] = {}
        if _split(row[3]):
            pool["townships"] = _split(row[3])
        if _split(row[4]):
            pool["industry_prefixes"] = _split(row[4])
        if _split(row[5]):
            pool["statuses"] = _split(row[5])
        task: dict[str, Any] = {
            "name": name,
            "items": items,
            "target_kinds": _split(row[2]),
            "pool_filter": pool,
            "strata": strata.pop(name, []),
            "mandatory_tags": _split(row[6]),
            "inspected_within_months": _int(row[7], f"{where} 无事不扰（月）", errors) or 0,
            "inspectors_per_target": _int(row[8], f"{where} 每户检查人员", errors) or 2,
            "participating_departments": _split(row[9]),
            "start_on": _day(row[10], f"{where} 开始日期", errors),
            "end_on": _day(row[11], f"{where} 结束日期", errors),
            "method": str(row[12] or "现场检查").strip(),
        }
        plan["tasks"].append(task)
    for name in strata:
        errors.append(f"分层：任务“{name}”不在任务表中 / stratum of an unknown task")
    wb.close()
    if errors:
        raise ValidationError(f"计划未导入：{errors[0]} / Nothing was imported.", details=errors)
    return plan
