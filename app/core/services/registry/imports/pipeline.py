"""Import a registry spreadsheet: preview (nothing written), then confirm in one transaction.

Modes: "valid_rows" writes every row without problems and skips the rest; "all_or_nothing"
writes nothing unless every row passes. A row with only warnings (a wrong check digit…)
passes only when the user accepted warnings. Rows are upserted by their code, so
re-importing an updated file updates instead of duplicating.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

from sqlalchemy import select

from app.core.domain.errors import ValidationError
from app.core.domain.roles import Permission
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.services.registry import experts, inspectors, items, licences, target_import
from app.core.services.registry.columns import AcceptedRows, check_columns
from app.core.services.registry.fields import SPECS, Issue, RegistrySpec, display
from app.core.services.registry.records import RecordChecker, warning_text
from app.core.services.registry.vocab import load_vocab
from app.core.storage.models import EnforcementUnit, Expert, InspectionItem, Inspector, Target

from .formats import column_letter
from .mapping import apply_overrides, auto_map, check_registry, missing_required
from .reader import Sheet, Table, find_table, footer_rows, header_key, read_sheet

Mode = Literal["valid_rows", "all_or_nothing"]
T = TypeVar("T")


class Writer(Protocol):
    """Writes an import's accepted rows while the rest of the file is read and checked."""

    rows: AcceptedRows

    def write_pending(self) -> None: ...


Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]
_SAMPLE = 200
_CHUNK = 8192  # rows checked at a time (progress and cancel between chunks)

_WRITERS = {  # besides targets, which take the rows a column at a time
    "inspectors": inspectors.upsert_inspectors,
    "experts": experts.upsert_experts,
    "items": items.upsert_items,
    "licences": licences.upsert_licences,
}
# Checks of a row against what the database holds, while the file is checked: an entry whose
# business is not in the registry, a change to an item in force without 调整原因.
_REFERENCES = {
    "licences": licences.reference_issues,
    "items": items.reference_issues,
}
_AREAS = {
    "targets": Area.TARGETS,
    "inspectors": Area.INSPECTORS,
    "experts": Area.EXPERTS,
    "items": Area.ITEMS,
    "licences": Area.TARGETS,
}


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
    would_keep: int = 0  # rows that exist already with the same values (未变)
    skipped: tuple[tuple[int, str], ...] = ()  # (row, why): title, hint, example, footer rows
    blank_rows: int = 0  # blank rows inside the table, skipped
    merged: tuple[str, ...] = ()  # merged ranges whose value was filled into every cell
    format: str = "xlsx"  # the file's kind by content
    header_rows: tuple[int, ...] = ()  # 1-based rows making up the header (two levels: 2)
    suggested: dict[int, str] = field(default_factory=dict)  # loose matches, not applied
    chosen: frozenset[int] = frozenset()  # columns the user mapped in 列对应
    new_units: tuple[str, ...] = ()  # 执法单位 the import creates (create_units)

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
    accepted: AcceptedRows
    blocked_rows: int
    units_under: int | None = None  # department id the new units go under


def _spec(kind: str):  # type: ignore[no-untyped-def]
    if kind not in SPECS:
        raise ValidationError(f"未知的名录：{kind}（可选：{'、'.join(SPECS)}）")
    return SPECS[kind]


def _parse(
    ws: Workspace,
    *,
    kind: str,
    path: str | Path,
    mapping: Mapping[Any, str | None] | None,
    accept_warnings: bool,
    progress: Progress | None,
    cancelled: Cancelled | None,
    estimate: bool = True,
    writer: Writer | None = None,
    all_or_nothing: bool = False,
    create_units: str | None = None,
    subject_department: str | None = None,
) -> _Parsed:
    """Reads and checks the file. With a `writer`, the accepted rows are written as they
    are checked (until a row is refused, when `all_or_nothing`: nothing will be kept then)."""
    spec = _spec(kind)
    sheet = read_sheet(path)
    table = find_table(sheet, spec)
    h = table.header_row
    headers = table.headers
    auto, suggested = auto_map(headers, spec, loose=False)
    check_registry(headers, auto, spec)
    cols = apply_overrides(auto, _by_column(mapping, headers), spec)
    table, cols = _derive_item_codes(ws, kind, sheet, table, cols)
    headers = table.headers
    missing = tuple(missing_required(cols, spec))
    start = table.start
    skipped: list[tuple[int, str]] = list(table.skipped)
    blank_rows = 0
    with ws.db.read_session() as s:
        vocab = load_vocab(s)
    if create_units:
        found_dept = vocab.department(create_units)
        if found_dept is None:
            names = "、".join(d.name for d in vocab.departments)
            raise ValidationError(
                f"部门“{create_units}”不存在，无法在其下创建执法单位；可选：{names}"
            )
        vocab.new_units_under = found_dept.id
    if subject_department:
        subject = vocab.department(subject_department)
        if subject is None:
            names = "、".join(d.name for d in vocab.departments)
            raise ValidationError(f"部门“{subject_department}”不存在；可选：{names}")
        vocab.subject_department = subject.id
    checker = RecordChecker(kind, vocab)
    order = [f.key for f in spec.fields]
    issues: list[Issue] = []
    accepted = writer.rows if writer is not None else AcceptedRows()
    sample: list[tuple[int, tuple[str, ...]]] = []
    valid = warn_rows = err_rows = data_rows = 0
    seen: dict[str, dict[Any, int]] = {}
    pairs = sorted(cols.items())
    where = {key: col for col, key in cols.items()}
    if missing:
        pairs = []  # nothing can be checked until the required columns are mapped
    doing = "校验中…" if writer is None else "校验并写入中…"
    total = max(len(sheet.rows) - start, 0)
    for first in range(start, len(sheet.rows), _CHUNK):
        chunk = sheet.rows[first : first + _CHUNK]
        if cancelled is not None and cancelled():
            raise ValidationError(
                "导入已取消，未写入任何数据。 / Import cancelled; nothing written."
            )
        if progress is not None:
            progress(first - start, total, doing)
        footers = footer_rows(chunk)
        for i in footers:
            skipped.append((first + i + 1, f"表尾（{_short(chunk[i])}）"))
        raw, row_numbers, blank = _columns(chunk, pairs, first, set(footers))
        blank_rows += blank
        if not row_numbers:
            continue
        data_rows += len(row_numbers)
        checked = check_columns(checker, raw, row_numbers)
        by_row = checked.issues
        for i, issue in _duplicates(kind, spec, checked.values, row_numbers, seen):
            by_row.setdefault(i, []).append(issue)
        if kind in _REFERENCES:  # what a row means against the database, named by its cell
            with ws.db.read_session() as s:
                for i, issue in _REFERENCES[kind](s, checked.values, row_numbers):
                    by_row.setdefault(i, []).append(issue)
        values = checked.values
        n = len(row_numbers)
        for i in sorted(by_row):  # most rows have no issue
            issues.extend(_in_file(x, headers, where) for x in by_row[i])
        blocked, warnings, errors = _sort_out(by_row, accept_warnings)
        err_rows += errors
        warn_rows += len(by_row) - errors
        valid += n - len(by_row)
        if blocked or warnings:
            keep = [i for i in range(n) if i not in blocked]
            accepted.add(checked, keep, [warnings.get(i, "") for i in keep])
        else:
            accepted.add(checked, None, [""] * n)
        if writer is not None and not (all_or_nothing and data_rows > len(accepted)):
            writer.write_pending()
        for i in range(min(n, _SAMPLE - len(sample))):
            sample.append(
                (
                    row_numbers[i],
                    tuple(display(values[k][i]) if k in values else "" for k in order),
                )
            )
    # The write path counts inserts and updates as it writes instead of looking them up twice.
    would_insert, would_update = _estimate(ws, kind, accepted) if estimate else (0, 0)
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
        skipped=tuple(sorted(skipped)),
        blank_rows=blank_rows,
        merged=sheet.merged,
        format=sheet.format,
        header_rows=tuple(r + 1 for r in table.header_rows),
        suggested={c: k for c, k in suggested.items() if c not in cols},
        chosen=frozenset(c for c, k in cols.items() if auto.get(c) != k),
    )
    if vocab.new_units:
        preview = replace(preview, new_units=tuple(sorted(vocab.new_units)))
    return _Parsed(preview, accepted, data_rows - len(accepted), vocab.new_units_under)


GENERATED_CODE = "事项编码（按序号生成）"


def _derive_item_codes(
    ws: Workspace, kind: str, sheet: Sheet, table: Table, cols: dict[int, str]
) -> tuple[Table, dict[int, str]]:
    """The national 抽查事项清单 numbers its items (序号) but gives them no code. When a file of
    items maps no 事项编码 but has 序号 and 抽查事项, each row gets one in a column added after
    the file's own (named GENERATED_CODE, so the report shows where codes came from): the
    code of this county's item of the same name and sub-item where there is one (a re-import
    updates it), else GJ and the 序号 (GJ001, GJ002 …)."""
    numbers = [c for c, h in enumerate(table.headers) if header_key(h) == "序号"]
    if kind != "items" or "code" in cols.values() or "name" not in cols.values() or not numbers:
        return table, cols
    name_col = next(c for c, k in cols.items() if k == "name")
    sub_col = next((c for c, k in cols.items() if k == "sub_item"), None)
    with ws.db.read_session() as s:
        known = {
            (i.name.strip(), (i.sub_item or "").strip()): i.code
            for i in s.scalars(select(InspectionItem))
        }
    width = len(table.headers)

    def cell(row: list[Any], col: int | None) -> str:
        value = row[col] if col is not None and col < len(row) else None
        return "" if value is None else str(value).strip()

    for row in sheet.rows[table.start :]:
        number = cell(row, numbers[0]).removesuffix(".0")
        code = known.get((cell(row, name_col), cell(row, sub_col)))
        if code is None and number:
            code = f"GJ{int(number):03d}" if number.isdigit() else f"GJ{number}"
        row.extend([None] * (width - len(row)))
        row.append(code if cell(row, name_col) else None)
    return replace(table, headers=(*table.headers, GENERATED_CODE)), {**cols, width: "code"}


def _sort_out(
    by_row: dict[int, list[Issue]], accept_warnings: bool
) -> tuple[set[int], dict[int, str], int]:
    """(rows refused, warning texts of the rows let in with warnings, rows with an error)."""
    blocked: set[int] = set()
    warnings: dict[int, str] = {}
    errors = 0
    for i, row_issues in by_row.items():
        if any(x.severity == "error" for x in row_issues):
            errors += 1
            blocked.add(i)
        elif accept_warnings:
            warnings[i] = warning_text(row_issues)
        else:
            blocked.add(i)
    return blocked, warnings, errors


def _by_column(
    mapping: Mapping[Any, str | None] | None, headers: tuple[str, ...]
) -> dict[int, str | None] | None:
    """The user's mapping by column index; a key may also be the file's header text (the
    CLI's --map 序号=事项编码)."""
    if not mapping:
        return None
    keys = [header_key(h) for h in headers]
    out: dict[int, str | None] = {}
    for col, field_key in mapping.items():
        if isinstance(col, str):
            if header_key(col) not in keys:
                shown = "、".join(h for h in headers if h)
                raise ValidationError(f"文件中没有表头“{col}”（表头：{shown}）")
            col = keys.index(header_key(col))
        out[col] = field_key
    return out


def _short(row: list[Any]) -> str:
    text = next((str(c).strip() for c in row if c not in (None, "") and str(c).strip()), "")
    return text if len(text) <= 20 else text[:20] + "…"


def _in_file(issue: Issue, headers: tuple[str, ...], where: dict[str, int]) -> Issue:
    """The issue as the file shows it: the file's own header text and the cell ("D17")."""
    col = where.get(issue.key)
    if col is None or issue.row <= 0:
        return issue
    return replace(
        issue, column=headers[col] or issue.column, cell=f"{column_letter(col)}{issue.row}"
    )


def _columns(
    chunk: list[list[Any]],
    pairs: list[tuple[int, str]],
    first: int,
    drop: set[int] = frozenset(),  # type: ignore[assignment]
) -> tuple[dict[str, list[Any]], list[int], int]:
    """The mapped cells of a chunk of rows as columns, blank rows and the rows in `drop`
    left out; the spreadsheet row numbers of the rows kept; and the number of blank rows."""
    if not pairs or not chunk:
        return {}, [], 0
    width = pairs[-1][0] + 1
    if min(map(len, chunk)) >= width:  # calamine's rows are all as wide as the sheet
        raw = {key: [r[c] for r in chunk] for c, key in pairs}
    else:
        raw = {key: [r[c] if c < len(r) else None for r in chunk] for c, key in pairs}
    probe = next(iter(raw.values()))  # a blank row is blank in every column
    maybe = [i for i, v in enumerate(probe) if _blank(v)]
    blank = {i for i in maybe if all(_blank(col[i]) for col in raw.values())}
    count = len(blank - drop)
    if drop:
        blank |= drop
    if blank:
        keep = [i for i in range(len(chunk)) if i not in blank]
        raw = {key: [col[i] for i in keep] for key, col in raw.items()}
    else:
        keep = range(len(chunk))  # type: ignore[assignment]
    return raw, [first + i + 1 for i in keep], count


def _blank(v: Any) -> bool:
    return v is None or (v.__class__ is str and not v.strip())


def _duplicates(
    kind: str,
    spec: RegistrySpec,
    values: dict[str, list[Any]],
    rows: list[int],
    seen: dict[str, dict[Any, int]],
) -> list[tuple[int, Issue]]:
    """(row index, issue) for each row repeating a code (or, for a target without a code, a
    kind and name) of an earlier row of the file; `seen` (key → value → first row number)
    spans the chunks."""
    found: list[tuple[int, Issue]] = []
    n = len(rows)
    keyed = [(key, values[key], spec.field(key).header) for key in spec.key_fields if key in values]
    if kind == "licences":  # one entry per business and pool: the pair is the key
        pairs = [
            f"{c}｜{p}" if c and p else None
            for c, p in zip(
                values.get("code", [None] * n), values.get("pool", [None] * n), strict=True
            )
        ]
        keyed = [("code", pairs, "统一社会信用代码/注册号＋专项库")]  # named at the code's cell
    if kind == "targets":
        codes, regs = values.get("uscc", [None] * n), values.get("reg_no", [None] * n)
        kinds, names = values.get("kind", [None] * n), values.get("name", [None] * n)
        codeless = [i for i in range(n) if not codes[i] and not regs[i]]
        named: list[Any] = [None] * n
        for i in codeless:
            named[i] = f"{kinds[i]}|{names[i]}"
        keyed.append(("name", named, "名称"))
    # An item list's 抽查事项 over several 抽查子项 rows (its 编号 merged or repeated): the rows
    # after the first are its sub-items, folded into it (_fold_sub_items), not duplicates.
    item_names = seen.setdefault("item names", {}) if kind == "items" else None
    item_name_col = values.get("name", [None] * n)
    for key, col, header in keyed:
        earlier = seen.setdefault(key, {})
        present = [i for i, v in enumerate(col) if v]
        distinct = {col[i] for i in present}
        if len(distinct) == len(present) and earlier.keys().isdisjoint(distinct):
            earlier.update((col[i], rows[i]) for i in present)  # the common case: all new
            if item_names is not None:
                item_names.update((col[i], item_name_col[i]) for i in present)
            continue
        for i in present:
            first = earlier.setdefault(col[i], rows[i])
            if item_names is not None:
                item_names.setdefault(col[i], item_name_col[i])
            if first != rows[i]:
                if item_names is not None and item_names.get(col[i]) == item_name_col[i]:
                    continue  # a sub-item row of the same 抽查事项
                shown = str(names[i]) if key == "name" else col[i]
                found.append((i, Issue(rows[i], header, shown, "error", f"与第{first}行重复", key)))
    found.sort(key=lambda x: x[0])
    return found


def _fold_sub_items(records: list[tuple[dict[str, Any], str]]) -> list[tuple[dict[str, Any], str]]:
    """Rows of one 抽查事项 (same 编号 and name) as one item whose 抽查子项 lists theirs, "；"
    between them, in the file's order."""
    out: dict[Any, tuple[dict[str, Any], str]] = {}
    for values, warnings in records:
        code = values.get("code")
        if code not in out:
            out[code] = (dict(values), warnings)
            continue
        first, first_warnings = out[code]
        subs = [x for x in str(first.get("sub_item") or "").split("；") if x]
        extra = values.get("sub_item")
        if extra and extra not in subs:
            subs.append(str(extra))
        joined = "；".join(subs)
        if len(joined) > 200:
            raise ValidationError(
                f"事项 {code} 的抽查子项合计超过200字（{len(joined)}字），无法并入一个事项；"
                "请给各子项不同的编号后再导入。"
            )
        first["sub_item"] = joined or None
        out[code] = (first, "；".join(w for w in (first_warnings, warnings) if w))
    return list(out.values())


def _estimate(ws: Workspace, kind: str, rows: AcceptedRows) -> tuple[int, int]:
    """(new rows, rows that exist already) by code, for the preview's summary."""
    if not len(rows):
        return 0, 0
    found = 0
    with ws.db.read_session() as s:
        if kind == "targets":
            usccs = rows.column("uscc")
            for col, codes in (
                (Target.uscc, [c for c in usccs if c]),
                (
                    Target.reg_no,
                    [r for u, r in zip(usccs, rows.column("reg_no"), strict=True) if r and not u],
                ),
            ):
                for j in range(0, len(codes), 500):
                    found += len(s.execute(select(col).where(col.in_(codes[j : j + 500]))).all())
        elif kind == "licences":
            found = licences.existing_keys(s, rows.column("code"), rows.column("pool"))
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
            if kind == "items":  # sub-item rows of one 抽查事项 become one item
                item_codes = set(rows.column(key))
                return len(item_codes - have), len(item_codes & have)
            found = sum(1 for v in rows.column(key) if v in have)
    return len(rows) - found, found


def preview_import(
    ws: Workspace,
    *,
    kind: str,
    path: str | Path,
    mapping: Mapping[Any, str | None] | None = None,
    accept_warnings: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    create_units: str | None = None,
    subject_department: str | None = None,
) -> ImportPreview:
    """Reads and validates the file; writes nothing. `create_units` (a department): units
    below a department (…所/分局/科/大队) not yet known are taken as new 执法单位 under it."""
    return _parse(
        ws,
        kind=kind,
        path=path,
        mapping=mapping,
        accept_warnings=accept_warnings,
        progress=progress,
        cancelled=cancelled,
        create_units=create_units,
        subject_department=subject_department,
    ).preview


def import_registry(
    ws: Workspace,
    *,
    kind: str,
    path: str | Path,
    mapping: Mapping[Any, str | None] | None = None,
    mode: Mode = "valid_rows",
    accept_warnings: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    create_units: str | None = None,
    subject_department: str | None = None,
) -> ImportResult:
    """Validates the file and, unless refused, writes it in one transaction.

    Nothing is written when: dry_run; required columns are missing; mode is all_or_nothing
    and a row is blocked; or no row is importable. A dry run takes the real write path and
    rolls it back, so its counts (新增/更新/未变) are the ones the real run will report.
    """
    if not dry_run:
        ws.require(Permission.EDIT_REGISTRY)
    started = time.perf_counter()
    parse = functools.partial(
        _parse,
        ws,
        kind=kind,
        path=path,
        mapping=mapping,
        accept_warnings=accept_warnings,
        progress=progress,
        cancelled=cancelled,
        estimate=False,
        all_or_nothing=mode == "all_or_nothing",
        create_units=create_units,
        subject_department=subject_department,
    )
    try:
        with ws.db.session() as s:
            # Into an empty target registry the rows are written while the file is read.
            with (
                target_import.first_import(s, AcceptedRows())
                if kind == "targets"
                else nullcontext()
            ) as writer:
                parsed = parse(writer=writer)
                if _refusal(parsed, mode):
                    raise _Refused(parsed)
                if cancelled is not None and cancelled():
                    raise ValidationError("导入已取消，未写入任何数据。")
                p = parsed.preview
                if progress is not None:
                    progress(p.data_rows, p.data_rows, "写入中…")
            rows = parsed.accepted
            if parsed.preview.new_units and parsed.units_under is not None:
                _create_units(s, parsed.preview.new_units, parsed.units_under)
            if writer is not None:
                result = writer.result
            elif kind == "targets":
                result = target_import.upsert_targets(s, actor=ws.actor.username, rows=rows)
            else:
                records = rows.records()
                if kind == "items":
                    records = _fold_sub_items(records)
                result = _WRITERS[kind](s, actor=ws.actor.username, records=records)
            blocked = parsed.blocked_rows
            if dry_run:
                raise _DryRun(parsed, result)
            summary = (
                f"导入{SPECS[kind].label}：{Path(path).name}，新增{result.inserted}，"
                f"更新{result.updated}，未变{result.unchanged}，跳过{blocked}"
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
    except _Refused as refusal:  # rolled back: nothing written
        return _not_written(ws, refusal.parsed, mode, dry_run, started)
    except _DryRun as dry:  # rolled back: the counts are the real run's
        done = dry.result
        p = replace(
            dry.parsed.preview,
            would_insert=done.inserted,
            would_update=done.updated,
            would_keep=done.unchanged,
        )
        return ImportResult(
            p,
            False,
            done.inserted,
            done.updated,
            done.unchanged,
            dry.parsed.blocked_rows,
            time.perf_counter() - started,
            "试运行，未写入",
        )
    p = replace(
        p,
        would_insert=result.inserted,
        would_update=result.updated,
        would_keep=result.unchanged,
    )
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


def _create_units(session: Any, names: tuple[str, ...], department_id: int) -> None:
    """The 执法单位 an import names, under the department the user chose (same transaction)."""
    have = set(session.scalars(select(EnforcementUnit.name).where(EnforcementUnit.name.in_(names))))
    for name in names:
        if name not in have:
            session.add(EnforcementUnit(name=name, department_id=department_id))
    session.flush()


class MissingColumns(ValidationError):
    """Required columns are not mapped; `preview` still says what the file holds (for the
    report, which is written also then)."""

    def __init__(self, preview: ImportPreview, message: str, *, details: list[str]) -> None:
        super().__init__(message, details=details)
        self.preview = preview


class _DryRun(Exception):
    """A dry run wrote what the real run would; the transaction rolls back."""

    def __init__(self, parsed: _Parsed, result: Any) -> None:
        super().__init__("dry run")
        self.parsed, self.result = parsed, result


class _Refused(Exception):
    """The checked file is not to be written (the transaction rolls back)."""

    def __init__(self, parsed: _Parsed) -> None:
        super().__init__("refused")
        self.parsed = parsed


def _refusal(parsed: _Parsed, mode: Mode) -> bool:
    """True when nothing is to be written; raises when required columns are missing."""
    p = parsed.preview
    if p.missing_required:
        raise MissingColumns(
            p,
            f"文件缺少必填列：{'、'.join(p.missing_required)}。请检查表头，或在“列对应”中指定。",
            details=[f"表头在第{p.header_row}行：{'、'.join(h for h in p.headers if h)}"],
        )
    return (mode == "all_or_nothing" and parsed.blocked_rows > 0) or not parsed.accepted


def _not_written(
    ws: Workspace, parsed: _Parsed, mode: Mode, dry_run: bool, started: float
) -> ImportResult:
    _refusal(parsed, mode)  # missing columns are an error even for a dry run
    blocked = parsed.blocked_rows
    why = (
        "试运行，未写入"
        if dry_run
        else f"有{blocked}行未通过校验，按“全部通过才导入”未写入任何数据"
        if blocked and mode == "all_or_nothing"
        else "没有可导入的行"
    )
    counts = _estimate(ws, kind=parsed.preview.kind, rows=parsed.accepted)
    p = replace(parsed.preview, would_insert=counts[0], would_update=counts[1])
    return ImportResult(
        p, False, skipped=blocked, seconds=time.perf_counter() - started, message=why
    )
