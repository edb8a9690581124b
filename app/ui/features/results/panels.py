"""Panels of the results tab: deadlines, publication, follow-ups, per-business inspection_history.

Each panel reads through the context and refreshes when the page does; mutations announce
their areas so the other panels follow.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.domain.ids import TargetId
from app.core.domain.localtime import local_today
from app.core.services.kernel.workspace import Changes, Workspace
from app.core.services.results import deadlines, followups, inspection_history
from app.ui.context import UiContext
from app.ui.errors import show_error
from app.ui.features.results.table import RowsView
from app.ui.runner import Job
from app.ui.widgets import files
from app.ui.widgets.confirm import confirm
from app.ui.widgets.dates import pydate, qdate

if TYPE_CHECKING:
    from app.core.services.results import publication

OVERDUE = QColor("#f8d0cd")
DUE_SOON = QColor("#fde9c4")
GAP = QColor("#e4e4f4")


class DeadlinePanel(QWidget):
    """期限: what is overdue and due soon (working days on the official calendar)."""

    COLUMNS = ("状态", "到期日", "剩余工作日", "期限", "任务编号", "部门", "对象", "说明")

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.as_of = QDateEdit(qdate(local_today()))
        self.as_of.setObjectName("deadlineAsOf")
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.dateChanged.connect(lambda _d: self.refresh())
        self.show_all = QCheckBox(self.tr("也显示未到期的"))
        self.show_all.toggled.connect(lambda _b: self.refresh())
        self.summary = QLabel()
        self.summary.setObjectName("deadlineSummary")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("截至")))
        bar.addWidget(self.as_of)
        bar.addWidget(self.show_all)
        bar.addWidget(self.summary, 1)
        self.table = RowsView(self.COLUMNS, self)
        self.table.setObjectName("deadlineTable")
        self._asked: tuple[date, bool] | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        today, every = pydate(self.as_of.date()), self.show_all.isChecked()
        self._asked = (today, every)  # a slower, older answer must not overwrite a newer one
        # At once, so an empty table never reads as "nothing due" while the list is computed.
        self.summary.setText(self.tr("正在计算期限…"))
        self.ctx.run_query(
            lambda ws, job: deadlines.list_deadlines(ws, today=today, include_pending=every),
            lambda found: self._on_list(found, (today, every)),
            key=f"deadline-list-{id(self)}",
        )

    def _on_list(self, found: deadlines.DeadlineList, asked: tuple[date, bool]) -> None:
        if asked != self._asked:
            return
        colors = {deadlines.OVERDUE: OVERDUE, deadlines.DUE_SOON: DUE_SOON, deadlines.GAP: GAP}
        self.table.set_rows(
            [
                (
                    i.state,
                    i.due or "—",
                    "" if i.remaining is None else i.remaining,
                    i.rule_label,
                    i.task_no,
                    i.department,
                    i.subject,
                    i.note,
                )
                for i in found.items
            ],
            [i.result_id or i.task_id or i.plan_id for i in found.items],
            [colors.get(i.state) for i in found.items],
        )
        text = self.tr("{0} 项即将到期，{1} 项已逾期").format(
            len(found.due_soon), len(found.overdue)
        )
        if found.missing_years:
            text += self.tr("；日历缺少{0}年的放假安排，请在“工作日历”中添加").format(
                "、".join(map(str, found.missing_years))
            )
        self.summary.setText(text)


class PublicationPanel(QWidget):
    """公示: per task and department, how many results are ready; writes the 抽查结果公告."""

    COLUMNS = (
        "任务编号",
        "任务名称",
        "检查部门",
        "结果数",
        "待公示（已通过）",
        "已公示",
        "未审核通过",
    )

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.items: list[publication.PublicationTask] = []
        self.publish_button = QPushButton(self.tr("生成抽查结果公告…"))
        self.publish_button.setObjectName("publishButton")
        self.publish_button.clicked.connect(self._on_publish_clicked)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("谁检查、谁公示：每个部门公示本部门的检查结果")), 1)
        bar.addWidget(self.publish_button)
        self.table = RowsView(self.COLUMNS, self, multi=False)
        self.table.setObjectName("publicationTable")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        from app.core.services.results import publication

        self.ctx.run_query(lambda ws, job: publication.publication_tasks(ws), self._on_items)

    def _on_items(self, items: tuple[publication.PublicationTask, ...]) -> None:
        self.items = list(items)
        self.table.set_rows(
            [
                (
                    i.task_no,
                    i.task_name,
                    i.department_name,
                    i.total,
                    i.approved,
                    i.published,
                    i.not_ready,
                )
                for i in items
            ],
            list(range(len(items))),
            [DUE_SOON if i.approved else None for i in items],
        )

    def _on_publish_clicked(self) -> None:
        keys = self.table.selected_keys()
        if not keys:
            QMessageBox.information(self, self.tr("公示"), self.tr("请先选择一个任务和部门。"))
            return
        item = self.items[keys[0]]
        suggested = self.tr("{0}_{1}_抽查结果公告.xlsx").format(item.task_no, item.department_code)
        path, _ = files.getSaveFileName(
            self, self.tr("保存抽查结果公告"), suggested, self.tr("Excel 工作簿 (*.xlsx)")
        )
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        task_no, dept = item.task_no, item.department_code

        def work(ws: Workspace, job: Job) -> Changes:
            from app.core.services.results import publication

            report = publication.publish_task(ws, task_no, xlsx_path=path, department_code=dept)
            return publication.PUBLISHED_CHANGES.carrying(report)

        def preview(ws, job):  # type: ignore[no-untyped-def]
            import tempfile

            from app.core.services.results import publication

            pdf = Path(tempfile.gettempdir()) / f"{task_no}_{dept}_公告预览.pdf"
            return publication.preview_notice(ws, task_no, pdf, department_code=dept)

        def previewed(p) -> None:  # type: ignore[no-untyped-def]
            """Step 1 done: the notice is read first; publishing is the separate, confirmed step 2."""
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(p.pdf)))
            text = self.tr(
                "已生成 {0}（{1}）的抽查结果公告预览，并在 PDF 阅读器中打开：\n{2}\n\n"
                "公告列出 {3} 户，其中 {4} 户将在公示后向社会公开，公示后不能撤回。\n"
                "核对无误后点“公示”，公告写入 {5}。"
            ).format(item.task_no, item.department_name, p.pdf, p.rows, p.new, path)
            self.last_preview = confirm(
                self,
                self.tr("公示抽查结果"),
                text,
                self.tr("公示"),
                lambda: self.ctx.run_mutation(
                    work, self._on_published, on_error=lambda exc: show_error(self, exc)
                ),
            )

        self.ctx.run_query(
            preview,
            previewed,
            on_error=lambda exc: show_error(self, exc),
            key=f"publication-preview-{id(self)}",
        )

    def _on_published(self, report) -> None:  # type: ignore[no-untyped-def]
        QMessageBox.information(
            self,
            self.tr("公示"),
            self.tr("{0}（{1}）公示 {2} 户，本次新公示 {3} 户。\n{4}\n{5}").format(
                report.task_no,
                report.department,
                report.rows,
                report.newly_published,
                report.xlsx,
                report.pdf,
            ),
        )


class FollowUpPanel(QWidget):
    """后续处置: open transfers and corrections first; mark them 已完结."""

    COLUMNS = (
        "状态",
        "处置方式",
        "接收单位",
        "改正期限",
        "完结日期",
        "任务编号",
        "检查对象",
        "检查部门",
        "说明",
    )

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.open_only = QCheckBox(self.tr("只看未完结"))
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(lambda _b: self.refresh())
        self.complete_button = QPushButton(self.tr("完结…"))
        self.complete_button.clicked.connect(self._on_complete_clicked)
        bar = QHBoxLayout()
        bar.addWidget(self.open_only)
        bar.addStretch(1)
        bar.addWidget(self.complete_button)
        self.table = RowsView(self.COLUMNS, self, multi=False)
        self.table.setObjectName("followUpTable")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        only = self.open_only.isChecked()
        self.ctx.run_query(
            lambda ws, job: followups.list_follow_ups(ws, open_only=only), self._on_rows
        )

    def _on_rows(self, rows: tuple[followups.FollowUpRow, ...]) -> None:
        self.table.set_rows(
            [
                (
                    f.status + (self.tr("（逾期）") if f.overdue else ""),
                    f.kind,
                    f.to_party,
                    f.due_on,
                    f.completed_on,
                    f.task_no,
                    f.target_name,
                    f.department,
                    f.note.replace("\n", " "),
                )
                for f in rows
            ],
            [f.id for f in rows],
            [OVERDUE if f.overdue else None for f in rows],
        )

    def _on_complete_clicked(self) -> None:
        keys = self.table.selected_keys()
        if not keys:
            return
        note, ok = QInputDialog.getText(self, self.tr("完结后续处置"), self.tr("完结情况："))
        if not ok:
            return
        fid, today = keys[0], local_today()
        self.ctx.run_mutation(
            lambda ws, job: followups.complete_follow_up(ws, fid, completed_on=today, note=note),
            on_error=lambda exc: show_error(self, exc),
        )


class HistoryPanel(QWidget):
    """企业检查记录: every inspection of a business by any department; 多头 / 重复 flags."""

    COLUMNS = ("检查完成日期", "检查部门", "任务编号", "任务名称", "状态", "检查结果")

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.search = QLineEdit()
        self.search.setObjectName("historySearch")
        self.search.setPlaceholderText(self.tr("输入企业名称或统一社会信用代码"))
        self.search.returnPressed.connect(self._on_search_return_pressed)
        flagged_button = QPushButton(self.tr("多头/重复检查名单"))
        flagged_button.clicked.connect(self._on_flagged_clicked)
        self.matches = RowsView(("检查对象", "统一社会信用代码/注册号", "说明"), self, multi=False)
        self.matches.setObjectName("historyMatches")
        self.matches.setMaximumHeight(180)
        self.matches.selectionModel().selectionChanged.connect(self._on_matches_selection_changed)
        self.flags = QLabel()
        self.flags.setObjectName("historyFlags")
        self.flags.setWordWrap(True)
        self.table = RowsView(self.COLUMNS, self)
        self.table.setObjectName("historyTable")
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(flagged_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.matches)
        layout.addWidget(self.flags)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        keys = self.matches.selected_keys()
        if keys:
            self._load(keys[0])

    def _on_search_return_pressed(self) -> None:
        text = self.search.text()
        self.ctx.run_query(
            lambda ws, job: inspection_history.find_businesses(ws, text), self._on_found
        )

    def _on_found(self, found: tuple[tuple[int, str, str], ...]) -> None:
        self.matches.set_rows(
            [(name, code, "") for _id, name, code in found], [f[0] for f in found]
        )
        if len(found) == 1:
            self.matches.selectRow(0)

    def _on_flagged_clicked(self) -> None:
        self.ctx.run_query(
            lambda ws, job: inspection_history.flagged_businesses(ws), self._on_flagged
        )

    def _on_flagged(self, found: tuple[inspection_history.FlaggedBusiness, ...]) -> None:
        self.matches.set_rows(
            [
                (
                    f.name,
                    f.code,
                    "、".join(
                        filter(
                            None,
                            [
                                self.tr("多头检查") if f.multi_department else "",
                                self.tr("重复检查") if f.repeated else "",
                            ],
                        )
                    )
                    + self.tr("（{0}次：{1}）").format(f.inspections, f.departments),
                )
                for f in found
            ],
            [f.target_id for f in found],
        )

    def _on_matches_selection_changed(self, *args: object) -> None:
        del args
        keys = self.matches.selected_keys()
        if keys:
            self._load(keys[0])

    def _load(self, target_id: TargetId) -> None:
        self.ctx.run_query(
            lambda ws, job: inspection_history.business_history(ws, target_id), self._on_history
        )

    def _on_history(self, h: inspection_history.BusinessHistory) -> None:
        self.table.set_rows(
            [
                (e.completed_on or "—", e.department, e.task_no, e.task_name, e.status, e.result)
                for e in h.entries
            ],
            [e.result_id for e in h.entries],
        )
        head = self.tr("{0}（{1}）最近检查：{2}").format(h.name, h.code, h.last_inspected_on or "—")
        self.flags.setText(
            "\n".join([head, *h.notes]) if h.notes else head + self.tr("；未发现多头或重复检查")
        )
