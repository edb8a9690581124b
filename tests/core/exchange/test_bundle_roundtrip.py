"""Office → laptop → office with real files, on SQLite and PostgreSQL: merge, conflicts, idempotence."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, select

from app.core.domain.errors import ValidationError
from app.core.services.checklist import checklists, inspections
from app.core.services.exchange import bundle_export, bundles, sync_conflicts
from app.core.storage.models import (
    AuditEvent,
    Bundle,
    ChecklistTemplate,
    Inspection,
    InspectionItem,
    Inspector,
    RemoteAuditEvent,
    Signature,
    SyncConflict,
    Target,
    Task,
    TaskItem,
    Visit,
)
from tests.helpers.bundle_helpers import (
    FieldWork,
    add_inspection,
    count,
    edit_inspection,
    inspection_answer,
    make_field_work,
    make_office,
    pair,
)


@pytest.fixture
def office(any_db_url: str):
    ws = make_office(any_db_url)
    yield ws
    ws.db.dispose()


def test_assignments_carry_the_inspectors_visits_and_nothing_else(office, tmp_path: Path) -> None:
    work = make_field_work(office)
    laptop = pair(office, tmp_path / "laptop.db", tmp_path)
    try:
        out = bundle_export.export_bundle(
            office, "assignments", tmp_path / "a.zip", inspector_cert=work.inspector_cert
        )
        assert out.counts["visit"] == 12
        report = bundles.import_bundle(laptop, out.path)
        assert report.added["visit"] == 12 and report.added["target"] == 12
        with laptop.db.read_session() as s:
            uids = set(s.scalars(select(Visit.uid)))
            assert uids == set(work.visit_uids)  # the other team's visits stayed at the office
            assert len(s.scalars(select(Target.id)).all()) == 12
            assert len(s.scalars(select(Inspector.id)).all()) == 2  # the team, not all 60
            names = set(s.scalars(select(ChecklistTemplate.code)))
            assert names and "UNRELATED" not in names
    finally:
        laptop.db.dispose()


def test_round_trip_with_edits_on_both_sides_keeps_both_versions(office, tmp_path: Path) -> None:
    work = make_field_work(office)
    laptop = pair(office, tmp_path / "laptop.db", tmp_path)
    try:
        a = bundle_export.export_bundle(
            office, "assignments", tmp_path / "a.zip", inspector_cert=work.inspector_cert
        )
        bundles.import_bundle(laptop, a.path)
        done = add_inspection(laptop, work.visit_uids[0], status="completed")
        draft = add_inspection(laptop, work.visit_uids[1], answer="是")
        r1 = bundle_export.export_bundle(laptop, "results", tmp_path / "r1.zip")
        rep1 = bundles.import_bundle(office, r1.path)
        assert (
            rep1.added["inspection"] == 2
            and rep1.added["signature"] == 1
            and rep1.added["blob"] == 1
        )
        assert rep1.added.get("audit_event", 0) >= 2
        assert rep1.updated.get("visit") == 1  # the finished visit's status came back
        assert count(office, RemoteAuditEvent) == rep1.added["audit_event"]

        # Both sides change the draft form; the laptop also goes on with a new form.
        edit_inspection(office, draft, "否（局里修改）")
        edit_inspection(laptop, draft, "是（现场补充）")
        r2 = bundle_export.export_bundle(laptop, "results", tmp_path / "r2.zip")
        rep2 = bundles.import_bundle(office, r2.path)
        assert rep2.conflicts == {"inspection": 1}
        assert rep2.unchanged["inspection"] == 1  # the completed form did not change
        assert inspection_answer(office, draft) == "否（局里修改）"  # never silently overwritten
        [c] = sync_conflicts.list_conflicts(office)
        assert c.entity_uid == draft
        assert c.local["data"] == {"1": "否（局里修改）"} and c.incoming["data"] == {
            "1": "是（现场补充）"
        }
        assert c.changed_fields == ("data",)

        # Importing the same bundle again is a no-op, also for the open conflict.
        again = bundles.import_bundle(office, r2.path)
        assert again.already_imported
        assert count(office, SyncConflict) == 1

        # The supervisor decides the field version stands.
        sync_conflicts.resolve_conflict(office, c.id, keep="incoming")
        assert inspection_answer(office, draft) == "是（现场补充）"
        assert sync_conflicts.list_conflicts(office) == []

        # A later laptop-only edit fast-forwards without a conflict.
        edit_inspection(laptop, draft, "是（最终）")
        r3 = bundle_export.export_bundle(laptop, "results", tmp_path / "r3.zip")
        rep3 = bundles.import_bundle(office, r3.path)
        assert rep3.updated == {"inspection": 1} and not rep3.conflicts
        assert inspection_answer(office, draft) == "是（最终）"
        with office.db.read_session() as s:
            assert s.scalar(select(Inspection.status).where(Inspection.uid == done)) == "completed"
            assert len(s.scalars(select(Signature.id)).all()) == 1
            actions = set(s.scalars(select(AuditEvent.action)))
        assert {"bundle.import", "bundle.export", "sync.conflict.resolve"} <= actions
    finally:
        laptop.db.dispose()


def test_a_completed_signed_form_never_merges(office, tmp_path: Path) -> None:
    work = make_field_work(office)
    laptop = pair(office, tmp_path / "laptop.db", tmp_path)
    try:
        bundles.import_bundle(
            laptop,
            bundle_export.export_bundle(
                office, "assignments", tmp_path / "a.zip", inspector_cert=work.inspector_cert
            ).path,
        )
        done = add_inspection(laptop, work.visit_uids[0], status="completed")
        bundles.import_bundle(
            office, bundle_export.export_bundle(laptop, "results", tmp_path / "r1.zip").path
        )
        edit_inspection(laptop, done, "改过的已完成表")  # a bug or tampering on the laptop
        rep = bundles.import_bundle(
            office, bundle_export.export_bundle(laptop, "results", tmp_path / "r2.zip").path
        )
        assert rep.conflicts == {"inspection": 1}
        assert rep.conflict_items[0][2] == "completed_form"
        assert inspection_answer(office, done) == "是"
        [c] = sync_conflicts.list_conflicts(office)
        sync_conflicts.resolve_conflict(
            office, c.id, keep="incoming"
        )  # a correction: a new version
        with office.db.read_session() as s:
            rows = s.execute(
                select(Inspection.version_no, Inspection.status, Inspection.data)
                .join(Visit, Visit.id == Inspection.visit_id)
                .where(Visit.uid == work.visit_uids[0])
                .order_by(Inspection.version_no)
            ).all()
        assert [(r[0], r[1]) for r in rows] == [(1, "superseded"), (2, "completed")]
        assert rows[1][2] == {"1": "改过的已完成表"}
    finally:
        laptop.db.dispose()


def test_own_bundle_and_double_import_change_nothing(office, tmp_path: Path) -> None:
    work = make_field_work(office)
    laptop = pair(office, tmp_path / "laptop.db", tmp_path)
    try:
        a = bundle_export.export_bundle(
            office, "assignments", tmp_path / "a.zip", task_no=work.task_no
        )
        own = bundles.import_bundle(office, a.path)
        assert own.already_imported and own.own_bundle
        first = bundles.import_bundle(laptop, a.path)
        assert first.total("added") > 0
        before = (count(laptop, Visit), count(laptop, AuditEvent), count(laptop, Bundle))
        second = bundles.import_bundle(laptop, a.path)
        assert second.already_imported
        assert (count(laptop, Visit), count(laptop, AuditEvent), count(laptop, Bundle)) == before
        # A new bundle with the same records is imported but changes no record.
        b = bundle_export.export_bundle(
            office, "assignments", tmp_path / "b.zip", task_no=work.task_no
        )
        rep = bundles.import_bundle(laptop, b.path)
        assert rep.total("added") == 0 and rep.total("updated") == 0 and rep.total("unchanged") > 0
        assert rep.gaps == ()
    finally:
        laptop.db.dispose()


def test_sequence_gap_is_reported(office, tmp_path: Path) -> None:
    work = make_field_work(office)
    laptop = pair(office, tmp_path / "laptop.db", tmp_path)
    try:
        paths = [
            bundle_export.export_bundle(
                office, "assignments", tmp_path / f"a{i}.zip", task_no=work.task_no
            ).path
            for i in range(3)
        ]
        bundles.import_bundle(laptop, paths[0])
        rep = bundles.import_bundle(laptop, paths[2])
        assert rep.gaps == (2,)
        assert "2" in rep.summary()
    finally:
        laptop.db.dispose()


def test_export_needs_a_scope_for_assignments(office, tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        bundle_export.export_bundle(office, "assignments", tmp_path / "a.zip")
    assert not (tmp_path / "a.zip").exists()


def _office_with_shipped_templates(office) -> FieldWork:
    """Field work whose templates are the shipped ones, seeded by the export (not the helper)."""
    work = make_field_work(office)
    with office.db.session() as s:
        s.execute(delete(ChecklistTemplate).where(ChecklistTemplate.code != "UNRELATED"))
    return work


def _templates(ws) -> list[tuple[str, int, bool, str]]:
    with ws.db.read_session() as s:
        return sorted(
            s.execute(
                select(
                    ChecklistTemplate.code,
                    ChecklistTemplate.version_no,
                    ChecklistTemplate.is_current,
                    ChecklistTemplate.uid,
                )
            ).all()
        )


def test_a_fresh_laptop_can_start_a_checklist_from_the_assignments(office, tmp_path: Path) -> None:
    work = _office_with_shipped_templates(office)
    laptop = pair(office, tmp_path / "laptop.db", tmp_path)  # migrations, its admin, keys only
    try:
        with laptop.db.read_session() as s:
            assert s.scalars(select(InspectionItem.id)).all() == []
            assert s.scalars(select(ChecklistTemplate.id)).all() == []
        a = bundle_export.export_bundle(
            office, "assignments", tmp_path / "a.zip", inspector_cert=work.inspector_cert
        )
        assert a.counts["inspection_item"] > 0 and a.counts["checklist_template"] > 0
        first = bundles.import_bundle(laptop, a.path)
        assert not first.conflicts
        with office.db.read_session() as s:
            task_id = s.scalar(select(Task.id).where(Task.task_no == work.task_no))
            office_items = sorted(
                s.execute(
                    select(InspectionItem.uid, InspectionItem.code, TaskItem.ratio_permille)
                    .join(TaskItem, TaskItem.item_id == InspectionItem.id)
                    .where(TaskItem.task_id == task_id)
                ).all()
            )
            assert "UNRELATED" in {c for c, *_ in _templates(office)}
        with laptop.db.read_session() as s:
            task_id = s.scalar(select(Task.id).where(Task.task_no == work.task_no))
            laptop_items = sorted(
                s.execute(
                    select(InspectionItem.uid, InspectionItem.code, TaskItem.ratio_permille)
                    .join(TaskItem, TaskItem.item_id == InspectionItem.id)
                    .where(TaskItem.task_id == task_id)
                ).all()
            )
            visit_id = s.scalar(select(Visit.id).where(Visit.uid == work.visit_uids[0]))
        assert laptop_items == office_items and laptop_items
        office_templates = {(c, v): uid for c, v, _cur, uid in _templates(office)}
        for code, version, _cur, uid in _templates(laptop):
            assert office_templates[(code, version)] == uid  # the office's rows, not new seeds
        assert "UNRELATED" not in {c for c, *_ in _templates(laptop)}

        form = inspections.start_inspection(laptop, visit_id)
        assert form.sections
        assert {sec.item_code for sec in form.sections} == {code for _u, code, _r in office_items}
        for sec in form.sections:
            assert sec.rows, sec
            assert office_templates.get((sec.template_code, sec.template_version))

        # Re-importing changes nothing; a new bundle with the same records neither.
        before = _templates(laptop), count(laptop, InspectionItem), count(laptop, TaskItem)
        assert bundles.import_bundle(laptop, a.path).already_imported
        b = bundle_export.export_bundle(
            office, "assignments", tmp_path / "b.zip", inspector_cert=work.inspector_cert
        )
        rep = bundles.import_bundle(laptop, b.path)
        assert rep.total("added") == rep.total("updated") == rep.total("conflicts") == 0
        assert (
            _templates(laptop),
            count(laptop, InspectionItem),
            count(laptop, TaskItem),
        ) == before
    finally:
        laptop.db.dispose()


def test_a_laptop_that_seeded_the_shipped_templates_itself_gets_no_duplicates(
    office, tmp_path: Path
) -> None:
    work = _office_with_shipped_templates(office)
    laptop = pair(office, tmp_path / "laptop.db", tmp_path)
    try:
        checklists.list_templates(laptop)  # the laptop seeds its own copies (other uids)
        checklists.list_templates(office)
        checklists.update_template(
            office,
            "T-SPJY",
            rows=[{"no": "1", "content": "冷藏设施温度", "method": "查看", "answer": "number"}],
            reason="县局补充",
        )
        seeded = _templates(laptop)
        a = bundle_export.export_bundle(
            office, "assignments", tmp_path / "a.zip", inspector_cert=work.inspector_cert
        )
        rep = bundles.import_bundle(laptop, a.path)
        assert not rep.conflicts, rep.conflict_items
        assert sync_conflicts.list_conflicts(laptop) == []
        after = _templates(laptop)
        keys_after = [(c, v) for c, v, _cur, _uid in after]
        assert len(keys_after) == len(set(keys_after))  # one row per code and version
        assert {(c, v) for c, v, *_ in seeded} | {("T-SPJY", 2)} == set(keys_after)
        current = {(c, v) for c, v, cur, _uid in after if cur}
        assert ("T-SPJY", 2) in current and ("T-SPJY", 1) not in current  # fast-forwarded
        with laptop.db.read_session() as s:
            visit_id = s.scalar(select(Visit.id).where(Visit.uid == work.visit_uids[0]))
        form = inspections.start_inspection(laptop, visit_id)
        pins = {(sec.template_code, sec.template_version) for sec in form.sections}
        assert all(sec.rows for sec in form.sections)
        if any(sec.item_code == "B07" for sec in form.sections):
            assert ("T-SPJY", 2) in pins
        # And once more: nothing changes.
        b = bundle_export.export_bundle(
            office, "assignments", tmp_path / "b.zip", inspector_cert=work.inspector_cert
        )
        again = bundles.import_bundle(laptop, b.path)
        assert again.total("added") == again.total("updated") == again.total("conflicts") == 0
        assert _templates(laptop) == after
    finally:
        laptop.db.dispose()
