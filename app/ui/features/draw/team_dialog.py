"""更换检查人员: replace one member of a drawn team by a replacement draw (DRAW-v1.1 §11).

The supervisor picks the business, the member leaving and the reason, names who approved it
and types each observer's input; the core runs the replacement draw and returns the chained
amendment record, which can be saved for publication beside the original record.
"""

from __future__ import annotations

import json

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.services import team_changes
from app.ui.context import UiContext
from app.ui.errors import show_error


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
        self.reason.lineEdit().setPlaceholderText(self.tr("如：回避：配偶在该企业任职"))
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
        layout.addWidget(self.observers)
        add = QPushButton(self.tr("添加观察员"))
        add.clicked.connect(lambda: self.observers.insertRow(self.observers.rowCount()))
        self.message = QLabel()
        self.message.setObjectName("teamMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addStretch(1)
        self.run_button = QPushButton(self.tr("重新抽取"))
        self.run_button.setObjectName("teamRun")
        self.run_button.clicked.connect(self._on_run_clicked)
        self.save_button = QPushButton(self.tr("保存补抽记录 JSON…"))
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self._on_save_clicked)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        for b in (self.run_button, self.save_button, close):
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

    def _observer_rows(self) -> tuple[list[str], list[str]]:
        names, inputs = [], []
        for r in range(self.observers.rowCount()):
            name = (self.observers.item(r, 0).text() if self.observers.item(r, 0) else "").strip()
            value = (self.observers.item(r, 1).text() if self.observers.item(r, 1) else "").strip()
            if name or value:
                names.append(name)
                inputs.append(value)
        return names, inputs

    def _on_run_clicked(self) -> None:
        visit_id, member = self.visit.currentData(), self.member.currentData()
        reason, approver = self.reason.currentText().strip(), self.approver.text().strip()
        names, inputs = self._observer_rows()
        missing = [
            label
            for label, ok in (
                (self.tr("检查对象"), visit_id is not None),
                (self.tr("退出的检查人员"), member),
                (self.tr("更换原因"), reason and reason != self.tr("回避：")),
                (self.tr("批准人"), approver),
                (self.tr("观察员及输入"), inputs and all(names) and all(inputs)),
            )
            if not ok
        ]
        if missing:
            self.message.setText(self.tr("请填写：{0}").format("、".join(missing)))
            return
        self.run_button.setEnabled(False)
        self.message.setText(self.tr("正在重新抽取…"))
        self.ctx.run_mutation(
            lambda ws, job: team_changes.replace_member(
                ws,
                visit_id,
                member=member,
                reason=reason,
                observer_inputs=inputs,
                observers=names,
                approved_by=approver,
            ),  # fmt: skip
            self._on_done,
            on_error=self._on_failed,
        )

    def _on_done(self, change: team_changes.TeamChange) -> None:
        self.change = change
        self.run_button.setEnabled(True)
        self.save_button.setEnabled(True)
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
        self.ctx.data_changed.emit(frozenset({"draws", "visits"}))

    def _on_failed(self, exc: BaseException) -> None:
        self.run_button.setEnabled(True)
        self.message.setText("")
        show_error(self, exc)

    def _on_save_clicked(self) -> None:
        if self.change is None or self.change.record is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("保存补抽记录"), "amended.json", "JSON (*.json)"
        )
        if path:
            text = json.dumps(
                self.change.record, ensure_ascii=False, sort_keys=True, separators=(",", ":")
            )
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
