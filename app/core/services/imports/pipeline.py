"""Import a registry spreadsheet: preview (nothing written), then confirm in one transaction.

Modes: "valid_rows" writes every row without problems and skips the rest; "all_or_nothing"
writes nothing unless every row passes. A row with only warnings (a wrong check digit…)
passes only when the user accepted warnings. Rows are upserted by their code, so
re-importing an updated file updates instead of duplicating.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from app.core.domain.errors import ValidationError
from app.core.domain.roles import Permission
from app.core.services.audit import log_event
from app.core.services.registry import experts, inspectors, items, targets
from app.core.services.registry.fields import SPECS, Issue, display
from app.core.services.registry.records import RecordChecker
from app.core.services.registry.vocab import load_vocab
from app.core.services.workspace import Changes, Workspace

from .mapping import apply_overrides, auto_map, missing_required
from .reader import Sheet, find_header_row, is_hint_row, read_sheet

Mode = Literal["valid_rows", "all_or_nothing"]
Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]
_SAMPLE = 200

_WRITERS = {
    "targets": targets.upsert_targets,
    "inspectors": inspectors.upsert_inspectors,
    "experts": experts.upsert_experts,
    "items": items.upsert_items,
}
_AREAS = {"targets": "targets", "inspectors": "inspectors", "experts": "experts", "items": "items"}


@dataclass(frozen=True)
class ImportPreview:
    """What an import would do; shown before the user confirms."""

    kind: str
    file: str
    sheet: str
    header_row: int  # 1-based
    headers: tuple[str, ...]
    mapping: dict[int, str]  # column index → field key
    missing_required: tuple[str, ...]
    data_rows: int
    valid_rows: int  # no problem at all
    warning_rows: int  # warnings only (importable when accepted)
    error_rows: int
    issues: tuple[Issue, ...]
    sample: tuple[tuple[int, tuple[str, ...]], ...]  # (row number, cleaned values by field order)
    would_insert: int = 0
    would_update: int = 0

    def importable(self, accept_warnings: bool) -> int:
        return self.valid_rows + (self.warning_rows if accept_warnings else 0)

    def blocked(self, accept_warnings: bool) -> int:
        return self.error_rows + (0 if accept_warnings else self.warning_rows)


@dataclass(frozen=True)
class ImportResult:
    preview: ImportPreview
    written: bool
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    seconds: float = 0.0
    message: str = ""
    changes: Changes = field(default_factory=Changes)


@dataclass
class _Parsed:
    preview: ImportPreview
    accepted: list[tuple[dict[str, Any], str]]  # (clean values, warning text)
    blocked_rows: int


def _spec(kind: str):  # type: ignore[no-untyped-def]
    if kind not in SPECS:
        raise ValidationError(f"未知的名录：{kind}（可选：{'、'.join(SPECS)}）")
    return SPECS[kind]


def _parse(
    ws: Workspace,
    *,
    kind: str,
    path: str | Path,
    mapping: Mapping[int, str | None] | None,
    accept_warnings: bool,
    progress: Progress | None,
    cancelled: Cancelled | None,
    sheet: Sheet | None = None,
    estimate: bool = True,
) -> _Parsed:
    spec = _spec(kind)
    sheet = sheet or read_sheet(path)
    h = find_header_row(sheet, spec)
    headers = tuple("" if c is None else str(c).strip() for c in sheet.rows[h])
    cols = apply_overrides(auto_map(headers, spec), mapping, spec)
    missing = tuple(missing_required(cols, spec))
    start = h + 1
    if start < len(sheet.rows) and is_hint_row(sheet.rows[start], spec):
        start += 1
    with ws.db.read_session() as s:
        vocab = load_vocab(s)
    checker = RecordChecker(kind, vocab)
    order = [f.key for f in spec.fields]
    issues: list[Issue] = []
    accepted: list[tuple[dict[str, Any], str]] = []
    sample: list[tuple[int, tuple[str, ...]]] = []
    valid = warn_rows = err_rows = data_rows = 0
    seen: dict[tuple[str, str], int] = {}
    key_fields = spec.key_fields
    header_of = {f.key: f.header for f in spec.fields}
    pairs = sorted(cols.items())
    total = len(sheet.rows) - start
    if missing:
        pairs = []  # nothing can be checked until the required columns are mapped
    for i in range(start, len(sheet.rows)):
        if cancelled is not None and (i & 0x3FF) == 0 and cancelled():
            raise ValidationError(
                "导入已取消，未写入任何数据。 / Import cancelled; nothing written."
            )
        if progress is not None and (i & 0x1FFF) == 0:
            progress(i - start, total, "校验中…")
        row = sheet.rows[i]
        width = len(row)
        raw = {key: row[c] if c < width else None for c, key in pairs}
        if not pairs or all(
            v is None or (isinstance(v, str) and not v.strip()) for v in raw.values()
        ):
            continue  # a blank row
        data_rows += 1
        row_no = i + 1
        checked = checker.check(raw, row=row_no)
        row_issues = checked.issues
        for key in key_fields:  # the same code twice in one file
            value = checked.values.get(key)
            if value:
                first = seen.setdefault((key, value), row_no)
                if first != row_no:
                    row_issues.append(
                        Issue(row_no, header_of[key], value, "error", f"与第{first}行重复", key)
                    )
        if (
            kind == "targets"
            and not checked.values.get("uscc")
            and not checked.values.get("reg_no")
        ):
            name_key = (f"{checked.values.get('kind')}|{checked.values.get('name')}", "")
            first = seen.setdefault(("name", name_key[0]), row_no)
            if first != row_no:
                row_issues.append(
                    Issue(
                        row_no,
                        "名称",
                        str(checked.values.get("name")),
                        "error",
                        f"与第{first}行重复",
                        "name",
                    )
                )
        has_error = has_warning = False
        if row_issues:  # most rows have none
            has_error = any(x.severity == "error" for x in row_issues)
            has_warning = any(x.severity == "warning" for x in row_issues)
        if has_error:
            err_rows += 1
        elif has_warning:
            warn_rows += 1
        else:
            valid += 1
        issues.extend(row_issues)
        if not has_error and (accept_warnings or not has_warning):
            accepted.append((checked.values, checked.warning_text() if has_warning else ""))
        if len(sample) < _SAMPLE:
            sample.append((row_no, tuple(display(checked.values.get(k)) for k in order)))
    # The write path counts inserts and updates as it writes instead of looking them up twice.
    would_insert, would_update = (
        _estimate(ws, kind, [v for v, _ in accepted]) if estimate else (0, 0)
    )
    preview = ImportPreview(
        kind=kind,
        file=str(path),
        sheet=sheet.name,
        header_row=h + 1,
        headers=headers,
        mapping=cols,
        missing_required=missing,
        data_rows=data_rows,
        valid_rows=valid,
        warning_rows=warn_rows,
        error_rows=err_rows,
        issues=tuple(issues),
        sample=tuple(sample),
        would_insert=would_insert,
        would_update=would_update,
    )
    return _Parsed(preview, accepted, data_rows - len(accepted))


def _estimate(ws: Workspace, kind: str, values: list[dict[str, Any]]) -> tuple[int, int]:
    """(new rows, rows that exist already) by code, for the preview's summary."""
    from sqlalchemy import select

    from app.core.storage.models import Expert, InspectionItem, Inspector, Target

    if not values:
        return 0, 0
    found = 0
    with ws.db.read_session() as s:
        if kind == "targets":
            for col, key in ((Target.uscc, "uscc"), (Target.reg_no, "reg_no")):
                codes = [
                    v[key] for v in values if v.get(key) and (key == "uscc" or not v.get("uscc"))
                ]
                for j in range(0, len(codes), 500):
                    found += len(s.execute(select(col).where(col.in_(codes[j : j + 500]))).all())
        else:
            model, key = {
                "inspectors": (Inspector, "cert_no"),
                "experts": (Expert, "code"),
                "items": (InspectionItem, "code"),
            }[kind]
            col = getattr(model, key)
            have = set(
                s.scalars(select(col).where(InspectionItem.is_current.is_(True)))
                if kind == "items"
                else s.scalars(select(col))
            )
            found = sum(1 for v in values if v.get(key) in have)
    return len(values) - found, found


def preview_import(
    ws: Workspace,
    *,
    kind: str,
    path: str | Path,
    mapping: Mapping[int, str | None] | None = None,
    accept_warnings: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportPreview:
    """Reads and validates the file; writes nothing."""
    return _parse(
        ws,
        kind=kind,
        path=path,
        mapping=mapping,
        accept_warnings=accept_warnings,
        progress=progress,
        cancelled=cancelled,
    ).preview


def import_registry(
    ws: Workspace,
    *,
    kind: str,
    path: str | Path,
    mapping: Mapping[int, str | None] | None = None,
    mode: Mode = "valid_rows",
    accept_warnings: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportResult:
    """Validates the file and, unless refused, writes it in one transaction.

    Nothing is written when: dry_run; required columns are missing; mode is all_or_nothing
    and a row is blocked; or no row is importable.
    """
    if not dry_run:
        ws.require(Permission.EDIT_REGISTRY)
    started = time.perf_counter()
    parsed = _parse(
        ws,
        kind=kind,
        path=path,
        mapping=mapping,
        accept_warnings=accept_warnings,
        progress=progress,
        cancelled=cancelled,
        estimate=False,
    )
    p = parsed.preview
    if p.missing_required:
        raise ValidationError(
            f"文件缺少必填列：{'、'.join(p.missing_required)}。请检查表头，或在“列对应”中指定。",
            details=[f"表头在第{p.header_row}行：{'、'.join(h for h in p.headers if h)}"],
        )
    blocked = parsed.blocked_rows
    if dry_run or (mode == "all_or_nothing" and blocked) or not parsed.accepted:
        why = (
            "试运行，未写入"
            if dry_run
            else f"有{blocked}行未通过校验，按“全部通过才导入”未写入任何数据"
            if blocked and mode == "all_or_nothing"
            else "没有可导入的行"
        )
        counts = _estimate(ws, kind, [v for v, _ in parsed.accepted])
        p = replace(p, would_insert=counts[0], would_update=counts[1])
        return ImportResult(
            p, False, skipped=blocked, seconds=time.perf_counter() - started, message=why
        )
    if cancelled is not None and cancelled():
        raise ValidationError("导入已取消，未写入任何数据。")
    if progress is not None:
        progress(p.data_rows, p.data_rows, "写入中…")
    with ws.db.session() as s:
        result = _WRITERS[kind](s, actor=ws.actor.username, records=parsed.accepted)
        summary = (
            f"导入{SPECS[kind].label}：{Path(path).name}，新增{result.inserted}，更新{result.updated}，"
            f"未变{result.unchanged}，跳过{blocked}"
        )
        log_event(
            s,
            ws.actor,
            f"{kind}.import",
            entity=kind,
            summary=summary,
            detail={
                "file": Path(path).name,
                "mode": mode,
                "accept_warnings": accept_warnings,
                "rows": p.data_rows,
                "inserted": result.inserted,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "skipped": blocked,
                "issues": len(p.issues),
            },
        )
    p = replace(p, would_insert=result.inserted, would_update=result.updated + result.unchanged)
    return ImportResult(
        p,
        True,
        result.inserted,
        result.updated,
        result.unchanged,
        blocked,
        time.perf_counter() - started,
        summary,
        Changes.of(_AREAS[kind], message=summary),
    )
