"""立案 → 处罚决定 → 结案 under the business, through the CLI on the sample county: a case filed
from a result with a problem, decided, closed, listed under the business with its dates; out of
order or with a date before the step before it is refused with a message; each step audited;
another department's supervisor is refused in the core."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.core.domain.errors import PermissionDenied
from app.core.domain.roles import Actor, Role
from app.core.services.kernel.workspace import open_workspace
from app.core.services.results import penalty_cases, results
from app.core.storage.models import AuditEvent, Department
from tests.conftest import run_app


def test_case_from_a_result_through_its_stages(sample_db: Path) -> None:
    ws = open_workspace(sample_db)
    try:
        row = next(
            r
            for r in results.list_results(
                ws, statuses=["通过", "已公示"], department_code="市场监管"
            )
            if r.result_codes != ("1",)
        )
        with ws.db.read_session() as s:
            health = s.scalars(select(Department.id).where(Department.code == "卫生健康")).one()
        with pytest.raises(PermissionDenied):
            penalty_cases.open_case(
                ws.as_actor(Actor("wj", Role.SUPERVISOR, "卫健", department_id=health)),
                row.id,
                case_no="X",
            )
    finally:
        ws.db.dispose()
    db = str(sample_db)
    early = run_app(
        "--db",
        db,
        "case",
        "open",
        str(row.id),
        "--case-no",
        "五原市监处罚〔2026〕12号",
        "--date",
        "2000-01-01",
    )
    assert early.returncode == 1 and "早于检查完成日期" in early.stderr
    opened = run_app(
        "--db",
        db,
        "case",
        "open",
        str(row.id),
        "--case-no",
        "五原市监处罚〔2026〕12号",
        "--date",
        "2026-07-20",
    )
    assert opened.returncode == 0, opened.stderr
    case_id = opened.stdout.split("\t")[0]
    closing = run_app("--db", db, "case", "close", case_id, "--date", "2026-08-01")
    assert closing.returncode == 1 and "须先作出处罚决定" in closing.stderr
    decided = run_app(
        "--db",
        db,
        "case",
        "decide",
        case_id,
        "--decision",
        "罚款5000元，责令改正",
        "--date",
        "2026-07-28",
    )
    assert decided.returncode == 0, decided.stderr
    assert run_app("--db", db, "case", "close", case_id, "--date", "2026-08-10").returncode == 0
    listed = run_app("--db", db, "case", "list", "--target", row.target_code).stdout
    fields = listed.strip().splitlines()[0].split("\t")
    assert fields[1:3] == ["五原市监处罚〔2026〕12号", "结案"]
    assert fields[4:7] == ["2026-07-20", "2026-07-28", "2026-08-10"] and "罚款5000元" in fields[7]
    again = run_app(
        "--db", db, "case", "open", str(row.id), "--case-no", "五原市监处罚〔2026〕12号"
    )
    assert again.returncode == 1 and "已登记" in again.stderr
    ws = open_workspace(sample_db)
    try:
        with ws.db.read_session() as s:
            actions = [
                e.action
                for e in s.scalars(select(AuditEvent).where(AuditEvent.action.like("case.%")))
            ]
        assert actions == ["case.file", "case.decide", "case.close"]
        assert penalty_cases.cases_of(ws, row.target_code)[0].closed_on == date(2026, 8, 10)
    finally:
        ws.db.dispose()
