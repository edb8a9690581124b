"""名录变更建议: results F/7/9/10/11/12 propose a registry status; a supervisor applies one
with a click (audited) or dismisses it with a reason. The rules are in services.registry.registry_proposals.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.services.registry import registry_proposals
from app.ui.context import UiContext
from app.ui.errors import show_error
from app.ui.features.results.table import RowsView


class ProposalPanel(QWidget):
    """Open proposals, oldest first; 采纳 applies the selected one, 不采纳… asks for the reason."""

    COLUMNS = (
        "完成日期",
        "检查对象",
        "统一社会信用代码/注册号",
        "检查结果",
        "名录现状",
        "建议变更",
    )

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[registry_proposals.Proposal] = []
        note = QLabel(
            self.tr(
                "检查结果为未发现经营活动、已关闭停业、已注销、被吊销、被撤销或已迁出时，建议变更名录状态；"
                "由监管人员采纳或不采纳，全程留痕。"
            )
        )
        note.setWordWrap(True)
        self.apply_button = QPushButton(self.tr("采纳所选"))
        self.apply_button.setObjectName("proposalApply")
        self.apply_button.clicked.connect(self._on_apply_clicked)
        self.dismiss_button = QPushButton(self.tr("不采纳…"))
        self.dismiss_button.setObjectName("proposalDismiss")
        self.dismiss_button.clicked.connect(self._on_dismiss_clicked)
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.apply_button)
        bar.addWidget(self.dismiss_button)
        self.table = RowsView(self.COLUMNS, self, multi=False)
        self.table.setObjectName("proposalTable")
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.loaded = False

    def refresh(self) -> None:
        self.ctx.run_query(lambda ws, job: registry_proposals.list_proposals(ws), self._on_rows)

    def _on_rows(self, rows: list[registry_proposals.Proposal]) -> None:
        self.rows = rows
        self.table.set_rows(
            [
                (
                    p.completed_on,
                    p.name,
                    p.code,
                    f"{p.result_code} {p.result_text}",
                    p.current,
                    p.proposed,
                )
                for p in rows
            ],
            [p.result_id for p in rows],
        )
        self.loaded = True

    def _on_apply_clicked(self) -> None:
        keys = self.table.selected_keys()
        if not keys:
            return
        rid = keys[0]
        self.ctx.run_mutation(
            lambda ws, job: registry_proposals.apply_proposal(ws, rid),
            lambda _r: self.refresh(),
            on_error=lambda exc: show_error(self, exc),
        )

    def _on_dismiss_clicked(self) -> None:
        keys = self.table.selected_keys()
        if not keys:
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("不采纳名录变更建议"), self.tr("不采纳的理由：")
        )
        if not ok:
            return
        rid = keys[0]
        self.ctx.run_mutation(
            lambda ws, job: registry_proposals.dismiss_proposal(ws, rid, reason=reason),
            lambda _r: self.refresh(),
            on_error=lambda exc: show_error(self, exc),
        )
