"""Issue 14's attacks through a trusted laptop key: each crafted bundle is refused whole,
named record by record, and the office database is exactly as before (every row compared).

The laptop key is trusted and issued for one inspector (the first of the sample team). Each
attack starts from a genuine results bundle of that laptop, edits it as an attacker holding
the laptop would, and re-signs it with the laptop's own key. A control import of the very
same file under an office key shows that each forgery is well-formed and would have written
(so the refusal comes from the sender's authorisation, not from a broken file).
docs/security.md lists these attacks.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
from forge import Forgery, db_state, office_record
from sqlalchemy import select, update

from app.core.bundles.format import BundleError
from app.core.domain.errors import PermissionDenied
from app.core.domain.roles import Actor, Role
from app.core.services.exchange import bundle_export, bundles
from app.core.services.kernel.workspace import Workspace, open_workspace
from app.core.storage.models import (
    Bundle,
    ChecklistTemplate,
    Inspection,
    Inspector,
    Result,
    Target,
    Task,
    TrustedKey,
    Visit,
)
from tests.helpers.bundle_helpers import add_inspection, make_field_work, make_office, pair


@dataclass
class Field:
    office: Workspace
    laptop: Workspace
    folder: Path
    visit_uids: tuple[str, ...]  # the laptop inspector's visits
    other_visit_uids: tuple[str, ...]  # another team's visits
    done_form: str  # completed and imported: its result is 待审核 at the office
    draft_form: str
    result_uid: str


def _laptop_result(laptop: Workspace, visit_uid: str, form_uid: str) -> str:
    """The inspector completed the form and submitted its result for review, on the laptop."""
    with laptop.db.session() as s:
        visit = s.scalar(select(Visit).where(Visit.uid == visit_uid))
        form = s.scalar(select(Inspection).where(Inspection.uid == form_uid))
        task = s.get(Task, visit.task_id)
        r = Result(
            visit_id=visit.id,
            department_id=task.initiating_department_id,
            inspection_id=form.id,
            status="待审核",
            result_codes=["1"],
            completed_on=date.today(),
        )
        s.add(r)
        s.flush()
        return r.uid


def _build_field(office_url: str | Path, folder: Path) -> Field:
    office = make_office(office_url)
    work = make_field_work(office, visits=4)
    laptop = pair(office, folder / "laptop.db", folder)
    assignments = bundle_export.export_bundle(
        office, "assignments", folder / "a.zip", inspector_cert=work.inspector_cert
    )
    bundles.import_bundle(laptop, assignments.path)
    done = add_inspection(laptop, work.visit_uids[0], status="completed")
    draft = add_inspection(laptop, work.visit_uids[1])
    result = _laptop_result(laptop, work.visit_uids[0], done)
    # The honest bundle goes through: forms, signature, the result for review, the visit status.
    first = bundles.import_bundle(
        office, bundle_export.export_bundle(laptop, "results", folder / "r1.zip").path
    )
    assert first.added["inspection"] == 2 and first.added["result"] == 1
    assert first.updated["visit"] == 1 and not first.refused
    return Field(
        office, laptop, folder, work.visit_uids, work.other_visit_uids, done, draft, result
    )


@pytest.fixture
def field(tmp_path: Path):
    f = _build_field(tmp_path / "office.db", tmp_path)
    yield f
    f.laptop.db.dispose()
    f.office.db.dispose()


def _uid(ws: Workspace, model: type, *where) -> str:  # type: ignore[no-untyped-def]
    with ws.db.read_session() as s:
        return str(s.scalars(select(model.uid).where(*where).order_by(model.id)).first())


def _visit_target(ws: Workspace, visit_uid: str) -> str:
    with ws.db.read_session() as s:
        return str(
            s.scalar(
                select(Target.uid)
                .join(Visit, Visit.target_id == Target.id)
                .where(Visit.uid == visit_uid)
            )
        )


def _other_inspector(ws: Workspace) -> str:
    with ws.db.read_session() as s:
        return str(s.scalars(select(Inspector.uid).order_by(Inspector.id).offset(2)).first())


def _free_target(ws: Workspace) -> str:
    with ws.db.read_session() as s:
        used = select(Visit.target_id)
        return str(
            s.scalars(select(Target.uid).where(Target.id.not_in(used)).order_by(Target.id)).first()
        )


# -- the attacks: each edits a genuine bundle; returns what the refusal must name -----------


def approve_own_result(f: Field, g: Forgery) -> str:
    g.change(
        "result",
        f.result_uid,
        status="通过",
        reviewed_by="supervisor",
        reviewed_at=datetime(2026, 3, 2, 10, 0).isoformat(timespec="microseconds"),
        review_note="同意",
    )
    return f.result_uid


def publish_own_result(f: Field, g: Forgery) -> str:
    g.change(
        "result",
        f.result_uid,
        status="已公示",
        reviewed_by="supervisor",
        published_on=date(2026, 3, 3).isoformat(),
    )
    return f.result_uid


def swap_team_members(f: Field, g: Forgery) -> str:
    visit = f.visit_uids[0]
    members = [dict(m) for m in g.find("visit", visit)["data"]["members"]]
    members[1]["inspector_uid"] = _other_inspector(f.office)
    g.change("visit", visit, members=members)
    return visit


def repoint_a_visit(f: Field, g: Forgery) -> str:
    g.change("visit", f.visit_uids[0], target_uid=_visit_target(f.office, f.other_visit_uids[0]))
    return f.visit_uids[0]


def cancel_a_visit(f: Field, g: Forgery) -> str:
    g.change("visit", f.visit_uids[1], is_cancelled=True, replaced_reason="无需检查")
    return f.visit_uids[1]


def inject_a_visit(f: Field, g: Forgery) -> str:
    data = {**g.find("visit", f.visit_uids[0])["data"], "target_uid": _free_target(f.office)}
    data["status"] = "待检查"
    return g.add("visit", data)


def edit_target_credit(f: Field, g: Forgery) -> str:
    target = _visit_target(f.office, f.visit_uids[0])
    base = office_record(f.office, "target", target)
    grade = "B" if base["data"]["credit_grade"] == "A" else "A"  # D → A in the report
    g.change("target", target, base=base, credit_grade=grade)
    return target


def edit_an_inspector(f: Field, g: Forgery) -> str:
    uid = _uid(f.office, Inspector)
    g.change("inspector", uid, base=office_record(f.office, "inspector", uid), name="冒名顶替")
    return uid


def edit_a_task(f: Field, g: Forgery) -> str:
    uid = _uid(f.office, Task)
    g.change("task", uid, base=office_record(f.office, "task", uid), pool_filter={"industry": "X"})
    return uid


def lower_case_duplicate_uscc(f: Field, g: Forgery) -> str:
    with f.office.db.read_session() as s:
        uid, uscc = s.execute(
            select(Target.uid, Target.uscc).where(Target.uscc.regexp_match("[A-Z]")).limit(1)
        ).one()
    data = {**office_record(f.office, "target", uid)["data"], "uscc": uscc.lower()}
    return g.add("target", data)


def invalid_uscc(f: Field, g: Forgery) -> str:
    target = _visit_target(f.office, f.visit_uids[0])
    data = {**office_record(f.office, "target", target)["data"], "uscc": "123456789012345678"}
    data["name"] = "无效代码商户"
    return g.add("target", data)


def delete_current_templates(f: Field, g: Forgery) -> str:
    uid = _uid(f.office, ChecklistTemplate, ChecklistTemplate.is_current)
    g.tombstone("checklist_template", uid)
    return uid


def forged_form_for_a_visit_not_theirs(f: Field, g: Forgery) -> str:
    visit = f.other_visit_uids[0]
    form = {**g.find("inspection", f.done_form)["data"], "visit_uid": visit, "previous_uid": None}
    form_uid = g.add("inspection", form)
    sig = next(r for r in g.records["signature"])["data"]
    g.add(
        "signature",
        {
            **sig,
            "inspection_uid": form_uid,
            "role": "inspector",
            "signer_name": "另一位检查人员",
            "inspector_uid": _other_inspector(f.office),
        },
    )
    return form_uid


def copy_a_sealed_form_onto_their_own_visit(f: Field, g: Forgery) -> str:
    """A form sealed for one visit, copied as the form of another (open, theirs)."""
    sealed = {**g.find("inspection", f.done_form)["data"], "content_hash": "a" * 64}
    sealed["completed_by"] = "laptop-user"
    seal = g.seal(f.done_form, sealed)
    copy = {**sealed, "visit_uid": f.visit_uids[2], "previous_uid": None, "seal": seal}
    return g.add("inspection", copy)


def forged_remote_audit_event(f: Field, g: Forgery) -> str:
    g.audit_event(
        actor="supervisor",
        action="result.approve",
        entity="result",
        entity_uid=f.result_uid,
        summary="审核通过1项检查结果",
    )
    return "result.approve"


def delete_office_rows(f: Field, g: Forgery) -> str:
    g.tombstone("inspection", f.done_form)  # a completed, signed form
    g.tombstone("visit", f.other_visit_uids[1])
    return f.other_visit_uids[1]


def repoint_a_form(f: Field, g: Forgery) -> str:
    g.change("inspection", f.draft_form, visit_uid=f.other_visit_uids[0])
    return f.draft_form


ATTACKS: dict[str, Callable[[Field, Forgery], str]] = {
    f.__name__: f
    for f in (
        approve_own_result,
        publish_own_result,
        swap_team_members,
        repoint_a_visit,
        cancel_a_visit,
        inject_a_visit,
        edit_target_credit,
        edit_an_inspector,
        edit_a_task,
        lower_case_duplicate_uscc,
        invalid_uscc,
        delete_current_templates,
        forged_form_for_a_visit_not_theirs,
        copy_a_sealed_form_onto_their_own_visit,
        forged_remote_audit_event,
        delete_office_rows,
        repoint_a_form,
    )
}


# What each refusal must say about the record it names.
REASONS = {
    "approve_own_result": "不能把检查结果设为“通过”",
    "publish_own_result": "不能把检查结果设为“已公示”",
    "swap_team_members": "检查组成员",
    "repoint_a_visit": "不能修改抽查检查的检查对象",
    "cancel_a_visit": "取消标记",
    "inject_a_visit": "不能新增抽查检查",
    "edit_target_credit": "信用等级",
    "edit_an_inspector": "不能修改检查人员",
    "edit_a_task": "不能修改抽查任务",
    "lower_case_duplicate_uscc": "不能新增检查对象名录",
    "invalid_uscc": "不能新增检查对象名录",
    "delete_current_templates": "检查表模板：检查终端不能删除本局的数据",
    "forged_form_for_a_visit_not_theirs": "未分派给检查终端",
    "copy_a_sealed_form_onto_their_own_visit": "密钥封记不符",
    "forged_remote_audit_event": "不能带来“result.approve”",
    "delete_office_rows": "抽查检查（抽中的对象与检查组）：检查终端不能删除本局的数据",
    "repoint_a_form": "改挂到另一项检查",
}


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_a_trusted_laptop_cannot_rewrite_the_office(field: Field, attack: str) -> None:
    g = Forgery(field.laptop, field.folder, attack)
    named = ATTACKS[attack](field, g)
    forged = g.write()
    before = db_state(field.office)
    assert bundles.verify_bundle(field.office, forged).signer_role == "laptop"  # signed right
    with pytest.raises(bundles.BundleRefused) as refused:
        bundles.import_bundle(field.office, forged)
    assert db_state(field.office) == before  # nothing written, not even the bundle's record
    why = REASONS[attack]
    assert any(named in line and why in line for line in refused.value.details), (
        why,
        refused.value.details,
    )
    assert "整包拒收" in str(refused.value)

    # Control: the same file under an office key is a valid bundle that would have written.
    with field.office.db.session() as s:
        s.execute(update(TrustedKey).values(role="office"))
    report = bundles.import_bundle(field.office, forged)
    wrote = sum(report.total(w) for w in ("added", "updated", "deleted", "conflicts"))
    assert wrote > 0 and db_state(field.office) != before


def test_a_mixed_bundle_is_refused_whole_or_split_by_a_supervisors_choice(field: Field) -> None:
    office = field.office
    g = Forgery(field.laptop, field.folder, "mixed")
    g.change("inspection", field.draft_form, data={"1": "现场补充"})  # allowed: their draft
    approve_own_result(field, g)  # refused
    forged = g.write()
    before = db_state(office)
    with pytest.raises(bundles.BundleRefused) as refused:
        bundles.import_bundle(office, forged)
    assert len(refused.value.refusals) == 1 and db_state(office) == before

    report = bundles.import_bundle(office, forged, accept_allowed_part=True)
    assert report.updated == {"inspection": 1}
    assert [(r.kind, r.uid) for r in report.refused] == [("result", field.result_uid)]
    assert "拒收 1 条记录" in report.summary()
    with office.db.read_session() as s:
        assert s.scalar(select(Result.status).where(Result.uid == field.result_uid)) == "待审核"
        form = s.scalar(select(Inspection).where(Inspection.uid == field.draft_form))
        assert form.data == {"1": "现场补充"}
        kept = s.scalar(select(Bundle.report).where(Bundle.bundle_uid == report.bundle_id))
    assert kept["refused"][0]["uid"] == field.result_uid
    assert kept["refused"][0]["data"]["status"] == "通过"  # kept for review


def test_an_inspector_account_cannot_import_at_the_office(field: Field) -> None:
    edit = Forgery(field.laptop, field.folder, "honest")
    edit.change("inspection", field.draft_form, data={"1": "否（现场补充）"})
    path = edit.write()
    inspector = field.office.as_actor(Actor("li", Role.INSPECTOR, "李检查", inspector_id=1))
    before = db_state(field.office)
    with pytest.raises(PermissionDenied):
        bundles.import_bundle(inspector, path)
    assert db_state(field.office) == before
    assert bundles.import_bundle(field.office, path).updated == {
        "inspection": 1
    }  # a supervisor may


def test_a_laptop_key_issued_for_nobody_writes_nothing(field: Field) -> None:
    with field.office.db.session() as s:
        s.execute(update(TrustedKey).values(inspectors=None))
    g = Forgery(field.laptop, field.folder, "nobody")
    g.change("inspection", field.draft_form, data={"1": "否（现场补充）"})
    with pytest.raises(bundles.BundleRefused, match="未指定检查人员"):
        bundles.import_bundle(field.office, g.write())


def test_a_form_of_a_visit_under_review_is_closed_to_the_laptop(field: Field) -> None:
    g = Forgery(field.laptop, field.folder, "closed")
    sig = g.records["signature"][0]
    g.change("signature", sig["uid"], signer_name="改过的名字")
    with pytest.raises(bundles.BundleRefused, match="提交审核"):
        bundles.import_bundle(field.office, g.write())


def test_a_laptop_claiming_the_offices_installation_id_is_refused(field: Field) -> None:
    with field.office.db.read_session() as s:
        from app.core.services.kernel import keys

        office_id = keys.ensure_installation_in(s).installation_id
    g = Forgery(field.laptop, field.folder, "collision")
    g.change("inspection", field.draft_form, data={"1": "否（现场补充）"})
    path = g.write(producer={**g.manifest["producer"], "installation_id": office_id})
    before = db_state(field.office)
    with pytest.raises(BundleError, match="安装编号.*与本机相同"):
        bundles.import_bundle(field.office, path)
    assert db_state(field.office) == before


def test_a_laptop_head_that_does_not_extend_the_last_one_seen_is_refused(field: Field) -> None:
    # The laptop's database is replaced by an older copy (its trail rolled back) and goes on.
    laptop_db = field.folder / "laptop.db"
    old = field.folder / "laptop-old.db"
    field.laptop.db.dispose()
    shutil.copyfile(laptop_db, old)
    laptop = open_workspace(laptop_db)
    try:
        later = bundle_export.export_bundle(laptop, "results", field.folder / "r2.zip").path
        bundles.import_bundle(field.office, later)  # the office has now seen a later head
    finally:
        laptop.db.dispose()
    shutil.copyfile(old, laptop_db)
    rolled = open_workspace(laptop_db)
    try:
        add_inspection(rolled, field.visit_uids[2])
        path = bundle_export.export_bundle(rolled, "results", field.folder / "r3.zip").path
    finally:
        rolled.db.dispose()
    before = db_state(field.office)
    with pytest.raises(BundleError, match="审计链头"):
        bundles.import_bundle(field.office, path)
    assert db_state(field.office) == before
    # The trail going on from the head the office saw is accepted.
    field.laptop = open_workspace(laptop_db)


def test_the_same_rules_hold_for_sync(field: Field) -> None:
    from app.core.bundles.receiver import BundleReceiver
    from app.core.services.exchange import sync

    receiver = BundleReceiver(
        field.folder / "mailbox", host="127.0.0.1", port=0, token="s3cret"
    ).start()
    try:
        for ws in (field.office, field.laptop):
            sync.configure_sync(
                ws, url=receiver.url, token="s3cret", ca_cert=str(receiver.cert_path)
            )
        g = Forgery(field.laptop, field.folder, "sync")
        approve_own_result(field, g)
        queued = sync.queue_export(field.laptop, "results")
        forged = g.write(bundle_id=queued.bundle_id, stream=g.manifest["stream"])
        queued.path.write_bytes(forged.read_bytes())  # the laptop's holder swaps the file
        assert sync.sync_now(field.laptop, backoff=0.01).sent == 1
        with field.office.db.read_session() as s:
            results_before = s.execute(select(Result.uid, Result.status, Result.version)).all()
            bundles_before = s.scalars(select(Bundle.bundle_uid)).all()
        rep = sync.sync_now(field.office, backoff=0.01)
        assert rep.received == () and any("整包拒收" in e for e in rep.errors), rep.errors
        with field.office.db.read_session() as s:
            assert s.execute(select(Result.uid, Result.status, Result.version)).all() == (
                results_before
            )
            assert s.scalars(select(Bundle.bundle_uid)).all() == bundles_before
    finally:
        receiver.stop()


def test_the_cli_refuses_with_exit_1_naming_each_record(field: Field, app_cli) -> None:
    g = Forgery(field.laptop, field.folder, "cli")
    named = [
        approve_own_result(field, g),
        swap_team_members(field, g),
        edit_target_credit(field, g),
        forged_form_for_a_visit_not_theirs(field, g),
        forged_remote_audit_event(field, g),
    ]
    forged = g.write()
    before = db_state(field.office)
    office_db = field.folder / "office.db"
    field.office.db.dispose()
    r = app_cli("--db", str(office_db), "bundle", "import", str(forged))
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stderr and "整包拒收" in r.stderr
    refused = [line for line in r.stderr.splitlines() if line.strip().startswith("refused:")]
    assert len(refused) >= len(named)
    for what in named:
        assert any(what in line for line in refused), (what, r.stderr)
    assert db_state(field.office) == before


def test_the_import_dialog_names_the_refused_records_and_a_supervisor_may_split(
    qtbot, field: Field
) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

    from app.ui.context import UiContext
    from app.ui.features.exchange.import_dialog import ImportDialog
    from app.ui.runner import TaskRunner
    from tests.screens import save_screenshot

    g = Forgery(field.laptop, field.folder, "dialog")
    g.change("inspection", field.draft_form, data={"1": "现场补充"})
    approve_own_result(field, g)
    swap_team_members(field, g)
    forged = g.write()
    before = db_state(field.office)
    runner = TaskRunner()
    dialog = ImportDialog(UiContext(field.office, runner))
    qtbot.addWidget(dialog)
    dialog.resize(900, 520)
    dialog.show()
    dialog.source.set_path(forged)
    dialog.verify_button.click()
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=20000)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: "整包拒收" in dialog.check_label.text(), timeout=20000)
    text = dialog.check_label.text()
    assert field.result_uid in text and field.visit_uids[0] in text and "通过" in text
    assert db_state(field.office) == before
    assert dialog.partial_button.isVisible() and not dialog.import_button.isEnabled()
    save_screenshot(dialog, "exchange_import_refused.png")

    dialog.partial_button.click()
    found: list[QPushButton] = []

    def box() -> bool:
        found[:] = [
            w.findChild(QPushButton, "confirmYes")
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "confirmBox" and w.isVisible()
        ]
        return bool(found)

    qtbot.waitUntil(box, timeout=5000)
    found[0].click()
    qtbot.waitUntil(lambda: dialog.report_dialog is not None, timeout=20000)
    with field.office.db.read_session() as s:
        assert s.scalar(select(Result.status).where(Result.uid == field.result_uid)) == "待审核"
        form = s.scalar(select(Inspection).where(Inspection.uid == field.draft_form))
        assert form.data == {"1": "现场补充"}
    assert "拒收 2 条记录" in dialog.check_label.text()
    dialog.report_dialog.close()
    runner.wait()
    qtbot.wait(50)


@pytest.mark.postgres
def test_the_attacks_are_refused_on_postgresql_too(pg_url: str, tmp_path: Path) -> None:
    f = _build_field(pg_url, tmp_path)
    try:
        for attack in (
            approve_own_result,
            swap_team_members,
            inject_a_visit,
            delete_current_templates,
            forged_remote_audit_event,
        ):
            g = Forgery(f.laptop, tmp_path, attack.__name__)
            named = attack(f, g)
            before = db_state(f.office)
            with pytest.raises(bundles.BundleRefused) as refused:
                bundles.import_bundle(f.office, g.write())
            assert db_state(f.office) == before
            assert any(named in line for line in refused.value.details)
    finally:
        f.laptop.db.dispose()
        f.office.db.dispose()
