"""An import's rows kept a column at a time: the checked chunk, and the rows it will write.

The importer reads a file in chunks of cells per field; `check_columns` puts each row
through `RecordChecker.check` (the one place the registry's cell and row rules live) and
gathers the values back into columns, which is how the duplicate and reference checks and
the writers read them. No database access.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .fields import Issue
from .records import RecordChecker


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


def check_columns(
    checker: RecordChecker, raw: dict[str, list[Any]], rows: Sequence[int]
) -> CheckedColumns:
    """Each row of `raw` (the cells of each mapped field, all of the same length) through
    `checker.check`, the row's spreadsheet number in `rows` naming it in the issues; the
    values gathered back into columns."""
    n = len(rows)
    keys = list(raw)
    values: dict[str, list[Any]] = {}
    issues: dict[int, list[Issue]] = {}
    for i, row in enumerate(rows):
        checked = checker.check({k: raw[k][i] for k in keys}, row=row)
        if checked.issues:
            issues[i] = checked.issues
        for k, v in checked.values.items():
            column = values.get(k)
            if column is None:
                column = values[k] = [_NOT_GIVEN] * n
            column[i] = v
    partial: dict[str, set[int]] = {}
    for k, column in values.items():
        if _NOT_GIVEN in column:  # the rules gave this key to some rows only
            partial[k] = {i for i, v in enumerate(column) if v is not _NOT_GIVEN}
            values[k] = [None if v is _NOT_GIVEN else v for v in column]
    return CheckedColumns(values, issues, partial)


_NOT_GIVEN: Any = object()
