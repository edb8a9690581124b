"""Excel in and out for the registries: templates, exports of filtered views, error reports.

Also parses the CLI's `--filter EXPR`: `key=value[,value…]` terms joined by `;` or `&`,
e.g. `township=隆兴昌镇;credit=A,B;q=饭店`.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from contextlib import closing
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from app.core.domain.errors import ValidationError
from app.core.domain.localtime import local_now
from app.core.reports.registry_xlsx import (
    ReportIssue,
    TemplateColumn,
    TemplateSpec,
    write_issue_report,
    write_table,
)
from app.core.reports.registry_xlsx import write_template as _write_template
from app.core.services.kernel.audit_trail import log_export
from app.core.services.kernel.workspace import Workspace
from app.core.services.registry.imports.formats import column_letter, format_name
from app.core.services.registry.imports.mapping import ignored_why

from . import experts, inspectors, items, licences, targets
from .departments import list_departments
from .fields import BUILTIN_TABLES, REGISTRY_LABELS, SPECS, industry_table
from .vocab import load_vocab

_NOTES = (
    "1. 第1行为标题，第2行为表头，第3行为填写提示，请从第4行起填写数据；标题、提示行导入时自动跳过。",
    "2. 带 * 的列为必填；有下拉列表的列请从列表中选择（取值见“代码表”“代码说明”工作表）。",
    "3. 代码类列（统一社会信用代码、注册号、身份证号、行业代码）已设为文本格式，请勿改为数字，以免丢失前导零或精度。",
    "4. 校验位不符的代码会提示“警告”，确认无误后可在导入时选择“接受警告”；格式错误的代码不能导入。",
    "5. 多个值用中文逗号“，”分隔；日期写成 2026-03-01；长期有效的证件有效期填“长期”。",
    "6. 以统一社会信用代码/注册号（人员为执法证号，专家和事项为编号）识别同一条记录：再次导入会更新而不是重复。",
)


def template_spec(ws: Workspace, kind: str) -> TemplateSpec:
    if kind not in SPECS:
        raise ValidationError(f"未知的名录：{kind}（可选：{'、'.join(SPECS)}）")
    spec = SPECS[kind]
    with ws.db.read_session() as s:
        vocab = load_vocab(s)
    depts = tuple(d.name for d in list_departments(ws))
    columns = []
    for f in spec.fields:
        choices: tuple[str, ...] = ()
        if f.type == "enum" and f.enum_table:
            choices = tuple(vocab.values(f.enum_table))
        elif f.type in ("sex",):
            choices = ("男", "女")
        elif f.type == "bool":
            choices = ("是", "否")
        elif f.type == "department" and depts:
            choices = depts
        columns.append(
            TemplateColumn(
                f.header,
                f.hint,
                f.width,
                f.required,
                choices,
                text=f.type not in ("date", "expiry", "permille", "ratio", "bool"),
            )
        )
    tables = {}
    for name, label in (
        ("target_kind", "对象类型"),
        ("survival", "存续状态"),
        ("credit", "信用等级"),
        ("risk", "风险等级"),
        ("tag", "标签"),
        ("tag_source", "问题对象来源"),
        ("qualification", "执法资格"),
        ("inspector_status", "人员状态"),
        ("item_kind", "事项类型"),
    ):
        rows = vocab.tables.get(name)
        if rows is None:
            rows = BUILTIN_TABLES.get(name, [])
        tables[label] = tuple(rows)
    tables["部门"] = tuple(
        (d.code, f"{d.name}（简称{d.short_name}）") for d in list_departments(ws)
    )
    industry = (
        tuple(
            (c.display_code if len(c.code) > 1 else c.code, c.name, str(c.level))
            for c in industry_table()
        )
        if kind == "targets"
        else ()
    )
    return TemplateSpec(
        f"{REGISTRY_LABELS[kind]}导入模板", tuple(columns), tables, industry, _NOTES
    )


def write_template(ws: Workspace, kind: str, path: str | Path) -> Path:
    """The downloadable template of a registry."""
    return _write_template(path, template_spec(ws, kind))


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.replace("，", ",").split(",") if v.strip())


def _bool(value: str) -> bool:
    return value.strip().lower() in ("1", "yes", "true", "是", "y", "all", "全部")


def parse_filter(ws: Workspace, kind: str, expr: str | None) -> Any:
    """A query object from `key=value[,value];key=value` (keys listed in the error message)."""
    query: Any = {
        "targets": targets.TargetQuery(),
        "inspectors": inspectors.InspectorQuery(),
        "experts": experts.ExpertQuery(),
        "items": items.ItemQuery(),
        "licences": licences.LicenceQuery(),
    }[kind]
    if not expr or not expr.strip():
        return query
    dept_ids = {}
    for d in list_departments(ws):
        for word in (d.code, d.name, d.short_name):
            dept_ids[word] = d.id
    keys: dict[str, dict[str, Any]] = {
        "targets": {
            "q": "text",
            "text": "text",
            "kind": "kinds",
            "township": "townships",
            "unit": "units",
            "industry": "industry_prefixes",
            "credit": "credit_grades",
            "risk": "risk_classes",
            "status": "statuses",
            "tag": "tags",
            "pool": "special_pools",
            "department": "department_ids",
            "inactive": "include_inactive",
            "sort": "sort",
            "desc": "descending",
        },
        "inspectors": {
            "q": "text",
            "text": "text",
            "department": "department_ids",
            "status": "statuses",
            "qualification": "qualification",
            "eligible": "eligible_only",
            "on": "on",
            "sort": "sort",
            "desc": "descending",
        },
        "experts": {
            "q": "text",
            "text": "text",
            "status": "statuses",
            "sort": "sort",
            "desc": "descending",
        },
        "licences": {"q": "text", "text": "text", "pool": "pools"},
        "items": {
            "q": "text",
            "text": "text",
            "department": "department_ids",
            "kind": "kinds",
            "all_versions": "include_old_versions",
            "sort": "sort",
            "desc": "descending",
        },
    }
    allowed = keys[kind]
    changes: dict[str, Any] = {}
    for term in expr.replace("&", ";").split(";"):
        if not term.strip():
            continue
        if "=" not in term:
            raise ValidationError(f"筛选条件“{term}”应写成 键=值；可用的键：{'、'.join(allowed)}")
        key, _, value = term.partition("=")
        key = key.strip().lower()
        if key not in allowed:
            raise ValidationError(f"未知的筛选键“{key}”；可用的键：{'、'.join(allowed)}")
        attr = allowed[key]
        current = getattr(query, attr)
        if attr == "department_ids":
            ids = []
            for word in _split(value):
                if word not in dept_ids:
                    raise ValidationError(f"部门“{word}”不存在")
                ids.append(dept_ids[word])
            changes[attr] = tuple(ids)
        elif isinstance(current, bool):
            changes[attr] = _bool(value)
        elif isinstance(current, tuple):
            changes[attr] = _split(value)
        elif attr == "on":
            try:
                changes[attr] = date.fromisoformat(value.strip())
            except ValueError:
                raise ValidationError(f"日期“{value}”应写成 2026-03-01") from None
        else:
            changes[attr] = value.strip()
    return replace(query, **changes)


# Each registry's rows for a file, by its own query type.
_EXPORTERS: dict[str, Callable[[Workspace, Any], Generator[list[Any], None, None]]] = {
    "targets": targets.export_rows,
    "inspectors": inspectors.export_rows,
    "experts": experts.export_rows,
    "items": items.export_rows,
    "licences": licences.export_rows,
}


def export_registry(
    ws: Workspace,
    kind: str,
    path: str | Path,
    *,
    query: Any = None,
    filter_text: str = "",
    layout: str = "app",
) -> int:
    """Writes the rows of a (filtered) view in template columns; returns how many rows.
    `layout="platform"` (inspectors): the provincial platform's 21-column roster, header in
    row 1, data from row 2."""
    if kind not in SPECS:
        raise ValidationError(f"未知的名录：{kind}（可选：{'、'.join(SPECS)}）")
    if layout not in ("app", "platform"):
        raise ValidationError(f"未知的格式：{layout}（可选：app、platform）")
    if layout == "platform" and kind != "inspectors":
        raise ValidationError("平台格式目前只用于执法检查人员名录（inspectors）")
    spec = SPECS[kind]
    query = query if query is not None else parse_filter(ws, kind, None)
    if layout == "platform":
        with closing(inspectors.platform_rows(ws, query)) as rows:
            count = write_table(path, title=None, headers=inspectors.PLATFORM_COLUMNS, rows=rows,
                                widths=[12] * len(inspectors.PLATFORM_COLUMNS))  # fmt: skip

        log_export(ws, "registry.export", path, what=f"{REGISTRY_LABELS[kind]}（平台格式，行）",
                   count=count, detail={"kind": kind, "filter": filter_text, "layout": layout})  # fmt: skip
        return count
    stamp = local_now().strftime("%Y-%m-%d %H:%M")
    title = (
        f"{REGISTRY_LABELS[kind]}（导出于{stamp}"
        + (f"；筛选：{filter_text}" if filter_text else "")
        + "）"
    )
    # closing(): if writing fails part-way, the row generator (holding a database
    # connection while it streams) is closed now, not whenever it is garbage-collected.
    with closing(_EXPORTERS[kind](ws, query)) as rows:
        count = write_table(
            path,
            title=title,
            headers=[f.header for f in spec.fields],
            rows=rows,
            widths=[f.width for f in spec.fields],
        )

    log_export(
        ws,
        "registry.export",
        path,
        what=f"{REGISTRY_LABELS[kind]}（行）",
        count=count,
        detail={"kind": kind, "filter": filter_text},
    )
    return count


def write_import_report(preview: Any, path: str | Path) -> Path:
    """The import's report: a first sheet with the mapping (the file's header → field, or
    ignored, or only suggested) and the rows skipped and why; then every problem with the
    file's own header text, the cell (D17), the value and the reason. Written whatever the
    outcome, also when required columns are missing."""

    spec = SPECS[preview.kind]
    rows_text = "、".join(str(r) for r in preview.header_rows) or str(preview.header_row)
    summary = [
        f"文件：{Path(preview.file).name}（{format_name(preview.format)}，工作表“{preview.sheet}”，"
        f"表头在第{rows_text}行）",
        f"数据行 {preview.data_rows}：无问题 {preview.valid_rows}，仅有警告 {preview.warning_rows}，"
        f"有错误 {preview.error_rows}",
    ]
    if preview.missing_required:
        summary.append(
            f"缺少必填列：{'、'.join(preview.missing_required)}（未校验任何数据行；"
            "请检查表头，或在“列对应”中指定）"
        )
    if preview.merged:
        summary.append(f"合并单元格已按所见填充到每个单元格：{'、'.join(preview.merged)}")
    if preview.blank_rows:
        summary.append(f"表格中的空行 {preview.blank_rows} 行已跳过")
    mapping = []
    for col, header in enumerate(preview.headers):
        if not header:
            continue
        key = preview.mapping.get(col)
        if key is not None:
            f = spec.field(key)
            how = (
                "由使用者在“列对应”中指定"
                if col in getattr(preview, "chosen", ())
                else "表头相同"
                if header == f.header
                else "表头为常用别名（平台或登记系统列名）"
            )
            mapping.append((column_letter(col), header, f.header, how))
        elif col in preview.suggested:
            f = spec.field(preview.suggested[col])
            mapping.append(
                (
                    column_letter(col),
                    header,
                    "（不导入）",
                    f"表头与“{f.header}”部分相同，可在导入对话框的“列对应”中确认后导入",
                )
            )
        else:
            why = ignored_why(preview.headers, col, preview.mapping)
            mapping.append((column_letter(col), header, "（不导入）", why))
    issues = (
        ReportIssue(i.row, i.column, i.value, "错误" if i.severity == "error" else "警告",
                    i.reason, i.cell)
        for i in preview.issues
    )  # fmt: skip
    return write_issue_report(
        path,
        title=f"{REGISTRY_LABELS[preview.kind]}导入校验报告",
        issues=issues,
        summary=summary,
        mapping=mapping,
        skipped=preview.skipped,
    )
