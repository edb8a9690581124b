"""`registry import` on a platform's file as a clerk runs it: --valid-only writes the valid
rows and lists the rest with their cells; the report's first sheet is the mapping; a report
is written also when required columns are missing; a dry run counts as the real run."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from openpyxl import load_workbook

from tests.helpers.platform_files import csv_file, xlsx
from tests.helpers.registry_files import uscc

HEADER = ["序号", "企业名称", "统一社会信用代码", "登记机关", "管辖单位", "经营者姓名"]


def rows(n: int, bad: dict[int, str] | None = None) -> list[list[object]]:
    out: list[list[object]] = [["市场主体名录"], HEADER]
    for i in range(1, n + 1):
        code = (bad or {}).get(i, uscc(80000 + i))
        out.append(
            [i, f"五原县{i}号百货商店", code, "五原县市场监督管理局", "新公中市场监管所", f"李{i}"]
        )
    out.append(["填表人：张会计", "", "", "审核人：王局", "", ""])
    return out


def count(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute("select count(*) from targets").fetchone()[0])
    finally:
        con.close()


def test_valid_only_imports_the_valid_rows_and_reports_the_rest_by_cell(
    app_cli, tmp_path: Path
) -> None:
    db = tmp_path / "county.db"
    file = xlsx(tmp_path / "名录.xls", rows(6, bad={2: "91150821ABC", 5: "12345"}), ("A1:F1",))
    report = tmp_path / "R.xlsx"
    r = app_cli(
        "--db",
        str(db),
        "registry",
        "import",
        "targets",
        str(file),
        "--valid-only",
        "--report",
        str(report),
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert count(db) == 4
    assert "已导入" in r.stdout and "新增 inserted 4" in r.stdout
    # the loose match is reported unmapped, never applied
    assert "经营者姓名 → （不导入；建议“法定代表人”" in r.stdout
    book = load_workbook(report)
    assert book.sheetnames[0] == "列对应"
    mapping = [tuple(x[:3]) for x in book["列对应"].iter_rows(values_only=True)]
    assert ("B", "企业名称", "名称") in mapping
    assert ("C", "统一社会信用代码", "统一社会信用代码/注册号") in mapping
    assert ("F", "经营者姓名", "（不导入）") in mapping
    skipped = [tuple(x[:2]) for x in book["列对应"].iter_rows(values_only=True)]
    assert (1, "标题行") in skipped
    assert any(r0 == 9 and str(why).startswith("表尾") for r0, why in skipped)
    issues = [tuple(x[:5]) for x in book["校验结果"].iter_rows(values_only=True)]
    assert (4, "C4", "统一社会信用代码", "91150821ABC", "错误") in issues
    assert (7, "C7", "统一社会信用代码", "12345", "错误") in issues


def test_valid_only_with_nothing_valid_exits_1(app_cli, tmp_path: Path) -> None:
    db = tmp_path / "county.db"
    file = csv_file(tmp_path / "bad.csv", rows(1, bad={1: "123"}), "gb18030")
    r = app_cli("--db", str(db), "registry", "import", "targets", str(file), "--valid-only")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "没有可导入的行" in r.stderr


def test_the_report_is_written_when_required_columns_are_missing(app_cli, tmp_path: Path) -> None:
    db = tmp_path / "county.db"
    data = [["企业名字", "统一社会信用代码"], ["五原县好运超市", uscc(1)]]
    file = xlsx(tmp_path / "missing.xlsx", data)
    report = tmp_path / "R.xlsx"
    r = app_cli(
        "--db", str(db), "registry", "import", "targets", str(file), "--report", str(report)
    )
    assert r.returncode == 1 and "缺少必填列" in r.stderr and "Traceback" not in r.stderr
    first = [tuple(x) for x in load_workbook(report)["列对应"].iter_rows(values_only=True)]
    assert any(x[0] and "缺少必填列：名称" in str(x[0]) for x in first)
    assert any(x[:3] == ("A", "企业名字", "（不导入）") for x in first)


def test_a_refused_file_still_gets_a_report(app_cli, tmp_path: Path) -> None:
    file = tmp_path / "名录.xlsx"
    file.write_bytes(b"%PDF-1.4\x00\x01")
    report = tmp_path / "R.xlsx"
    r = app_cli(
        "--db",
        str(tmp_path / "c.db"),
        "registry",
        "import",
        "targets",
        str(file),
        "--report",
        str(report),
    )
    assert r.returncode == 1 and "这不是Excel能打开的表格文件" in r.stderr
    text = " ".join(
        str(c) for x in load_workbook(report)["列对应"].iter_rows(values_only=True) for c in x if c
    )
    assert "这不是Excel能打开的表格文件" in text


def test_a_dry_run_counts_what_the_real_run_does(app_cli, tmp_path: Path) -> None:
    db = tmp_path / "county.db"
    file = xlsx(tmp_path / "名录.xlsx", rows(5))
    assert app_cli("--db", str(db), "registry", "import", "targets", str(file)).returncode == 0
    changed = rows(5)
    changed[3][1] = "五原县2号百货商店（改名）"
    file2 = xlsx(tmp_path / "名录2.xlsx", changed)
    dry = app_cli("--db", str(db), "registry", "import", "targets", str(file2), "--dry-run")
    real = app_cli("--db", str(db), "registry", "import", "targets", str(file2))
    assert dry.returncode == real.returncode == 0, dry.stderr + real.stderr
    assert "新增 0，更新 1，未变 4" in dry.stdout
    assert "新增 inserted 0，更新 updated 1，未变 unchanged 4" in real.stdout


def test_national_item_list_through_the_cli_with_map_and_department(
    app_cli, sample_db: Path, tmp_path: Path
) -> None:
    rows = [
        ["全国随机抽查事项清单"],
        ["序号", "抽查类别", "抽查事项", "检查对象", "事项类别", "检查方式", "检查主体", "检查依据", "备注"],
        [9001, "食品安全", "食品销售者检查", "食品经营企业", "重点检查事项", "现场检查", "市、县级市场监督管理部门", "《食品安全法》", ""],
        [9002, "产品质量", "生产者产品质量检查", "生产企业", "一般检查事项", "现场检查", "市、县级市场监督管理部门", "《产品质量法》", ""],
    ]  # fmt: skip
    file = xlsx(tmp_path / "全国清单.xls", rows, ("A1:I1",))
    base = ("--db", str(sample_db), "registry", "import", "items", str(file))
    plain = app_cli(*base)  # codes come from 序号 now; the text 检查主体 still needs --department
    assert plain.returncode == 1 and "--department" in plain.stderr
    assert "缺少必填列" not in plain.stderr
    r = app_cli(
        *base,
        "--map",
        "序号=事项编码",
        "--map",
        "检查主体=职能部门",
        "--department",
        "市场监管",
        "--accept-warnings",
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "事项类别 → 事项类型" in r.stdout and "抽查类别 → 事项类别" in r.stdout
    con = sqlite3.connect(sample_db)
    try:
        got = dict(
            (code, (kind, subject, target_text))
            for code, kind, subject, target_text in con.execute(
                "select code, kind, subject_text, target_text from inspection_items where code in ('9001', '9002')"
            )
        )
    finally:
        con.close()
    assert got == {
        "9001": ("重点", "市、县级市场监督管理部门", "食品经营企业"),
        "9002": ("一般", "市、县级市场监督管理部门", "生产企业"),
    }


def test_the_national_item_list_gets_codes_without_a_mapping(
    app_cli, sample_db: Path, tmp_path: Path
) -> None:
    """The national 抽查事项清单 has 序号 but no 事项编码: imported as the clerk downloads it,
    each item gets GJ + its 序号 and the report's mapping sheet says where the codes came from.
    An item the county already has (same name) keeps its code: changing it needs a 调整原因,
    so the first try is refused naming the item; with the reason the import writes, and a
    second import changes nothing."""
    header = [
        "序号",
        "抽查类别",
        "抽查事项",
        "检查对象",
        "事项类别",
        "检查方式",
        "检查主体",
        "检查依据",
        "备注",
    ]
    subject = "市、县级市场监督管理部门"
    national = [
        ["全国市场监管领域部门联合抽查事项清单（第一版）"],
        header,
        [1, "食品安全", "食品销售者检查", "企业", "重点检查事项", "现场检查", subject, "《食品安全法》", ""],
        [2, "食品安全", "食品经营者监督检查", "企业", "一般检查事项", "现场检查", subject, "《食品安全法》", ""],
        [3, "产品质量", "生产领域产品质量检查", "企业", "重点检查事项", "现场检查", subject, "《产品质量法》", ""],
    ]  # fmt: skip
    report = tmp_path / "R.xlsx"

    def run(file: Path):  # type: ignore[no-untyped-def]
        args = ["--db", str(sample_db), "registry", "import", "items", str(file)]
        return app_cli(*args, "--department", "五原县市场监督管理局", "--accept-warnings",
                       "--report", str(report))  # fmt: skip

    first = run(xlsx(tmp_path / "全国抽查事项清单.xlsx", national, ("A1:I1",)))
    # named where it is: the row and the cell of the code the row would change
    assert first.returncode == 1 and "J4 第4行" in first.stderr
    assert "将调整已有事项 B07（" in first.stderr and "须填写调整原因" in first.stderr
    issues = [r for r in load_workbook(report).worksheets[-1].iter_rows(values_only=True)]
    assert any("J4" in r and "B07" in r for r in issues)
    con = sqlite3.connect(sample_db)
    try:  # refused whole: nothing written
        assert con.execute(
            "select count(*) from inspection_items where code like 'GJ%'"
        ).fetchone() == (0,)
    finally:
        con.close()

    with_reason = [national[0], [*header, "调整原因"]]
    with_reason += [[*row, "按全国清单（第一版）更新"] for row in national[2:]]
    file = xlsx(tmp_path / "全国抽查事项清单-调整.xlsx", with_reason, ("A1:J1",))
    done = run(file)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "新增 inserted 2，更新 updated 1" in done.stdout
    assert "K 事项编码（按序号生成） → 事项编码" in done.stdout
    mapping = [tuple(x[:3]) for x in load_workbook(report)["列对应"].iter_rows(values_only=True)]
    assert ("K", "事项编码（按序号生成）", "事项编码") in mapping
    con = sqlite3.connect(sample_db)
    try:
        got = dict(con.execute("select name, code from inspection_items").fetchall())
    finally:
        con.close()
    assert got["食品销售者检查"] == "GJ001" and got["生产领域产品质量检查"] == "GJ003"
    assert got["食品经营者监督检查"] == "B07"  # the county's item of that name keeps its code
    again = run(file)
    assert (
        again.returncode == 0
        and "新增 inserted 0，更新 updated 0，未变 unchanged 3" in again.stdout
    )
