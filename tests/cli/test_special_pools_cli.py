"""专项库 through the CLI, with the file a platform hands out: a 食品生产 专项库 list (xlsx content
named .xls, title, hint and footer rows, 对应专项库监管标签 and licence columns, a 长期 expiry, a
business not in the registry). It imports with the cells named in the report, `--valid-only`
imports the rest, the export gives it back; a task whose pool filter names the 专项库 draws
only from the businesses whose licence is valid on the draw day, and the public plan notice
says so."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from tests.cli.test_year_rules_cli import DRAW_DAY, INPUTS, imported, ok, plan_json
from tests.helpers.registry_files import uscc

POOL = "食品生产"
MISSING = uscc(99990001)  # a valid code no business in the registry has


def _businesses(db: Path, n: int) -> list[tuple[str, str]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(
            "select uscc, name from targets where uscc is not null and kind = '企业'"
            " and status = '存续' and credit_grade in ('A', 'B', 'C', 'D') order by uscc limit ?",
            (n,),
        ).fetchall()
    finally:
        con.close()


def _platform_list(path: Path, rows: list[list[Any]]) -> Path:
    """As the provincial platform's 专项库 template comes: a title, the header, a hint row, the
    data, a footer; saved as xlsx but named .xls."""
    wb = Workbook()
    ws = wb.active
    ws.title = "专项库导入"
    ws.append(["食品生产企业专项库（2026年）"])
    ws.merge_cells("A1:I1")
    ws.append(["序号", "统一社会信用代码", "企业名称", "对应专项库监管标签", "许可证名称",
               "许可证编号", "许可批准日期", "有效期至", "许可发证机关"])  # fmt: skip
    ws.append(["", "必填", "必填", "必填", "", "", "YYYY-MM-DD", "YYYY-MM-DD，长期有效填长期", ""])
    for row in rows:
        ws.append(row)
    ws.append(["填表人：张敏", "", "审核人：王科长", "", "", "", "填报日期：2026年3月2日"])
    wb.save(path)
    return path


def test_a_platform_special_pool_is_imported_and_drawn_from(
    app_cli, sample_db: Path, tmp_path: Path
) -> None:
    db = str(sample_db)
    people = _businesses(sample_db, 8)
    expiries = ["2029-03-04", "长期", "2026-01-31", "2028-12-31", "9999-09-09", "2030-06-30",
                "2027-05-01", "2029-09-09"]  # fmt: skip
    rows = [
        [n, code, name, POOL, "食品生产许可证", f"SC10615082{n:05d}", "2024.3.5", expiry,
         "五原县市场监督管理局"]
        for n, ((code, name), expiry) in enumerate(zip(people, expiries, strict=True), start=1)
    ]  # fmt: skip
    rows.insert(3, [9, MISSING, "五原县不存在食品有限公司", POOL, "食品生产许可证",
                    "SC1061508200009", "2024年3月5日", "2029-01-01", "五原县市场监督管理局"])  # fmt: skip
    source = _platform_list(tmp_path / "食品生产专项库.xls", rows)

    refused = app_cli("--db", db, "registry", "import", "licences", str(source),
                      "--report", str(tmp_path / "r1.xlsx"))  # fmt: skip
    said = refused.stdout + refused.stderr
    assert refused.returncode == 1 and "未写入任何数据" in said
    # the business not in the registry: row 7 (title, header, hint, three rows before it)
    assert "B7 第7行" in said and "名录库中没有该检查对象" in said
    for skipped in ("标题行", "填写说明行", "表尾（填表人：张敏"):
        assert skipped in said
    assert "D 对应专项库监管标签 → 专项库" in said

    done = ok(app_cli("--db", db, "registry", "import", "licences", str(source),
                      "--valid-only", "--report", str(tmp_path / "r2.xlsx")))  # fmt: skip
    assert "新增 inserted 8" in done.stdout
    report = load_workbook(tmp_path / "r2.xlsx")
    cells = [c for ws in report.worksheets for r in ws.iter_rows(values_only=True) for c in r]
    assert "B7" in cells and MISSING in cells

    ok(app_cli("--db", db, "registry", "export", "licences", str(tmp_path / "out.xlsx")))
    out = load_workbook(tmp_path / "out.xlsx").active
    back = {r[0]: r for r in out.iter_rows(min_row=3, values_only=True)}
    assert set(back) == {code for code, _name in people}
    assert back[people[1][0]][6] == "长期" and back[people[4][0]][6] == "长期"  # round-trips
    assert back[people[0][0]][2] == POOL and back[people[0][0]][4] == "SC1061508200001"

    # a re-import changes nothing and says so, in the dry run as in the real one
    again = ok(app_cli("--db", db, "registry", "import", "licences", str(source),
                       "--valid-only", "--dry-run"))  # fmt: skip
    assert "未变 unchanged 8" in again.stdout

    # a task drawing from the 专项库: only the licences valid on the draw day are in the pool
    plan = plan_json(
        tmp_path / "plan.json",
        count=3,
        name="2026年度食品生产企业专项抽查",
        items=[{"code": "B07"}],  # 食品经营者监督检查, 重点: no ratio cap
        pool_filter={"statuses": ["存续"], "special_pools": [POOL]},
        inspected_within_months=0,
        mandatory_tags=[],
    )
    plan_id, numbers = imported(app_cli, sample_db, plan)
    task_no = numbers[0]
    ok(app_cli("--db", db, "plan", "publish", str(plan_id)))
    ok(app_cli("--db", db, "draw", "run", task_no, "--date", DRAW_DAY, *INPUTS))
    con = sqlite3.connect(sample_db)
    try:
        drawn = {
            r[0]
            for r in con.execute(
                "select t.uscc from visits v join targets t on t.id = v.target_id"
                " join tasks k on k.id = v.task_id where k.task_no = ?",
                (task_no,),
            )
        }
        population = json.loads(  # stored once, beside the record (which keeps null there)
            con.execute(
                "select d.population from draw_sessions d join tasks k on k.id = d.task_id"
                " where k.task_no = ? and d.status = 'ok'",
                (task_no,),
            ).fetchone()[0]
        )
    finally:
        con.close()
    valid = {
        code
        for (code, _n), expiry in zip(people, expiries, strict=True)
        if expiry in ("长期", "9999-09-09") or date.fromisoformat(expiry) >= date(2026, 4, 8)
    }
    pool_ids = {t["id"] for t in population["targets"]}
    assert pool_ids == valid  # the expired licence (2026-01-31) is not in the pool
    assert len(drawn) == 3 and drawn <= valid

    pdf = tmp_path / "计划公示.pdf"
    ok(app_cli("--db", db, "plan", "export", str(plan_id), "--pdf", str(pdf)))
    text = (
        subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        )
        .stdout.replace(" ", "")
        .replace("\n", "")
    )
    assert f"专项库：{POOL}" in text  # the public notice says whom the task draws from
