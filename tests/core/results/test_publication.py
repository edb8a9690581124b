"""抽查结果公告: xlsx read back (openpyxl and LibreOffice headless), PDF text, 已公示 marking."""

from __future__ import annotations

import csv
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.core.domain.errors import PermissionDenied, ValidationError
from app.core.domain.roles import Actor, Role
from app.core.services.results import publication, results, reviews
from app.core.storage.models import CodeEntry, Target, Visit

TASK1 = "五原市监抽查〔2026〕1号"
COLUMNS = [
    "序号",
    "抽查市场主体名称",
    "统一社会信用代码/注册号",
    "检查完成日期",
    "检查结果",
    "备注",
]
EVIL_NAME = '=HYPERLINK("http://evil.example","点我")'


def _approve_all(ws, task_no: str = TASK1) -> None:
    waiting = [r.id for r in results.list_results(ws, statuses=["待审核"], task_no=task_no)]
    if waiting:
        reviews.approve_results(ws, waiting)


def _table_rows(path: Path) -> list[list[object]]:
    sheet = load_workbook(path).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r[:6] == COLUMNS)
    return [r for r in rows[start + 1 :] if isinstance(r[0], int)]


def test_publish_writes_the_notice_and_marks_results_published(
    sample_workspace, tmp_path: Path
) -> None:
    ws = sample_workspace
    _approve_all(ws)
    ready = results.list_results(
        ws, statuses=["通过", "已公示"], task_no=TASK1, department_code="市场监管"
    )
    before_published = {r.id for r in ready if r.status == "已公示"}
    report = publication.publish_task(
        ws, TASK1, xlsx_path=tmp_path / "公告.xlsx", published_on=date(2026, 7, 10)
    )
    assert report.rows == len(ready) and report.newly_published == len(ready) - len(
        before_published
    )
    assert report.pdf == tmp_path / "公告.pdf" and report.pdf.exists()
    rows = _table_rows(report.xlsx)
    assert [r[0] for r in rows] == list(range(1, len(ready) + 1))
    by_name = {r[1]: r for r in rows}
    for res in ready:
        line = by_name[res.target_name]
        assert line[2] == res.target_code
        assert line[3] == res.completed_on.isoformat()
        assert line[4] == res.public_text
    sheet = load_workbook(report.xlsx).worksheets[0]
    header = {sheet.cell(r, 1).value: sheet.cell(r, 3).value for r in range(2, 10)}
    assert header["抽查任务编号"] == TASK1 and header["检查机关"] == "五原县市场监督管理局"
    assert header["公示日期"] == "2026-07-10"
    published = results.list_results(
        ws, statuses=["已公示"], task_no=TASK1, department_code="市场监管"
    )
    assert {r.id for r in published} == {r.id for r in ready}
    assert all(
        r.published_on == date(2026, 7, 10) for r in published if r.id not in before_published
    )
    assert results.result_events(ws, ready[-1].id)[-1].to_status == "已公示"
    # Not-yet-approved results are left out and counted.
    pending = results.list_results(ws, task_no=TASK1, department_code="市场监管")
    assert report.not_ready == len(pending) - len(ready)


def test_public_wording_follows_the_code_table(sample_workspace, tmp_path: Path) -> None:
    ws = sample_workspace
    _approve_all(ws)
    with ws.db.session() as s:
        row = s.scalars(
            select(CodeEntry).where(CodeEntry.table == "result", CodeEntry.code == "1")
        ).one()
        row.public_text = "未发现问题（经检查）"
    report = publication.publish_task(
        ws, TASK1, xlsx_path=tmp_path / "n.xlsx", published_on=date(2026, 7, 10)
    )
    results_col = [r[4] for r in _table_rows(report.xlsx)]
    assert "未发现问题（经检查）" in results_col
    assert "未发现问题" not in results_col


def test_each_department_publishes_its_own_results(sample_workspace, tmp_path: Path) -> None:
    ws = sample_workspace
    health = results.list_results(ws, department_code="卫生健康", task_no=TASK1)
    assert health
    waiting = [r.id for r in health if r.status == "待审核"]
    if waiting:
        reviews.approve_results(ws, waiting)
    market_before = results.list_results(ws, statuses=["已公示"], department_code="市场监管")
    report = publication.publish_task(
        ws,
        TASK1,
        xlsx_path=tmp_path / "卫健.xlsx",
        department_code="卫生健康",
        published_on=date(2026, 7, 10),
    )
    assert report.department == "五原县卫生健康委员会"
    rows = _table_rows(report.xlsx)
    assert {r[1] for r in rows} <= {r.target_name for r in health}
    assert all("会同五原市监" in (r[5] or "") for r in rows)  # joint visit said in 备注
    # 谁检查、谁公示: the other department's results are untouched.
    assert (
        results.list_results(ws, statuses=["已公示"], department_code="市场监管") == market_before
    )


def test_nothing_approved_writes_nothing(sample_workspace, tmp_path: Path) -> None:
    ws = sample_workspace
    task2 = "五原市监抽查〔2026〕2号"
    with ws.db.session() as s:
        from app.core.storage.models import Result

        for r in s.scalars(select(Result)):
            if r.status in ("通过", "已公示"):
                r.status = "待审核"
    with pytest.raises(ValidationError, match="没有.*审核通过"):
        publication.publish_task(ws, task2, xlsx_path=tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists() and not (tmp_path / "x.pdf").exists()


def test_inspectors_cannot_publish(sample_workspace, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        publication.publish_task(
            sample_workspace.as_actor(Actor("z", Role.INSPECTOR)),
            TASK1,
            xlsx_path=tmp_path / "x.xlsx",
        )


def _rename_first_published_business(ws, new_name: str) -> str:
    _approve_all(ws)
    first = results.list_results(
        ws, statuses=["通过", "已公示"], task_no=TASK1, department_code="市场监管"
    )[0]
    with ws.db.session() as s:
        visit = s.get(Visit, first.visit_id)
        s.get(Target, visit.target_id).name = new_name
    return first.target_code


def test_a_name_that_looks_like_a_formula_stays_text(sample_workspace, tmp_path: Path) -> None:
    ws = sample_workspace
    _rename_first_published_business(ws, EVIL_NAME)
    report = publication.publish_task(
        ws, TASK1, xlsx_path=tmp_path / "n.xlsx", published_on=date(2026, 7, 10)
    )
    sheet = load_workbook(report.xlsx).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == EVIL_NAME]
    assert cells and all(c.data_type == "s" for c in cells)


def _soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.fail("LibreOffice is needed (scripts/dev.sh installs libreoffice-calc-nogui)")
    return exe


def test_the_workbook_opens_in_libreoffice_with_the_right_rows(
    sample_workspace, tmp_path: Path
) -> None:
    ws = sample_workspace
    code = _rename_first_published_business(ws, EVIL_NAME)
    report = publication.publish_task(
        ws, TASK1, xlsx_path=tmp_path / "notice.xlsx", published_on=date(2026, 7, 10)
    )
    out = tmp_path / "csv"
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run(
        [
            _soffice(),
            "--headless",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1",
            "--outdir",
            str(out),
            str(report.xlsx),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    with (out / "notice.csv").open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    start = next(i for i, r in enumerate(rows) if r[:6] == COLUMNS)
    body = [r for r in rows[start + 1 :] if r and r[0].isdigit()]
    expected = _table_rows(report.xlsx)
    assert len(body) == len(expected) == report.rows
    for got, want in zip(body, expected, strict=True):
        assert got[:5] == [str(want[0]), want[1], want[2], want[3], want[4]]
    # LibreOffice reads the formula-like name as text, not as a HYPERLINK formula.
    evil = next(r for r in body if r[2] == code)
    assert evil[1] == EVIL_NAME
    assert rows[0][0].startswith("五原县市场监督管理局抽查结果公告")


def test_the_pdf_has_every_row_in_an_embedded_font(sample_workspace, tmp_path: Path) -> None:
    ws = sample_workspace
    _approve_all(ws)
    report = publication.publish_task(
        ws,
        TASK1,
        xlsx_path=tmp_path / "n.xlsx",
        pdf_path=tmp_path / "pdf" / "公告.pdf",
        published_on=date(2026, 7, 10),
    )
    assert report.pdf == tmp_path / "pdf" / "公告.pdf"
    text = subprocess.run(
        ["pdftotext", "-raw", str(report.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = text.replace("\n", "")
    assert "抽查结果公告" in flat and TASK1 in flat and "统一社会信用代码/注册号" in flat
    for row in _table_rows(report.xlsx):
        assert row[1] in flat, row[1]
        assert row[2] in flat and row[3] in flat
    fonts = subprocess.run(
        ["pdffonts", str(report.pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert "WenQuanYi" in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines() if "WenQuanYi" in line)


def test_publish_cli_contract(app_cli, sample_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "公告.xlsx"
    r = app_cli(
        "--db", str(sample_db), "results", "publish", TASK1, str(out), "--date", "2026-07-10"
    )
    assert r.returncode == 0, r.stderr
    assert out.exists() and out.with_suffix(".pdf").exists()
    assert "公示" in r.stdout
    missing = app_cli("--db", str(sample_db), "results", "publish", "无此任务", str(out))
    assert missing.returncode == 1 and "没有任务编号" in missing.stderr
