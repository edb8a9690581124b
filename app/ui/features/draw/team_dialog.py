"""更换检查人员: replace one member of a drawn team by a replacement draw (DRAW-v1.1 §11).

As a draw: the supervisor picks the business, the member leaving and the reason, names who
approved it and the observers, then 锁定 — the manifest digest is shown (and on the projector)
before any input; the observers type their inputs, 揭示并计算 computes the successor and the
chained amendment record, which can be saved for publication beside the original record.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.services.draw import draw_files, team_changes
from app.core.services.kernel.workspace import NO_CHANGES
from app.ui.context import UiContext
from app.ui.errors import show_error
from app.ui.widgets import files

if TYPE_CHECKING:
    from app.ui.widgets.projector import DrawProjectorWindow


class _InOrder(QStyledItemDelegate):
    """The observers' table in the session's order: names until the lock, inputs only after it
    (an input typed before the digest is shown would let the result be chosen)."""

    def __init__(self, dialog: TeamChangeDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog

    # No editor (None) leaves the cell as it is; PySide6's stubs do not allow for it.
    def createEditor(  # type: ignore[override]
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget | None:
        locked = self.dialog.locked is not None
        if (index.column() == 1) != locked:
            return None
        return super().createEditor(parent, option, index)


class TeamChangeDialog(QDialog):
    """One replacement: visit, member, reason, approver, observers' inputs → the new member."""

    def __init__(
        self, ctx: UiContext, visits: list[tuple[int, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("teamChangeDialog")
        self.setWindowTitle(self.tr("更换检查人员（重新抽取）"))
        self.change: team_changes.TeamChange | None = None
        self.saved_path: Path | None = None  # the amendment record last saved
        self.locked: team_changes.ReplacementLock | None = None
        self.projector: DrawProjectorWindow | None = None  # opened on demand
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "抽取后发现回避情形，或检查人员休假、病假、调离时，经批准后从符合条件的人员中"
                "重新抽取一名接替，抽取记录续接在原抽取记录之后，可公开核对。"
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.visit = QComboBox()
        self.visit.setObjectName("teamVisit")
        for visit_id, label in visits:
            self.visit.addItem(label, visit_id)
        self.member = QComboBox()
        self.member.setObjectName("teamMember")
        self.reason = QComboBox()
        self.reason.setObjectName("teamReason")
        self.reason.setEditable(True)
        self.reason.addItems([self.tr("回避：") + "", "休假", "病假", "调离"])
        self.reason.setCurrentText("")
        reason_edit = self.reason.lineEdit()
        if reason_edit is not None:  # (an editable combo box has one)
            reason_edit.setPlaceholderText(self.tr("如：回避：配偶在该企业任职"))
        self.approver = QLineEdit(ctx.workspace.actor.display_name or ctx.workspace.actor.username)
        self.approver.setObjectName("teamApprover")
        form.addRow(self.tr("检查对象"), self.visit)
        form.addRow(self.tr("退出的检查人员"), self.member)
        form.addRow(self.tr("更换原因"), self.reason)
        form.addRow(self.tr("批准人"), self.approver)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("观察员及其现场输入（按顺序）：")))
        self.observers = QTableWidget(2, 2)
        self.observers.setObjectName("teamObservers")
        self.observers.setHorizontalHeaderLabels([self.tr("观察员"), self.tr("输入（如骰子点数）")])
        self.observers.horizontalHeader().setStretchLastSection(True)
        self.observers.setColumnWidth(0, 180)
        self.observers.setMinimumHeight(110)
        self.observers.setItemDelegate(_InOrder(self))
        layout.addWidget(self.observers)
        add = self.add_observer_button = QPushButton(self.tr("添加观察员"))
        add.clicked.connect(lambda: self.observers.insertRow(self.observers.rowCount()))
        self.message = QLabel()
        self.message.setObjectName("teamMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addStretch(1)
        self.lock_button = QPushButton(self.tr("锁定"))
        self.lock_button.setObjectName("teamLock")
        self.lock_button.clicked.connect(self._on_lock_clicked)
        self.projector_button = QPushButton(self.tr("投屏…"))
        self.projector_button.setEnabled(False)
        self.projector_button.clicked.connect(lambda: self.open_projector(full_screen=True))
        self.run_button = QPushButton(self.tr("揭示并计算"))
        self.run_button.setObjectName("teamRun")
        self.run_button.setEnabled(False)
        self.run_button.clicked.connect(self._on_run_clicked)
        self.observers.itemChanged.connect(self._on_observer_changed)
        self.save_button = QPushButton(self.tr("保存补抽记录 JSON…"))
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self._on_save_clicked)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        for b in (
            self.lock_button,
            self.projector_button,
            self.run_button,
            self.save_button,
            close,
        ):
            row.addWidget(b)
        layout.addLayout(row)
        self.visit.currentIndexChanged.connect(self._load_members)
        self.resize(640, 520)
        self._load_members()

    def _load_members(self, _index: int = 0) -> None:
        visit_id = self.visit.currentData()
        if visit_id is None:
            return
        self.ctx.run_query(
            lambda ws, job: team_changes.team_members(ws, visit_id), self._on_members
        )

    def _on_members(self, members: list[team_changes.TeamMember]) -> None:
        self.member.clear()
        for m in members:
            self.member.addItem(m.label, m.cert_no)

    def set_observer(self, row: int, name: str, value: str) -> None:
        while self.observers.rowCount() <= row:
            self.observers.insertRow(self.observers.rowCount())
        self.observers.setItem(row, 0, QTableWidgetItem(name))
        self.observers.setItem(row, 1, QTableWidgetItem(value))

    def set_input(self, row: int, value: str) -> None:
        """An observer's input, typed after the lock (shown live on the projector)."""
        self.observers.setItem(row, 1, QTableWidgetItem(value))

    def done(self, result: int) -> None:  # noqa: D102 — closing the dialog closes its projector
        if self.projector is not None:
            self.projector.close()
            self.projector = None
        super().done(result)

    def _cell(self, row: int, column: int) -> str:
        item = self.observers.item(row, column)
        return item.text().strip() if item is not None else ""

    def _observer_rows(self) -> tuple[list[str], list[str]]:
        names, inputs = [], []
        for r in range(self.observers.rowCount()):
            name, value = (self._cell(r, 0), self._cell(r, 1))
            if name or value:
                names.append(name)
                inputs.append(value)
        return names, inputs

    def _on_lock_clicked(self) -> None:
        visit_id, member = self.visit.currentData(), self.member.currentData()
        reason, approver = self.reason.currentText().strip(), self.approver.text().strip()
        names, _inputs = self._observer_rows()
        missing = [
            label
            for label, ok in (
                (self.tr("检查对象"), visit_id is not None),
                (self.tr("退出的检查人员"), member),
                (self.tr("更换原因"), reason and reason != self.tr("回避：")),
                (self.tr("批准人"), approver),
                (self.tr("观察员"), names and all(names)),
            )
            if not ok
        ]
        if missing:
            self.message.setText(self.tr("请填写：{0}").format("、".join(missing)))
            return
        self.lock_button.setEnabled(False)
        self.observers.setEnabled(False)  # the names sent are the names locked
        self.ctx.run_mutation(
            lambda ws, job: NO_CHANGES.carrying(  # nothing shown changes until the reveal
                team_changes.lock_replacement(
                    ws,
                    visit_id,
                    member=member,
                    reason=reason,
                    observers=names,
                    approved_by=approver,
                )
            ),
            self._on_locked,
            on_error=self._on_failed,
        )

    def _on_locked(self, lock: team_changes.ReplacementLock) -> None:
        self.locked = lock
        self.add_observer_button.setEnabled(False)  # the observers are those locked
        self.observers.setEnabled(True)
        for w in (self.visit, self.member, self.reason, self.approver):
            w.setEnabled(False)
        for r in range(self.observers.rowCount()):
            item = self.observers.item(r, 0)
            if item is not None:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.observers.takeItem(r, 1)  # inputs count only once the digest is shown
        digest = lock.manifest_digest
        self.message.setText(
            self.tr("已锁定。抽取清单摘要：{0}\n请各观察员依次输入，然后揭示并计算。").format(
                " ".join(digest[i : i + 8] for i in range(0, 64, 8))
            )
        )
        self.projector_button.setEnabled(True)
        self._on_observer_changed()
        if self.projector is not None:
            self._show_on_projector()

    def open_projector(self, *, full_screen: bool = True):  # type: ignore[no-untyped-def]
        from app.ui.widgets.projector import DrawProjectorWindow

        if self.projector is None:
            self.projector = DrawProjectorWindow()
        self.projector.show_on_screen(None, full_screen=full_screen)
        if self.locked is not None:
            self._show_on_projector()
        return self.projector

    def _show_on_projector(self) -> None:
        from app.core.services.draw.draw_views import qr_matrix

        assert self.locked is not None and self.projector is not None
        self.projector.show_locked(
            team_changes.projector_view(self.locked), qr_matrix(self.locked.manifest_digest)
        )
        _names, inputs = self._observer_rows()
        for i, value in enumerate(inputs):
            self.projector.set_observer_input(i, value)

    def _on_observer_changed(self, *_args: object) -> None:
        names, inputs = self._observer_rows()
        if self.projector is not None and self.locked is not None:
            for i, value in enumerate(inputs):
                self.projector.set_observer_input(i, value)
        self.run_button.setEnabled(
            self.locked is not None and self.change is None and bool(inputs) and all(inputs)
            and len(inputs) == len(self.locked.observers)
        )  # fmt: skip

    def _on_run_clicked(self) -> None:
        if self.locked is None:
            return
        token = self.locked.token
        _names, inputs = self._observer_rows()
        self.run_button.setEnabled(False)
        self.message.setText(self.tr("正在揭示密钥并计算…"))
        self.ctx.run_mutation(
            lambda ws, job: team_changes.TEAM_CHANGES.carrying(
                team_changes.reveal_replacement(ws, token, observer_inputs=inputs)
            ),
            self._on_done,
            on_error=self._on_failed,
        )

    def _on_done(self, change: team_changes.TeamChange) -> None:
        self.change = change
        self.save_button.setEnabled(True)
        if self.projector is not None:
            self.projector.subtitle.setText(
                self.tr("重新抽取结果：{0}（{1}）接替 {2}").format(
                    change.added_name, change.added, change.removed_name
                )
            )
        digest = change.record_digest
        self.message.setText(
            self.tr(
                "已重新抽取：{0}（{1}）接替 {2}。原因：{3}；批准人：{4}。\n补抽记录指纹：{5} … {6}"
            ).format(
                change.added_name,
                change.added,
                f"{change.removed_name}（{change.removed}）",
                change.reason,
                change.approved_by,
                digest[:8],
                digest[-8:],
            )  # fmt: skip
        )
        self._load_members()

    def _on_failed(self, exc: BaseException) -> None:
        self.lock_button.setEnabled(self.locked is None)
        self.observers.setEnabled(True)
        self._on_observer_changed()
        self.message.setText("")
        show_error(self, exc)

    def _on_save_clicked(self) -> None:
        if self.change is None or self.change.record is None:
            return
        record = self.change.record
        name = self.tr("补抽记录-{0}.json").format(self.change.record_digest[:8])
        path, _ = files.getSaveFileName(self, self.tr("保存补抽记录"), name, "JSON (*.json)")
        if not path:
            return
        self.ctx.run_mutation(
            lambda ws, job: NO_CHANGES.carrying(draw_files.save_record(path, record)),
            self._on_saved,
            on_error=lambda exc: show_error(self, exc),
        )

    def _on_saved(self, written: tuple[Path, Path]) -> None:
        self.saved_path, page = written
        self.message.setText(
            self.tr("已保存补抽记录：{0}\n用浏览器打开旁边的 {1} 即可核验这份记录。").format(
                self.saved_path, page.name
            )
        )
