"""`verify_chain` fails after any hand edit (sqlite3) of the trail or of an audited row, and
passes otherwise — including after ordinary work through the services."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.core.domain.roles import Role
from app.core.services.kernel import keys, users
from app.core.services.kernel.audit import verify_chain
from app.core.services.kernel.workspace import open_workspace
from app.core.services.plan import task_views, tasks
from app.core.services.registry import conflicts, ledger
from app.core.services.registry.imports.pipeline import import_registry
from app.core.services.results import penalty_cases, reviews, third_parties
from app.core.storage.models import Expert, Result, Target, Task
from app.core.storage.row_states import HEAD_KEY, audited_tables
from tests.helpers.registry_files import uscc, write_rows

FIRST_RELEASE_KEY = Path(__file__).resolve().parents[2] / "data" / "first_release_laptop.pub"


def _verify(path: Path):  # type: ignore[no-untyped-def]
    ws = open_workspace(path)
    try:
        with ws.db.read_session() as s:
            return verify_chain(s)
    finally:
        ws.db.dispose()


def _sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)  # as a user at the sqlite3 prompt: no app triggers, no FKs
    try:
        for st in statements:
            conn.execute(st)
        conn.commit()
    finally:
        conn.close()


@pytest.fixture
def county(sample_db: Path) -> Path:
    """The sample county plus what a year adds beyond it (an account, a review decision, a
    penalty case, a qualified body and its commission, an expert's 回避, a task adjusted after
    publication), so as many kinds of row as possible have an example to tamper with."""
    ws = open_workspace(sample_db)
    try:
        users.create_user(
            ws,
            username="li",
            display_name="李四",
            role=Role.INSPECTOR,
            password="password-1",
            inspector_id=1,
        )
        with ws.db.read_session() as s:
            done = s.scalars(select(Result.id).where(Result.status == "已完成")).first()
            published = s.scalars(select(Result.id).where(Result.status == "已公示")).first()
            expert = s.scalars(select(Expert.code)).first()
            target = s.scalars(select(Target.uscc).where(Target.uscc.is_not(None))).first()
            task = s.scalars(select(Task).where(Task.status == "待抽取")).first()
            draft = task_views.draft_of(s, task)
        reviews.submit_for_review(ws, [done])
        reviews.approve_results(ws, [done])
        penalty_cases.open_case(ws, published, case_no="五市监立〔2026〕1号")
        body = uscc(4242, "12")
        third_parties.save_third_party(
            ws, name="五原县产品质量检验所", uscc=body, qualifications=["检验检测"],
            valid_until=date(2027, 12, 31),
        )  # fmt: skip
        third_parties.commission(
            ws, uscc=body, scope="抽样检验", start_on=date(2026, 5, 1), task_no=task.task_no
        )
        conflicts.declare_expert_conflict(
            ws, expert_code=expert, target_code=target, reason="曾为该企业提供咨询服务"
        )
        tasks.update_task(
            ws, task.id, replace(draft, notes="增加抽样检验"), reason="委托检验机构后调整"
        )
        ledger.record_check(
            ws,
            target=target,
            department="市场监管",
            on=date(2026, 4, 2),
            kind=ledger.OUTSIDE_KINDS[0],
        )
        keys.trust_key(ws, FIRST_RELEASE_KEY, role="laptop", name="一号检查终端")
        pool_file = write_rows(
            sample_db.with_name("专项库.xlsx"),
            [["统一社会信用代码", "对应专项库监管标签", "许可证编号", "有效期至"],
             [target, "食品生产", "SC10615080001", "长期"]],
        )  # fmt: skip
        import_registry(ws, kind="licences", path=pool_file)
    finally:
        ws.db.dispose()
    return sample_db


def _tables_with_rows(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [
            t
            for t in sorted(audited_tables())
            if conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
        ]
    finally:
        conn.close()


def _edit_statement(path: Path, table: str) -> tuple[str, str]:
    """An UPDATE changing one column of one row of `table`, and that row's key."""
    pk = next(iter(audited_tables()[table].primary_key.columns)).name
    conn = sqlite3.connect(path)
    try:
        cols = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
        (key,) = conn.execute(
            f'SELECT "{pk}" FROM "{table}" WHERE "{pk}" IS NOT ? ORDER BY rowid DESC LIMIT 1',
            (HEAD_KEY,),
        ).fetchone()
        row = dict(
            zip(
                [c[1] for c in cols],
                conn.execute(f'SELECT * FROM "{table}" WHERE "{pk}" = ?', (key,)).fetchone(),
                strict=True,
            )
        )
    finally:
        conn.close()
    for name, value in row.items():
        if name == pk:
            continue
        if isinstance(value, str) and value[:1] in ('"', "[", "{"):  # JSON: keep it valid
            return f'UPDATE "{table}" SET "{name}" = \'"edited"\' WHERE "{pk}" = {key!r}', str(key)
        if isinstance(value, str):
            return f'UPDATE "{table}" SET "{name}" = "{name}" || \'x\' WHERE "{pk}" = {key!r}', str(
                key
            )
        if isinstance(value, int):
            return f'UPDATE "{table}" SET "{name}" = "{name}" + 7 WHERE "{pk}" = {key!r}', str(key)
    raise AssertionError(f"no editable column in {table}")


def test_untouched_sample_county_verifies(county: Path) -> None:
    result = _verify(county)
    assert result.ok, result.reason
    assert result.events > 3 and result.rows > 600


def test_sample_county_has_every_main_kind_of_row(county: Path) -> None:
    present = set(_tables_with_rows(county))
    assert {
        "targets",
        "inspectors",
        "departments",
        "inspection_items",
        "plans",
        "tasks",
        "users",
        "settings",
        "code_entries",
        "conflicts",
        "target_tags",
    } <= present


@pytest.mark.parametrize("table", sorted(audited_tables()))
def test_hand_edit_of_any_audited_row_fails_naming_it(county: Path, table: str) -> None:
    if table not in _tables_with_rows(county):
        pytest.skip(f"the sample county has no {table} rows")
    statement, key = _edit_statement(county, table)
    _sql(county, statement)
    result = _verify(county)
    assert not result.ok
    assert f"表 {table} 的第 {key} 行" in result.reason
    assert result.first_broken_id is not None and result.action


def test_row_deleted_or_inserted_by_hand_fails(county: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    copy.write_bytes(county.read_bytes())
    _sql(county, "DELETE FROM target_tags WHERE id = (SELECT max(id) FROM target_tags)")
    assert "被删除" in _verify(county).reason
    _sql(copy, "INSERT INTO target_tags (target_id, tag, source) VALUES (1, '重点对象', '手工')")
    result = _verify(copy)
    assert not result.ok and "没有任何审计事件记录" in result.reason


@pytest.mark.parametrize(
    ("statement", "fragment"),
    [
        ("UPDATE audit_events SET summary = summary || '!' WHERE id = 2", "事件 #2 的内容被改动"),
        ("UPDATE audit_events SET actor = 'nobody' WHERE id = 3", "事件 #3 的内容被改动"),
        ("DELETE FROM audit_events WHERE id = 3", "不存在的事件 #3"),
        ("DELETE FROM audit_row_states WHERE event_id = 3", "事件 #3 记录的数据行状态被改动"),
        ("UPDATE audit_row_states SET state_hash = 'x' WHERE id = 5", "记录的数据行状态被改动"),
        ("DELETE FROM audit_row_states WHERE id = 5", "记录的数据行状态被改动"),
        (f"UPDATE settings SET value = '\"{'0' * 64}\"' WHERE key = '{HEAD_KEY}'", "链头"),
    ],
)
def test_hand_edit_of_the_trail_fails(county: Path, statement: str, fragment: str) -> None:
    _sql(county, "PRAGMA foreign_keys=OFF", statement)
    result = _verify(county)
    assert not result.ok
    assert fragment in result.reason


def test_deleting_the_last_event_fails(county: Path) -> None:
    _sql(
        county,
        "DELETE FROM audit_row_states WHERE event_id = (SELECT max(id) FROM audit_events)",
        "DELETE FROM audit_events WHERE id = (SELECT max(id) FROM audit_events)",
    )
    result = _verify(county)
    assert not result.ok


def test_work_through_services_keeps_verifying(county: Path) -> None:
    ws = open_workspace(county)
    try:
        users.set_role(ws, username="li", role=Role.OBSERVER)
        users.set_active(ws, username="li", active=False)
    finally:
        ws.db.dispose()
    assert _verify(county).ok


def test_a_write_without_an_event_is_sealed_under_an_unlogged_event(workspace) -> None:  # type: ignore[no-untyped-def]
    from app.core.services.kernel.audit_trail import AuditFilter, list_events
    from app.core.storage.models import Department

    with workspace.db.session() as s:
        s.add(Department(code="X", name="某部门", short_name="某"))
    with workspace.db.read_session() as s:
        assert verify_chain(s).ok
    assert list_events(workspace, AuditFilter(action="data.unlogged"))


def test_core_bulk_insert_is_sealed(workspace) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import insert

    from app.core.services.kernel.audit import log_event
    from app.core.storage.models import Target

    with workspace.db.session() as s:
        s.execute(
            insert(Target),
            [{"name": f"对象{i}", "uid": f"u{i}", "search_text": ""} for i in range(300)],
        )
        log_event(s, workspace.actor, "target.import", summary="300")
    with workspace.db.read_session() as s:
        result = verify_chain(s)
    assert result.ok and result.rows >= 300
    _sql(workspace.db.path, "UPDATE targets SET name = '改' WHERE id = 150")
    with workspace.db.read_session() as s:
        result = verify_chain(s)
    assert not result.ok and "target.import" in result.reason


def test_a_rolled_back_transaction_leaves_no_trace(workspace) -> None:  # type: ignore[no-untyped-def]
    from app.core.services.kernel.audit import log_event
    from app.core.storage.models import Department

    with pytest.raises(RuntimeError), workspace.db.session() as s:
        s.add(Department(code="Y", name="某部门", short_name="某"))
        log_event(s, workspace.actor, "department.create")
        s.flush()
        raise RuntimeError("boom")
    with workspace.db.session() as s:
        s.add(Department(code="Z", name="另一部门", short_name="另"))
        log_event(s, workspace.actor, "department.create")
    with workspace.db.read_session() as s:
        assert verify_chain(s).ok
