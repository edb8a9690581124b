"""数据交换 offscreen on real databases: export a bundle through the dialog, import it into a
second database and read the report, resolve a conflict by its button, trust a key, sync.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from sqlalchemy import select

from app.core.bundles.receiver import BundleReceiver
from app.core.services.exchange import bundle_export, bundles, sync, sync_conflicts
from app.core.services.kernel import keys
from app.core.services.kernel.workspace import NO_CHANGES, Workspace, open_workspace
from app.core.storage.models import SyncConflict, Visit
from app.ui.context import UiContext
from app.ui.features.exchange.conflicts_dialog import ConflictsDialog
from app.ui.features.exchange.export_dialog import ExportDialog
from app.ui.features.exchange.import_dialog import ImportDialog
from app.ui.features.exchange.keys_dialog import KeysDialog
from app.ui.features.exchange.sync_dialog import SyncDialog
from app.ui.features.exchange.widgets import JobProgressDialog
from app.ui.runner import TaskRunner
from tests.helpers.bundle_helpers import (
    add_inspection,
    edit_inspection,
    inspection_answer,
    make_field_work,
    make_office,
    pair,
)
from tests.screens import save_screenshot


@dataclass
class Side:
    ws: Workspace
    ctx: UiContext
    runner: TaskRunner


@dataclass
class Pair:
    office: Side
    laptop: Side
    work: object  # FieldWork
    laptop_key: str
    office_key: str


def _side(ws: Workspace) -> Side:
    runner = TaskRunner()
    return Side(ws, UiContext(ws, runner), runner)


@pytest.fixture
def sides(tmp_path: Path, qtbot) -> Iterator[Pair]:
    office = make_office(tmp_path / "office.db")
    work = make_field_work(office)
    laptop = pair(office, tmp_path / "laptop.db", tmp_path)
    p = Pair(
        _side(office),
        _side(laptop),
        work,
        keys.list_keys(laptop)[0].key_id,
        keys.list_keys(office)[0].key_id,
    )
    yield p
    for side in (p.office, p.laptop):
        side.runner.wait()
    qtbot.wait(50)  # deliver the last answers while the widgets are alive
    office.db.dispose()
    laptop.db.dispose()


def _show(qtbot, dialog, size=(900, 600)):
    qtbot.addWidget(dialog)
    dialog.resize(*size)
    dialog.show()
    return dialog


def _confirm(qtbot) -> None:
    """Clicks 确定-like button of the window-modal confirmation that is open."""
    box: list[QMessageBox] = []

    def found() -> bool:
        box[:] = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "confirmBox" and w.isVisible()
        ]
        return bool(box)

    qtbot.waitUntil(found, timeout=5000)
    box[0].findChild(QPushButton, "confirmYes").click()


def _no_error_box() -> None:
    errors = [
        w.text()
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "errorBox" and w.isVisible()
    ]
    assert not errors


def test_export_dialog_writes_an_encrypted_bundle_that_verifies(
    qtbot, sides: Pair, tmp_path: Path
) -> None:
    dialog = _show(qtbot, ExportDialog(sides.office.ctx, "assignments"), (760, 460))
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled(), timeout=10000)
    # The only laptop key is preselected as the recipient: a lost stick reveals nothing.
    assert dialog.recipient.currentData() == sides.laptop_key
    assert "加密" in dialog.encryption_note.text()
    dialog.select_inspector(sides.work.inspector_cert)
    assert dialog.inspector.currentData() == sides.work.inspector_cert
    out = tmp_path / "usb" / "任务分配.zip"
    out.parent.mkdir()
    dialog.target.set_path(out)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: "已导出" in dialog.result_label.text(), timeout=20000)
    _no_error_box()
    assert out.is_file()
    assert dialog.last_export is not None and dialog.last_export.counts["visit"] == 12
    save_screenshot(dialog, "exchange_export.png")
    check = bundles.verify_bundle(sides.laptop.ws, out)
    assert check.flow == "assignments" and check.counts["visit"] == 12
    assert check.encrypted_for == sides.laptop_key and check.readable_here
    # The office itself cannot read what it encrypted to the laptop.
    assert not bundles.verify_bundle(sides.office.ws, out).readable_here


def test_cancelling_an_export_leaves_no_file(qtbot, sides: Pair, tmp_path: Path) -> None:
    dialog = _show(qtbot, ExportDialog(sides.office.ctx, "results"))
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled(), timeout=10000)
    gate = threading.Event()
    # the writer is busy
    sides.office.ctx.run_mutation(lambda ws, job: NO_CHANGES.carrying(gate.wait(10)))
    out = tmp_path / "r.zip"
    dialog.target.set_path(out)
    dialog.export_button.click()
    progress = dialog.findChild(JobProgressDialog, "jobProgress")
    assert progress is not None and progress.isVisible()
    progress.findChild(QPushButton).click()  # 取消 before the export has started
    gate.set()
    qtbot.waitUntil(lambda: "未导出" in dialog.result_label.text(), timeout=20000)
    assert "已取消" in dialog.result_label.text()
    _no_error_box()  # the user asked for it: a note, not an error
    assert not out.exists() and not list(tmp_path.glob("r.zip*"))
    assert bundles.list_bundles(sides.office.ws, direction="out") == []
    assert dialog.export_button.isEnabled()


def test_export_of_assignments_needs_an_inspector_or_task(
    qtbot, sides: Pair, tmp_path: Path
) -> None:
    dialog = _show(qtbot, ExportDialog(sides.office.ctx, "assignments"))
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled(), timeout=10000)
    dialog.target.set_path(tmp_path / "a.zip")
    dialog.export_button.click()
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, QMessageBox) and "检查人员或抽查任务" in w.text() and w.isVisible()
            for w in QApplication.topLevelWidgets()
        ),
        timeout=5000,
    )
    assert not (tmp_path / "a.zip").exists()


def test_import_dialog_verifies_then_imports_and_shows_the_report(
    qtbot, sides: Pair, tmp_path: Path
) -> None:
    res = bundle_export.export_bundle(
        sides.office.ws,
        "assignments",
        tmp_path / "a.zip",
        inspector_cert=sides.work.inspector_cert,
        recipient_key_id=sides.laptop_key,
    )
    dialog = _show(qtbot, ImportDialog(sides.laptop.ctx), (760, 420))
    dialog.source.set_path(res.path)
    assert not dialog.import_button.isEnabled()  # verification comes first
    dialog.verify_button.click()
    qtbot.waitUntil(lambda: "校验通过" in dialog.check_label.text(), timeout=20000)
    text = dialog.check_label.text()
    assert "第 1 号" in text and "检查 12" in text and "本机可以解密" in text
    with sides.laptop.ws.db.read_session() as s:
        assert s.scalars(select(Visit.id)).all() == []  # verifying wrote nothing
    assert dialog.import_button.isEnabled()
    save_screenshot(dialog, "exchange_import.png")
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.report_dialog is not None, timeout=20000)
    carried = sum(dialog.check.counts.values())  # every record of a fresh laptop is new
    assert f"已导入：</b>新增 {carried}，" in dialog.check_label.text()
    report = dialog.report_dialog
    assert report.count("visit", "added") == 12
    assert report.count("target", "added") == 12
    assert report.count("inspector", "added") == 2
    assert "新增" in report.summary.text()
    assert not report.conflicts_button.isVisible()
    with sides.laptop.ws.db.read_session() as s:
        assert len(s.scalars(select(Visit.id)).all()) == 12

    # The same file again: verification says so and the import button stays off.
    report.close()
    dialog.verify_button.click()
    qtbot.waitUntil(lambda: "已导入过" in dialog.check_label.text(), timeout=20000)
    assert not dialog.import_button.isEnabled()


def test_a_tampered_bundle_is_refused_at_verification(qtbot, sides: Pair, tmp_path: Path) -> None:
    res = bundle_export.export_bundle(
        sides.office.ws, "assignments", tmp_path / "a.zip", inspector_cert=sides.work.inspector_cert
    )
    data = bytearray(res.path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    bad = tmp_path / "bad.zip"
    bad.write_bytes(bytes(data))
    dialog = _show(qtbot, ImportDialog(sides.laptop.ctx))
    dialog.source.set_path(bad)
    dialog.verify_button.click()
    qtbot.waitUntil(lambda: "校验未通过" in dialog.check_label.text(), timeout=20000)
    assert not dialog.import_button.isEnabled()


def _make_conflict(sides: Pair, tmp_path: Path) -> str:
    """Office → laptop, a draft form back, then both sides edit it: one open conflict."""
    office, laptop = sides.office.ws, sides.laptop.ws
    a = bundle_export.export_bundle(
        office, "assignments", tmp_path / "a.zip", inspector_cert=sides.work.inspector_cert
    )
    bundles.import_bundle(laptop, a.path)
    draft = add_inspection(laptop, sides.work.visit_uids[1], answer="是")
    bundles.import_bundle(
        office, bundle_export.export_bundle(laptop, "results", tmp_path / "r1.zip").path
    )
    edit_inspection(office, draft, "否（局里修改）")
    edit_inspection(laptop, draft, "是（现场补充）")
    bundle_export.export_bundle(laptop, "results", tmp_path / "r2.zip")
    return draft


def test_import_report_shows_conflicts_and_the_conflict_dialog_resolves_one(
    qtbot, sides: Pair, tmp_path: Path
) -> None:
    draft = _make_conflict(sides, tmp_path)
    dialog = _show(qtbot, ImportDialog(sides.office.ctx), (760, 420))
    dialog.source.set_path(tmp_path / "r2.zip")
    dialog.verify_button.click()
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=20000)
    assert "检查终端" in dialog.check_label.text()  # signed by the trusted laptop key
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.report_dialog is not None, timeout=20000)
    report = dialog.report_dialog
    report.resize(680, 420)
    assert report.count("inspection", "conflicts") == 1
    assert report.conflicts_button.isVisible() and "冲突" in report.notes.text()
    save_screenshot(report, "exchange_import_report.png")
    assert inspection_answer(sides.office.ws, draft) == "否（局里修改）"  # not overwritten

    conflicts = _show(qtbot, ConflictsDialog(sides.office.ctx), (1100, 560))
    qtbot.waitUntil(lambda: conflicts.list.rowCount() == 1, timeout=10000)
    qtbot.waitUntil(lambda: conflicts.diff_row("data.1") is not None, timeout=5000)
    # The form's answers are compared entry by entry, only the differing one is listed.
    assert conflicts.diff_row("data.1") == ("否（局里修改）", "是（现场补充）")
    assert conflicts.diff.rowCount() == 1
    conflicts.only_changed.setChecked(False)
    assert conflicts.diff_row("version_no") == ("1", "1")
    conflicts.only_changed.setChecked(True)
    assert conflicts.keep_incoming.isEnabled()
    save_screenshot(conflicts, "exchange_conflicts.png")
    conflicts.keep_incoming.click()
    _confirm(qtbot)
    qtbot.waitUntil(lambda: conflicts.list.rowCount() == 0, timeout=10000)
    _no_error_box()
    assert inspection_answer(sides.office.ws, draft) == "是（现场补充）"
    assert sync_conflicts.list_conflicts(sides.office.ws) == []
    with sides.office.ws.db.read_session() as s:
        assert s.scalar(select(SyncConflict.status)) == "incoming"
    assert "没有待处理" in conflicts.detail.text()


def test_keeping_the_local_version_leaves_the_office_data(
    qtbot, sides: Pair, tmp_path: Path
) -> None:
    draft = _make_conflict(sides, tmp_path)
    bundles.import_bundle(sides.office.ws, tmp_path / "r2.zip")
    conflicts = _show(qtbot, ConflictsDialog(sides.office.ctx))
    qtbot.waitUntil(lambda: conflicts.keep_local.isEnabled(), timeout=10000)
    conflicts.keep_local.click()
    _confirm(qtbot)
    qtbot.waitUntil(lambda: conflicts.list.rowCount() == 0, timeout=10000)
    assert inspection_answer(sides.office.ws, draft) == "否（局里修改）"
    with sides.office.ws.db.read_session() as s:
        assert s.scalar(select(SyncConflict.status)) == "local"
    conflicts.show_resolved.setChecked(True)  # the decision stays visible in the history
    qtbot.waitUntil(lambda: conflicts.list.rowCount() == 1, timeout=10000)
    assert conflicts.list.item(0, 4).text() == "已保留本机版本"
    assert not conflicts.keep_incoming.isEnabled()


def test_keys_dialog_exports_trusts_and_revokes(qtbot, workspace, tmp_path: Path) -> None:
    side = _side(workspace)
    platform = open_workspace(tmp_path / "platform.db")
    try:
        keys.export_public_key(platform, tmp_path / "platform.pub")
        platform_key = keys.list_keys(platform)[0].key_id
        dialog = _show(qtbot, KeysDialog(side.ctx), (900, 640))
        own = keys.list_keys(workspace)[0].key_id
        qtbot.waitUntil(lambda: dialog.own_key_id.text().replace(" ", "") == own, timeout=10000)
        dialog.copy_button.click()
        assert QApplication.clipboard().text() == own

        out = tmp_path / "mine.pub"
        dialog.export_path.set_path(out)
        dialog.export_button.click()
        qtbot.waitUntil(out.is_file, timeout=10000)
        assert keys.read_public_key_file(out)["key_id"] == own

        dialog.trust_path.set_path(tmp_path / "platform.pub")
        dialog.role.setCurrentIndex(dialog.role.findData("platform"))
        dialog.trust_name.setText("县级平台")
        dialog.trust_button.click()
        _confirm(qtbot)
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10000)
        assert dialog.table.item(0, 0).text() == "县级平台"
        assert dialog.table.item(0, 1).text() == "县级平台"
        assert dialog.table.item(0, 2).text().replace(" ", "") == platform_key
        [trusted] = keys.list_keys(workspace)[1:]
        assert (trusted.key_id, trusted.role, trusted.revoked) == (platform_key, "platform", False)
        save_screenshot(dialog, "exchange_keys.png")

        dialog.table.selectRow(0)
        assert dialog.revoke_button.isEnabled()
        dialog.revoke_button.click()
        _confirm(qtbot)
        qtbot.waitUntil(lambda: dialog.table.item(0, 4).text() == "已吊销", timeout=10000)
        assert keys.list_keys(workspace)[1].revoked
        assert not dialog.revoke_button.isEnabled()
    finally:
        side.runner.wait()
        qtbot.wait(50)
        platform.db.dispose()


def test_sync_dialog_saves_the_address_and_sends_the_queue(
    qtbot, sides: Pair, tmp_path: Path
) -> None:
    receiver = BundleReceiver(
        tmp_path / "mailbox", host="127.0.0.1", port=0, token="s3cret"
    ).start()
    try:
        sync.queue_export(sides.office.ws, "assignments", inspector_cert=sides.work.inspector_cert)
        dialog = _show(qtbot, SyncDialog(sides.office.ctx), (980, 560))
        dialog.backoff = 0.01
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10000)
        assert dialog.table.item(0, 3).text() == "待发送"
        assert not dialog.sync_button.isEnabled()  # no address yet
        # Typed as a person types (setText would not mark the fields edited): a load still in
        # flight from the dialog's opening must not overwrite them (the race a busy CI run hit).
        qtbot.keyClicks(dialog.url, receiver.url)
        qtbot.keyClicks(dialog.token, "s3cret")
        dialog.set_ca_cert(receiver.cert_path)
        loads: list[object] = []  # such a late load, on purpose: the typed address survives it
        on_loaded = dialog._on_loaded
        dialog._on_loaded = lambda loaded: (on_loaded(loaded), loads.append(loaded))  # type: ignore[method-assign]
        dialog.reload()
        qtbot.waitUntil(lambda: bool(loads), timeout=10000)
        assert (dialog.url.text(), dialog.token.text()) == (receiver.url, "s3cret")
        dialog.save_button.click()
        qtbot.waitUntil(lambda: dialog.sync_button.isEnabled(), timeout=10000)
        assert sync.get_settings(sides.office.ws).url == receiver.url
        dialog.sync_button.click()
        qtbot.waitUntil(lambda: dialog.last_report is not None, timeout=30000)
        assert dialog.last_report.sent == 1 and "发送 1" in dialog.result_label.text()
        qtbot.waitUntil(lambda: dialog.table.item(0, 3).text() == "已发送", timeout=10000)
        save_screenshot(dialog, "exchange_sync.png")
    finally:
        receiver.stop()


def test_sync_dialog_shows_attempts_and_the_last_error_when_offline(
    qtbot, sides: Pair, tmp_path: Path
) -> None:
    r = BundleReceiver(tmp_path / "mailbox", host="127.0.0.1", port=0, token="t")
    url, cert = r.url, r.cert_path
    r._server.server_close()  # the office network is down: nothing listens there
    sync.configure_sync(sides.office.ws, url=url, token="t", ca_cert=str(cert))
    sync.queue_export(sides.office.ws, "assignments", task_no=sides.work.task_no)
    dialog = _show(qtbot, SyncDialog(sides.office.ctx))
    dialog.retries, dialog.backoff = 0, 0.01
    qtbot.waitUntil(lambda: dialog.sync_button.isEnabled(), timeout=10000)
    dialog.sync_button.click()
    qtbot.waitUntil(lambda: dialog.last_report is not None, timeout=30000)
    assert dialog.last_report.failed == 1
    qtbot.waitUntil(lambda: dialog.table.item(0, 4).text() == "1", timeout=10000)
    assert "无法连接" in dialog.table.item(0, 5).text()
    assert dialog.table.item(0, 3).text() == "待发送"  # still queued for the next try


def test_main_window_has_the_exchange_menu(qtbot, sides: Pair) -> None:
    from app.ui.main_window import MainWindow

    window = MainWindow(sides.office.ctx)
    qtbot.addWidget(window)
    menu = window.menu_named("exchangeMenu", "")
    names = [a.objectName() for a in menu.actions() if not a.isSeparator()]
    assert names == [
        "actionExportAssignments",
        "actionExportResults",
        "actionExportPlatform",
        "actionImportBundle",
        "actionConflicts",
        "actionKeys",
        "actionSync",
    ]
    assert [a.text() for a in menu.actions()][:3] == [
        "导出任务分配（给检查人员笔记本）…",
        "导出检查结果（交回局里）…",
        "导出公示数据（给县级平台）…",
    ]
    exchange = window.exchange_menu
    exchange.actions["actionImportBundle"].trigger()
    qtbot.waitUntil(
        lambda: isinstance(exchange.dialog, ImportDialog) and exchange.dialog.isVisible()
    )
    exchange.dialog.close()
    exchange.actions["actionExportPlatform"].trigger()
    qtbot.waitUntil(
        lambda: isinstance(exchange.dialog, ExportDialog) and exchange.dialog.isVisible()
    )
    exchange.dialog.close()
    window.close()
