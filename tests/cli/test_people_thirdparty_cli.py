"""Third parties through the CLI on the sample county: a qualified body registered (its USCC
checked), commissioned for a checked visit with its report — printed on the sheet and counted in
the statistics; a body whose qualification expired before the start is refused; a bad code too."""

from __future__ import annotations

import subprocess
from pathlib import Path

from sqlalchemy import select

from app.core.domain.codes import org_code_check_char, uscc_check_char
from app.core.services.admin import stats
from app.core.services.checklist import inspections
from app.core.services.kernel.workspace import open_workspace
from app.core.storage.models import AuditEvent
from tests.conftest import run_app
from tests.helpers.inspection_helpers import make_visit
from tests.helpers.office_helpers import complete_form

BODY = "91150821MA0Q5LJ7" + org_code_check_char("MA0Q5LJ7")
USCC = BODY + uscc_check_char(BODY)


def test_body_commissioned_for_a_visit_shows_on_the_sheet_and_in_statistics(
    sample_db: Path, tmp_path: Path
) -> None:
    db = str(sample_db)
    bad = run_app("--db", db, "thirdparty", "add", "--name", "x", "--uscc", USCC[:-1] + "0"
                  if USCC[-1] != "0" else USCC[:-1] + "1", "--qualification", "检验检测")  # fmt: skip
    assert bad.returncode == 1 and "统一社会信用代码" in bad.stderr
    added = run_app(
        "--db", db, "thirdparty", "add", "--name", "巴彦淖尔市食品检验检测中心", "--uscc", USCC,
        "--qualification", "检验检测", "--qualification", "CMA", "--valid-until", "2027-06-30",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert (
        "巴彦淖尔市食品检验检测中心\t检验检测、CMA\t2027-06-30\t有效"
        in run_app("--db", db, "thirdparty", "list").stdout
    )
    ws = open_workspace(sample_db)
    try:
        visit_id, _ = make_visit(ws)
        complete_form(ws, visit_id, ["1"])
        form_id = inspections.current_form(ws, visit_id).id
    finally:
        ws.db.dispose()
    report = tmp_path / "检验报告.pdf"
    report.write_bytes(b"%PDF-1.4 test report")
    late = run_app(
        "--db", db, "thirdparty", "commission", "--uscc", USCC, "--visit", str(visit_id), "--scope", "x",
        "--start", "2027-07-01",
    )  # fmt: skip
    assert late.returncode == 1 and "资质有效期" in late.stderr
    done = run_app(
        "--db", db, "thirdparty", "commission", "--uscc", USCC, "--visit", str(visit_id),
        "--scope", "抽检散装熟食2批次（菌落总数）", "--start", "2026-06-01", "--end", "2026-06-15", "--report", str(report),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = tmp_path / "sheet.pdf"
    assert run_app("--db", db, "print", "sheet", str(form_id), str(out)).returncode == 0
    text = "".join(
        subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout.split()
    )
    assert (
        "委托专业机构" in text and "巴彦淖尔市食品检验检测中心" in text and "检验报告.pdf" in text
    )
    ws = open_workspace(sample_db)
    try:
        counts = {c.text: c.count for c in stats.dashboard(ws, year=2026).commissions}
        assert counts == {"委托第三方：巴彦淖尔市食品检验检测中心（次）": 1}
        with ws.db.read_session() as s:
            assert s.scalars(
                select(AuditEvent).where(AuditEvent.action == "third_party.commission")
            ).one()
    finally:
        ws.db.dispose()
