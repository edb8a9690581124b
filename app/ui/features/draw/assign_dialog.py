"""指定检查人员: add an officer to a drawn team directly, where a department has too few
eligible officers to draw from (五原办法: 人员不足时经批准可指定).

The supervisor picks the business; the dialog shows each department's shortfall and, only
when the team is short, lets them pick an officer the rules allow (searchable by name, 执法证号
or department), give the reason and who approved it. The member is marked 指定 on the visit
list and the sheet; 编辑 → 撤销 takes the assignment back until the check starts.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.services.draw import assignments
from app.core.services.kernel.workspace import Changes
from app.ui.context import UiContext
from app.ui.errors import one_language, show_error
from app.ui.widgets.list_completer import searchable_combo


class AssignMemberDialog(QDialog):
    """One 指定: business, officer, reason, approver → the officer joins the team."""

    def __init__(
        self, ctx: UiContext, visits: list[tuple[int, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("assignMemberDialog")
        self.setWindowTitle(self.tr("指定检查人员"))
        self.choices: assignments.AssignChoices | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "本部门符合条件的检查人员不足、无法随机抽取时，经批准可直接指定一名人员参加检查。"
                "指定的人员在检查名单和检查表上注明“指定”，并计入统计。"
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.visit = QComboBox()
        self.visit.setObjectName("assignVisit")
        for visit_id, label in visits:
            self.visit.addItem(label, visit_id)
        self.shortfall = QLabel()
        self.shortfall.setObjectName("assignShortfall")
        self.shortfall.setWordWrap(True)
        self.member = searchable_combo("assignMember", self.tr("输入姓名、执法证号或部门查找"))
        line = self.member.lineEdit()
        assert line is not None  # editable
        self.reason = QLineEdit()
        self.reason.setObjectName("assignReason")
        self.reason.setPlaceholderText(self.tr("如：本部门在岗人员不足，借调应急管理局"))
        self.approver = QLineEdit(ctx.workspace.actor.display_name or ctx.workspace.actor.username)
        self.approver.setObjectName("assignApprover")
        form.addRow(self.tr("检查对象"), self.visit)
        form.addRow(self.tr("人员情况"), self.shortfall)
        form.addRow(self.tr("指定人员"), self.member)
        form.addRow(self.tr("指定原因"), self.reason)
        form.addRow(self.tr("批准人"), self.approver)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("assignMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.assign_button = QPushButton(self.tr("指定"))
        self.assign_button.setObjectName("assignButton")
        self.assign_button.setEnabled(False)
        self.assign_button.clicked.connect(self._on_assign_clicked)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        row.addWidget(self.assign_button)
        row.addWidget(close)
        layout.addLayout(row)
        self.visit.currentIndexChanged.connect(self._load)
        for edited in (
            line.textEdited,
            self.reason.textEdited,
            self.approver.textEdited,
        ):
            edited.connect(lambda _text: self.message.setText(""))  # a hint answered goes
        self.resize(600, 340)
        self._load()

    def _load(self, _index: int = 0) -> None:
        visit_id = self.visit.currentData()
        if visit_id is None:
            self.shortfall.setText(self.tr("本次抽取没有可指定人员的检查对象。"))
            return
        self.assign_button.setEnabled(False)
        self.ctx.run_query(
            lambda ws, job: assignments.assign_choices(ws, visit_id), self._on_choices
        )

    def _on_choices(self, choices: assignments.AssignChoices) -> None:
        self.choices = choices
        gaps = "；".join(g.text() for g in choices.shortfall) or self.tr("无需本部门人员")
        typed = self.member.currentText()
        self.member.clear()
        short = choices.refusal is None
        if short:
            self.shortfall.setText(gaps)
            for c in choices.candidates:
                self.member.addItem(c.label, c.cert_no)
            self.member.setCurrentIndex(-1)
            self.member.setEditText(typed)
        else:
            self.shortfall.setText(one_language(choices.refusal or ""))
        self.member.setEnabled(short)
        self.assign_button.setEnabled(short)

    def _picked(self) -> str | None:
        """The 执法证号 of the officer picked from the list or typed as it is listed."""
        text = self.member.currentText().strip()
        index = self.member.findText(text)
        if index < 0:
            index = next(
                (i for i in range(self.member.count()) if self.member.itemData(i) == text), -1
            )
        return self.member.itemData(index) if index >= 0 else None

    def _on_assign_clicked(self) -> None:
        visit_id, member = self.visit.currentData(), self._picked()
        reason, approver = self.reason.text().strip(), self.approver.text().strip()
        missing = [
            label
            for label, ok in (
                (self.tr("指定人员（从列表中选择）"), member),
                (self.tr("指定原因"), reason),
                (self.tr("批准人"), approver),
            )
            if not ok
        ]
        if missing or member is None:
            self.message.setText(self.tr("请填写：{0}").format("、".join(missing)))
            return
        self.assign_button.setEnabled(False)
        self.message.setText(self.tr("正在指定…"))
        self.ctx.run_mutation(
            lambda ws, job: assignments.assign(
                ws, visit_id, member=member, reason=reason, approved_by=approver
            ),
            self._on_assigned,
            on_error=self._on_failed,
        )

    def _on_assigned(self, changes: Changes) -> None:
        self.reason.clear()
        self.member.setEditText("")
        self.message.setText(changes.message + self.tr("。可用 编辑 → 撤销 收回。"))
        self._load()

    def _on_failed(self, error: BaseException) -> None:
        self.message.setText("")  # what was typed stays, to correct
        self.assign_button.setEnabled(True)
        show_error(self, error)
