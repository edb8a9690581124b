"""查看检查表与照片: the evidence behind one result, opened from the review queue — the signed
form (answers, findings, signatures), the printed sheet as it prints, the photos — with
审核通过 / 退回 right there. A result that contradicts its signed form says so and cannot be
approved from here.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLayout,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.domain.ids import ResultId
from app.core.domain.states import ResultState
from app.core.services.checklist import sheets
from app.core.services.checklist.result_evidence import Evidence, result_evidence
from app.core.services.kernel import blobs
from app.core.services.results import reviews
from app.ui.context import UiContext, guarded
from app.ui.errors import show_error
from app.ui.features.checklist.preview import SheetPreviewDialog, render_page_image
from app.ui.widgets.confirm import confirm


class EvidenceDialog(QDialog):
    """One result's evidence and its review decision."""

    decided = Signal(str)  # "approved" / "returned"

    def __init__(self, ctx: UiContext, result_id: ResultId, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_id = result_id
        self.evidence: Evidence | None = None
        self.doc = None
        self.setObjectName("evidenceDialog")
        self.setWindowTitle(self.tr("检查表与照片"))
        self.resize(1000, 680)
        layout = QVBoxLayout(self)
        self.heading = QLabel(self.tr("正在读取…"))
        self.heading.setObjectName("evidenceHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.heading)
        self.problem = QLabel()
        self.problem.setObjectName("evidenceProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020; font-weight: bold;")
        self.problem.hide()
        layout.addWidget(self.problem)
        self.tabs = QTabWidget()
        self.form_text = QTextBrowser()
        self.form_text.setObjectName("evidenceForm")
        self.tabs.addTab(self.form_text, self.tr("检查表"))
        self.sheet_area = QScrollArea()
        self.sheet_area.setObjectName("evidenceSheet")
        self.sheet_area.setWidgetResizable(True)
        self.sheet_pages = QWidget()
        self.sheet_box = QVBoxLayout(self.sheet_pages)
        self.sheet_area.setWidget(self.sheet_pages)
        self.tabs.addTab(self.sheet_area, self.tr("打印的检查表"))
        self.photo_area = QScrollArea()
        self.photo_area.setObjectName("evidencePhotos")
        self.photo_area.setWidgetResizable(True)
        self.photo_grid_host = QWidget()
        self.photo_grid = QGridLayout(self.photo_grid_host)
        self.photo_area.setWidget(self.photo_grid_host)
        self.tabs.addTab(self.photo_area, self.tr("照片"))
        layout.addWidget(self.tabs, 1)
        bar = QHBoxLayout()
        self.print_button = QPushButton(self.tr("打印预览…"))
        self.print_button.setObjectName("evidencePrintButton")
        self.print_button.clicked.connect(self._on_print_clicked)
        self.approve_button = QPushButton(self.tr("审核通过"))
        self.approve_button.setObjectName("evidenceApproveButton")
        self.approve_button.clicked.connect(self._on_approve_clicked)
        self.last_confirm: QMessageBox | None = None  # the open confirmation (tests click it)
        self.return_button = QPushButton(self.tr("退回…"))
        self.return_button.setObjectName("evidenceReturnButton")
        self.return_button.clicked.connect(self._on_return_clicked)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        bar.addWidget(self.print_button)
        bar.addStretch(1)
        for b in (self.approve_button, self.return_button, close):
            bar.addWidget(b)
        layout.addLayout(bar)
        self._update_buttons()
        self.reload()

    # -- data ----------------------------------------------------------------------------

    def reload(self) -> None:
        rid = self.result_id

        def read(ws, job):  # type: ignore[no-untyped-def]
            ev = result_evidence(ws, rid)
            doc = sheets.sheet_document(ws, ev.inspection_id) if ev.inspection_id else None
            photos = blobs.blobs(ws, [p.sha256 for p in ev.photos]) if ev.photos else {}
            return ev, doc, photos

        self.ctx.run_query(
            read,
            guarded(self, self._on_loaded),
            on_error=guarded(self, lambda exc: show_error(self, exc)),
            key=f"evidence-{id(self)}",
        )

    def _on_loaded(self, loaded) -> None:  # type: ignore[no-untyped-def]
        ev, doc, photos = loaded
        self.evidence, self.doc = ev, doc
        r = ev.result
        self.heading.setText(
            f"<b>{escape(r.target_name)}</b>　{escape(r.target_code)}<br>"
            + self.tr(
                "任务：{0}　部门：{1}　状态：<b>{2}</b>　检查结果：{3}　公示期限：{4}"
            ).format(
                escape(r.task_no),
                escape(r.department_name),
                escape(r.status),
                escape(r.result_text or "—"),
                r.publish_due_on.isoformat() if r.publish_due_on else "—",
            )
        )
        self.problem.setText(
            ev.problem and self.tr("结果与已签名检查表不一致：{0}").format(ev.problem)
        )
        self.problem.setVisible(bool(ev.problem))
        self.form_text.setHtml(self._form_html(ev))
        _empty(self.sheet_box)
        if doc is not None:
            for i in range(len(doc.pages)):
                page = QLabel()
                page.setObjectName(f"evidenceSheetPage{i + 1}")
                page.setPixmap(QPixmap.fromImage(render_page_image(doc, i, dpi=80)))
                page.setAlignment(Qt.AlignmentFlag.AlignHCenter)
                self.sheet_box.addWidget(page)
        self.sheet_box.addStretch(1)
        _empty(self.photo_grid)
        for n, p in enumerate(ev.photos):
            cell = QLabel()
            cell.setObjectName("evidencePhoto")
            image = QImage.fromData(photos.get(p.sha256, b""))
            if not image.isNull():
                cell.setPixmap(
                    QPixmap.fromImage(image).scaled(
                        280,
                        210,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
            cell.setToolTip(p.caption or p.filename)
            caption = QLabel(p.caption or p.filename)
            caption.setWordWrap(True)
            self.photo_grid.addWidget(cell, (n // 3) * 2, n % 3)
            self.photo_grid.addWidget(caption, (n // 3) * 2 + 1, n % 3)
        if not ev.photos:
            self.photo_grid.addWidget(QLabel(self.tr("此检查表没有照片。")), 0, 0)
        rows = max(1, (len(ev.photos) + 2) // 3) * 2
        for r in range(rows + 1):
            self.photo_grid.setRowStretch(r, 1 if r == rows else 0)
        self.photo_grid.setColumnStretch(3, 1)
        self.tabs.setTabText(2, self.tr("照片（{0}）").format(len(ev.photos)))
        self._update_buttons()

    def _form_html(self, ev: Evidence) -> str:
        if ev.inspection_id is None:
            return f"<p>{escape(ev.form_title)}</p>"
        parts = [
            f"<h3>{escape(ev.form_title)}</h3>",
            f"<p><b>{self.tr('检查结果')}：</b>{escape(ev.form_result or '—')}</p>",
        ]
        if ev.correction_reason:
            parts.append(f"<p><b>{self.tr('更正原因')}：</b>{escape(ev.correction_reason)}</p>")
        if ev.findings:
            parts.append(
                f"<p><b>{self.tr('发现的问题')}：</b>{escape(ev.findings).replace(chr(10), '<br>')}</p>"
            )
        rows = "".join(
            f"<tr><td>{escape(a.label)}</td><td style='{'color:#b00020;font-weight:bold' if a.problem else ''}'>"
            f"{escape(a.text)}</td></tr>"
            for a in ev.answers
        )
        parts.append(
            f"<table border='1' cellspacing='0' cellpadding='3' width='100%'>{rows}</table>"
        )
        signed = "".join(f"<li>{escape(g.label)}：{escape(g.text)}</li>" for g in ev.signatures)
        parts.append(f"<p><b>{self.tr('签名')}</b></p><ul>{signed or '<li>—</li>'}</ul>")
        return "".join(parts)

    def _update_buttons(self) -> None:
        ev = self.evidence
        status = ev.result.status if ev else ""
        self.approve_button.setEnabled(
            ev is not None and status == ResultState.IN_REVIEW and not ev.problem
        )
        self.return_button.setEnabled(status in (ResultState.IN_REVIEW, ResultState.APPROVED))
        self.print_button.setEnabled(self.doc is not None)

    # -- actions -------------------------------------------------------------------------

    def _on_print_clicked(self) -> None:
        ev = self.evidence
        if self.doc is not None and ev is not None:
            doc, inspection_id = self.doc, ev.inspection_id

            def printed() -> None:  # the trail notes every print of personal data
                self.ctx.run_mutation(
                    lambda ws, job: sheets.log_printed(ws, doc, inspection_id=inspection_id),
                    lambda _none: None,
                )

            SheetPreviewDialog(self.doc, self, on_printed=printed).open()

    def _on_approve_clicked(self) -> None:
        ev = self.evidence
        if ev is None:
            return
        rid, seen = ev.result.id, {ev.result.id: ev.result.version}

        def approve() -> None:
            self.approve_button.setEnabled(False)
            self.ctx.run_mutation(
                lambda ws, job: reviews.approve_results(ws, [rid], base_versions=seen),
                guarded(self, lambda _c: self._done("approved")),
                on_error=guarded(self, self._on_failed),
            )

        if ev.inspection_id is not None:
            approve()
            return
        # Nothing signed on file: approved only when the reviewer says so (as in the queue).
        self.last_confirm = confirm(
            self,
            self.tr("审核通过"),
            self.tr(
                "这项检查结果没有已签名的检查表可以核对。\n仍要审核通过吗？通过后结果将进入公示。"
            ),
            self.tr("仍然通过"),
            approve,
        )

    def _on_return_clicked(self) -> None:
        ev = self.evidence
        if ev is None:
            return
        reason, ok = QInputDialog.getMultiLineText(
            self, self.tr("退回检查结果"), self.tr("退回的原因（检查人员将看到）：")
        )
        if not ok:
            return
        if not reason.strip():
            QMessageBox.warning(self, self.tr("退回检查结果"), self.tr("请填写退回原因。"))
            return
        rid, seen = ev.result.id, {ev.result.id: ev.result.version}
        self.ctx.run_mutation(
            lambda ws, job: reviews.return_results(ws, [rid], reason=reason, base_versions=seen),
            guarded(self, lambda _c: self._done("returned")),
            on_error=guarded(self, self._on_failed),
        )

    def _done(self, what: str) -> None:
        self.decided.emit(what)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        show_error(self, exc)
        self.reload()


def _empty(layout: QLayout) -> None:
    """Removes (and deletes) every widget of `layout`."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()
