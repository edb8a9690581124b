"""The key exchange guided on both sides, offscreen on real databases: the office's export
says the laptop must trust the office key first (with its fingerprint); a laptop that does
not know the office yet imports its first assignments by comparing that fingerprint in the
import dialog (trust on first use); the name the office gives a laptop key is the name its
bundles show. Completed visits travel read-only with their forms, never as open work."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from sqlalchemy import select

from app.core.domain.errors import ValidationError
from app.core.services.checklist import visit_list
from app.core.services.exchange import bundle_export, bundles
from app.core.services.kernel import keys
from app.core.services.kernel.workspace import open_workspace
from app.core.storage.models import Inspection, TrustedKey, Visit
from app.ui.context import UiContext
from app.ui.features.exchange.import_dialog import ImportDialog
from app.ui.runner import TaskRunner
from tests.helpers.bundle_helpers import add_inspection, make_field_work, make_office
from tests.screens import save_screenshot


@pytest.fixture
def sides(tmp_path: Path):
    """An office that trusts the laptop (issued for the first inspector, named by the office);
    a laptop that knows nothing of the office yet."""
    office = make_office(tmp_path / "office.db")
    work = make_field_work(office, visits=4)
    laptop = open_workspace(tmp_path / "laptop.db")
    keys.export_public_key(laptop, tmp_path / "laptop.pub")
    keys.trust_key(
        office,
        tmp_path / "laptop.pub",
        role="laptop",
        name="王五的笔记本（B07组）",
        inspectors=[work.inspector_cert],
    )
    yield office, laptop, work
    laptop.db.dispose()
    office.db.dispose()


def _box_button(qtbot, name: str) -> QPushButton:  # type: ignore[no-untyped-def]
    found: list[QPushButton] = []

    def visible() -> bool:
        found[:] = [
            w.findChild(QPushButton, name)
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "confirmBox" and w.isVisible()
        ]
        return bool(found)

    qtbot.waitUntil(visible, timeout=5000)
    return found[0]


def test_a_new_laptop_trusts_the_office_on_first_use_by_its_fingerprint(
    qtbot, sides, tmp_path: Path
) -> None:
    office, laptop, work = sides
    out = bundle_export.export_bundle(
        office, "assignments", tmp_path / "a.zip", inspector_cert=work.inspector_cert
    )
    office_fp = keys.fingerprint(keys.list_keys(office)[0].signing_key)
    # The office is told what the laptop must do first, with the fingerprint to give it.
    assert any("须先信任本局公钥" in n and office_fp in n for n in out.notes)

    runner = TaskRunner()
    dialog = ImportDialog(UiContext(laptop, runner))
    qtbot.addWidget(dialog)
    dialog.resize(760, 460)
    dialog.show()
    dialog.source.set_path(out.path)
    dialog.verify_button.click()
    qtbot.waitUntil(lambda: "校验未通过" in dialog.check_label.text(), timeout=20000)
    text = dialog.check_label.text()
    assert office_fp in text and "尚未信任" in text
    assert dialog.trust_button.isVisible() and dialog.trust_button.isEnabled()
    assert not dialog.import_button.isEnabled()
    save_screenshot(dialog, "exchange_trust_on_first_use.png")

    dialog.trust_button.click()
    _box_button(qtbot, "confirmYes").click()
    qtbot.waitUntil(lambda: "校验通过" in dialog.check_label.text(), timeout=20000)
    [office_key] = [k for k in keys.list_keys(laptop) if k.role == "office"]
    assert keys.fingerprint(office_key.signing_key) == office_fp
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.report_dialog is not None, timeout=20000)
    with laptop.db.read_session() as s:
        assert len(s.scalars(select(Visit.id)).all()) == 4
    dialog.report_dialog.close()
    runner.wait()


def test_declining_trusts_nothing_and_a_wrong_fingerprint_is_refused(
    qtbot, sides, tmp_path: Path
) -> None:
    office, laptop, work = sides
    out = bundle_export.export_bundle(
        office, "assignments", tmp_path / "a.zip", inspector_cert=work.inspector_cert
    )
    runner = TaskRunner()
    dialog = ImportDialog(UiContext(laptop, runner))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.source.set_path(out.path)
    dialog.verify_button.click()
    qtbot.waitUntil(lambda: dialog.trust_button.isVisible(), timeout=20000)
    dialog.trust_button.click()
    _box_button(qtbot, "confirmNo").click()
    with laptop.db.read_session() as s:
        assert s.scalars(select(TrustedKey.id)).all() == []
    with pytest.raises(ValidationError, match="指纹不符"):
        keys.trust_bundle_signer(laptop, out.path, fingerprint_seen="0000 1111 2222")
    with laptop.db.read_session() as s:
        assert s.scalars(select(TrustedKey.id)).all() == []
    runner.wait()


def test_a_tampered_bundle_offers_no_key_to_trust(sides, tmp_path: Path) -> None:
    import zipfile

    office, laptop, work = sides
    out = bundle_export.export_bundle(
        office, "assignments", tmp_path / "a.zip", inspector_cert=work.inspector_cert
    )
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(out.path) as zin, zipfile.ZipFile(bad, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "records/visit.jsonl":
                data += b" "  # one byte more than the signed manifest says
            zout.writestr(info, data)
    with pytest.raises(Exception, match="哈希|大小|不符"):
        keys.bundle_key_offer(laptop, bad)


def test_a_laptop_keys_name_is_the_name_its_bundles_show(sides, tmp_path: Path) -> None:
    office, laptop, work = sides
    out = bundle_export.export_bundle(
        office, "assignments", tmp_path / "a.zip", inspector_cert=work.inspector_cert
    )
    offer = keys.bundle_key_offer(laptop, out.path)
    keys.trust_bundle_signer(laptop, out.path, fingerprint_seen=offer.fingerprint)
    bundles.import_bundle(laptop, out.path)
    add_inspection(laptop, work.visit_uids[0], status="completed")
    res = bundle_export.export_bundle(laptop, "results", tmp_path / "r.zip")
    assert bundles.verify_bundle(office, res.path).producer == "王五的笔记本（B07组）"
    report = bundles.import_bundle(office, res.path)
    assert report.producer == "王五的笔记本（B07组）"
    [row] = [b for b in bundles.list_bundles(office, direction="in")]
    assert row.producer_name == "王五的笔记本（B07组）"


def test_assignments_carry_completed_visits_read_only_with_their_forms(
    sides, tmp_path: Path
) -> None:
    office, laptop, work = sides
    done = add_inspection(office, work.visit_uids[0], status="completed")
    out = bundle_export.export_bundle(
        office, "assignments", tmp_path / "a.zip", inspector_cert=work.inspector_cert
    )
    assert any("1 项检查已完成，随检查表只读发送" in n for n in out.notes)
    offer = keys.bundle_key_offer(laptop, out.path)
    keys.trust_bundle_signer(laptop, out.path, fingerprint_seen=offer.fingerprint)
    bundles.import_bundle(laptop, out.path)
    with laptop.db.read_session() as s:
        form = s.scalar(select(Inspection).where(Inspection.uid == done))
        assert form is not None and form.status == "completed"
        visit = s.scalar(select(Visit).where(Visit.uid == work.visit_uids[0]))
        assert visit.status == "已完成"
    todo = {r.visit_id for r in visit_list.list_visits(laptop, tab="todo")}
    assert visit.id not in todo  # not open work on the laptop
    assert len(todo) == 3


def test_the_office_issues_a_laptop_key_for_its_inspector_in_the_keys_dialog(
    qtbot, tmp_path: Path
) -> None:
    from app.ui.features.exchange.keys_dialog import KeysDialog

    office = make_office(tmp_path / "office.db")
    work = make_field_work(office, visits=2)
    laptop = open_workspace(tmp_path / "laptop.db")
    runner = TaskRunner()
    try:
        keys.export_public_key(laptop, tmp_path / "laptop.pub")
        dialog = KeysDialog(UiContext(office, runner))
        qtbot.addWidget(dialog)
        dialog.resize(900, 640)
        dialog.show()
        qtbot.waitUntil(lambda: bool(dialog.own_key_id.text()), timeout=10000)
        dialog.trust_path.set_path(tmp_path / "laptop.pub")
        dialog.role.setCurrentIndex(dialog.role.findData("laptop"))
        dialog.trust_name.setText("王五的笔记本")
        dialog.trust_inspectors.setText(work.inspector_cert)
        dialog.trust_button.click()
        yes = _box_button(qtbot, "confirmYes")
        box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "confirmBox")
        assert work.inspector_cert in box.text()  # the holder is in the question
        yes.click()
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10000)
        assert work.inspector_cert in dialog.table.item(0, 6).text()
        with office.db.read_session() as s:
            row = s.scalar(select(TrustedKey))
            assert row.name == "王五的笔记本" and len(row.inspectors) == 1
        save_screenshot(dialog, "exchange_keys_laptop_holder.png")
        runner.wait()
        qtbot.wait(50)
    finally:
        laptop.db.dispose()
        office.db.dispose()
