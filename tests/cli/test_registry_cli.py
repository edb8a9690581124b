"""The registry CLI contract: names, arguments, outputs, exit codes; files read back."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tests.helpers.registry_files import TARGET_HEADER, target_row, write_rows


def test_template_export_import_roundtrip_and_search(
    app_cli, sample_db: Path, tmp_path: Path
) -> None:
    db = str(sample_db)
    for kind in ("targets", "inspectors", "experts", "items"):
        out = tmp_path / f"{kind}.xlsx"
        r = app_cli("--db", db, "registry", "template", kind, str(out))
        assert r.returncode == 0, r.stderr
        assert load_workbook(out)["导入数据"]["A1"].value.endswith("导入模板")
    r = app_cli("--db", db, "registry", "export", "targets", str(tmp_path / "all.xlsx"))
    assert r.returncode == 0 and "600" in r.stdout
    r = app_cli("--db", db, "registry", "import", "targets", str(tmp_path / "all.xlsx"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "新增 inserted 0" in r.stdout and "未变 unchanged 600" in r.stdout
    r = app_cli(
        "--db",
        db,
        "registry",
        "export",
        "targets",
        str(tmp_path / "f.xlsx"),
        "--filter",
        "credit=D;status=存续",
    )
    assert r.returncode == 0
    ws = load_workbook(tmp_path / "f.xlsx").active
    header = [c.value for c in ws[2]]
    data = list(ws.iter_rows(min_row=3, values_only=True))
    assert data and {row[header.index("信用等级")] for row in data} == {"D"}
    r = app_cli("--db", db, "registry", "search", "饭店")
    assert r.returncode == 0
    lines = r.stdout.strip().splitlines()
    assert lines and all(
        "饭店" in line.split("\t")[1] and len(line.split("\t")[0]) == 18 for line in lines
    )
    r = app_cli(
        "--db",
        db,
        "registry",
        "export",
        "targets",
        str(tmp_path / "x.xlsx"),
        "--filter",
        "colour=red",
    )
    assert r.returncode == 1 and "未知的筛选键" in r.stderr


def test_import_exit_codes_dry_run_and_report(app_cli, sample_db: Path, tmp_path: Path) -> None:
    db = str(sample_db)
    good = write_rows(tmp_path / "good.xlsx", [TARGET_HEADER, target_row(70001), target_row(70002)])
    r = app_cli("--db", db, "registry", "import", "targets", str(good), "--dry-run")
    assert r.returncode == 0 and "未写入" in r.stdout
    r = app_cli("--db", db, "registry", "search", "70001号")
    assert r.stdout.strip() == ""  # the dry run wrote nothing
    bad = write_rows(
        tmp_path / "bad.xlsx",
        [TARGET_HEADER, target_row(70003), target_row(70004, code="91150821ABC")],
    )
    report = tmp_path / "report.xlsx"
    r = app_cli("--db", db, "registry", "import", "targets", str(bad), "--report", str(report))
    assert r.returncode == 1
    assert "第4行" in r.stderr and "nothing written" in r.stderr
    rows = list(load_workbook(report)["校验结果"].iter_rows(values_only=True))
    assert (4, "A4", "统一社会信用代码", "91150821ABC", "错误") in [tuple(x[:5]) for x in rows]
    r = app_cli("--db", db, "registry", "search", "70003号")
    assert r.stdout.strip() == ""  # all or nothing
    r = app_cli("--db", db, "registry", "import", "targets", str(good))
    assert r.returncode == 0 and "新增 inserted 2" in r.stdout
    r = app_cli("--db", db, "registry", "search", "70001号")
    assert "五原县测试70001号商贸有限公司" in r.stdout
    r = app_cli("--db", db, "registry", "import", "targets", str(tmp_path / "missing.xlsx"))
    assert r.returncode == 1 and "找不到文件" in r.stderr
    r = app_cli("--db", db, "registry", "import", "widgets", str(good))
    assert r.returncode == 2
