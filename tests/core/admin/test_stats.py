"""The dashboard read model and the annual summary workbook (read back with openpyxl)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from app.core.services.admin import stats
from app.core.services.results import results


def test_dashboard_counts_agree_with_the_results(sample_workspace) -> None:
    ws = sample_workspace
    data = stats.dashboard(ws, year=2026, today=date(2026, 11, 22))
    rows = results.list_results(ws)
    done = [r for r in rows if r.status not in ("待检查", "检查中")]
    assert data.total.drawn == len(rows)
    assert data.total.inspected == len(done)
    assert data.total.published == sum(r.status == "已公示" for r in rows)
    assert data.total.overdue == sum(
        1
        for r in rows
        if r.status != "已公示" and r.publish_due_on and r.publish_due_on < date(2026, 11, 22)
    )
    assert data.total.overdue >= 1
    assert data.total.publication_rate is not None and data.total.publication_rate < 1
    assert {d.key for d in data.departments} == {r.department_code for r in rows}
    assert sum(d.drawn for d in data.departments) == data.total.drawn
    assert sum(t.drawn for t in data.tasks) == data.total.drawn
    code_total = sum(c.count for c in data.results_by_code)
    assert code_total == sum(len(r.result_codes) for r in done)
    assert any(c.text == "未发现问题" for c in data.results_by_code)
    food = next(c for c in data.coverage if c.code == "B07")
    assert food.eligible > 0 and 0 < food.inspected <= food.eligible
    assert data.follow_ups


def test_annual_summary_workbook(sample_workspace, tmp_path: Path) -> None:
    path = stats.export_annual_summary(
        sample_workspace, tmp_path / "汇总.xlsx", year=2026, today=date(2026, 11, 22)
    )
    wb = load_workbook(path)
    assert wb.sheetnames == ["部门汇总", "任务汇总", "检查结果分类", "后续处置", "名录库覆盖率"]
    sheet = wb["部门汇总"]
    assert "2026年度" in sheet["A1"].value
    header = [c.value for c in sheet[3]]
    assert header[:6] == ["名称", "抽取户数", "已检查", "已录入", "已公示", "逾期未公示"]
    total = next(r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0] == "合计")
    data = stats.dashboard(sample_workspace, year=2026, today=date(2026, 11, 22))
    assert total[1:6] == (
        data.total.drawn,
        data.total.inspected,
        data.total.entered,
        data.total.published,
        data.total.overdue,
    )
    assert abs(total[7] - data.total.publication_rate) < 1e-9
    rate_cell = next(r for r in sheet.iter_rows(min_row=4) if r[0].value == "合计")[7]
    assert rate_cell.number_format == "0.0%" and rate_cell.fill.fgColor.rgb.endswith("FFE0E0")


def test_stats_cli(app_cli, sample_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "stats.xlsx"
    r = app_cli("--db", str(sample_db), "stats", str(out))
    assert r.returncode == 0, r.stderr
    assert out.exists() and "合计" in r.stdout
    bad = app_cli("--db", str(sample_db), "stats", str(tmp_path / "stats.csv"))
    assert bad.returncode == 1 and ".xlsx" in bad.stderr


def test_drawn_counts_every_drawn_business_not_only_started_forms(sample_workspace) -> None:
    """抽取户数: a business drawn but not visited yet is drawn all the same."""
    import sqlite3

    from app.core.services.admin.stats import dashboard
    from app.core.services.draw import draws

    # Task 2 is drawn now: its businesses are visits with no form, hence no result row, yet.
    draws.run_draw(
        sample_workspace, task_ref="五原市监抽查〔2026〕2号", observer_inputs=["甲123", "乙456"]
    )
    con = sqlite3.connect(sample_workspace.db.path)
    unstarted = con.execute(
        "select count(*) from visits v where not v.is_cancelled"
        " and not exists (select 1 from results r where r.visit_id = v.id)"
    ).fetchone()[0]
    results = con.execute(
        "select count(*) from results r join visits v on v.id = r.visit_id where not v.is_cancelled"
    ).fetchone()[0]
    con.close()
    assert unstarted > 0  # the sample has drawn visits nobody has started yet
    board = dashboard(sample_workspace, year=2026)
    assert board.total.drawn >= results + unstarted
    assert board.total.drawn == sum(d.drawn for d in board.departments)
    assert board.total.drawn >= board.total.inspected
