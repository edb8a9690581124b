"""Column-at-a-time validation for imports: RecordChecker's results, several times cheaper.

A 100,000-row file is checked a column at a time. Where it is exact, a whole column is
accepted without the per-cell parser: text with nothing to clean, a clean and correct
18-character credit code, an 11-digit mobile number, a code-table value parsed once per
distinct cell. Every other cell goes through `RecordChecker.parse`, and every row whose
cross-field rules could change something goes through `RecordChecker.apply_rules`, so the
values and issues are those `RecordChecker.check` gives row by row (tests compare the two).
No database access.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.core.domain.codes import uscc_is_valid

from .fields import CACHEABLE_TYPES, NEEDS_CLEANING, Field, Issue, display
from .records import RecordChecker

# Exactly the cells `parse_phone` returns unchanged: ASCII digits only (\d would also let
# full-width digits through, which parse_phone converts).
_PLAIN_MOBILE = re.compile(r"1[3-9][0-9]{9}")


@dataclass
class CheckedColumns:
    """Clean values by field key (one per row) and the issues of the rows that have any."""

    values: dict[str, list[Any]]
    issues: dict[int, list[Issue]]  # row index (0-based, within the columns) → issues
    # Keys the rules gave only some rows (an inspector's sex read from the ID number): the
    # rows that have them. A record of any other row has no such key (nothing to update).
    partial: dict[str, set[int]] = field(default_factory=dict)

    def record(self, i: int) -> dict[str, Any]:
        """Row i as RecordChecker.check would give its values."""
        out = {k: col[i] for k, col in self.values.items()}
        for k, rows in self.partial.items():
            if i not in rows:
                del out[k]
        return out


class AcceptedRows:
    """The rows an import will write, kept a column at a time (100k per-row dicts cost more
    than the checks): `columns[key][i]` is row i's value, or `ABSENT` where the rules did
    not give row i that key; `warnings[i]` the warning text the user accepted for it."""

    ABSENT: Any = object()

    def __init__(self) -> None:
        self.columns: dict[str, list[Any]] = {}
        self.warnings: list[str] = []

    def __len__(self) -> int:
        return len(self.warnings)

    def add(
        self, checked: CheckedColumns, keep: Sequence[int] | None, warnings: Sequence[str]
    ) -> None:
        """Appends the rows `keep` (None: all) of `checked`, with their `warnings`."""
        n = len(self.warnings)
        absent = self.ABSENT
        for key, col in checked.values.items():
            have = checked.partial.get(key)
            if have is not None:
                col = [v if i in have else absent for i, v in enumerate(col)]
            if keep is not None:
                col = [col[i] for i in keep]
            if key not in self.columns:
                self.columns[key] = [absent] * n  # a key no earlier row had
            self.columns[key].extend(col)
        self.warnings.extend(warnings)
        for col in self.columns.values():  # a key these rows do not have
            if len(col) < len(self.warnings):
                col.extend([absent] * (len(self.warnings) - len(col)))

    def take(self, indices: Sequence[int]) -> AcceptedRows:
        """The rows at `indices`, in that order."""
        out = AcceptedRows()
        out.columns = {k: [col[i] for i in indices] for k, col in self.columns.items()}
        out.warnings = [self.warnings[i] for i in indices]
        return out

    def column(self, key: str, start: int = 0) -> list[Any]:
        """The key's values from row `start` on, None where a row has none."""
        col = self.columns.get(key)
        if col is None:
            return [None] * (len(self) - start)
        if start:
            col = col[start:]
        absent = self.ABSENT
        return [None if v is absent else v for v in col] if absent in col else col

    def records(self) -> list[tuple[dict[str, Any], str]]:
        """(values, warning text) per row, for writers that take rows one at a time."""
        keys = list(self.columns)
        absent = self.ABSENT
        out = []
        for values, warning in zip(
            zip(*self.columns.values(), strict=True), self.warnings, strict=True
        ):
            out.append(
                ({k: v for k, v in zip(keys, values, strict=True) if v is not absent}, warning)
            )
        return out


def _clean_text(f: Field, cells: Sequence[Any]) -> list[int]:
    """Indices of cells that need the parser (blank, not text, to be cleaned, too long)."""
    slow = [i for i, c in enumerate(cells) if c.__class__ is not str or not c]
    texts = [c for c in cells if c.__class__ is str]
    if texts and (
        NEEDS_CLEANING.search("\x01".join(texts)) is not None or max(map(len, texts)) > f.max_len
    ):
        limit = f.max_len
        slow += [
            i
            for i, c in enumerate(cells)
            if c.__class__ is str and c and (len(c) > limit or NEEDS_CLEANING.search(c) is not None)
        ]
    return slow


def _clean_codes(f: Field, cells: Sequence[Any]) -> list[int]:
    return [i for i, c in enumerate(cells) if c.__class__ is not str or not uscc_is_valid(c)]


def _clean_phones(f: Field, cells: Sequence[Any]) -> list[int]:
    match = _PLAIN_MOBILE.fullmatch
    return [i for i, c in enumerate(cells) if c.__class__ is not str or match(c) is None]


# Field type → the indices of a column that the per-cell parser must see; the others are
# stored as they are.
_FAST: dict[str, Callable[[Field, Sequence[Any]], list[int]]] = {
    "text": _clean_text,
    "target_code": _clean_codes,
    "phone": _clean_phones,
}


class ColumnChecker:
    """Checks the columns of one import; keeps RecordChecker's per-import cache."""

    def __init__(self, checker: RecordChecker) -> None:
        self.checker = checker
        self.spec = checker.spec

    def check(self, raw: dict[str, list[Any]], rows: Sequence[int]) -> CheckedColumns:
        """`raw`: the cells of each mapped field, all of the same length; `rows`: their
        spreadsheet row numbers (for the issues)."""
        values: dict[str, list[Any]] = {}
        issues: dict[int, list[Issue]] = {}
        for f in self.spec.fields:
            cells = raw.get(f.key)
            if cells is None:
                continue
            out, errors = self._column(f, cells)
            for i, exc in errors:
                issues.setdefault(i, []).append(
                    Issue(rows[i], f.header, display(cells[i]), exc.severity, exc.reason, f.key)
                )
            values[f.key] = out
        partial = self._rules(raw, values, issues, rows)
        return CheckedColumns(values, issues, partial)

    def _column(self, f: Field, cells: Sequence[Any]) -> tuple[list[Any], list[tuple[int, Any]]]:
        parse = self.checker.parse
        errors: list[tuple[int, Any]] = []
        if f.type in CACHEABLE_TYPES:  # few distinct values: parse each once
            distinct = set(cells)
            if all(c.__class__ is str or c is None for c in distinct):
                parsed = {c: parse(f, c) for c in distinct}
                out = [parsed[c][0] for c in cells]
                if any(h[1] is not None for h in parsed.values()):
                    errors = [(i, parsed[c][1]) for i, c in enumerate(cells) if parsed[c][1]]
                return out, errors
            # numbers too: keyed by type as well, so that 1 and True stay apart
            typed = {c: parse(f, c[1]) for c in set(map(_typed, cells))}
            hits = [typed[k] for k in map(_typed, cells)]
            errors = [(i, h[1]) for i, h in enumerate(hits) if h[1] is not None]
            return [h[0] for h in hits], errors
        fast = _FAST.get(f.type)
        out = list(cells)
        for i in fast(f, cells) if fast is not None else range(len(cells)):
            out[i], exc = parse(f, cells[i])
            if exc is not None:
                errors.append((i, exc))
        errors.sort(key=lambda e: e[0])
        return out, errors

    def _rules(
        self,
        raw: dict[str, list[Any]],
        values: dict[str, list[Any]],
        issues: dict[int, list[Issue]],
        rows: Sequence[int],
    ) -> dict[str, set[int]]:
        n = len(rows)
        if self.spec.kind == "targets":
            # What the rules set on every row they see, for the rows that skip them.
            if "uscc" in raw:
                values.setdefault("reg_no", [None] * n)
            if ("uscc" in raw or "reg_no" in raw or "kind" in raw) and "kind" not in values:
                values["kind"] = [None] * n
            todo = self._target_rows_needing_rules(raw, values, issues, n)
        else:
            todo = range(n)
        keys = list(values)
        partial: dict[str, set[int]] = {}
        for i in todo:
            row_values = {k: values[k][i] for k in keys}
            row_issues = issues.get(i, [])
            self.checker.apply_rules(raw, row_values, row_issues, rows[i])
            if row_issues:
                issues[i] = row_issues
            for k, v in row_values.items():
                column = values.get(k)
                if column is None:
                    column = values[k] = [None] * n
                    partial[k] = set()
                column[i] = v
                if k in partial:
                    partial[k].add(i)
        return partial

    @staticmethod
    def _target_rows_needing_rules(
        raw: dict[str, list[Any]],
        values: dict[str, list[Any]],
        issues: dict[int, list[Issue]],
        n: int,
    ) -> list[int]:
        """Rows the target rules could change: not a plain 18-character code, no kind, no
        status (when the file has the column), or already an issue."""
        codes = values.get("uscc", [None] * n)
        kinds = values.get("kind", [None] * n)
        statuses = values.get("status") if "status" in raw else None
        return [
            i
            for i in range(n)
            if i in issues
            or codes[i] is None
            or len(codes[i]) != 18
            or kinds[i] is None
            or (statuses is not None and not statuses[i])
        ]


def _typed(cell: Any) -> tuple[type, Any]:
    return (cell.__class__, cell)
