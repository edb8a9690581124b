"""管理 → 备份到U盘或其他文件夹… writes a checked copy where the user chose; 从备份恢复… offers
the dated list of this database's backups (as the start-up rescue does), other files last."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog
from sqlalchemy import select

from app.core.domain.roles import Actor, Role
from app.core.services.admin import backups
from app.core.services.kernel.workspace import open_workspace
from app.core.storage.models import AuditEvent
from app.ui.app import GuiController, create_application
from tests.ui.ui_helpers import with_modal


def test_backup_to_a_usb_folder_and_restore_from_the_dated_list(
    qtbot, sample_db: Path, tmp_path: Path, monkeypatch
) -> None:
    usb = tmp_path / "U盘"
    usb.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(usb)))
    ws = open_workspace(sample_db).as_actor(Actor("admin", Role.ADMIN, "管理员"))
    controller = GuiController(create_application([]), ws, "zh_CN")
    window = controller.window
    qtbot.addWidget(window)
    try:
        actions = {a.objectName(): a for a in window.findChildren(QAction)}
        actions["actionBackupTo"].trigger()
        qtbot.waitUntil(lambda: "已备份到" in window.message_bar.text(), timeout=20000)
        copies = list(usb.glob("*.db"))
        assert len(copies) == 1 and not list(usb.glob("*.part"))
        assert str(copies[0]) in window.message_bar.text()
        with sqlite3.connect(copies[0]) as conn:  # a real, whole database
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("select count(*) from targets").fetchone()[0] == 600
        with ws.db.read_session() as s:
            assert (
                s.scalar(select(AuditEvent.summary).where(AuditEvent.action == "backup.export"))
                == f"备份到 {copies[0]}"
            )

        shown: list[list[str]] = []

        def look(dialog: QInputDialog) -> None:
            shown.append(dialog.comboBoxItems())
            dialog.reject()

        with_modal(qtbot, QInputDialog, actions["actionRestore"].trigger, look)
        items = shown[0]
        newest = backups.list_backups(ws)[0]
        assert items[0] == f"{newest.created_at:%Y-%m-%d %H:%M}  手动备份"
        assert items[-1] == "其他位置的备份文件（如U盘）…"
    finally:
        window.close()
        controller.runner.wait()
        ws.db.dispose()
