"""一次一档 through the CLI on the sample county: a checked visit with a photo, a two-level
review and publication is archived as one PDF whose text holds the notice, the signed sheet,
the review history, the publication line and the audit head; the archive number follows the
office's pattern and stays; the batch writes one package per checked visit of a task."""

from __future__ import annotations

import subprocess
from pathlib import Path

from sqlalchemy import select

from app.core.domain.roles import Actor, Role
from app.core.services.kernel import accountability
from app.core.services.kernel.workspace import open_workspace
from app.core.services.results import publication, results, reviews
from app.core.storage.models import AuditEvent, Department, Visit
from tests.conftest import run_app
from tests.helpers.inspection_helpers import make_visit
from tests.helpers.office_helpers import complete_form, photo_png


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return "".join(out.stdout.split())


def _checked_and_published(db: Path) -> tuple[int, str]:
    ws = open_workspace(db)
    try:
        accountability.set_review_levels(ws, "市场监管", ["组长审核", "分管领导审批"])
        with ws.db.read_session() as s:
            market = s.scalars(select(Department.id).where(Department.code == "市场监管")).one()
        leader = ws.as_actor(Actor("zz", Role.SUPERVISOR, "赵组长", department_id=market))
        chief = ws.as_actor(Actor("fg", Role.SUPERVISOR, "钱局长", department_id=market))
        visit_id, _ = make_visit(ws)
        complete_form(ws, visit_id, ["1"], photo=photo_png())
        row = next(r for r in results.list_results(ws) if r.visit_id == visit_id)
        reviews.submit_for_review(ws, [row.id])
        reviews.approve_results(leader, [row.id], note="记录完整")
        reviews.approve_results(chief, [row.id], note="同意公示")
        publication.publish_task(chief, row.task_no, xlsx_path=db.parent / "gg.xlsx")
        return visit_id, row.task_no
    finally:
        ws.db.dispose()


def test_archive_writes_one_package_with_notice_sheet_review_and_publication(
    sample_db: Path,
) -> None:
    visit_id, task_no = _checked_and_published(sample_db)
    out = sample_db.parent / "档案.pdf"
    done = run_app("--db", str(sample_db), "archive", str(visit_id), str(out))
    assert done.returncode == 0, done.stderr
    number = done.stdout.split("\t")[0].strip()
    assert "档〔" in number and number.endswith(tuple("0123456789"))
    text = _text(out)
    assert "随机抽查通知书" in text  # the notice
    assert "市场监管领域随机抽查情况记录表" in text  # the signed sheet
    assert "组长审核" in text and "赵组长" in text and "记录完整" in text  # the review history
    assert "分管领导审批" in text and "钱局长" in text
    assert "已公示" in text  # the publication line
    assert "系统（system）" in text  # who moved the result: the name, then the login
    assert "审计链头" in text and "现场照片" in text and number in text
    images = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True).stdout
    assert len(images.strip().splitlines()) > 3  # signatures and the photo are in the package
    # The number is kept: a second archive of the same visit carries the same one.
    again = run_app(
        "--db", str(sample_db), "archive", str(visit_id), str(sample_db.parent / "b.pdf")
    )
    assert again.stdout.split("\t")[0].strip() == number
    ws = open_workspace(sample_db)
    try:
        with ws.db.read_session() as s:
            assert s.get(Visit, visit_id).archive_no == number
            assigned = s.scalars(
                select(AuditEvent).where(AuditEvent.action == "visit.archive_no")
            ).all()
            assert len(assigned) == 1
            assert s.scalars(
                select(AuditEvent).where(AuditEvent.action == "archive.export")
            ).first()
    finally:
        ws.db.dispose()
    # A batch per task: one package per checked visit, named by its archive number.
    batch = run_app(
        "--db", str(sample_db), "archive", "--task", task_no, str(sample_db.parent / "batch")
    )
    assert batch.returncode == 0, batch.stderr
    files = sorted((sample_db.parent / "batch").glob("*.pdf"))
    assert files and any(f.stem == number.replace("/", "_") for f in files)


def test_archive_pattern_is_configurable_and_checked(sample_db: Path) -> None:
    bad = run_app("--db", str(sample_db), "archive", "--pattern", "{dept}-{oops}")
    assert (
        bad.returncode != 0
        and "{seq}" in (bad.stdout + bad.stderr)
        and "Traceback" not in bad.stderr
    )
    ok = run_app("--db", str(sample_db), "archive", "--pattern", "WY{year}-{seq}")
    assert ok.returncode == 0, ok.stderr
    visit_id, _ = make_visit_in(sample_db)
    out = sample_db.parent / "p.pdf"
    done = run_app("--db", str(sample_db), "archive", str(visit_id), str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("WY20")


def make_visit_in(db: Path) -> tuple[int, list[int]]:
    ws = open_workspace(db)
    try:
        return make_visit(ws)
    finally:
        ws.db.dispose()
