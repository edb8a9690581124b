"""The 检查表's evidence: its attachments (photos, files) and its signatures (签字, 盖章, a
refusal with its witness), each a box of the form with the actions that add to it.

The boxes write through their form (`EvidenceHost.write`): one write queue per form, the form's
row version carried, the form reloaded after each write. They do nothing on a form that is not
editable (locked, busy, or refused as stale).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.domain.ids import InspectionId
from app.core.services.checklist import attachments, signatures
from app.core.services.checklist.inspection_views import FormView
from app.core.services.kernel import blobs
from app.core.services.kernel.workspace import NO_CHANGES, Changes
from app.ui.context import UiContext
from app.ui.features.checklist.dialogs import RefusalDialog, SignatureDialog
from app.ui.widgets import files
from app.ui.widgets.wrapped_label import wrapped_label

Write = Callable[[Any, InspectionId], Changes]


class EvidenceHost(Protocol):
    """What a box needs of the form it belongs to (checklist/form.py ChecklistForm)."""

    ctx: UiContext
    form: FormView | None

    def editable(self) -> bool: ...

    def write(self, fn: Write) -> None: ...


def add_attachment(
    host: EvidenceHost, parent: QWidget, item_code: str | None, row_no: str | None
) -> None:
    """添加附件 / a photo for one answer (`item_code`, `row_no`): chosen, then stored with the form."""
    if not host.editable():
        return
    path, _ = files.getOpenFileName(
        parent,
        QCoreApplication.translate("ChecklistForm", "选择照片或文件"),
        "",
        QCoreApplication.translate("ChecklistForm", "照片 (*.jpg *.jpeg *.png);;所有文件 (*)"),
    )
    if not path:
        return
    data = Path(path).read_bytes()
    host.write(
        lambda ws, form_id: NO_CHANGES.carrying(  # nothing another screen shows
            attachments.add_attachment(
                ws, form_id, filename=Path(path).name, data=data, item_code=item_code, row_no=row_no
            )
        )
    )


def _scaled(data: bytes, size: QSize) -> QPixmap:
    return QPixmap.fromImage(QImage.fromData(data)).scaled(
        size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


class AttachmentsBox(QGroupBox):
    """附件: the form's photos and files as thumbnails, 添加附件… and 删除所选."""

    def __init__(self, host: EvidenceHost, form: FormView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("附件（照片、文件）"))
        self.host, self.form = host, form
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(96, 72))
        self.list.setFixedHeight(124)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        for a in form.attachments:
            item = QListWidgetItem(a.filename)
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            item.setToolTip(f"{a.filename}\n{a.caption}\n{a.sha256[:16]}…")
            self.list.addItem(item)
        layout.addWidget(self.list)
        row = QHBoxLayout()
        add = QPushButton(self.tr("添加附件…"))
        add.clicked.connect(lambda: add_attachment(host, self, None, None))
        remove = QPushButton(self.tr("删除所选"))
        remove.clicked.connect(self._on_remove_clicked)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addLayout(row)
        shas = [a.sha256 for a in form.attachments if a.mime.startswith("image/")]
        if shas:
            host.ctx.run_query(
                lambda ws, job: blobs.blobs(ws, shas),
                self._on_thumbnails,
                key="checklist.form.thumbnails",
            )

    def _on_thumbnails(self, found: dict[str, bytes]) -> None:
        by_id = {a.id: a for a in self.form.attachments}
        for i in range(self.list.count()):
            item = self.list.item(i)
            a = by_id.get(item.data(Qt.ItemDataRole.UserRole))
            data = found.get(a.sha256) if a is not None else None
            if data is not None and not QImage.fromData(data).isNull():
                item.setIcon(QIcon(_scaled(data, QSize(96, 72))))

    def _on_remove_clicked(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        att_id = int(item.data(Qt.ItemDataRole.UserRole))
        self.host.write(lambda ws, _form_id: attachments.remove_attachment(ws, att_id))


class SignaturesBox(QGroupBox):
    """签字确认: one row per signer (the party, each inspector, a refusal's witness) with its state
    and image, and 签字… / 盖章… / 拒绝签字… / 撤销拒绝记录…."""

    def __init__(self, host: EvidenceHost, form: FormView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("签字确认"))
        self.host, self.form = host, form
        layout = QGridLayout(self)
        by_role: dict[Any, Any] = {}
        for g in form.signatures:
            key = ("inspector", g.inspector_id) if g.role == "inspector" else (g.role, None)
            by_role[key] = g
        biz = form.header.get("business", {})
        rows: list[tuple[str, Any, Any]] = [
            (self.tr("法定代表人（负责人）"), ("party", None), biz.get("legal_rep", ""))
        ]
        rows += [
            (self.tr("检查人员 {0}").format(m["name"]), ("inspector", m["inspector_id"]), m["name"])
            for m in form.header.get("inspectors", [])
        ]
        party = by_role.get(("party", None))
        if party is not None and party.refused:
            rows.append((self.tr("见证人"), ("witness", None), ""))
        # (image hash, its label): two signers may draw the same image, each gets it
        self.thumbs: list[tuple[str, QLabel]] = []
        for i, (label, key, name) in enumerate(rows):
            sig = by_role.get(key)
            layout.addWidget(QLabel(label), i, 0)
            if sig is None:
                state = self.tr("未签字")
            elif sig.refused:
                state = self.tr("拒绝签字：{0}").format(sig.refusal_reason)
            elif sig.is_seal:
                state = self.tr("{0} 已盖章（印章照片）").format(sig.signer_name)
            else:
                state = self.tr("{0} 已签字").format(sig.signer_name) + (
                    f"（{sig.signer_id_number}）" if sig.signer_id_number else ""
                )
            layout.addWidget(wrapped_label(state), i, 1)
            thumb = QLabel()
            thumb.setFixedSize(150, 50)
            if not (sig is not None and sig.refused):  # a refusal has no signature to show
                thumb.setStyleSheet("background: white; border: 1px solid #bbb;")
            layout.addWidget(thumb, i, 2)
            if sig is not None and sig.image_sha256:
                self.thumbs.append((sig.image_sha256, thumb))
            if key[0] == "party" and sig is not None and sig.refused:
                # The refusal is the record: no 签字 here; undoing it is a deliberate step.
                undo = QPushButton(self.tr("撤销拒绝记录…"))
                undo.setObjectName("undoRefusalButton")
                undo.clicked.connect(self._undo_refusal)
                layout.addWidget(undo, i, 3, 1, 2)
                continue
            if key[0] != "witness":
                sign = QPushButton(self.tr("签字…"))
                sign.setObjectName(
                    "signButton:party" if key[0] == "party" else f"signButton:{key[1]}"
                )
                sign.clicked.connect(lambda _=False, k=key, n=name, t=label: self._sign(k, n, t))
                layout.addWidget(sign, i, 3)
            if key[0] == "party" and (sig is None or not sig.refused):
                # 签字或盖章 (五原 第二十二条): a photo of the seal impression stands for it;
                # it shares the refusal's cell so the grid keeps its width.
                cell = QWidget()
                cell_box = QHBoxLayout(cell)
                cell_box.setContentsMargins(0, 0, 0, 0)
                if sig is None:
                    refuse = QPushButton(self.tr("拒绝签字…"))
                    refuse.setObjectName("refuseButton")
                    refuse.clicked.connect(lambda _=False, n=name: self._refuse(n))
                    cell_box.addWidget(refuse)
                seal = QPushButton(self.tr("盖章…"))
                seal.setObjectName("sealButton")
                seal.setToolTip(self.tr("当事人以盖章代替签字：拍摄或选择印章印迹的照片"))
                seal.clicked.connect(lambda _=False: self._seal(biz.get("name", "")))
                cell_box.addWidget(seal)
                layout.addWidget(cell, i, 4)
        layout.setColumnStretch(1, 1)
        shas = list(dict.fromkeys(sha for sha, _label in self.thumbs))
        if shas:
            host.ctx.run_query(
                lambda ws, job: blobs.blobs(ws, shas),
                self._on_images,
                key="checklist.form.signatures",
            )

    def _on_images(self, found: dict[str, bytes]) -> None:
        # Keyed: only the images asked for by the form shown now arrive here.
        for sha, label in self.thumbs:
            if sha in found:
                label.setPixmap(_scaled(found[sha], label.size()))

    def _sign(self, key: tuple[str, Any], name: str, title: str) -> None:
        if not self.host.editable():
            return
        dialog = SignatureDialog(self.tr("签字 — {0}").format(title), name=name, parent=self)
        if dialog.exec() != SignatureDialog.DialogCode.Accepted:
            return
        strokes, signer = dialog.pad.strokes(), dialog.name_edit.text().strip()
        role, inspector_id = key
        self.host.write(
            lambda ws, form_id: NO_CHANGES.carrying(  # nothing another screen shows
                signatures.add_signature(
                    ws,
                    form_id,
                    role=role,
                    signer_name=signer,
                    strokes=strokes,
                    inspector_id=inspector_id,
                )
            )
        )

    def _seal(self, business: str) -> None:
        if not self.host.editable():
            return
        path, _ = files.getOpenFileName(
            self, self.tr("选择印章印迹照片"), "", self.tr("照片 (*.jpg *.jpeg *.png)")
        )
        if not path:
            return
        data = Path(path).read_bytes()
        signer = business or self.tr("被检查单位")
        self.host.write(
            lambda ws, form_id: NO_CHANGES.carrying(  # nothing another screen shows
                signatures.add_party_seal(ws, form_id, signer_name=signer, photo=data)
            )
        )

    def _refuse(self, party: str) -> None:
        if not self.host.editable():
            return
        dialog = RefusalDialog(party, self)
        if dialog.exec() != RefusalDialog.DialogCode.Accepted:
            return
        reason, witness = (
            dialog.reason_edit.toPlainText().strip(),
            dialog.witness_edit.text().strip(),
        )
        id_number, strokes = dialog.id_edit.text().strip(), dialog.pad.strokes()
        no_id = dialog.no_id_edit.text().strip()
        self.host.write(
            lambda ws, form_id: signatures.record_refusal(
                ws,
                form_id,
                reason=reason,
                witness_name=witness,
                witness_id_number=id_number,
                witness_strokes=strokes,
                no_id_reason=no_id,
            )
        )

    def _undo_refusal(self) -> None:
        if not self.host.editable():
            return
        ids = [g.id for g in self.form.signatures if g.role in ("party", "witness")]
        answer = QMessageBox.question(
            self,
            self.tr("撤销拒绝记录"),
            self.tr("撤销后，拒绝签字的原因和见证人签名将被删除。确定撤销吗？"),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def undo(ws: Any, _form_id: InspectionId) -> Changes:
            for sig_id in ids:
                signatures.remove_signature(ws, sig_id)
            return NO_CHANGES  # the form reloads; nothing another screen shows

        self.host.write(undo)
