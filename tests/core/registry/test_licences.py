"""专项库 entries are keyed by business and pool: the same business in two pools is two entries,
the same pair twice in a file is a duplicate named at its cell."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.core.services.kernel.workspace import open_workspace
from app.core.services.registry.imports.pipeline import preview_import
from tests.helpers.registry_files import write_rows


def test_a_business_may_be_in_two_pools_but_not_twice_in_one(
    sample_db: Path, tmp_path: Path
) -> None:
    con = sqlite3.connect(sample_db)
    try:
        code = con.execute("select uscc from targets where uscc is not null").fetchone()[0]
    finally:
        con.close()
    rows = [
        ["统一社会信用代码", "对应专项库监管标签"],
        [code, "食品生产"],
        [code, "食品生产"],
        [code, "特种设备"],
    ]
    ws = open_workspace(sample_db)
    try:
        p = preview_import(ws, kind="licences", path=write_rows(tmp_path / "p.xlsx", rows))
    finally:
        ws.db.dispose()
    assert (p.valid_rows, p.error_rows) == (2, 1)
    (issue,) = p.issues
    assert issue.cell == "A4" and issue.column == "统一社会信用代码" and "第3行" in issue.reason
