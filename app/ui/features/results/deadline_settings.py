"""期限设置: the working-day limits (publication, dispatch, inspector choice, plan adjustment,
the 即将到期 window) with the rules they come from, and a due-date preview on the calendar.

Reads and saves through services.results.deadlines; the calendar itself is edited in CalendarDialog.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.core.domain.calendar import (
    DEADLINE_RULE_LABELS,
    DEADLINE_RULE_SOURCES,
    DEADLINE_RULES,
    WorkCalendar,
)
from app.core.domain.errors import MissingCalendarYearError
from app.core.domain.localtime import local_today
from app.core.domain.roles import Permission
from app.core.services.results import calendar as calendar_service
from app.core.services.results import deadlines
from app.core.services.results.deadlines import DeadlineSettings
from app.ui.context import UiContext
from app.ui.errors import show_error
from app.ui.widgets.dates import pydate, qdate

RULES = ("publication", "dispatch", "inspector_choice", "plan_adjustment")
DUE_SOON_DEFAULT = DeadlineSettings().due_soon
MAX_DAYS = 120  # the service refuses more


class DeadlineSettingsDialog(QDialog):
    """期限设置: one spin box per rule beside its citation and the due date it gives."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # Changing the office's limits is an administrator's setting (services.results.deadlines).
        self.can_edit = ctx.workspace.actor.can(Permission.ADMINISTER)
        self.setObjectName("deadlineSettings")
        self.setWindowTitle(self.tr("期限设置"))
        self.resize(900, 400)
        self.loaded: DeadlineSettings | None = None
        self.calendar: WorkCalendar | None = None
        self.spins: dict[str, QSpinBox] = {}
        self.previews: dict[str, QLabel] = {}

        intro = QLabel(
            self.tr(
                "期限按工作日计算：起算日当天不计，自次日起的第N个工作日为截止日；"
                "法定节假日和调休以“工作日历”为准，没有放假安排的年份不会被推算。"
            )
        )
        intro.setWordWrap(True)
        today = local_today()
        self.start_edit = QDateEdit(qdate(today))
        self.start_edit.setObjectName("deadlinePreviewStart")
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDisplayFormat("yyyy-MM-dd")
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        heads = (
            self.tr("期限"),
            self.tr("工作日"),
            self.tr("规定/默认"),
            self.tr("示例截止日"),
        )
        for col, text in enumerate(heads):
            head = QLabel(f"<b>{text}</b>")
            grid.addWidget(head, 0, col)
        rows = [(rule, DEADLINE_RULE_LABELS[rule], DEADLINE_RULES[rule]) for rule in RULES]
        rows.append(("due_soon", self.tr("“即将到期”提醒：剩余工作日不超过"), DUE_SOON_DEFAULT))
        for r, (rule, label, default) in enumerate(rows, start=1):
            spin = QSpinBox()
            spin.setObjectName(f"deadline_{rule}")
            spin.setRange(1 if rule == "publication" else 0, MAX_DAYS)
            spin.setSuffix(self.tr(" 个工作日"))
            spin.setReadOnly(not self.can_edit)
            spin.valueChanged.connect(lambda _v: self._update_previews())
            self.spins[rule] = spin
            caption = QLabel(label)
            caption.setBuddy(spin)
            grid.addWidget(caption, r, 0)
            grid.addWidget(spin, r, 1)
            source = DEADLINE_RULE_SOURCES.get(rule)
            grid.addWidget(
                QLabel(
                    self.tr("{0}个工作日（{1}）").format(default, source)
                    if source
                    else self.tr("{0}个工作日").format(default)
                ),
                r,
                2,
            )
            preview = QLabel()
            preview.setObjectName(f"deadlinePreview_{rule}")
            self.previews[rule] = preview
            grid.addWidget(preview, r, 3)
        grid.setColumnStretch(3, 1)
        rules_box = QGroupBox(self.tr("期限规则"))
        rules_box.setLayout(grid)

        start_row = QHBoxLayout()
        start_row.addWidget(QLabel(self.tr("示例起算日（如检查完成日）")))
        start_row.addWidget(self.start_edit)
        start_row.addStretch(1)
        grid.addLayout(start_row, len(rows) + 1, 0, 1, 4)

        self.warning = QLabel()
        self.warning.setObjectName("deadlineWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color:#a04000;")
        self.calendar_label = QLabel()
        self.calendar_label.setObjectName("deadlineCalendarYears")
        self.calendar_label.setWordWrap(True)
        calendar_button = QPushButton(self.tr("工作日历（法定节假日）…"))
        calendar_button.setObjectName("openCalendar")
        calendar_button.clicked.connect(self._on_calendar_clicked)
        cal_row = QHBoxLayout()
        cal_row.addWidget(self.calendar_label, 1)
        cal_row.addWidget(calendar_button)

        self.status = QLabel()
        self.status.setObjectName("deadlineSettingsStatus")
        self.status.setWordWrap(True)
        if not self.can_edit:
            self.status.setText(self.tr("只有管理员可以修改期限设置；这里仅供查看。"))
        self.defaults_button = QPushButton(self.tr("恢复规定值"))
        self.defaults_button.setObjectName("deadlineDefaults")
        self.defaults_button.setEnabled(self.can_edit)
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setObjectName("saveDeadlineSettings")
        self.save_button.setDefault(True)
        self.save_button.setEnabled(False)
        close_button = QPushButton(self.tr("关闭") if not self.can_edit else self.tr("取消"))
        close_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.defaults_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(rules_box)
        layout.addWidget(self.warning)
        layout.addLayout(cal_row)
        layout.addStretch(1)
        layout.addLayout(buttons)

        self.start_edit.dateChanged.connect(lambda _d: self._update_previews())
        self.defaults_button.clicked.connect(self._on_defaults_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
        close_button.clicked.connect(self.reject)
        self.refresh()

    def refresh(self) -> None:
        """Loads the settings, the calendar and its years (off the GUI thread)."""
        self.ctx.run_query(
            lambda ws, job: (
                deadlines.deadline_settings(ws),
                calendar_service.load_calendar(ws),
                calendar_service.calendar_years(ws),
            ),
            self._on_loaded,
            on_error=lambda exc: show_error(self, exc),
        )

    def _on_loaded(
        self,
        result: tuple[
            DeadlineSettings, WorkCalendar, tuple[calendar_service.CalendarYearInfo, ...]
        ],
    ) -> None:
        if not isValid(self) or not isValid(self.save_button):  # closed before the answer came
            return
        settings, calendar, years = result
        self.loaded = settings
        self.calendar = calendar
        self.set_values(settings)
        known = "、".join(str(i.year) for i in years) or self.tr("无")
        self.calendar_label.setText(
            self.tr("工作日历已有 {0} 年的放假安排。新年份请按国务院办公厅通知添加。").format(known)
        )
        self._update_previews()

    def set_values(self, settings: DeadlineSettings) -> None:
        for rule, spin in self.spins.items():
            spin.setValue(settings.days(rule))

    def values(self) -> DeadlineSettings:
        return DeadlineSettings(**{rule: spin.value() for rule, spin in self.spins.items()})

    def _update_previews(self) -> None:
        cal = self.calendar
        start = pydate(self.start_edit.date())
        current = self.values()
        for rule, label in self.previews.items():
            if rule == "due_soon":
                label.setText(
                    self.tr("剩余 ≤ {0} 个工作日时标为“即将到期”").format(current.due_soon)
                )
                continue
            if cal is None:
                label.setText("…")
                continue
            label.setText(self._preview_text(cal, rule, start, current))
        longer = [
            self.tr("{0}设为{1}个工作日，长于规定的{2}个工作日").format(
                DEADLINE_RULE_LABELS[rule], current.days(rule), DEADLINE_RULES[rule]
            )
            for rule in RULES
            if current.days(rule) > DEADLINE_RULES[rule]
        ]
        self.warning.setText(self.tr("注意：") + "；".join(longer) + "。" if longer else "")
        self.warning.setVisible(bool(longer))
        changed = self.loaded is not None and current != self.loaded
        self.save_button.setEnabled(self.can_edit and changed)

    def _preview_text(
        self, cal: WorkCalendar, rule: str, start: date, current: DeadlineSettings
    ) -> str:
        try:
            if rule == "inspector_choice":
                # The list arrives at the latest on the dispatch deadline (services.results.deadlines).
                received = cal.add_working_days(start, current.dispatch)
                due = cal.add_working_days(received, current.inspector_choice)
                return self.tr("{0}（自名单送达日 {1} 起算）").format(due, received)
            return str(cal.add_working_days(start, current.days(rule)))
        except MissingCalendarYearError as exc:
            return self.tr("日历缺少{0}年的放假安排，无法计算").format(exc.year)

    def _on_defaults_clicked(self) -> None:
        self.set_values(DeadlineSettings())

    def _on_calendar_clicked(self) -> None:
        from app.ui.features.results.dialogs import CalendarDialog

        CalendarDialog(self.ctx, self).exec()
        self.refresh()  # a year may have been added: previews change

    def _on_save_clicked(self) -> None:
        new = self.values()  # read the widgets here, never in the worker
        self.save_button.setEnabled(False)
        self.status.setText(self.tr("正在保存并重新计算未公示结果的截止日…"))
        self.ctx.run_mutation(
            lambda ws, job: deadlines.update_deadline_settings(ws, new),
            lambda changes: self._on_saved(new, changes),
            on_error=self._on_save_failed,
        )

    def _on_saved(self, new: DeadlineSettings, changes: object) -> None:
        del changes  # the context has announced its areas
        if not isValid(self):
            return
        self.loaded = new
        self.status.setText(self.tr("期限设置已保存；未公示结果的截止日已按新期限重新计算。"))
        self.accept()

    def _on_save_failed(self, exc: BaseException) -> None:
        if not isValid(self):
            show_error(None, exc)
            return
        self.status.clear()
        self._update_previews()
        show_error(self, exc)
