"""登记检查: enter a check a business received outside the draw (投诉举报, 转办交办, 专项检查,
日常检查) into the ledger of checks, with the business's checks so far shown below.

Front end only; the rules (kinds, dates, the registry date that follows) are in services.registry.ledger.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.domain.localtime import local_today
from app.core.services.registry import ledger
from app.core.services.registry.departments import list_departments
from app.ui.context import UiContext
from app.ui.widgets.dates import qdate


class CheckRecordDialog(QDialog):
    """One business, one outside check; `recorded` fires after the service accepted it."""

    recorded = Signal()

    def __init__(
        self, ctx: UiContext, *, code: str, name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("checkRecordDialog")
        self.setWindowTitle(self.tr("登记随机抽查以外的检查"))
        self.ctx, self.code = ctx, code
        self.business = QLabel(f"{name}（{code}）")
        self.business.setObjectName("checkBusiness")
        self.department = QComboBox()
        self.department.setObjectName("checkDepartment")
        self.day = QDateEdit()
        self.day.setObjectName("checkDate")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        today = local_today()
        self.day.setDate(qdate(today))
        self.day.setMaximumDate(qdate(today))
        self.kind = QComboBox()
        self.kind.setObjectName("checkKind")
        for k in ledger.OUTSIDE_KINDS:
            self.kind.addItem(k, k)
        self.ref = QLineEdit()
        self.ref.setObjectName("checkRef")
        self.ref.setPlaceholderText(self.tr("来源、文号或投诉编号（选填）"))
        form = QFormLayout()
        form.addRow(self.tr("检查对象"), self.business)
        form.addRow(self.tr("检查部门"), self.department)
        form.addRow(self.tr("检查日期"), self.day)
        form.addRow(self.tr("检查类别"), self.kind)
        form.addRow(self.tr("来源/文号"), self.ref)
        note = QLabel(
            self.tr(
                "投诉举报、转办交办等个案须立即检查，不受随机抽查限制。"
                "登记后计入检查台账：无事不扰和每户年度检查上限都按台账计算，上次检查日期随之更新。"
            )
        )
        note.setWordWrap(True)
        self.history = QTableWidget(0, 4)
        self.history.setObjectName("checkHistory")
        self.history.setHorizontalHeaderLabels(
            [self.tr("日期"), self.tr("类别"), self.tr("部门"), self.tr("任务/文号")]
        )
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.history.verticalHeader().setVisible(False)
        self.history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.message = QLabel()
        self.message.setObjectName("checkMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("登记"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("关闭"))
        self.buttons.accepted.connect(self._on_save_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(QLabel(self.tr("该户检查台账")))
        layout.addWidget(self.history, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(560, 520)
        self.loaded = False
        ctx.run_query(
            lambda ws, job: (list_departments(ws), ledger.business_ledger(ws, code)),
            self._on_loaded,
        )

    def _on_loaded(self, res: tuple[Any, tuple[str, list[ledger.LedgerRow]]]) -> None:
        departments, (_name, rows) = res
        self.department.clear()
        for d in departments:
            self.department.addItem(d.name, d.code)
        self.history.setRowCount(len(rows))
        for i, r in enumerate(rows):
            kind = r.kind + (self.tr("（已抽中，未检查）") if r.pending else "")
            for j, text in enumerate((r.on.isoformat(), kind, r.department, r.ref)):
                self.history.setItem(i, j, QTableWidgetItem(text))
        self.loaded = True

    def _on_save_clicked(self) -> None:
        q = self.day.date()
        from datetime import date

        day = date(q.year(), q.month(), q.day())
        dept, kind, ref, code = (
            self.department.currentData(),
            self.kind.currentData(),
            self.ref.text(),
            self.code,
        )
        self.buttons.setEnabled(False)
        self.ctx.run_mutation(
            lambda ws, job: ledger.CHECK_CHANGES.carrying(
                ledger.record_check(
                    ws, target=code, department=dept or "", on=day, kind=kind, ref=ref
                )
            ),
            self._on_recorded,
            on_error=self._on_failed,
        )

    def _on_recorded(self, done: ledger.RecordedCheck) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(done.message)
        self.recorded.emit()
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(f"<span style='color:#b00020'>{exc}</span>")
