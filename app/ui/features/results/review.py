"""The review queue panel: results by state, batch 审核通过 / 退回 with a reason, their history.

Reads and moves go through services.results.results via the context; nothing blocks the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.domain.errors import StaleEditError
from app.core.domain.ids import ResultId
from app.core.domain.localtime import fmt_time
from app.core.domain.states import RESULT_STATES, ResultState
from app.core.services.kernel.workspace import NO_CHANGES, Changes, Workspace
from app.core.services.results import penalty_cases, result_followthrough, results, reviews
from app.core.services.results.results import ResultRow
from app.ui.context import UiContext, guarded
from app.ui.errors import show_error
from app.ui.features.results.table import RowsView
from app.ui.widgets import files
from app.ui.widgets.confirm import confirm

if TYPE_CHECKING:
    from app.ui.features.results.evidence import EvidenceDialog

COLUMNS = (
    "状态",
    "任务编号",
    "检查部门",
    "抽查市场主体名称",
    "统一社会信用代码/注册号",
    "检查完成日期",
    "公示期限",
    "检查结果",
    "检查人员",
    "审核意见",
)
RETURNED = QColor("#fde2e1")
WITHHELD = "withheld"  # the status filter's entry listing the results withheld from publication


def _archive():  # type: ignore[no-untyped-def]
    """services.checklist.archive on use: its page writers stay out of start-up."""
    from app.core.services.checklist import archive

    return archive


class ReviewPanel(QWidget):
    """审核队列: the supervisor's batch review of results (谁检查、谁录入、谁公示)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[ResultRow] = []
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("reviewStatusFilter")
        self.status_filter.addItem(self.tr("待审核"), [ResultState.IN_REVIEW])
        self.status_filter.addItem(self.tr("已完成（待提交）"), [ResultState.DONE])
        self.status_filter.addItem(self.tr("退回"), [ResultState.RETURNED])
        self.status_filter.addItem(self.tr("通过（待公示）"), [ResultState.APPROVED])
        self.status_filter.addItem(self.tr("已公示"), [ResultState.PUBLISHED])
        # 不予公示: the supervisor's list of results kept out of the 公告, with their reasons.
        self.status_filter.addItem(self.tr("不予公示", "status filter"), WITHHELD)
        self.status_filter.addItem(self.tr("全部"), list(RESULT_STATES))
        self.status_filter.currentIndexChanged.connect(self._on_status_filter_changed)
        self.approve_button = QPushButton(self.tr("审核通过"))
        self.approve_button.setObjectName("approveButton")
        self.return_button = QPushButton(self.tr("退回…"))
        self.return_button.setObjectName("returnButton")
        self.submit_button = QPushButton(self.tr("提交审核"))
        self.follow_up_button = QPushButton(self.tr("登记后续处置…"))
        self.evidence_button = QPushButton(self.tr("查看检查表与照片…"))
        self.evidence_button.setObjectName("evidenceButton")
        self.evidence_button.setToolTip(
            self.tr("审核前查看已签名的检查表、打印的检查表和照片（双击行也可打开）")
        )
        self.evidence_button.clicked.connect(self._on_evidence_clicked)
        # 一次一档: the selected result's visit as one archive PDF, or every checked visit of
        # its task into a folder (services.checklist.archive, as `archive` / `archive --task` on the CLI).
        self.archive_button = QPushButton(self.tr("导出案卷PDF…"))
        self.archive_button.setObjectName("archiveButton")
        self.archive_button.setToolTip(
            self.tr(
                "把所选结果的检查对象导出为一份案卷PDF：通知书、检查表、照片、签名、审核记录、公示情况"
            )
        )
        self.archive_button.clicked.connect(self._on_archive_clicked)
        self.task_archive_button = QPushButton(self.tr("导出本任务全部案卷…"))
        self.task_archive_button.setObjectName("taskArchiveButton")
        self.task_archive_button.setToolTip(
            self.tr(
                "所选结果所属任务中已完成检查的每户各导出一份案卷PDF，以档案号命名，存入所选文件夹"
            )
        )
        self.task_archive_button.clicked.connect(self._on_task_archive_clicked)
        self.last_archive: list[Any] | None = (
            None  # the ArchiveReport list of the last export (tests read it)
        )
        self.withhold_button = QPushButton(self.tr("不予公示…"))
        self.withhold_button.setObjectName("withholdButton")
        self.withhold_button.setToolTip(
            self.tr("所选结果不在抽查结果公告中公开（如涉及商业秘密、个人隐私），须写明理由")
        )
        self.withhold_button.clicked.connect(self._on_withhold_clicked)
        self.lift_button = QPushButton(self.tr("恢复公示…"))
        self.lift_button.setObjectName("liftWithholdButton")
        self.lift_button.setToolTip(
            self.tr("撤销所选结果的不予公示决定（须写明理由），它将随下一次抽查结果公告公开")
        )
        self.lift_button.clicked.connect(self._on_lift_clicked)
        self.adopt_button = QPushButton(self.tr("结果互认…"))
        self.adopt_button.setObjectName("adoptButton")
        self.adopt_button.setToolTip(
            self.tr(
                "本部门采用其他部门期限内对同一对象已审核的检查结果，不再重复上门检查；"
                "记录来源，统计只计一次"
            )
        )
        self.adopt_button.clicked.connect(self._on_adopt_clicked)
        self.withheld: dict[int, str] = {}  # result id → 不予公示 reason
        self.last_confirm: QMessageBox | None = None  # the open confirmation box (tests click it)
        self.approve_button.clicked.connect(self._on_approve_clicked)
        self.return_button.clicked.connect(self._on_return_clicked)
        self.submit_button.clicked.connect(self._on_submit_clicked)
        self.follow_up_button.clicked.connect(self._on_follow_up_clicked)
        self.count_label = QLabel()
        # 谁检查、谁审核: a department's supervisor sees only that department's results.
        self.scope_label = QLabel()
        self.scope_label.setObjectName("reviewScope")
        self.scope_label.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("状态：")))
        bar.addWidget(self.status_filter)
        bar.addWidget(self.count_label, 1)
        for b in (
            self.submit_button,
            self.approve_button,
            self.return_button,
            self.follow_up_button,
        ):
            bar.addWidget(b)
        self.table = RowsView(COLUMNS, self)
        self.table.setObjectName("reviewTable")
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.evidence_dialog: EvidenceDialog | None = (
            None  # the open 检查表与照片 dialog (tests reach it here)
        )
        self.events = QLabel(self.tr("选择一项结果查看流转记录"))
        self.events.setObjectName("resultEvents")
        self.events.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.events.setWordWrap(True)
        self.events.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The evidence button sits with the selected row's details, not in the crowded top bar
        # (the tab must fit a 1366×768 screen at 150%).
        below = QWidget()
        below_box = QVBoxLayout(below)
        below_box.setContentsMargins(0, 0, 0, 0)
        evidence_row = QHBoxLayout()
        evidence_row.addWidget(self.evidence_button)
        evidence_row.addWidget(self.archive_button)
        evidence_row.addWidget(self.task_archive_button)
        evidence_row.addWidget(self.withhold_button)
        evidence_row.addWidget(self.lift_button)
        evidence_row.addWidget(self.adopt_button)
        evidence_row.addStretch(1)
        below_box.addLayout(evidence_row)
        below_box.addWidget(self.events, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(below)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scope_label)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self._update_buttons()
        self.ctx.run_query(lambda ws, job: reviews.review_scope(ws), self._on_scope)

    def _on_scope(self, text: str) -> None:
        self.scope_label.setText(text)
        self.scope_label.setVisible(bool(text))

    def refresh(self) -> None:
        chosen = self.status_filter.currentData()
        statuses = list(RESULT_STATES) if chosen == WITHHELD else chosen

        def load(ws, job):  # type: ignore[no-untyped-def]
            withheld = {w.result_id: w.reason for w in result_followthrough.withheld_results(ws)}
            rows = results.list_results(ws, statuses=statuses)
            if chosen == WITHHELD:
                rows = tuple(r for r in rows if r.id in withheld)
            return rows, withheld

        self.ctx.run_query(load, self._on_loaded)

    def _on_loaded(self, found) -> None:  # type: ignore[no-untyped-def]
        rows, self.withheld = found
        self._on_rows(rows)

    def _status_text(self, r: ResultRow) -> str:
        # The level that decides next, where it says more than the state (a department with
        # one level, 审核, reads 待审核, not 待审核（审核）).
        level = r.review_level if r.review_level not in r.status else ""
        text = f"{r.status}（{level}）" if level else r.status
        return text + self.tr("·不予公示") if r.id in self.withheld else text

    def _on_rows(self, rows: tuple[ResultRow, ...]) -> None:
        self.rows = list(rows)
        self.table.set_rows(
            [
                (
                    self._status_text(r),
                    r.task_no,
                    r.department_name,
                    r.target_name,
                    r.target_code,
                    r.completed_on,
                    r.publish_due_on,
                    r.result_text,
                    r.inspectors,
                    r.review_note,
                )
                for r in rows
            ],
            [r.id for r in rows],
            [RETURNED if r.status == ResultState.RETURNED else None for r in rows],
        )
        self.count_label.setText(self.tr("共 {0} 项").format(len(rows)))
        self._update_buttons()

    def _selected(self) -> list[ResultId]:
        return [ResultId(k) for k in self.table.selected_keys() if k is not None]

    def _update_buttons(self) -> None:
        chosen = {r.status for r in self.rows if r.id in set(self._selected())}
        self.approve_button.setEnabled(chosen == {ResultState.IN_REVIEW})
        self.return_button.setEnabled(
            bool(chosen) and chosen <= {ResultState.IN_REVIEW, ResultState.APPROVED}
        )
        self.submit_button.setEnabled(
            bool(chosen) and chosen <= {ResultState.DONE, ResultState.RETURNED}
        )
        self.follow_up_button.setEnabled(
            len(self._selected()) == 1 and not chosen & {ResultState.WAITING, ResultState.CHECKING}
        )
        self.evidence_button.setEnabled(
            len(self._selected()) == 1 and not chosen & {ResultState.WAITING, ResultState.CHECKING}
        )
        self.archive_button.setEnabled(self.evidence_button.isEnabled())
        self.task_archive_button.setEnabled(len(self._selected()) == 1)
        self.withhold_button.setEnabled(
            len(self._selected()) == 1
            and ResultState.PUBLISHED not in chosen
            and not set(self._selected()) & set(self.withheld)
        )
        self.lift_button.setEnabled(
            len(self._selected()) == 1 and set(self._selected()) <= set(self.withheld)
        )
        self.adopt_button.setEnabled(
            len(self._selected()) == 1 and chosen <= {ResultState.WAITING, ResultState.CHECKING}
        )

    def _on_status_filter_changed(self, index: int) -> None:
        del index
        self.refresh()

    def _on_table_selection_changed(self, *args: object) -> None:
        del args
        self._update_buttons()
        ids = self._selected()
        if len(ids) != 1:
            self.events.setText(self.tr("已选择 {0} 项").format(len(ids)))
            return
        rid = ids[0]
        self.ctx.run_query(
            lambda ws, job: (
                results.result_events(ws, rid),
                reviews.result_review_decisions(ws, rid),
                penalty_cases.cases_of_result(ws, rid),
            ),
            self._on_events,
        )

    def _on_events(self, found: tuple) -> None:  # type: ignore[type-arg]
        events, decisions, cases = found
        lines = [
            f"{fmt_time(e.at)}  {e.actor or ''}  {e.from_status or '—'} → {e.to_status}"
            + (f"  （{e.note}）" if e.note else "")
            for e in events
        ]
        lines += [
            self.tr("{0}  第{1}轮 {2}：{3}  {4}").format(
                fmt_time(d.at), d.round, d.level_name, d.decision, d.actor_name
            )
            + (f"  （{d.note}）" if d.note else "")
            for d in decisions
        ]
        lines += [
            self.tr("案件 {0}：{1}立案，{2}").format(c.case_no, c.filed_on, c.stage)
            + (self.tr("，处罚决定：{0}").format(c.decision) if c.decision else "")
            for c in cases
        ]
        ids = self._selected()
        if len(ids) == 1 and ids[0] in self.withheld:
            lines.insert(0, self.tr("不予公示，理由：{0}").format(self.withheld[ids[0]]))
        self.events.setText("\n".join(lines) or self.tr("尚无流转记录"))

    def _versions(self, ids: list[ResultId]) -> dict[ResultId, int]:
        """The row versions the list showed: a decision on a result changed meanwhile elsewhere
        is refused (docs/security.md "Concurrent edits")."""
        return {r.id: r.version for r in self.rows if r.id in set(ids)}

    def _run(self, fn: Callable[[Workspace], Changes]) -> None:
        # The page refreshes on data_changed (areas "results", "deadlines"); after a refusal
        # (a result changed elsewhere meanwhile) it shows why and the rows as they are now.
        self.ctx.run_mutation(lambda ws, job: fn(ws), on_error=self._on_decision_failed)

    def _on_decision_failed(self, exc: BaseException) -> None:
        show_error(self, exc)
        if isinstance(exc, StaleEditError):
            self.refresh()

    def _on_approve_clicked(self) -> None:
        ids = self._selected()
        seen = self._versions(ids)
        # A result with no signed 检查表 behind it is approved only when the reviewer says so.
        self.ctx.run_query(
            lambda ws, job: reviews.without_signed_form(ws, ids),
            guarded(self, lambda bare: self._approve(ids, seen, bare)),
            key="results.review.approve",
        )

    def _approve(self, ids: list[ResultId], seen: dict[ResultId, int], bare: list[str]) -> None:
        def approve() -> None:
            self._run(lambda ws: reviews.approve_results(ws, ids, base_versions=seen))

        if not bare:
            approve()
            return
        names = "、".join(bare[:5]) + (
            self.tr(" 等 {0} 户").format(len(bare)) if len(bare) > 5 else ""
        )
        self.last_confirm = confirm(
            self,
            self.tr("审核通过"),
            self.tr(
                "{0} 的检查结果没有已签名的检查表可以核对。\n仍要审核通过吗？通过后结果将进入公示。"
            ).format(names),
            self.tr("仍然通过"),
            approve,
        )

    def _on_submit_clicked(self) -> None:
        ids = self._selected()
        seen = self._versions(ids)
        self._run(lambda ws: reviews.submit_for_review(ws, ids, base_versions=seen))

    def _on_return_clicked(self) -> None:
        ids = self._selected()
        reason, ok = QInputDialog.getMultiLineText(
            self,
            self.tr("退回检查结果"),
            self.tr("退回 {0} 项结果的原因（检查人员将看到）：").format(len(ids)),
        )
        if not ok:
            return
        if not reason.strip():
            QMessageBox.warning(self, self.tr("退回检查结果"), self.tr("必须填写退回原因。"))
            return
        seen = self._versions(ids)
        self._run(lambda ws: reviews.return_results(ws, ids, reason=reason, base_versions=seen))

    def _on_table_double_clicked(self, index) -> None:  # type: ignore[no-untyped-def]
        del index
        if self.evidence_button.isEnabled():
            self._on_evidence_clicked()

    def _on_evidence_clicked(self) -> None:
        from app.ui.features.results.evidence import EvidenceDialog

        ids = self._selected()
        if len(ids) != 1:
            return
        self.evidence_dialog = EvidenceDialog(self.ctx, ids[0], self)
        self.evidence_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.evidence_dialog.open()

    def _on_follow_up_clicked(self) -> None:
        ids = self._selected()
        if len(ids) != 1:
            return
        row = next(r for r in self.rows if r.id == ids[0])
        self.ctx.run_query(
            lambda ws, job: penalty_cases.cases_of_result(ws, row.id),
            lambda cases: self._open_follow_up(row, cases),
            key=f"follow-up-cases-{id(self)}",
        )

    def _open_follow_up(self, row: ResultRow, cases: list) -> None:  # type: ignore[type-arg]
        from app.ui.features.results.dialogs import FollowUpDialog

        dialog = FollowUpDialog(self.ctx, row.id, row.target_name, self, cases=cases)
        dialog.exec()

    def _on_adopt_clicked(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        visit_id, department = row.visit_id, row.department_code
        self.ctx.run_query(
            lambda ws, job: result_followthrough.adoptable_results(ws, visit_id, department),
            lambda offers: self._on_adoptable(row, offers),
            key=f"adoptable-results-{id(self)}",
        )

    def _on_adoptable(self, row: ResultRow, offers: list) -> None:  # type: ignore[type-arg]
        from app.ui.features.results.dialogs import AdoptDialog

        if not offers:
            QMessageBox.information(
                self,
                self.tr("结果互认"),
                self.tr(
                    "“{0}”没有可互认的结果：期限内没有其他部门对它审核通过或已公示的检查结果。"
                ).format(row.target_name),
            )
            return
        self.adopt_dialog = AdoptDialog(
            self.ctx, row.visit_id, row.department_code, row.target_name, offers, self
        )
        self.adopt_dialog.open()

    def _selected_row(self) -> ResultRow | None:
        ids = self._selected()
        return next((r for r in self.rows if r.id == ids[0]), None) if len(ids) == 1 else None

    def _on_archive_clicked(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        suggested = self.tr("{0}_{1}_案卷.pdf").format(row.task_no, row.target_name)
        path, _ = files.getSaveFileName(
            self, self.tr("导出案卷PDF"), suggested, self.tr("PDF 文件 (*.pdf)")
        )
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        visit_id = row.visit_id
        self.ctx.run_mutation(
            lambda ws, job: NO_CHANGES.carrying([_archive().write_archive(ws, visit_id, path)]),
            self._on_archived,
            on_error=lambda exc: show_error(self, exc),
        )

    def _on_task_archive_clicked(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        folder = QFileDialog.getExistingDirectory(
            self,
            self.tr("选择存放任务“{0}”案卷的文件夹").format(row.task_no),
            str(files.last_folder()),
        )
        if not folder:
            return
        files.remember(str(Path(folder) / "x"))
        task_no = row.task_no
        self.ctx.run_mutation(
            lambda ws, job: NO_CHANGES.carrying(
                _archive().write_task_archives(ws, task_no, folder)
            ),
            self._on_archived,
            on_error=lambda exc: show_error(self, exc),
        )

    def _on_archived(self, reports) -> None:  # type: ignore[no-untyped-def]
        self.last_archive = list(reports)
        lines = [
            self.tr("档案号 {0}：{1}（{2} 页）").format(r.archive_no, r.path, r.pages)
            for r in self.last_archive
        ]
        QMessageBox.information(
            self,
            self.tr("导出案卷PDF"),
            self.tr("已导出 {0} 份案卷：").format(len(self.last_archive))
            + "\n"
            + "\n".join(lines[:20])
            + ("\n…" if len(lines) > 20 else ""),
        )

    def _on_lift_clicked(self) -> None:
        row = self._selected_row()
        if row is None or row.id not in self.withheld:
            return
        reason, ok = QInputDialog.getMultiLineText(
            self,
            self.tr("恢复公示"),
            self.tr("“{0}”的检查结果恢复公示的理由（原不予公示理由：{1}）：").format(
                row.target_name, self.withheld[row.id]
            ),
        )
        if not ok:
            return
        reason = reason.strip()
        if not reason:
            QMessageBox.warning(self, self.tr("恢复公示"), self.tr("必须填写恢复公示的理由。"))
            return
        rid = row.id
        self.last_confirm = confirm(
            self,
            self.tr("恢复公示"),
            self.tr(
                "“{0}”（{1}）的检查结果将随下一次抽查结果公告公开，决定记入审计日志。\n理由：{2}"
            ).format(row.target_name, row.task_no, reason),
            self.tr("恢复公示"),
            lambda: self.ctx.run_mutation(
                lambda ws, job: result_followthrough.lift_withholding(ws, rid, reason=reason),
                on_error=lambda exc: show_error(self, exc),
            ),
        )

    def _on_withhold_clicked(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        reason, ok = QInputDialog.getMultiLineText(
            self,
            self.tr("不予公示"),
            self.tr("“{0}”的检查结果不予公示的理由（如涉及商业秘密、个人隐私）：").format(
                row.target_name
            ),
        )
        if not ok:
            return
        reason = reason.strip()
        if not reason:
            QMessageBox.warning(self, self.tr("不予公示"), self.tr("必须填写不予公示的理由。"))
            return
        rid = row.id
        self.last_confirm = confirm(
            self,
            self.tr("不予公示"),
            self.tr(
                "“{0}”（{1}）的检查结果将不在抽查结果公告中公开，决定记入审计日志。\n理由：{2}"
            ).format(row.target_name, row.task_no, reason),
            self.tr("不予公示"),
            lambda: self.ctx.run_mutation(
                lambda ws, job: result_followthrough.withhold_result(ws, rid, reason=reason),
                on_error=lambda exc: show_error(self, exc),
            ),
        )
