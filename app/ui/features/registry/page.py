"""名录库 tab: sub-tabs 检查对象 / 执法检查人员 / 专家 / 抽查事项 / 回避 with filters, search,
edit, deactivate, history, import and export. Reaches services only through the UiContext.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.domain.ids import ExpertId, InspectorId, ItemId, TargetId
from app.core.services.admin.overview import Table
from app.core.services.kernel.workspace import Area
from app.core.services.registry import conflicts, experts, inspectors, items, targets
from app.core.services.registry.departments import list_departments
from app.core.services.registry.fields import REGISTRY_LABELS
from app.core.services.registry.vocab import field_choices
from app.ui.context import UiContext
from app.ui.features.page import Page
from app.ui.features.registry.dialogs import HistoryDialog, RecordDialog
from app.ui.features.registry.sources import QUERIES, SOURCES
from app.ui.models.lazy_table import LazyTableModel
from app.ui.widgets import files
from app.ui.widgets.confirm import confirm
from app.ui.widgets.simple_table import SimpleTableView

_TAB_TITLES = {
    "targets": QT_TRANSLATE_NOOP("RegistryPage", "检查对象"),
    "inspectors": QT_TRANSLATE_NOOP("RegistryPage", "执法检查人员"),
    "experts": QT_TRANSLATE_NOOP("RegistryPage", "专家"),
    "items": QT_TRANSLATE_NOOP("RegistryPage", "抽查事项"),
}
_NOUN = {
    "targets": QT_TRANSLATE_NOOP("RegistryTab", "检查对象"),
    "inspectors": QT_TRANSLATE_NOOP("RegistryTab", "检查人员"),
    "experts": QT_TRANSLATE_NOOP("RegistryTab", "专家"),
    "items": QT_TRANSLATE_NOOP("RegistryTab", "抽查事项"),
}
# The generic registry tab's row id goes to the kind's own service (typed there).
_GET: dict[str, Callable[[Any, Any], Any]] = {
    "targets": targets.get_target,
    "inspectors": inspectors.get_inspector,
    "experts": experts.get_expert,
    "items": items.get_item,
}
_HISTORY: dict[str, Callable[[Any, Any], Any]] = {
    "targets": targets.target_history,
    "inspectors": inspectors.inspector_history,
    "experts": experts.expert_history,
    "items": items.item_history,
}


def _excel():  # type: ignore[no-untyped-def]
    """The xlsx service, imported when first used: openpyxl stays out of the app's start-up."""
    from app.core.services.registry import excel

    return excel


def _save(kind: str, row_id: int | None):  # type: ignore[no-untyped-def]
    """The service call of a dialog's save: values, accepted warnings, the version it loaded."""
    if kind == "targets":
        return lambda ws, v, a, version: targets.save_target(
            ws,
            target_id=None if row_id is None else TargetId(row_id),
            values=v,
            accept_warnings=a,
            expected_version=version,
        )
    if kind == "inspectors":
        return lambda ws, v, a, version: inspectors.save_inspector(
            ws,
            inspector_id=None if row_id is None else InspectorId(row_id),
            values=v,
            accept_warnings=a,
            expected_version=version,
        )
    if kind == "experts":
        return lambda ws, v, a, version: experts.save_expert(
            ws,
            expert_id=None if row_id is None else ExpertId(row_id),
            values=v,
            accept_warnings=a,
            expected_version=version,
        )
    return lambda ws, v, a, version: items.save_item(
        ws,
        item_id=None if row_id is None else ItemId(row_id),
        values=v,
        accept_warnings=a,
        expected_version=version,
    )


def _form_values(loaded: Any) -> dict[str, Any]:
    """A loaded row (detail, departments) as the dialog's editors show it."""
    detail, depts = loaded
    values = dict(detail.values)
    if "claims" in values:
        names = {d.id: d.name for d in depts}
        values["claims"] = [names.get(i, str(i)) for i in values["claims"]]
    return values


class FilterBox(QComboBox):
    """A one-value filter: the first entry means "all"."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.set_choices([])
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setMaximumWidth(190)

    def set_choices(self, choices: list[tuple[Any, str]]) -> None:
        current = self.currentData()
        self.blockSignals(True)
        self.clear()
        self.addItem(self.tr("{0}：全部").format(self.label), None)
        for value, text in choices:
            self.addItem(f"{self.label}：{text}", value)  # the chosen filter stays legible
        i = self.findData(current) if current is not None else 0
        self.setCurrentIndex(max(i, 0))
        self.blockSignals(False)

    def value(self) -> tuple[Any, ...]:
        data = self.currentData()
        return () if data is None else (data,)


class RegistryTab(QWidget):
    """One registry: filter bar, lazy table, actions."""

    def __init__(self, ctx: UiContext, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.kind = ctx, kind
        self.last_dialog: QDialog | None = None  # the dialog opened last (tests reach it here)
        self.setObjectName(f"registryTab_{kind}")
        self.model = LazyTableModel(SOURCES[kind], self._executor, parent=self)
        self.model.ids_loaded.connect(self._on_model_ids_loaded)
        self.search = QLineEdit()
        self.search.setObjectName("registrySearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("搜索名称或代码（支持一两个字）")
            if kind == "targets"
            else self.tr("搜索姓名、编号、单位")
        )
        self.search.setMinimumWidth(220)
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.filters: dict[str, FilterBox] = {}
        bar = QHBoxLayout()
        bar.addWidget(self.search)
        for key, label in self._filter_defs():
            box = FilterBox(self.tr(label))
            box.setObjectName(f"filter_{key}")
            box.currentIndexChanged.connect(lambda _i: self.apply_filters())
            self.filters[key] = box
            bar.addWidget(box)
        self.industry = QLineEdit()
        if kind == "targets":
            self.industry.setPlaceholderText(self.tr("行业代码前缀"))
            self.industry.setMaximumWidth(110)
            self.industry.textChanged.connect(lambda _t: self._debounce.start())
            bar.addWidget(self.industry)
        extra = {
            "targets": QT_TRANSLATE_NOOP("RegistryTab", "含已停用"),
            "inspectors": QT_TRANSLATE_NOOP("RegistryTab", "仅可抽取"),
            "items": QT_TRANSLATE_NOOP("RegistryTab", "含历史版本"),
        }.get(kind)
        self.extra = QCheckBox(self.tr(str(extra)) if extra else "")
        self.extra.setObjectName("registryExtraFilter")
        self.extra.setVisible(bool(extra))
        self.extra.toggled.connect(lambda _c: self.apply_filters())
        bar.addWidget(self.extra)
        bar.addStretch(1)

        actions = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text in (
            ("add", QT_TRANSLATE_NOOP("RegistryTab", "新增")),
            ("edit", QT_TRANSLATE_NOOP("RegistryTab", "编辑")),
            ("toggle", QT_TRANSLATE_NOOP("RegistryTab", "停用/启用")),
            ("history", QT_TRANSLATE_NOOP("RegistryTab", "变更记录")),
            ("import", QT_TRANSLATE_NOOP("RegistryTab", "导入…")),
            ("export", QT_TRANSLATE_NOOP("RegistryTab", "导出当前筛选…")),
            ("template", QT_TRANSLATE_NOOP("RegistryTab", "下载模板…")),
            ("check", QT_TRANSLATE_NOOP("RegistryTab", "登记检查…")),
            ("pools", QT_TRANSLATE_NOOP("RegistryTab", "导入专项库…")),
        ):
            b = QPushButton(self.tr(str(text)))
            b.setObjectName(f"registry_{key}")
            b.clicked.connect(getattr(self, f"_on_{key}_clicked"))
            self.buttons[key] = b
            actions.addWidget(b)
        self.buttons["toggle"].setToolTip(
            self.tr("停用的记录不再进入随机抽取，历史保留，可再启用（先询问）")
        )
        self.buttons["history"].setToolTip(self.tr("这条记录的每次修改：谁、何时、改了什么"))
        self.buttons["template"].setToolTip(self.tr("下载可直接填写的 Excel 导入模板"))
        self.buttons["check"].setVisible(kind == "targets")
        self.buttons["pools"].setVisible(kind == "targets")
        self.buttons["pools"].setToolTip(
            self.tr("导入专项库名单及许可信息（许可证名称、编号、有效期）；任务可从专项库抽取")
        )
        self.buttons["check"].setToolTip(
            self.tr("登记投诉举报、转办交办、专项检查、日常检查等随机抽查以外的检查")
        )
        actions.addStretch(1)
        self.count = QLabel()
        self.count.setObjectName("registryCount")
        actions.addWidget(self.count)

        self.view = QTableView()
        self.view.setObjectName("registryTable")
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicatorShown(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(lambda _i: self._on_edit_clicked())
        self._set_widths()

        # The two toolbars scroll sideways rather than force a wide window (800×600 screens).
        strip = QWidget()
        strip_layout = QVBoxLayout(strip)
        strip_layout.setContentsMargins(0, 0, 0, 0)
        strip_layout.addLayout(bar)
        strip_layout.addLayout(actions)
        scroller = QScrollArea()
        scroller.setWidget(strip)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroller.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        scroller.setFixedHeight(
            strip.sizeHint().height() + scroller.horizontalScrollBar().sizeHint().height() + 2
        )
        layout = QVBoxLayout(self)
        layout.addWidget(scroller)
        layout.addWidget(self.view, 1)
        self.view.setMinimumWidth(200)
        self._options_loaded = False

    def _executor(self, fn: Any, done: Any) -> None:
        # Pages of one list load side by side (the model asks for each): every one lands.
        self.ctx.run_query(lambda ws, job: fn(ws), done, key=None)

    def _set_widths(self) -> None:
        widths = {
            "code": 170,
            "name": 260,
            "cert_no": 110,
            "address": 200,
            "supervising_unit": 130,
            "department": 150,
            "unit": 150,
            "tags": 140,
        }
        if self.kind != "targets":
            widths["name"] = 90
        for i, (key, _h) in enumerate(SOURCES[self.kind].columns):
            self.view.setColumnWidth(i, widths.get(key, 90))

    def _filter_defs(self) -> list[tuple[str, str]]:
        defs = {
            "targets": [
                ("kind", QT_TRANSLATE_NOOP("RegistryTab", "类型")),
                ("township", QT_TRANSLATE_NOOP("RegistryTab", "属地")),
                ("unit", QT_TRANSLATE_NOOP("RegistryTab", "管辖单位")),
                ("credit", QT_TRANSLATE_NOOP("RegistryTab", "信用")),
                ("risk", QT_TRANSLATE_NOOP("RegistryTab", "风险")),
                ("status", QT_TRANSLATE_NOOP("RegistryTab", "存续")),
                ("tag", QT_TRANSLATE_NOOP("RegistryTab", "标签")),
                ("pool", QT_TRANSLATE_NOOP("RegistryTab", "专项库")),
                ("department", QT_TRANSLATE_NOOP("RegistryTab", "认领部门")),
            ],
            "inspectors": [
                ("department", QT_TRANSLATE_NOOP("RegistryTab", "部门")),
                ("status", QT_TRANSLATE_NOOP("RegistryTab", "状态")),
            ],
            "experts": [("status", QT_TRANSLATE_NOOP("RegistryTab", "状态"))],
            "items": [
                ("department", QT_TRANSLATE_NOOP("RegistryTab", "部门")),
                ("kind", QT_TRANSLATE_NOOP("RegistryTab", "类型")),
            ],
        }[self.kind]
        return [(key, str(label)) for key, label in defs]

    # -- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        if not self._options_loaded:
            self.ctx.run_query(lambda ws, job: self._load_options(ws), self._on_options_loaded)
        self.apply_filters()

    def _load_options(self, ws: Any) -> dict[str, list[tuple[Any, str]]]:
        depts = [(d.id, d.name) for d in list_departments(ws)]
        status = [("在岗", self.tr("在岗")), ("失效", self.tr("失效"))]
        if self.kind == "targets":
            o = targets.filter_options(ws)
            return {
                "kind": [(v, v) for v in o.kinds],
                "township": [(v, v) for v in o.townships],
                "unit": [(v, v) for v in o.units],
                "credit": [(v, v) for v in o.credit_grades],
                "risk": [(v, v) for v in o.risk_classes],
                "status": [(v, v) for v in o.statuses],
                "tag": [(v, v) for v in o.tags],
                "pool": [(v, v) for v in o.special_pools],
                "department": depts,
            }
        if self.kind == "inspectors":
            return {"department": depts, "status": status}
        if self.kind == "experts":
            return {"status": status}
        return {"department": depts, "kind": [("重点", self.tr("重点")), ("一般", self.tr("一般"))]}

    def _on_options_loaded(self, options: dict[str, list[tuple[Any, str]]]) -> None:
        self._options_loaded = True
        for key, choices in options.items():
            if key in self.filters:
                self.filters[key].set_choices(choices)

    def query(self) -> Any:
        f = {k: box.value() for k, box in self.filters.items()}
        base = self.model.query or QUERIES[self.kind]()
        text = self.search.text()
        if self.kind == "targets":
            industry = tuple(
                p for p in self.industry.text().replace("，", ",").split(",") if p.strip()
            )
            return replace(
                base,
                text=text,
                kinds=f["kind"],
                townships=f["township"],
                units=f["unit"],
                credit_grades=f["credit"],
                risk_classes=f["risk"],
                statuses=f["status"],
                tags=f["tag"],
                special_pools=f["pool"],
                department_ids=f["department"],
                include_inactive=self.extra.isChecked(),
                industry_prefixes=tuple(p.strip().lstrip("ABCDEFGHIJKLMNOPQRST") for p in industry),
            )
        if self.kind == "inspectors":
            return replace(
                base,
                text=text,
                department_ids=f["department"],
                statuses=f["status"],
                eligible_only=self.extra.isChecked(),
            )
        if self.kind == "experts":
            return replace(base, text=text, statuses=f["status"])
        return replace(
            base,
            text=text,
            department_ids=f["department"],
            kinds=f["kind"],
            include_old_versions=self.extra.isChecked(),
        )

    def apply_filters(self) -> None:
        self.count.setText(self.tr("加载中…"))
        self.model.set_query(self.query())

    def _on_model_ids_loaded(self, n: int) -> None:
        self.count.setText(self.tr("共 {0} 条").format(f"{n:,}"))

    # -- actions ----------------------------------------------------------------------------

    def selected_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return self.model.id_at(rows[0].row()) if rows else None

    def _on_add_clicked(self) -> None:
        self._open_editor(None, None)

    def _on_edit_clicked(self) -> None:
        row_id = self.selected_id()
        if row_id is None:
            return
        getter = _GET[self.kind]
        self.ctx.run_query(
            lambda ws, job: (getter(ws, row_id), list_departments(ws)),
            lambda res: self._open_editor(row_id, res),
            key=f"editor-record-{id(self)}",
        )

    def _open_editor(self, row_id: int | None, loaded: Any) -> None:
        kind = self.kind
        self.ctx.run_query(
            lambda ws, job: field_choices(ws, kind),
            lambda choices: self._show_editor(row_id, loaded, choices),
            key=f"editor-choices-{id(self)}",
        )

    def _show_editor(self, row_id: int | None, loaded: Any, choices: dict) -> None:
        values = None if loaded is None else _form_values(loaded)
        getter = _GET[self.kind]

        def reload(ws: Any) -> tuple[dict[str, Any], int]:
            fresh = (getter(ws, row_id), list_departments(ws))
            return _form_values(fresh), fresh[0].version

        noun = self.tr(str(_NOUN[self.kind]))
        title = self.tr("编辑{0}").format(noun) if row_id else self.tr("新增{0}").format(noun)
        if self.kind == "items" and row_id:
            title = self.tr("调整抽查事项（保存为新版本）")
        dialog = RecordDialog(
            self.ctx,
            kind=self.kind,
            title=title,
            values=values,
            save=_save(self.kind, row_id),
            choices=choices,
            version=None if loaded is None else loaded[0].version,
            reload=reload if row_id is not None else None,
            parent=self,
        )
        dialog.saved.connect(self.model.reload)
        dialog.open()
        self.last_dialog = dialog

    def _on_toggle_clicked(self) -> None:
        row_id = self.selected_id()
        if row_id is None:
            return
        view_row = self.view.selectionModel().selectedRows()[0].row()
        row = self.model.loaded_row(view_row)
        active = row.active if row is not None else True
        if self.kind == "items":
            if not active:
                return
            reason, ok = QInputDialog.getText(self, self.tr("停用抽查事项"), self.tr("停用原因："))
            if ok:
                self.ctx.run_mutation(
                    lambda ws, job: items.retire_item(ws, ItemId(row_id), reason=reason),
                    lambda _r: self.model.reload(),
                )
            return
        fn = {
            "targets": lambda ws: targets.set_target_active(
                ws, TargetId(row_id), active=not active
            ),
            "inspectors": lambda ws: inspectors.set_inspector_status(
                ws, InspectorId(row_id), active=not active
            ),
            "experts": lambda ws: experts.set_expert_status(
                ws, ExpertId(row_id), active=not active
            ),
        }[self.kind]
        name = str(self.model.index(view_row, 1).data() or "")
        if active:
            title = self.tr("停用")
            text = self.tr(
                "停用“{0}”？\n停用后不再进入随机抽取的名录（历史记录保留），可以随时再启用。"
            ).format(name)
        else:
            title = self.tr("启用")
            text = self.tr("启用“{0}”？\n启用后重新进入随机抽取的名录。").format(name)
        confirm(
            self,
            title,
            text,
            title,
            lambda: self.ctx.run_mutation(lambda ws, job: fn(ws), lambda _r: self.model.reload()),
        )

    def _after_import(self) -> None:
        self._options_loaded = False  # a new 专项库, township … appears in the filters
        self.refresh()

    def _on_pools_clicked(self) -> None:
        self._on_import_clicked(kind="licences")

    def _on_check_clicked(self) -> None:
        """登记检查: a check outside the draw, into the ledger (targets only)."""
        row_id = self.selected_id()
        if row_id is None or self.kind != "targets":
            return
        self.ctx.run_query(
            lambda ws, job: targets.get_target(ws, TargetId(row_id)), self._open_check_dialog
        )

    def _open_check_dialog(self, detail: Any) -> None:
        from app.ui.features.registry.check_dialog import CheckRecordDialog

        code = detail.values.get("uscc") or detail.values.get("reg_no") or detail.uid
        dialog = CheckRecordDialog(
            self.ctx, code=code, name=str(detail.values.get("name") or ""), parent=self
        )
        dialog.recorded.connect(self.model.reload)
        dialog.open()
        self.last_dialog = dialog

    def _on_history_clicked(self) -> None:
        row_id = self.selected_id()
        if row_id is None:
            return
        history = _HISTORY[self.kind]
        self.ctx.run_query(lambda ws, job: history(ws, row_id), self._show_history)

    def _show_history(self, entries: list[Any]) -> None:
        dialog = HistoryDialog(self.tr("变更记录"), entries, self)
        dialog.open()
        self.last_dialog = dialog

    def _on_import_clicked(self, _checked: bool = False, kind: str | None = None) -> None:
        from app.ui.features.registry.import_dialog import ImportDialog  # calamine/openpyxl on use

        dialog = ImportDialog(self.ctx, kind or self.kind, self)
        dialog.imported.connect(lambda _r: self._after_import())
        dialog.open()
        self.last_dialog = dialog

    def _on_export_clicked(self) -> None:
        path, _ = files.getSaveFileName(
            self, self.tr("导出"), f"{REGISTRY_LABELS[self.kind]}.xlsx", "Excel (*.xlsx)"
        )
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        kind, query = self.kind, self.query()
        text = self.search.text()
        self.ctx.run_query(
            lambda ws, job: _excel().export_registry(ws, kind, path, query=query, filter_text=text),
            lambda n: self.count.setText(self.tr("已导出 {0} 行到 {1}").format(n, path)),
            key=None,  # a file written: every one is confirmed, none cancelled by the next
        )

    def _on_template_clicked(self) -> None:
        path, _ = files.getSaveFileName(
            self,
            self.tr("下载模板"),
            self.tr("{0}导入模板.xlsx").format(REGISTRY_LABELS[self.kind]),
            "Excel (*.xlsx)",
        )
        if path:
            kind = self.kind
            self.ctx.run_query(
                lambda ws, job: _excel().write_template(ws, kind, path),
                lambda _p: self.count.setText(self.tr("模板已保存：{0}").format(path)),
                key=None,  # a file written: every one is confirmed, none cancelled by the next
            )


class ConflictsTab(QWidget):
    """回避: declared inspector–target conflicts."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("registryTab_conflicts")
        self.table = SimpleTableView()
        self.rows: list[conflicts.ConflictRow] = []
        self.show_all = QCheckBox(self.tr("含已撤销"))
        self.show_all.toggled.connect(lambda _c: self.refresh())
        add = QPushButton(self.tr("登记回避…"))
        add.setObjectName("declareConflictButton")
        add.clicked.connect(self._on_add_clicked)
        withdraw = QPushButton(self.tr("撤销所选"))
        withdraw.clicked.connect(self._on_withdraw_clicked)
        bar = QHBoxLayout()
        for w in (add, withdraw, self.show_all):
            bar.addWidget(w)
        bar.addStretch(1)
        note = QLabel(self.tr("登记的回避关系在随机抽取检查人员时自动排除。"))
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        include = self.show_all.isChecked()
        self.ctx.run_query(
            lambda ws, job: conflicts.list_conflicts(ws, include_withdrawn=include), self._on_loaded
        )

    def _on_loaded(self, rows: list[conflicts.ConflictRow]) -> None:
        self.rows = rows
        self.table.set_table(
            Table(
                ("检查人员", "执法证号", "检查对象", "代码", "回避原因", "登记日期", "状态"),
                tuple(
                    (
                        r.inspector,
                        r.cert_no,
                        r.target,
                        r.target_code,
                        r.reason,
                        r.declared_on.isoformat() if r.declared_on else "",
                        "有效" if r.is_active else "已撤销",
                    )
                    for r in rows
                ),
            )
        )

    def _on_add_clicked(self) -> None:
        from app.ui.features.registry.conflict_dialog import ConflictDialog

        dialog = ConflictDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.declared.connect(self.refresh)
        self.conflict_dialog = dialog
        dialog.open()

    def _on_withdraw_clicked(self) -> None:
        sel = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not sel:
            return
        row = self.rows[sel[0].row()]
        self.ctx.run_mutation(
            lambda ws, job: conflicts.withdraw_conflict(ws, row.id), lambda _r: self.refresh()
        )


class RegistryPage(Page):
    areas = frozenset({Area.TARGETS, Area.INSPECTORS, Area.EXPERTS, Area.ITEMS, Area.CONFLICTS})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("registryPage")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("registryTabs")
        self.registry_tabs: dict[str, RegistryTab] = {}
        for kind in ("targets", "inspectors", "experts", "items"):
            tab = RegistryTab(ctx, kind, self.tabs)
            self.registry_tabs[kind] = tab
            self.tabs.addTab(tab, self.tr(str(_TAB_TITLES[kind])))
        self.conflicts = ConflictsTab(ctx, self.tabs)
        self.tabs.addTab(self.conflicts, self.tr("回避"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tabs)
        self._loaded: set[int] = set()
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)

    def title(self) -> str:
        return self.tr("名录库")

    def refresh(self) -> None:
        """Reloads the visible sub-tab; the others reload when shown."""
        self._loaded.clear()
        self._on_tabs_current_changed(self.tabs.currentIndex())

    def _on_tabs_current_changed(self, index: int) -> None:
        if index in self._loaded or index < 0:
            return
        self._loaded.add(index)
        widget = self.tabs.widget(index)
        if isinstance(widget, RegistryTab | ConflictsTab):
            widget.refresh()

    def menu_actions(self) -> list[QAction]:
        out = []
        for kind, title in _TAB_TITLES.items():
            act = QAction(self.tr("导入{0}…").format(self.tr(str(title))), self)
            act.triggered.connect(lambda _=False, k=kind: self._import(k))
            out.append(act)
        pools = QAction(self.tr("导入专项库（许可信息）…"), self)
        pools.triggered.connect(lambda _=False: self._import("targets", "licences"))
        out.append(pools)
        return out

    def _import(self, kind: str, what: str | None = None) -> None:
        self.tabs.setCurrentWidget(self.registry_tabs[kind])
        self.registry_tabs[kind]._on_import_clicked(kind=what)
