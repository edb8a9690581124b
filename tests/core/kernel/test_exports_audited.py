"""Files that carry personal data leave an audit event; published notices carry the trail's head.

Issue 14: registry exports (with ID numbers), printed sheets and stats wrote no audit event although
docs/security.md said exports are audited, and no notice carried the chain head.
"""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.core.services.admin import stats
from app.core.services.checklist import sheets
from app.core.services.draw import draw_results, draw_views
from app.core.services.kernel.audit import chain_head
from app.core.services.kernel.audit_trail import AuditFilter, export_events, list_events
from app.core.services.plan import plans
from app.core.services.registry.excel import export_registry
from app.core.services.results import publication, results, reviews
from app.core.storage.models import Plan, Visit

TASK1 = "五原市监抽查〔2026〕1号"


def _last(ws, action: str):  # type: ignore[no-untyped-def]
    events = list_events(ws, AuditFilter(action=action), limit=1)
    assert events, f"no {action} event"
    return events[0]


def _head(ws) -> str:  # type: ignore[no-untyped-def]
    with ws.db.read_session() as s:
        return chain_head(s)


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.replace("\n", "")


@pytest.mark.parametrize("kind", ["targets", "inspectors"])
def test_a_registry_export_is_audited(sample_workspace, tmp_path: Path, kind: str) -> None:
    ws = sample_workspace
    out = tmp_path / f"{kind}.xlsx"
    count = export_registry(ws, kind, out)
    assert count > 0 and out.exists()
    ev = _last(ws, "registry.export")
    assert ev.actor == ws.actor.username and out.name in ev.summary and str(count) in ev.summary


def test_printed_sheets_and_notices_are_audited(sample_workspace, tmp_path: Path) -> None:
    ws = sample_workspace
    ids = sheets.task_inspection_ids(ws, TASK1)
    assert ids, "the sample county has completed forms"
    pages = sheets.export_sheet_pdf(ws, ids[0], tmp_path / "one.pdf")
    ev = _last(ws, "sheet.export")
    assert "one.pdf" in ev.summary and str(pages) in ev.summary
    n = sheets.export_task_sheets(ws, TASK1, tmp_path / "all.pdf")
    ev = _last(ws, "sheet.export")
    assert "all.pdf" in ev.summary and f" {n} " in ev.summary
    with ws.db.read_session() as s:
        visit_id = s.query(Visit.id).filter(~Visit.is_cancelled).first()[0]
    sheets.export_notice_pdf(ws, visit_id, tmp_path / "通知书.pdf")
    assert "通知书.pdf" in _last(ws, "notice.export").summary


def test_stats_and_audit_exports_are_audited(sample_workspace, tmp_path: Path) -> None:
    ws = sample_workspace
    stats.export_annual_summary(ws, tmp_path / "汇总.xlsx", year=2026)
    assert "汇总.xlsx" in _last(ws, "stats.export").summary
    export_events(ws, tmp_path / "trail.xlsx")
    assert "trail.xlsx" in _last(ws, "audit.export").summary


def test_exports_from_the_cli_are_audited(app_cli, sample_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "名录.xlsx"
    assert (
        app_cli("--db", str(sample_db), "registry", "export", "targets", str(out)).returncode == 0
    )
    listed = app_cli("--db", str(sample_db), "audit", "list", "--action", "registry.export")
    assert listed.returncode == 0 and "名录.xlsx" in listed.stdout
    assert app_cli("--db", str(sample_db), "audit", "verify").returncode == 0


def test_the_draw_notice_carries_the_audit_head(sample_workspace, tmp_path: Path) -> None:
    ws = sample_workspace
    session = draw_views.list_draw_sessions(ws, task_ref=TASK1)[0]
    head = _head(ws)
    pdf = draw_results.export_draw_notice_pdf(ws, session_id=session.id, path=tmp_path / "n.pdf")
    text = _pdf_text(pdf)
    assert "审计链头 audit head" in text
    assert text.index(head[:16]) > text.index("审计链头 audit head")


def test_the_results_notice_carries_the_audit_head(sample_workspace, tmp_path: Path) -> None:
    ws = sample_workspace
    waiting = [r.id for r in results.list_results(ws, statuses=["待审核"], task_no=TASK1)]
    if waiting:
        reviews.approve_results(ws, waiting)
    head = _head(ws)
    report = publication.publish_task(
        ws, TASK1, xlsx_path=tmp_path / "公告.xlsx", published_on=date(2026, 7, 10)
    )
    sheet = load_workbook(report.xlsx).worksheets[0]
    header = {sheet.cell(r, 1).value: sheet.cell(r, 3).value for r in range(1, 20)}
    assert header["审计链头（留痕校验）"] == head[:16]
    assert head[:16] in _pdf_text(report.pdf)
    # The head printed is one the trail passed through: the publish event follows it.
    assert _last(ws, "result.publish").hash != head


def test_the_plan_notice_carries_the_audit_head(sample_workspace, tmp_path: Path) -> None:
    ws = sample_workspace
    with ws.db.read_session() as s:
        plan_id = s.query(Plan.id).first()[0]
    head = _head(ws)
    pdf = plans.export_plan_notice_pdf(ws, plan_id, tmp_path / "plan.pdf")
    assert f"审计链头：{head[:16]}" in _pdf_text(pdf).replace(" ", "")
