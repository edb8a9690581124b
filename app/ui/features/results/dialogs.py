"""Dialogs of the results tab: register a follow-up (后续处置, including 立案 of a penalty case),
adopt another department's result (结果互认) and edit the holiday calendar.

Modal dialogs read their inputs, then hand the work to the context; services validate.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.domain.calendar import dump_holiday_file, parse_holiday_file
from app.core.domain.errors import AppError
from app.core.domain.ids import ResultId, VisitId
from app.core.domain.localtime import local_today
from app.core.domain.states import PenaltyStage
from app.core.services.results import calendar as calendar_service
from app.core.services.results import followups, penalty_cases, result_followthrough
from app.ui.context import UiContext
from app.ui.errors import show_error
from app.ui.features.results.table import RowsView
from app.ui.widgets import files
from app.ui.widgets.dates import pydate, qdate

FILE_A_CASE = "penalty_case"  # the follow-up kind that files a penalty case instead
DECIDE_CASE = "penalty_decision"  # … records the decision of a case filed from this result
CLOSE_CASE = "penalty_close"  # … closes it
CASE_KINDS = (FILE_A_CASE, DECIDE_CASE, CLOSE_CASE)


class AdoptDialog(QDialog):
    """结果互认: this department takes another department's recent result for the same business
    instead of checking it again; the source is recorded and the business counted once."""

    def __init__(
        self,
        ctx: UiContext,
        visit_id: VisitId,
        department: str,
        target_name: str,
        offers: list[result_followthrough.Adoptable],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.visit_id, self.department = ctx, visit_id, department
        self.setWindowTitle(self.tr("结果互认"))
        self.source = QComboBox()
        self.source.setObjectName("adoptSource")
        for offer in offers:
            self.source.addItem(
                self.tr("{0}　{1}完成　{2}　检查结果：{3}").format(
                    offer.department, offer.completed_on, offer.status, offer.result_text
                ),
                offer.result_id,
            )
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("如：同一户半年内已由该部门检查"))
        form = QFormLayout(self)
        form.addRow(self.tr("检查对象"), QLabel(target_name))
        form.addRow(self.tr("采用的结果"), self.source)
        form.addRow(self.tr("说明"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _on_buttons_accepted(self) -> None:
        source, note = self.source.currentData(), self.note.text()
        visit_id, department = self.visit_id, self.department
        self.ctx.run_mutation(
            lambda ws, job: result_followthrough.adopt_result(
                ws, visit_id, department=department, source_result_id=source, note=note
            ),
            lambda _changes: self.accept(),
            on_error=lambda exc: show_error(self, exc),
        )


class FollowUpDialog(QDialog):
    """登记后续处置: 移送 / 移送司法 / 责令改正 (with a due date) / 抄告 / 其他, or a penalty case
    under the business: 立案查处 with its 案号 and date, then, for a case filed from this result,
    处罚决定 (the decision in words) and 结案, each with its date."""

    def __init__(
        self,
        ctx: UiContext,
        result_id: ResultId,
        target_name: str,
        parent: QWidget | None = None,
        cases: Sequence[penalty_cases.CaseRow] = (),
    ) -> None:
        super().__init__(parent)
        self.ctx, self.result_id = ctx, result_id
        self.setWindowTitle(self.tr("登记后续处置"))
        self.kind = QComboBox()
        for code, label in (
            ("移送", QT_TRANSLATE_NOOP("FollowUpDialog", "移送其他部门")),
            ("移送司法", QT_TRANSLATE_NOOP("FollowUpDialog", "移送司法机关")),
            ("责令改正", QT_TRANSLATE_NOOP("FollowUpDialog", "责令改正")),
            ("抄告", QT_TRANSLATE_NOOP("FollowUpDialog", "抄告相关部门")),
            (FILE_A_CASE, QT_TRANSLATE_NOOP("FollowUpDialog", "立案查处（行政处罚）")),
            ("其他", QT_TRANSLATE_NOOP("FollowUpDialog", "其他")),
        ):
            self.kind.addItem(self.tr(str(label)), code)
        if any(c.stage == PenaltyStage.FILED for c in cases):
            self.kind.addItem(self.tr("处罚决定（已立案的案件）"), DECIDE_CASE)
        if any(c.stage == PenaltyStage.DECIDED for c in cases):
            self.kind.addItem(self.tr("结案"), CLOSE_CASE)
        self.case_pick = QComboBox()
        self.case_pick.setObjectName("casePick")
        for c in cases:
            self.case_pick.addItem(f"{c.case_no}（{c.stage}）", (c.id, c.stage, c.version))
        self.kind.setObjectName("followUpKind")
        self.party = QLineEdit()
        self.party.setPlaceholderText(self.tr("接收部门或机关"))
        self.due = QDateEdit(qdate(local_today()).addDays(30))
        self.due.setCalendarPopup(True)
        self.case_no = QLineEdit()
        self.case_no.setObjectName("caseNo")
        self.case_no.setPlaceholderText(self.tr("如 五市监立〔2026〕12号"))
        self.filed = QDateEdit(qdate(local_today()))
        self.filed.setCalendarPopup(True)
        for edit in (self.due, self.filed):
            edit.setDisplayFormat("yyyy-MM-dd")
        self.note = QPlainTextEdit()
        self.note.setMaximumHeight(80)
        form = QFormLayout(self)
        form.addRow(self.tr("检查对象"), QLabel(target_name))
        form.addRow(self.tr("处置方式"), self.kind)
        form.addRow(self.tr("接收单位"), self.party)
        form.addRow(self.tr("改正期限"), self.due)
        form.addRow(self.tr("案号"), self.case_no)
        if cases:
            form.addRow(self.tr("案件"), self.case_pick)
        form.addRow(self.tr("日期（立案、决定、结案）"), self.filed)
        form.addRow(self.tr("说明或处罚决定"), self.note)
        self.kind.currentIndexChanged.connect(self._on_kind_current_index_changed)
        self._on_kind_current_index_changed(0)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _on_kind_current_index_changed(self, index: int) -> None:
        del index
        kind = self.kind.currentData()
        self.case_no.setEnabled(kind == FILE_A_CASE)
        self.case_pick.setEnabled(kind in (DECIDE_CASE, CLOSE_CASE))
        self.filed.setEnabled(kind in CASE_KINDS)
        for widget in (self.party, self.due):
            widget.setEnabled(kind not in CASE_KINDS)

    def _on_buttons_accepted(self) -> None:
        kind = self.kind.currentData()
        party, note = self.party.text(), self.note.toPlainText()
        rid = self.result_id
        if kind == FILE_A_CASE:
            case_no, filed = self.case_no.text(), pydate(self.filed.date())
            self.ctx.run_mutation(
                lambda ws, job: followups.FOLLOW_UP_CHANGES.carrying(
                    penalty_cases.open_case(ws, rid, case_no=case_no, filed_on=filed, note=note)
                ),
                lambda _row: self._done(),
                on_error=lambda exc: show_error(self, exc),
            )
            return
        if kind in (DECIDE_CASE, CLOSE_CASE):
            case_id, _stage, version = self.case_pick.currentData()
            day = pydate(self.filed.date())
            if kind == DECIDE_CASE:
                self.ctx.run_mutation(
                    lambda ws, job: penalty_cases.decide_case(
                        ws, case_id, decided_on=day, decision=note, base_version=version
                    ),
                    lambda _changes: self._done(),
                    on_error=lambda exc: show_error(self, exc),
                )
            else:
                self.ctx.run_mutation(
                    lambda ws, job: penalty_cases.close_case(
                        ws, case_id, closed_on=day, base_version=version
                    ),
                    lambda _changes: self._done(),
                    on_error=lambda exc: show_error(self, exc),
                )
            return
        due = pydate(self.due.date()) if kind == "责令改正" else None
        self.ctx.run_mutation(
            lambda ws, job: followups.FOLLOW_UP_CHANGES.carrying(
                followups.add_follow_up(ws, rid, kind=kind, to_party=party, due_on=due, note=note)
            ),
            lambda _id: self._done(),
            on_error=lambda exc: show_error(self, exc),
        )

    def _done(self) -> None:
        self.accept()


class CalendarDialog(QDialog):
    """工作日历: the years known and, for a selected year, its days off and 调休 working days.

    A year is added from the State Council's notice by typing it (one line per entry) or by
    importing a file; the text is checked before anything is saved.
    """

    TEMPLATE = (
        "来源：国务院办公厅关于{year}年部分节假日安排的通知（国办发明电〔…〕…号）\n"
        "{year}-01-01 休 元旦\n# 2月…~2月… 休 春节\n# 调休上班日逐日写：{year}-02-.. 班\n"
    )

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("工作日历（法定节假日与调休）"))
        self.resize(860, 520)
        self.years = RowsView(
            ("年份", "来源", "放假天数", "调休上班", "工作日", "类型"), self, multi=False
        )
        self.years.setObjectName("calendarYears")
        self.years.selectionModel().selectionChanged.connect(self._on_years_selection_changed)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("calendarEditor")
        self.editor.setPlaceholderText(self.TEMPLATE.format(year=local_today().year + 1))
        self.status = QLabel()
        self.status.setWordWrap(True)
        new_button = QPushButton(self.tr("新年份…"))
        import_button = QPushButton(self.tr("导入文件…"))
        check_button = QPushButton(self.tr("检查"))
        save_button = QPushButton(self.tr("保存"))
        remove_button = QPushButton(self.tr("删除用户年份"))
        new_button.clicked.connect(self._on_new_clicked)
        import_button.clicked.connect(self._on_import_clicked)
        check_button.clicked.connect(self._on_check_clicked)
        save_button.clicked.connect(self._on_save_clicked)
        remove_button.clicked.connect(self._on_remove_clicked)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(
            QLabel(self.tr("每行一项：“2027-01-01~2027-01-03 休 元旦”，调休上班日“2027-02-07 班”"))
        )
        rl.addWidget(self.editor, 1)
        rl.addWidget(self.status)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.years)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        buttons = QHBoxLayout()
        for b in (new_button, import_button, check_button, save_button, remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self.infos: tuple[calendar_service.CalendarYearInfo, ...] = ()
        self.refresh()

    def refresh(self) -> None:
        self.ctx.run_query(lambda ws, job: calendar_service.calendar_years(ws), self._on_years)

    def _on_years(self, infos: tuple[calendar_service.CalendarYearInfo, ...]) -> None:
        self.infos = infos
        self.years.set_rows(
            [
                (
                    i.year,
                    i.source,
                    i.holidays,
                    i.make_up_days,
                    i.working_days,
                    self.tr("用户添加") if i.origin == "user" else self.tr("随软件提供"),
                )
                for i in infos
            ],
            [i.year for i in infos],
        )
        self.status.setText(
            self.tr(
                "已有 {0} 年的安排；没有数据的年份不会被猜测，相关期限会提示“日历缺失”。"
            ).format("、".join(str(i.year) for i in infos))
        )

    def _on_years_selection_changed(self, *args: object) -> None:
        del args
        keys = self.years.selected_keys()
        if keys:
            year = keys[0]
            self.ctx.run_query(
                lambda ws, job: calendar_service.export_calendar_year(ws, year, fmt="text"),
                self.editor.setPlainText,
            )

    def _on_new_clicked(self) -> None:
        year = (self.infos[-1].year + 1) if self.infos else local_today().year
        self.editor.setPlainText(self.TEMPLATE.format(year=year))

    def _on_import_clicked(self) -> None:
        path, _ = files.getOpenFileName(
            self, self.tr("导入放假安排"), "", self.tr("放假安排 (*.json *.txt);;所有文件 (*)")
        )
        if path:
            try:
                cal = parse_holiday_file(Path(path).read_bytes())
            except AppError as exc:
                show_error(self, exc)
                return
            self.editor.setPlainText(dump_holiday_file(cal, fmt="text"))
            self.status.setText(self.tr("已读入{0}年，请核对后保存").format(cal.year))

    def _parsed(self):  # type: ignore[no-untyped-def]
        try:
            return parse_holiday_file(self.editor.toPlainText())
        except AppError as exc:
            show_error(self, exc)
            return None

    def _on_check_clicked(self) -> None:
        cal = self._parsed()
        if cal is not None:
            self.status.setText(
                self.tr("{0}年：放假{1}天，调休上班{2}天，全年工作日{3}天，无误。").format(
                    cal.year, len(cal.days_off()), len(cal.workdays), len(cal.working_days())
                )
            )

    def _on_save_clicked(self) -> None:
        cal = self._parsed()
        if cal is None:
            return
        if any(i.year == cal.year for i in self.infos):
            answer = QMessageBox.question(
                self,
                self.windowTitle(),
                self.tr("{0}年已有安排，是否用当前内容替换？").format(cal.year),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.ctx.run_mutation(
            lambda ws, job: calendar_service.save_calendar_year(ws, cal),
            self._on_saved,
            on_error=lambda exc: show_error(self, exc),
        )

    def _on_saved(self, changes) -> None:  # type: ignore[no-untyped-def]
        self.status.setText(changes.message)
        self.refresh()

    def _on_remove_clicked(self) -> None:
        keys = self.years.selected_keys()
        if not keys:
            return
        year = keys[0]
        self.ctx.run_mutation(
            lambda ws, job: calendar_service.delete_calendar_year(ws, year),
            self._on_saved,
            on_error=lambda exc: show_error(self, exc),
        )
