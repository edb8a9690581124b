"""The task editor dialog: items, pool filter, strata, mandatory / exclusions, team rules, dates,
with a live pool-size preview per stratum. Builds a TaskDraft; the service validates and saves.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from app.core.domain.ids import PlanId
from app.core.domain.localtime import local_today
from app.core.services.admin.overview import Table
from app.core.services.plan import task_views
from app.core.services.plan.task_rules import METHODS, StratumRule, TaskDraft, TaskItemRule
from app.core.services.plan.task_views import PoolPreview
from app.ui.context import UiContext
from app.ui.widgets.dates import pydate, qdate
from app.ui.widgets.fit import scrolling
from app.ui.widgets.list_completer import ListCompleter
from app.ui.widgets.simple_table import SimpleTableView

STRATA_HEADERS = (
    QT_TRANSLATE_NOOP("TaskEditorDialog", "代码"),
    QT_TRANSLATE_NOOP("TaskEditorDialog", "名称"),
    QT_TRANSLATE_NOOP("TaskEditorDialog", "信用等级"),
    QT_TRANSLATE_NOOP("TaskEditorDialog", "风险等级"),
    QT_TRANSLATE_NOOP("TaskEditorDialog", "比例‰"),
    QT_TRANSLATE_NOOP("TaskEditorDialog", "户数"),
    QT_TRANSLATE_NOOP("TaskEditorDialog", "资格"),
)


def _split(text: str) -> tuple[str, ...]:
    return tuple(
        x.strip() for x in text.replace("，", ",").replace("、", ",").split(",") if x.strip()
    )


class TaskEditorDialog(QDialog):
    save_requested = Signal()  # 保存 clicked: the page saves and answers with saved() / refused()

    def __init__(
        self,
        ctx: UiContext,
        *,
        draft: TaskDraft | None,
        plan_id: PlanId | None,
        department: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("抽查任务"))
        self.resize(1100, 760)  # an upper bound: ScreenFitter shrinks it to small screens
        self._plan_id = plan_id
        d = draft or TaskDraft(
            name="",
            initiating_department=department,
            plan_id=plan_id,
            participating_departments=(department,),
            strata=(
                StratumRule("A", "信用A级", ("A",), ratio_permille=30),
                StratumRule("B", "信用B级", ("B",), ratio_permille=50),
                StratumRule("C", "信用C级", ("C",), ratio_permille=100),
                StratumRule("D", "信用D级", ("D",), ratio_permille=1000),
            ),
        )
        self._department = d.initiating_department
        page = QVBoxLayout(self)
        body = QWidget()
        outer = QHBoxLayout(body)
        outer.setContentsMargins(0, 0, 0, 0)
        page.addWidget(scrolling(body, self), 1)  # 1366×768 at 150 %: the form scrolls, 保存 stays
        left = QVBoxLayout()
        outer.addLayout(left, 3)

        basic = QGroupBox(self.tr("任务"))
        f = QFormLayout(basic)
        self.name_edit = QLineEdit(d.name)
        self.name_edit.setObjectName("taskName")
        self.participating_edit = QLineEdit("、".join(d.participating_departments))
        self.items_edit = QLineEdit(
            "、".join(
                f"{i.code}:{i.ratio_permille}" if i.ratio_permille else i.code for i in d.items
            )
        )
        self.items_edit.setPlaceholderText(self.tr("事项代码，如 B07、A07:50（一般事项可写比例‰）"))
        self.kinds_edit = QLineEdit("、".join(d.target_kinds))
        self.method_combo = QComboBox()
        self.method_combo.addItems(list(METHODS))
        self.method_combo.setCurrentText(d.method or METHODS[0])
        self.start_edit = QDateEdit(qdate(d.start_on) if d.start_on else qdate(local_today()))
        self.end_edit = QDateEdit(
            qdate(d.end_on) if d.end_on else qdate(local_today()).addMonths(3)
        )
        for w in (self.start_edit, self.end_edit):
            w.setCalendarPopup(True)
        dates = QHBoxLayout()
        dates.addWidget(self.start_edit)
        dates.addWidget(QLabel(self.tr("至")))
        dates.addWidget(self.end_edit)
        f.addRow(self.tr("任务名称"), self.name_edit)
        # 发起部门: the plan's department for a new task; may change until the draw (the task is
        # then renumbered from the new department's short name).
        self.department_combo = QComboBox()
        self.department_combo.setObjectName("initiatingDepartment")
        self.department_combo.addItem(d.initiating_department, d.initiating_department)
        self.department_combo.currentIndexChanged.connect(self._on_department_changed)
        f.addRow(self.tr("发起部门"), self.department_combo)
        if ctx is not None:
            from app.core.services.kernel import accountability

            ctx.run_query(lambda ws, job: accountability.department_list(ws), self._on_departments)
        f.addRow(self.tr("参与部门"), self.participating_edit)
        f.addRow(self.tr("抽查事项"), self.items_edit)
        f.addRow(self.tr("对象类型"), self.kinds_edit)
        f.addRow(self.tr("检查期限"), dates)
        f.addRow(self.tr("检查方式"), self.method_combo)
        self.exception_edit = QLineEdit(d.cap_exception_reason)
        self.exception_edit.setObjectName("capExceptionReason")
        self.exception_edit.setPlaceholderText(
            self.tr("一般事项抽查比例超出上限时，由监管人员填写理由；留痕并印在抽取结果公告上")
        )
        f.addRow(self.tr("超上限例外"), self.exception_edit)
        left.addWidget(basic)

        pool = QGroupBox(self.tr("对象库筛选"))
        pf = QFormLayout(pool)
        self.filter_edits: dict[str, QLineEdit] = {}
        for key, label in (
            ("townships", QT_TRANSLATE_NOOP("TaskEditorDialog", "乡镇")),
            ("supervising_units", QT_TRANSLATE_NOOP("TaskEditorDialog", "管辖单位")),
            ("industry_prefixes", QT_TRANSLATE_NOOP("TaskEditorDialog", "行业代码前缀")),
            ("statuses", QT_TRANSLATE_NOOP("TaskEditorDialog", "登记状态")),
            ("tags", QT_TRANSLATE_NOOP("TaskEditorDialog", "标签")),
            ("special_pools", QT_TRANSLATE_NOOP("TaskEditorDialog", "专项库")),
        ):
            edit = QLineEdit("、".join(d.pool_filter.get(key, [])))
            self.filter_edits[key] = edit
            pf.addRow(self.tr(str(label)), edit)
        left.addWidget(pool)

        strata_box = QGroupBox(self.tr("分层（比例‰ 与户数二选一；比例向上取整）"))
        sv = QVBoxLayout(strata_box)
        self.strata_table = QTableWidget(0, len(STRATA_HEADERS))
        self.strata_table.setObjectName("strataTable")
        self.strata_table.setHorizontalHeaderLabels([self.tr(str(h)) for h in STRATA_HEADERS])
        for s in d.strata:
            self._add_stratum_row(s)
        buttons = QHBoxLayout()
        add = QPushButton(self.tr("增加分层"))
        add.clicked.connect(lambda: self._add_stratum_row(StratumRule("")))
        remove = QPushButton(self.tr("删除分层"))
        remove.clicked.connect(lambda: self.strata_table.removeRow(self.strata_table.currentRow()))
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        sv.addWidget(self.strata_table)
        sv.addLayout(buttons)
        left.addWidget(strata_box)

        right = QVBoxLayout()
        outer.addLayout(right, 2)
        rules = QGroupBox(self.tr("必查、排除与组队"))
        rf = QFormLayout(rules)
        self.key_check = QCheckBox(self.tr("重点对象（全覆盖）"))
        self.key_check.setChecked("重点对象" in d.mandatory_tags)
        self.problem_check = QCheckBox(self.tr("问题对象（投诉举报、转办交办）"))
        self.problem_check.setChecked("问题对象" in d.mandatory_tags)
        self.mandatory_ids = QPlainTextEdit("\n".join(d.mandatory_ids))
        self.mandatory_ids.setMaximumHeight(60)
        self.excluded_statuses = QLineEdit("、".join(d.excluded_statuses))
        self.months_spin = QSpinBox()
        self.months_spin.setRange(0, 60)
        self.months_spin.setValue(d.inspected_within_months)
        self.months_spin.setSuffix(self.tr(" 个月内已检查的不抽（无事不扰）"))
        self.excluded_ids = QPlainTextEdit("\n".join(d.excluded_ids))
        self.excluded_ids.setMaximumHeight(60)
        self.per_target = QSpinBox()
        self.per_target.setRange(2, 10)
        self.per_target.setValue(max(2, d.inspectors_per_target))
        self.max_load = QSpinBox()
        self.max_load.setRange(0, 999)
        self.max_load.setSpecialValueText(self.tr("不限"))
        self.max_load.setValue(d.max_load or 0)
        self.external_check = QCheckBox(self.tr("可抽取外借人员（相邻地区借调）"))
        self.external_check.setObjectName("allowExternal")
        self.external_check.setChecked(d.allow_external)
        self.external_check.setToolTip(
            self.tr("勾选后，名录中填写了“外借来源地区”且在外借有效期内的人员也参加本任务的抽取")
        )
        self.expert_count = QSpinBox()
        self.expert_count.setRange(0, 3)
        self.expert_count.setValue(d.expert_count)
        self.expertise = QLineEdit(d.expert_expertise)
        rf.addRow(self.tr("必查标签"), self.key_check)
        rf.addRow("", self.problem_check)
        rf.addRow(self.tr("必查对象代码"), self.mandatory_ids)
        rf.addRow(self.tr("排除登记状态"), self.excluded_statuses)
        rf.addRow(self.tr("无事不扰"), self.months_spin)
        rf.addRow(self.tr("排除对象代码"), self.excluded_ids)
        rf.addRow(self.tr("每户检查人员"), self.per_target)
        rf.addRow(self.tr("每人最多户数"), self.max_load)
        rf.addRow("", self.external_check)
        rf.addRow(self.tr("每户专家人数"), self.expert_count)
        rf.addRow(self.tr("专家专业"), self.expertise)
        right.addWidget(rules)
        preview_box = QGroupBox(self.tr("对象库预览（按今天的登记状态）"))
        pv = QVBoxLayout(preview_box)
        self.preview_table = SimpleTableView()
        self.preview_table.setObjectName("poolPreview")
        self.preview_note = QLabel()
        self.preview_note.setWordWrap(True)
        pv.addWidget(self.preview_table)
        pv.addWidget(self.preview_note)
        right.addWidget(preview_box, 1)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("计划已公示时：调整理由（必填）"))
        page.addWidget(self.reason_edit)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("taskProblems")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #b00020;")
        self.problem_label.hide()
        page.addWidget(self.problem_label)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.button_box = box
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        page.addWidget(box)

        ctx.run_query(lambda ws, job: task_views.editor_choices(ws), self._on_choices)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self._on_timer_timeout)
        for line in self.findChildren(QLineEdit):
            line.textChanged.connect(self._timer.start)
        for spin in self.findChildren(QSpinBox):
            spin.valueChanged.connect(self._timer.start)
        for check in self.findChildren(QCheckBox):
            check.toggled.connect(self._timer.start)
        self.strata_table.itemChanged.connect(self._timer.start)
        self._timer.start()

    def _on_choices(self, c: task_views.EditorChoices) -> None:
        """Searchable pickers on the code lists (item codes, departments, townships, industries…)."""
        for edit, entries in (
            (self.items_edit, c.items),
            (self.participating_edit, c.departments),
            (self.kinds_edit, c.kinds),
            (self.filter_edits["townships"], c.townships),
            (self.filter_edits["supervising_units"], c.units),
            (self.filter_edits["industry_prefixes"], c.industries),
            (self.filter_edits["statuses"], c.statuses),
            (self.filter_edits["special_pools"], c.special_pools),
            (self.excluded_statuses, c.statuses),
        ):
            ListCompleter(edit, entries)

    # -- validate, then close ----------------------------------------------------------------

    @override
    def accept(self) -> None:
        """保存 asks the service first (`save_requested`); the dialog closes only when the
        save was accepted (`saved`), and a refusal stays in it with the field marked."""
        self._mark([])
        self.problem_label.hide()
        self.button_box.setEnabled(False)
        self.save_requested.emit()

    def saved(self) -> None:
        self.button_box.setEnabled(True)
        super().accept()

    def refused(self, message: str, more: Sequence[str] = ()) -> None:
        """The service's refusal shown in the dialog: its message, then every further problem
        (`more`), so all are seen at the first 保存; each field named is marked, the first
        focused."""
        self.button_box.setEnabled(True)
        self.problem_label.setText("\n".join([message, *(f"· {p}" for p in more)]))
        self.problem_label.show()
        named = [message, *more]
        self._mark([w for words, w in self._fields() if any(x in p for p in named for x in words)])

    def _fields(self) -> list[tuple[tuple[str, ...], QWidget]]:
        return [
            (("调整理由", "理由"), self.reason_edit),
            (("超上限", "例外"), self.exception_edit),
            (("事项",), self.items_edit),
            (("任务名称", "名称"), self.name_edit),
            (("参与部门",), self.participating_edit),
            (("对象类型",), self.kinds_edit),
            (("分层",), self.strata_table),
        ]

    def _mark(self, fields: Sequence[QWidget]) -> None:
        for _words, widget in self._fields():
            widget.setStyleSheet("")
            widget.setProperty("invalid", False)
        for field in fields:
            field.setStyleSheet("border: 2px solid #b00020;")
            field.setProperty("invalid", True)
        if fields:
            fields[0].setFocus()

    def _add_stratum_row(self, s: StratumRule) -> None:
        r = self.strata_table.rowCount()
        self.strata_table.insertRow(r)
        values = (
            s.code,
            s.label,
            "、".join(s.credit_grades),
            "、".join(s.risk_classes),
            "" if s.ratio_permille is None else str(s.ratio_permille),
            "" if s.count is None else str(s.count),
            s.qualification,
        )
        for c, v in enumerate(values):
            self.strata_table.setItem(r, c, QTableWidgetItem(v))

    def _cell(self, r: int, c: int) -> str:
        item = self.strata_table.item(r, c)
        return item.text().strip() if item else ""

    @staticmethod
    def _int(text: str) -> int | None:
        try:
            return int(text) if text else None
        except ValueError:
            return -1  # the service names the row and field

    def _on_departments(self, choices: list[tuple[str, str]]) -> None:
        current = self._department
        self.department_combo.blockSignals(True)
        self.department_combo.clear()
        for code, name in choices:
            self.department_combo.addItem(name, code)
        index = self.department_combo.findData(current)
        if index < 0:
            self.department_combo.addItem(current, current)
            index = self.department_combo.count() - 1
        self.department_combo.setCurrentIndex(index)
        self.department_combo.blockSignals(False)

    def _on_department_changed(self, _index: int) -> None:
        code = self.department_combo.currentData()
        if code:
            self._department = code

    def draft(self) -> TaskDraft:
        strata = tuple(
            StratumRule(
                code=self._cell(r, 0),
                label=self._cell(r, 1),
                credit_grades=_split(self._cell(r, 2)),
                risk_classes=_split(self._cell(r, 3)),
                ratio_permille=self._int(self._cell(r, 4)),
                count=self._int(self._cell(r, 5)),
                qualification=self._cell(r, 6),
            )
            for r in range(self.strata_table.rowCount())
        )
        items = []
        for part in _split(self.items_edit.text()):
            code, _sep, ratio = part.partition(":")
            items.append(TaskItemRule(code.strip(), self._int(ratio.strip())))
        tags = tuple(
            t
            for t, box in (("重点对象", self.key_check), ("问题对象", self.problem_check))
            if box.isChecked()
        )
        start = pydate(self.start_edit.date())
        end = pydate(self.end_edit.date())
        assert isinstance(start, date) and isinstance(end, date)
        return TaskDraft(
            name=self.name_edit.text(),
            initiating_department=self._department,
            plan_id=self._plan_id,
            participating_departments=_split(self.participating_edit.text()),
            target_kinds=_split(self.kinds_edit.text()),
            pool_filter={
                k: list(_split(e.text())) for k, e in self.filter_edits.items() if e.text().strip()
            },
            strata=strata,
            mandatory_tags=tags,
            mandatory_ids=tuple(
                x.strip() for x in self.mandatory_ids.toPlainText().split() if x.strip()
            ),
            excluded_statuses=_split(self.excluded_statuses.text()),
            inspected_within_months=self.months_spin.value(),
            excluded_ids=tuple(
                x.strip() for x in self.excluded_ids.toPlainText().split() if x.strip()
            ),
            items=tuple(items),
            inspectors_per_target=self.per_target.value(),
            max_load=self.max_load.value() or None,
            allow_external=self.external_check.isChecked(),
            expert_count=self.expert_count.value(),
            expert_expertise=self.expertise.text(),
            start_on=start,
            end_on=end,
            method=self.method_combo.currentText(),
            cap_exception_reason=self.exception_edit.text(),
        )

    def reason(self) -> str:
        return self.reason_edit.text()

    def _on_timer_timeout(self) -> None:
        draft = self.draft()
        self.ctx.run_query(
            lambda ws, job: task_views.preview_pool(ws, draft),
            self._on_preview,
            on_error=self._on_preview_failed,
        )

    def _on_preview(self, p: PoolPreview) -> None:
        self.preview_table.set_table(
            Table(
                ("分层", "规则", "对象库", "排除", "必查", "可抽", "将抽取"),
                tuple(
                    (
                        s.label,
                        s.rule,
                        str(s.pool),
                        str(s.excluded),
                        str(s.mandatory),
                        str(s.eligible),
                        str(s.quota),
                    )
                    for s in p.strata
                ),
            )
        )
        text = self.tr("对象库共 {0} 户，未归入分层 {1} 户；可抽执法人员 {2} 名。").format(
            p.total, p.unstratified, p.inspectors
        )
        if p.warnings:
            text += "\n" + "\n".join(p.warnings[:5])
        self.preview_note.setText(text)

    def _on_preview_failed(self, exc: BaseException) -> None:
        self.preview_note.setText(str(exc))
        self.preview_note.setAlignment(Qt.AlignmentFlag.AlignLeft)
