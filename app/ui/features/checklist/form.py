"""The 检查表 form: header, one section per item, 核查方式, 检查结果, 后续处置, attachments, signatures.

Every change is saved at once as a draft through the task runner (typing is coalesced for
a moment); the widget reads services only through `ctx`. Opening is not editing: a visit
opened for the first time shows an unsaved blank form, stored (and 检查时间 started) on the
first change. Every answer from the runner is tied to the visit that asked for it: an answer
for a visit the form no longer shows is dropped. A locked form is read-only: its inputs are
disabled and no save can be sent for it.

Every save carries the row version this desk last saw of the form (`base_version`): when
another workstation saved the same form meanwhile, the save is refused (docs/security.md
"Concurrent edits"), autosaving stops, the input stays on screen and the user chooses to
reload the stored form.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.domain.canonical import check_code
from app.core.domain.checklist import FormData, ItemNotes, toggle_result_code
from app.core.domain.errors import StaleEditError
from app.core.domain.ids import InspectionId, VisitId
from app.core.domain.localtime import local_now
from app.core.domain.states import FormState
from app.core.services.checklist import inspections
from app.core.services.checklist.inspection_views import FormCodes, FormView
from app.core.services.kernel.workspace import NO_CHANGES, Changes, Done
from app.ui.context import UiContext, guarded
from app.ui.errors import show_error
from app.ui.features.checklist.answers import AnswerEditor, editor_for
from app.ui.features.checklist.form_evidence import (
    AttachmentsBox,
    SignaturesBox,
    Write,
    add_attachment,
)
from app.ui.widgets.dates import pydatetime, qdatetime
from app.ui.widgets.wrapped_label import wrapped_label

TYPING_DELAY_MS = 250
NO_TIME = QDateTime(2000, 1, 1, 0, 0, 0)  # a 检查时间 not set yet (shown as its special text)


class ChecklistForm(QWidget):
    """One version of a visit's form; `form_saved` (visit id) after each durable save,
    `form_started` (visit id) when the first change stored it, `form_changed` (visit id)
    when it must be reloaded (signed, completed, corrected)."""

    form_saved = Signal(int)
    form_started = Signal(int)
    form_changed = Signal(int)
    preview_requested = Signal(int)
    correction_requested = Signal(int)
    completion_requested = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.form: FormView | None = None
        self.codes: FormCodes | None = None
        self.editors: dict[tuple[str, str], AnswerEditor] = {}
        self.item_edits: dict[str, tuple[QLineEdit, QLineEdit]] = {}
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(TYPING_DELAY_MS)
        self._save_timer.timeout.connect(self.save_now)
        self._loading = False
        self._busy = False
        # form id → the row version this desk last saw; written by the worker after each of
        # its own writes (writes are serialised), read by the next one.
        self.seen_versions: dict[int, int] = {}
        self._stale = False  # a save was refused as stale: no more autosaves until a reload
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        outer.addWidget(self.scroll_area, 1)
        bar = QHBoxLayout()
        self.status_label = QLabel()
        self.status_label.setObjectName("formStatus")
        bar.addWidget(self.status_label, 1)
        self.check_button = QPushButton(self.tr("检查完整性"))
        self.preview_button = QPushButton(self.tr("打印预览…"))
        self.correct_button = QPushButton(self.tr("更正…"))
        self.complete_button = QPushButton(self.tr("完成检查"))
        self.complete_button.setObjectName("completeButton")
        self.complete_button.setDefault(True)
        for b in (
            self.check_button,
            self.preview_button,
            self.correct_button,
            self.complete_button,
        ):
            bar.addWidget(b)
        outer.addLayout(bar)
        self.check_button.clicked.connect(self._on_check_clicked)
        self.preview_button.clicked.connect(
            lambda: self.form and self.preview_requested.emit(self.form.id)
        )
        self.correct_button.clicked.connect(
            lambda: self.form and self.correction_requested.emit(self.form.id)
        )
        self.complete_button.clicked.connect(self._on_complete_clicked)
        self.status_label.setText(self.tr("请在左侧列表中选择一个检查对象。"))
        self.setEnabled(False)

    # -- building ------------------------------------------------------------------------

    def set_busy(self, text: str) -> None:
        """Opening another visit: the shown form turns read-only at once until it is replaced."""
        self._save_timer.stop()
        self._busy = True
        body = self.scroll_area.widget()
        if body is not None:
            body.setEnabled(False)
        for b in (
            self.check_button,
            self.preview_button,
            self.correct_button,
            self.complete_button,
        ):
            b.setEnabled(False)
        self.status_label.setText(text)

    def clear(self, text: str = "") -> None:
        """No form (opening failed): nothing shown, nothing to save."""
        self._save_timer.stop()
        self._busy = False
        self.form = None
        old = self.scroll_area.takeWidget()
        if old is not None:
            old.deleteLater()
        self.setEnabled(False)
        self.status_label.setText(text)

    def load(self, form: FormView, codes: FormCodes) -> None:
        self._save_timer.stop()
        same_visit = self.form is not None and self.form.visit_id == form.visit_id
        scroll_to = self.scroll_area.verticalScrollBar().value() if same_visit else 0
        self._busy = False
        self._loading = True
        self.form, self.codes = form, codes
        self._stale = False
        if not form.unsaved and form.id:
            seen = self.seen_versions.get(form.id, 0)
            self.seen_versions[form.id] = max(seen, form.row_version)
        self.editors.clear()
        self.item_edits.clear()
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self._header_box(form))
        for n, section in enumerate(form.sections, start=1):
            layout.addWidget(self._section_box(n, section, form))
        layout.addWidget(self._choices_box(form, codes))
        layout.addWidget(self._attachments_box(form))
        layout.addWidget(self._signatures_box(form))
        layout.addStretch(1)
        old = self.scroll_area.takeWidget()
        if old is not None:
            old.deleteLater()
        self.scroll_area.setWidget(body)
        self.setEnabled(True)
        locked = form.locked
        body.setEnabled(True)
        for w in body.findChildren(QWidget):
            if isinstance(
                w,
                QLineEdit | QPlainTextEdit | QCheckBox | QDateTimeEdit | QPushButton | AnswerEditor,
            ):
                w.setEnabled(not locked)
        self.complete_button.setEnabled(not locked)
        self.check_button.setEnabled(not locked)
        self.correct_button.setEnabled(form.status == FormState.COMPLETED)
        self.preview_button.setEnabled(not form.unsaved)
        self._show_status()
        self._loading = False
        if scroll_to:
            QTimer.singleShot(0, lambda: self.scroll_area.verticalScrollBar().setValue(scroll_to))

    def _show_status(self) -> None:
        f = self.form
        if f is None:
            return
        if f.status == FormState.COMPLETED:
            text = self.tr("已完成并锁定（第{0}版）· 核对码 {1}").format(
                f.version_no, check_code(f.content_hash)
            )
        elif f.unsaved:
            text = self.tr("尚未填写 · 第一次修改时开始检查并自动保存")
        elif f.status == FormState.SUPERSEDED:
            text = self.tr("已被更正版本取代（第{0}版）").format(f.version_no)
        else:
            text = self.tr("草稿（第{0}版）· 每次修改自动保存").format(f.version_no)
        self.status_label.setText(text)

    def _header_box(self, form: FormView) -> QGroupBox:
        h = form.header
        biz = h.get("business", {})
        box = QGroupBox(self.tr("基本信息"))
        grid = QGridLayout(box)
        team = "；".join(f"{m['name']}（{m.get('cert_no', '')}）" for m in h.get("inspectors", []))
        pairs = [
            (self.tr("任务"), f"{h.get('task_no', '')} {h.get('task_name', '')}"),
            (self.tr("被检查单位"), biz.get("name", "")),
            (biz.get("code_kind") or self.tr("代码"), biz.get("code", "")),
            (self.tr("住所"), biz.get("address", "")),
            (self.tr("法定代表人/电话"), f"{biz.get('legal_rep', '')} {biz.get('phone', '')}"),
            (self.tr("联络员/电话"), f"{biz.get('liaison', '')} {biz.get('liaison_phone', '')}"),
            (self.tr("检查人员"), team),
        ]
        for i, (label, value) in enumerate(pairs):
            grid.addWidget(QLabel(label + "："), i // 2, (i % 2) * 2)
            grid.addWidget(wrapped_label(value), i // 2, (i % 2) * 2 + 1)
        row = len(pairs) // 2 + 1
        self.place_edit = QLineEdit(form.place)
        self.place_edit.setObjectName("placeEdit")
        self.start_edit = QDateTimeEdit()
        self.end_edit = QDateTimeEdit()
        for edit, value, unset in (
            (self.start_edit, form.started_at, self.tr("（第一次填写时）")),
            (self.end_edit, form.ended_at, self.tr("（完成检查时）")),
        ):
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setCalendarPopup(True)
            edit.setMinimumDateTime(NO_TIME)
            edit.setSpecialValueText(unset)
            edit.setDateTime(qdatetime(value) if value else NO_TIME)
            edit.dateTimeChanged.connect(lambda _v: self._schedule(typing=False))
        self.start_edit.setObjectName("startEdit")
        self.end_edit.setObjectName("endEdit")
        grid.addWidget(QLabel(self.tr("检查地点：")), row, 0)
        grid.addWidget(self.place_edit, row, 1)
        times = QHBoxLayout()
        times.addWidget(self.start_edit)
        times.addWidget(QLabel(self.tr("至")))
        times.addWidget(self.end_edit)
        grid.addWidget(QLabel(self.tr("检查时间：")), row, 2)
        grid.addLayout(times, row, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.place_edit.textEdited.connect(lambda _t: self._schedule(typing=True))
        if form.correction_reason:
            grid.addWidget(
                wrapped_label(self.tr("更正原因：") + form.correction_reason), row + 1, 0, 1, 4
            )
        return box

    def _section_box(self, n: int, section: Any, form: FormView) -> QGroupBox:
        box = QGroupBox(
            self.tr("{0}. {1} {2}（{3}） · {4} 第{5}版").format(
                n,
                section.item_code,
                section.item_name,
                section.department,
                section.template_name,
                section.template_version,
            )
        )
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        answers = form.data.answers.get(section.item_code, {})
        for i, row in enumerate(section.rows):
            no = str(row["no"])
            grid.addWidget(QLabel(no), i, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(
                wrapped_label(
                    row.get("content", ""), tip=self.tr("检查方法/要领：") + row.get("method", "")
                ),
                i,
                1,
            )
            editor = editor_for(row, box)
            editor.set_value(answers.get(no))
            editor.setMinimumWidth(300)
            editor.answer_changed.connect(lambda _v: self._schedule(typing=False))
            editor.photo_requested.connect(
                lambda code=section.item_code, no=no: add_attachment(self, self, code, no)
            )
            editor.setObjectName(f"answer:{section.item_code}:{no}")
            grid.addWidget(editor, i, 2)
            self.editors[(section.item_code, no)] = editor
        notes = form.data.items.get(section.item_code, ItemNotes())
        findings, disposal = QLineEdit(notes.findings), QLineEdit(notes.disposal)
        findings.setPlaceholderText(self.tr("本事项发现问题情况"))
        disposal.setPlaceholderText(self.tr("本事项处置情况"))
        for e in (findings, disposal):
            e.textEdited.connect(lambda _t: self._schedule(typing=True))
        line = QHBoxLayout()
        line.addWidget(findings)
        line.addWidget(disposal)
        grid.addLayout(line, len(section.rows), 0, 1, 3)
        self.item_edits[section.item_code] = (findings, disposal)
        return box

    def _choices_box(self, form: FormView, codes: FormCodes) -> QGroupBox:
        data = form.data
        box = QGroupBox(self.tr("核查方式 · 检查结果 · 后续处置"))
        layout = QVBoxLayout(box)
        layout.addWidget(QLabel(self.tr("核查方式：")))
        self.method_boxes = self._check_grid(layout, codes.methods, data.methods, cols=3)
        layout.addWidget(QLabel(self.tr("检查结果（可多选；“未发现问题”等不能与其他结果同选）：")))
        self.result_boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        chosen = set(data.result_codes)
        parents = {c.code: c.parent_code for c in codes.results}
        top = [c for c in codes.results if not c.parent_code]
        kids = [c for c in codes.results if c.parent_code]
        for i, c in enumerate(top):
            cb = QCheckBox(c.text)
            cb.setChecked(c.code in chosen)
            cb.clicked.connect(lambda _=False, code=c.code: self._on_result_clicked(code))
            grid.addWidget(cb, i // 3, i % 3)
            self.result_boxes[c.code] = cb
        base = (len(top) + 2) // 3
        for i, c in enumerate(kids):
            cb = QCheckBox(("　" if parents.get(c.code) else "") + c.text)
            cb.setChecked(c.code in chosen)
            cb.clicked.connect(lambda _=False, code=c.code: self._on_result_clicked(code))
            grid.addWidget(cb, base + i // 3, i % 3)
            self.result_boxes[c.code] = cb
        layout.addLayout(grid)
        self.findings_edit = QPlainTextEdit(data.findings)
        self.findings_edit.setPlaceholderText(self.tr("发现问题情况"))
        self.findings_edit.setFixedHeight(54)
        self.findings_edit.setTabChangesFocus(True)
        self.findings_edit.textChanged.connect(lambda: self._schedule(typing=True))
        layout.addWidget(self.findings_edit)
        layout.addWidget(QLabel(self.tr("后续处置措施：")))
        self.disposal_boxes = self._check_grid(layout, codes.disposals, data.disposals, cols=2)
        form_layout = QFormLayout()
        self.disposal_other = QLineEdit(data.disposal_other)
        self.party_opinion = QLineEdit(data.party_opinion)
        form_layout.addRow(self.tr("其他处置措施："), self.disposal_other)
        form_layout.addRow(self.tr("被检查单位意见："), self.party_opinion)
        for e in (self.disposal_other, self.party_opinion):
            e.textEdited.connect(lambda _t: self._schedule(typing=True))
        layout.addLayout(form_layout)
        return box

    def _check_grid(
        self, layout: QVBoxLayout, entries: Any, chosen: Sequence[str], *, cols: int
    ) -> dict[str, QCheckBox]:
        grid = QGridLayout()
        boxes: dict[str, QCheckBox] = {}
        for i, (code, text) in enumerate(entries):
            cb = QCheckBox(text)
            cb.setChecked(code in chosen)
            cb.toggled.connect(lambda _c: self._schedule(typing=False))
            grid.addWidget(cb, i // cols, i % cols)
            boxes[code] = cb
        layout.addLayout(grid)
        return boxes

    def _attachments_box(self, form: FormView) -> QGroupBox:
        box = AttachmentsBox(self, form)
        self.attachment_list = box.list
        return box

    def _signatures_box(self, form: FormView) -> QGroupBox:
        box = SignaturesBox(self, form)
        self.signature_box = box
        self.signature_thumbs = box.thumbs
        return box

    # -- collecting and saving -------------------------------------------------------------

    def collect(self) -> FormData:
        """The form as the person filled it in."""
        answers: dict[str, dict[str, Any]] = {}
        for (code, no), editor in self.editors.items():
            value = editor.value()
            if value is not None:
                answers.setdefault(code, {})[no] = value
        items = {
            code: ItemNotes(f.text().strip(), d.text().strip())
            for code, (f, d) in self.item_edits.items()
            if f.text().strip() or d.text().strip()
        }

        def ticked(boxes: dict[str, QCheckBox]) -> tuple[str, ...]:
            return tuple(c for c, b in boxes.items() if b.isChecked())

        return FormData(
            answers=answers,
            items=items,
            methods=ticked(self.method_boxes),
            result_codes=ticked(self.result_boxes),
            findings=self.findings_edit.toPlainText(),
            disposals=ticked(self.disposal_boxes),
            disposal_other=self.disposal_other.text(),
            party_opinion=self.party_opinion.text(),
        )

    def editable(self) -> bool:
        return self.form is not None and not self.form.locked and not self._busy and not self._stale

    def _schedule(self, *, typing: bool) -> None:
        if self._loading or not self.editable():
            return
        assert self.form is not None
        if self.form.unsaved and self.start_edit.dateTime() == NO_TIME:
            # The first change starts the inspection: 检查时间 begins now (editable).
            self._loading = True
            self.start_edit.setDateTime(qdatetime(local_now()))
            self._loading = False
        self.status_label.setText(self.tr("正在保存…"))
        if typing:
            self._save_timer.start()
        else:
            self._save_timer.stop()
            self.save_now()

    def _stored_form_id(self) -> Any:
        """For a write in the worker: `ws -> id` of the shown form, stored first if unsaved."""
        assert self.form is not None
        form_id, visit_id = self.form.id, self.form.visit_id
        start = self._time_of(self.start_edit)

        def stored(ws: Any) -> InspectionId:
            if form_id:
                return form_id
            started = inspections.start_inspection(ws, visit_id, started_at=start)
            # This desk saw a blank form: a new row is version 1. If another workstation
            # started and saved this visit's form meanwhile, it is newer and the save is refused.
            self.seen_versions.setdefault(started.id, 1)
            return started.id

        return stored

    @staticmethod
    def _time_of(edit: QDateTimeEdit) -> datetime | None:
        value = edit.dateTime()
        return None if value == NO_TIME else _minute(pydatetime(value))

    def save_now(self) -> None:
        """Sends the current state to the core (serialised with every other write)."""
        if not self.editable():
            return
        assert self.form is not None
        self._save_timer.stop()
        visit_id, data, stored = self.form.visit_id, self.collect(), self._stored_form_id()
        first = self.form.unsaved  # this save stores the form: the visit becomes 检查中
        place = self.place_edit.text()
        start, end = self._time_of(self.start_edit), self._time_of(self.end_edit)

        def save(ws: Any, job: Any) -> Done[InspectionId]:
            form_id = stored(ws)
            self.seen_versions[form_id] = inspections.save_draft(
                ws,
                form_id,
                data=data,
                place=place,
                started_at=start,
                ended_at=end,
                base_version=self.seen_versions.get(form_id),
            )
            return (inspections.STARTED_CHANGES if first else NO_CHANGES).carrying(form_id)

        self.ctx.run_mutation(
            save,
            guarded(self, lambda form_id: self._on_saved(visit_id, form_id)),
            on_error=guarded(self, lambda exc: self._on_save_failed(visit_id, exc)),
        )

    def _on_save_failed(self, visit_id: VisitId, exc: BaseException) -> None:
        if not isinstance(exc, StaleEditError):
            show_error(self, exc)
            return
        if self._stale or self.form is None or self.form.visit_id != visit_id:
            return  # already told (several saves were queued), or another visit is shown
        self._stale = True
        self._save_timer.stop()
        self.status_label.setText(self.tr("未保存：此检查表已在其他工作站修改"))
        box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("检查表未保存"), exc.message, parent=self
        )
        box.setObjectName("staleFormBox")
        reload = box.addButton(self.tr("载入最新内容"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("保留我的填写（不保存）"), QMessageBox.ButtonRole.RejectRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda b: self._reload(visit_id) if b is reload else None)
        box.open()

    def _on_saved(self, visit_id: VisitId, form_id: InspectionId) -> None:
        if self.form is None or self.form.visit_id != visit_id:
            return  # saved for a visit no longer shown: nothing to update here
        if self.form.unsaved:
            self.form = replace(self.form, id=form_id, unsaved=False)
            self.preview_button.setEnabled(not self._busy)
            self.form_started.emit(visit_id)
        if not self._busy:
            self.status_label.setText(
                self.tr("已保存 {0}（草稿）").format(local_now().strftime("%H:%M:%S"))
            )
        self.form_saved.emit(visit_id)

    def _on_result_clicked(self, code: str) -> None:
        assert self.codes is not None
        current = [c for c, b in self.result_boxes.items() if b.isChecked() and c != code]
        if not self.result_boxes[code].isChecked():
            current.append(code)  # the click unchecked it: toggle from the state before
        chosen = toggle_result_code(current, code, self.codes.results)
        self._loading = True
        for c, b in self.result_boxes.items():
            b.setChecked(c in chosen)
        self._loading = False
        self._schedule(typing=False)

    # -- actions ---------------------------------------------------------------------------

    def _reload(self, visit_id: VisitId) -> None:
        """After a write for `visit_id`: reload it if it is still the visit shown."""
        if self.form is not None and self.form.visit_id == visit_id:
            self.form_changed.emit(visit_id)

    def write(self, fn: Write) -> None:
        """A write for the shown form (`fn(ws, form_id)`, saying what it changed); its answer
        reloads that form only."""
        if not self.editable():
            return
        assert self.form is not None
        self.save_now()
        visit_id, stored = self.form.visit_id, self._stored_form_id()

        def write(ws: Any, job: Any) -> Changes:
            form_id = stored(ws)
            changes = fn(ws, form_id)  # an attachment or a signature; then the version it left
            self.seen_versions[form_id] = inspections.get_form(ws, form_id).row_version
            return changes

        self.ctx.run_mutation(
            write,
            guarded(self, lambda _v: self._reload(visit_id)),
            on_error=lambda exc: show_error(self, exc),
        )

    def _on_check_clicked(self) -> None:
        if not self.editable():
            return
        assert self.form is not None
        if self.form.unsaved:
            self._show_problems([self.tr("检查表尚未填写")])
            return
        self.save_now()
        form_id, visit_id = self.form.id, self.form.visit_id
        # On the write queue, after the save just sent; shown only if this form is still open.
        self.ctx.run_mutation(
            lambda ws, job: NO_CHANGES.carrying(inspections.check_inspection(ws, form_id)),
            guarded(self, lambda problems: self._on_problems(visit_id, problems)),
            key="checklist.form.check",
        )

    def _on_problems(self, visit_id: VisitId, problems: list[str]) -> None:
        if self.form is not None and self.form.visit_id == visit_id and not self._busy:
            self._show_problems(problems)

    def _show_problems(self, problems: list[str]) -> None:
        if not problems:
            QMessageBox.information(
                self, self.tr("检查完整性"), self.tr("检查表已填写完整，可以完成检查。")
            )
        else:
            QMessageBox.warning(
                self,
                self.tr("检查完整性"),
                self.tr("还有{0}处需要填写：").format(len(problems))
                + "\n\n"
                + "\n".join(problems[:25]),
            )

    def _on_complete_clicked(self) -> None:
        if not self.editable():
            return
        assert self.form is not None
        if self.form.unsaved:
            self._show_problems([self.tr("检查表尚未填写")])
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("完成检查"),
            self.tr("签名后将锁定，之后只能更正。\n\n确定完成对“{0}”的检查吗？").format(
                self.form.header.get("business", {}).get("name", "")
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("confirmComplete")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("完成并锁定"))
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("取消"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        form_id = self.form.id
        if box.exec() != QMessageBox.StandardButton.Yes or not self.editable():
            return
        if self.form.id != form_id:
            return
        self.save_now()
        self.completion_requested.emit(form_id)


def _minute(value: datetime) -> datetime:
    return value.replace(second=0, microsecond=0)
