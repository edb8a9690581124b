"""`results publish TASK_NO OUT.xlsx --layout platform`: the flat list a provincial platform
imports — one header row in its column order, one row per published result with the
platform's result code — read back as the platform's importer reads it (by position from
row 2)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from openpyxl import load_workbook

from app.core.domain.platform import PLATFORM_RESULT_CODES, PLATFORM_RESULT_COLUMNS, platform_codes

TASK1 = "五原市监抽查〔2026〕1号"


def test_publish_platform_layout_cli(app_cli, sample_db: Path, tmp_path: Path) -> None:
    db = str(sample_db)
    waiting = app_cli("--db", db, "results", "list", "--status", "待审核", "--task", TASK1)
    ids = [line.split("\t")[0] for line in waiting.stdout.splitlines() if line[:1].isdigit()]
    if ids:
        assert app_cli("--db", db, "results", "approve", *ids).returncode == 0
    out = tmp_path / "平台.xlsx"
    r = app_cli(
        "--db",
        db,
        "results",
        "publish",
        TASK1,
        str(out),
        "--layout",
        "platform",
        "--date",
        "2026-07-10",
    )
    assert r.returncode == 0, r.stderr
    assert not out.with_suffix(".pdf").exists()
    sheet = load_workbook(out).worksheets[0]
    rows = [list(x) for x in sheet.iter_rows(values_only=True)]
    assert tuple(rows[0]) == PLATFORM_RESULT_COLUMNS
    data = rows[1:]
    con = sqlite3.connect(sample_db)
    try:
        published = con.execute(
            "select t.name, coalesce(t.uscc, t.reg_no), r.completed_on, r.result_codes "
            "from results r join visits v on v.id = r.visit_id join targets t on t.id = v.target_id "
            "join departments d on d.id = r.department_id join tasks k on k.id = v.task_id "
            "where r.status = '已公示' and k.task_no = ? and d.code = '市场监管'",
            (TASK1,),
        ).fetchall()
    finally:
        con.close()
    assert published and len(data) == len(published)
    assert [row[0] for row in data] == list(range(1, len(data) + 1))
    by_name = {row[7]: row for row in data}
    for name, code, completed, codes in published:
        row = by_name[name]
        assert row[3] == TASK1 and row[6] == "五原县市场监督管理局"
        assert row[8] == code and row[9] == str(completed)[:10]
        assert row[5] in ("定向抽查", "不定向抽查") and row[2]  # plan name
        for c in row[10].split(","):
            assert c in PLATFORM_RESULT_CODES, row
        import json

        app = json.loads(codes) if isinstance(codes, str) else codes
        if app == ["1"]:
            assert row[10] == "1"


def test_app_codes_map_to_platform_codes() -> None:
    texts = {"A": "发现问题待后续处理", "X1": "违反本县自定规定"}
    assert platform_codes(["1"], texts) == ("1", "")
    assert platform_codes(["A", "B", "3"], texts) == ("B,3", "")
    assert platform_codes(["A"], texts) == ("D", "发现问题待后续处理")
    assert platform_codes(["E"], texts) == ("E", "")
    assert platform_codes(["X1"], texts) == ("D", "违反本县自定规定")
    assert platform_codes(["9"], texts) == ("9", "")
