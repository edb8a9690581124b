"""盖章 on the checklist form as an inspector does it: answer the rows, click 盖章…, pick the
photo of the seal impression — stored as the party's seal (shown as 已盖章, its image beside
it), no party signature needed any more."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select
from test_checklist_path import answered_waiting_visit, checklist_window, form_shows, stored

from app.core.services.checklist import inspections
from app.core.storage.models import Signature
from app.ui.widgets import files


def _seal_photo(path: Path) -> None:
    img = Image.new("RGB", (300, 300), "white")
    ImageDraw.Draw(img).ellipse((20, 20, 280, 280), outline="red", width=10)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    path.write_bytes(buf.getvalue())


def test_inspector_records_the_partys_seal(
    qtbot, sample_db: Path, tmp_path: Path, monkeypatch
) -> None:
    photo = tmp_path / "印章.png"
    _seal_photo(photo)
    monkeypatch.setattr(files, "getOpenFileName", lambda *a, **k: (str(photo), ""))
    ws, controller, page = checklist_window(qtbot, sample_db)
    try:
        visit = answered_waiting_visit(qtbot, ws, page, controller.runner)
        button = page.form.findChild(QPushButton, "sealButton")
        assert button is not None and button.isVisible()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        form_id = stored(ws, visit).id

        def sealed() -> bool:
            with ws.db.read_session() as s:
                return any(
                    g.role == "party" and g.is_seal and g.image_sha256
                    for g in s.scalars(select(Signature).where(Signature.inspection_id == form_id))
                )

        qtbot.waitUntil(sealed, timeout=10000)
        qtbot.waitUntil(lambda: form_shows(page, visit) and any(g.is_seal for g in page.form.form.signatures),
                        timeout=10000)  # fmt: skip
        problems = inspections.check_inspection(ws, form_id)
        assert not any("未签字或盖章" in p for p in problems), problems
    finally:
        controller.runner.wait()
        qtbot.wait(50)
        ws.db.dispose()
