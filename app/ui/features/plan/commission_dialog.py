"""委托第三方 for a task (大足 三(三), 贵阳 四(七)2): pick a qualified body from the registry or
register a new one, write the scope and dates; the commission is shown on the task's sheets."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.core.domain.localtime import local_today
from app.core.services.kernel.workspace import Changes, Workspace
from app.core.services.results import third_parties
from app.ui.context import UiContext
from app.ui.errors import show_error
from app.ui.runner import Job
from app.ui.widgets.dates import pydate, qdate

NEW_BODY = ""  # the combo's entry for a body not yet registered


def _date_edit(value: date) -> QDateEdit:
    edit = QDateEdit(qdate(value))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class CommissionDialog(QDialog):
    def __init__(
        self,
        ctx: UiContext,
        task_no: str,
        bodies: list[third_parties.ThirdPartyRow],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.task_no = ctx, task_no
        self.setWindowTitle(self.tr("委托第三方"))
        self.body = QComboBox()
        self.body.setObjectName("commissionBody")
        for b in bodies:
            valid = self.tr("有效期至 {0}").format(b.valid_until) if b.valid_until else ""
            self.body.addItem(f"{b.name}（{'、'.join(b.qualifications)}）{valid}", b.uscc)
        self.body.addItem(self.tr("新的机构（在下面填写）"), NEW_BODY)
        self.name = QLineEdit()
        self.uscc = QLineEdit()
        self.qualifications = QLineEdit()
        self.qualifications.setPlaceholderText(self.tr("如 检验检测，多个用“，”分隔"))
        today = local_today()
        self.valid_until = _date_edit(date(today.year + 1, 12, 31))
        self.scope = QLineEdit()
        self.scope.setObjectName("commissionScope")
        self.scope.setPlaceholderText(self.tr("如 抽样检验（食品安全）"))
        self.start = _date_edit(today)
        self.end = _date_edit(date(today.year, 12, 31))
        form = QFormLayout(self)
        form.addRow(self.tr("抽查任务"), QLabel(task_no))
        form.addRow(self.tr("受托机构"), self.body)
        form.addRow(self.tr("机构名称"), self.name)
        form.addRow(self.tr("统一社会信用代码"), self.uscc)
        form.addRow(self.tr("资质"), self.qualifications)
        form.addRow(self.tr("资质有效期至"), self.valid_until)
        form.addRow(self.tr("委托事项"), self.scope)
        form.addRow(self.tr("开始日期"), self.start)
        form.addRow(self.tr("结束日期"), self.end)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.body.currentIndexChanged.connect(self._on_body_current_index_changed)
        self._on_body_current_index_changed(0)

    def _on_body_current_index_changed(self, index: int) -> None:
        del index
        new = self.body.currentData() == NEW_BODY
        for widget in (self.name, self.uscc, self.qualifications, self.valid_until):
            widget.setEnabled(new)

    def _on_buttons_accepted(self) -> None:
        chosen, task_no = self.body.currentData(), self.task_no
        name, code = self.name.text(), self.uscc.text().strip().upper()
        quals = [q.strip() for q in self.qualifications.text().replace(",", "，").split("，")]
        valid_until, scope = pydate(self.valid_until.date()), self.scope.text()
        start, end = pydate(self.start.date()), pydate(self.end.date())

        def save(ws: Workspace, job: Job) -> Changes:
            if chosen == NEW_BODY:
                third_parties.save_third_party(
                    ws, name=name, uscc=code, qualifications=[q for q in quals if q],
                    valid_until=valid_until,
                )  # fmt: skip
            return third_parties.commission(
                ws, uscc=chosen or code, scope=scope, start_on=start, end_on=end, task_no=task_no
            )

        self.ctx.run_mutation(
            save, lambda _changes: self.accept(), on_error=lambda exc: show_error(self, exc)
        )
