"""Photos on the checklist form as an inspector adds them: 添加附件… under 附件, 添加照片… on a
photo row (the photo then belongs to that row), each shown as a thumbnail; 删除所选 takes the
selected one away. What is stored is read back."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select
from test_checklist_path import answered_waiting_visit, checklist_window, stored

from app.core.storage.models import Attachment
from app.ui.features.checklist.answers import PhotoEditor
from app.ui.widgets import files


def _photo(path: Path, colour: str) -> None:
    buf = io.BytesIO()
    Image.new("RGB", (320, 240), colour).save(buf, "PNG")
    path.write_bytes(buf.getvalue())


def test_inspector_adds_photos_and_removes_one(
    qtbot, sample_db: Path, tmp_path: Path, monkeypatch
) -> None:
    chosen = {"path": tmp_path / "门头.png"}
    _photo(tmp_path / "门头.png", "navy")
    _photo(tmp_path / "灭火器.png", "red")
    monkeypatch.setattr(files, "getOpenFileName", lambda *a, **k: (str(chosen["path"]), ""))
    ws, controller, page = checklist_window(qtbot, sample_db)

    def attachments(form_id: int) -> list[Attachment]:
        with ws.db.read_session() as s:
            return list(s.scalars(select(Attachment).where(Attachment.inspection_id == form_id)))

    try:
        visit = answered_waiting_visit(qtbot, ws, page, controller.runner)
        form_id = stored(ws, visit).id

        add = next(b for b in page.form.findChildren(QPushButton) if b.text() == "添加附件…")
        qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(attachments(form_id)) == 1, timeout=10000)
        [first] = attachments(form_id)
        assert first.filename == "门头.png" and first.item_code is None
        qtbot.waitUntil(lambda: page.form.attachment_list.count() == 1, timeout=10000)
        qtbot.waitUntil(lambda: not page.form.attachment_list.item(0).icon().isNull(),
                        timeout=10000)  # fmt: skip

        photo_rows = [e for e in page.form.editors.values() if isinstance(e, PhotoEditor)]
        assert photo_rows  # the sample's checklist has photo rows: a photo belongs to its row
        chosen["path"] = tmp_path / "灭火器.png"
        (code, no) = next(k for k, e in page.form.editors.items() if e is photo_rows[0])
        qtbot.mouseClick(photo_rows[0].add, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(attachments(form_id)) == 2, timeout=10000)
        row_photo = next(a for a in attachments(form_id) if a.filename == "灭火器.png")
        assert (row_photo.item_code, row_photo.row_no) == (code, no)
        qtbot.waitUntil(lambda: page.form.attachment_list.count() == 2, timeout=10000)

        before = len(attachments(form_id))
        listed = page.form.attachment_list
        listed.setCurrentRow(0)
        removed = listed.currentItem().text()
        remove = next(b for b in page.form.findChildren(QPushButton) if b.text() == "删除所选")
        qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(attachments(form_id)) == before - 1, timeout=10000)
        assert removed not in [a.filename for a in attachments(form_id)]
        qtbot.waitUntil(lambda: page.form.attachment_list.count() == before - 1, timeout=10000)
    finally:
        controller.runner.wait()
        ws.db.dispose()
