"""机构与部门: the office's name and short name, and the departments taking part.

Shown from the 管理 menu, and once at first start when the office has no name yet
(scenarios.md 1.1). Every change is a service call; the core checks the permission.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.services.kernel import accountability, office
from app.core.services.registry import departments
from app.ui.context import UiContext
from app.ui.errors import show_error
from app.ui.widgets.confirm import confirm

# The zones a Chinese county office may use (新疆 offices often keep 乌鲁木齐时间).
ZONES = (("Asia/Shanghai", "北京时间"), ("Asia/Urumqi", "乌鲁木齐时间"))


class OfficeDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("officeDialog")
        self.setWindowTitle(self.tr("机构与部门"))
        self.resize(640, 480)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr("本机构的名称和文号简称（用于抽查任务编号，如“五原市监抽查〔2026〕1号”）。")
            )
        )
        form = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("officeName")
        self.name_edit.setPlaceholderText(self.tr("如：五原县市场监督管理局"))
        self.short_edit = QLineEdit()
        self.short_edit.setObjectName("officeShortName")
        self.short_edit.setPlaceholderText(self.tr("如：五原市监"))
        self.zone_combo = QComboBox()
        self.zone_combo.setObjectName("officeTimeZone")
        self.zone_combo.setEditable(True)  # any IANA name; the core refuses an unknown one
        for zone, label in ZONES:
            self.zone_combo.addItem(f"{label}（{zone}）", zone)
        self.zone_combo.setToolTip(
            self.tr("所有界面、打印件和导出中的时间都按此时区显示；数据库中保存为 UTC。")
        )
        form.addRow(self.tr("机构名称"), self.name_edit)
        form.addRow(self.tr("文号简称"), self.short_edit)
        form.addRow(self.tr("时区"), self.zone_combo)
        layout.addLayout(form)
        self.save_office_button = QPushButton(self.tr("保存机构信息"))
        self.save_office_button.setObjectName("saveOffice")
        self.save_office_button.clicked.connect(self._on_save_office_clicked)
        layout.addWidget(self.save_office_button)

        layout.addWidget(QLabel(self.tr("参与的部门（每个部门的简称用于该部门的任务编号）")))
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("departmentTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("代码"),
                self.tr("名称"),
                self.tr("简称"),
                self.tr("审核层级"),
                self.tr("联络员"),
            ]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("departmentCode")
        self.code_edit.setPlaceholderText(self.tr("代码，如：应急管理"))
        self.dep_name_edit = QLineEdit()
        self.dep_name_edit.setObjectName("departmentName")
        self.dep_name_edit.setPlaceholderText(self.tr("名称，如：五原县应急管理局"))
        self.dep_short_edit = QLineEdit()
        self.dep_short_edit.setObjectName("departmentShortName")
        self.dep_short_edit.setPlaceholderText(self.tr("简称，如：五原应急"))
        self.save_department_button = QPushButton(self.tr("添加/修改部门"))
        self.save_department_button.setObjectName("saveDepartment")
        self.save_department_button.clicked.connect(self._on_save_department_clicked)
        self.remove_department_button = QPushButton(self.tr("删除部门…"))
        self.remove_department_button.setObjectName("removeDepartment")
        self.remove_department_button.setToolTip(
            self.tr("删除所选部门（只能删除尚未使用的部门，如误添加的）")
        )
        self.remove_department_button.setEnabled(False)
        self.remove_department_button.clicked.connect(self._on_remove_department_clicked)
        self.last_confirm: QMessageBox | None = None  # the open confirmation box (tests click it)
        for w in (
            self.code_edit,
            self.dep_name_edit,
            self.dep_short_edit,
            self.save_department_button,
            self.remove_department_button,
        ):
            row.addWidget(w)
        layout.addLayout(row)
        # 谁检查、谁审核: the selected department's review levels and its liaison officer.
        row2 = QHBoxLayout()
        self.levels_edit = QLineEdit()
        self.levels_edit.setObjectName("reviewLevels")
        self.levels_edit.setPlaceholderText(self.tr("审核层级，如：组长审核→分管领导审批"))
        self.liaison_name = QLineEdit()
        self.liaison_name.setObjectName("liaisonName")
        self.liaison_name.setPlaceholderText(self.tr("联络员姓名"))
        self.liaison_phone = QLineEdit()
        self.liaison_phone.setObjectName("liaisonPhone")
        self.liaison_phone.setPlaceholderText(self.tr("联系电话"))
        self.liaison_role = QLineEdit()
        self.liaison_role.setObjectName("liaisonRole")
        self.liaison_role.setPlaceholderText(self.tr("职务"))
        self.save_people_button = QPushButton(self.tr("保存审核层级与联络员"))
        self.save_people_button.setObjectName("savePeople")
        self.save_people_button.clicked.connect(self._on_save_people_clicked)
        for w in (
            self.levels_edit,
            self.liaison_name,
            self.liaison_phone,
            self.liaison_role,
            self.save_people_button,
        ):
            row2.addWidget(w)
        layout.addLayout(row2)
        self._levels: dict[str, tuple[str, ...]] = {}
        self._liaisons: dict[str, accountability.Liaison] = {}
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.ctx.run_query(
            lambda ws, job: (
                office.office_info(ws),
                departments.list_departments(ws),
                accountability.all_review_levels(ws),
                accountability.liaisons(ws),
            ),
            self._on_loaded,
        )

    def _on_loaded(self, loaded: tuple) -> None:  # type: ignore[type-arg]
        info, deps, levels, liaisons = loaded
        self._levels = levels
        self._liaisons = {x.department: x for x in liaisons}
        if not self.name_edit.isModified():
            self.name_edit.setText(info.name)
        if not self.short_edit.isModified():
            self.short_edit.setText(info.short_name)
        index = self.zone_combo.findData(info.time_zone)
        if index < 0:
            self.zone_combo.addItem(info.time_zone, info.time_zone)
            index = self.zone_combo.count() - 1
        self.zone_combo.setCurrentIndex(index)
        self.table.setRowCount(len(deps))
        for r, dep in enumerate(deps):
            x = self._liaisons.get(dep.code)
            liaison = f"{x.name} {x.phone}" + (f"（{x.role}）" if x.role else "") if x else ""
            steps = "→".join(levels.get(dep.code, ()))
            for c, text in enumerate((dep.code, dep.name, dep.short_name, steps, liaison)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def _on_table_selection_changed(self) -> None:
        rows = {i.row() for i in self.table.selectedItems()}
        self.remove_department_button.setEnabled(len(rows) == 1)
        if len(rows) == 1:
            r = rows.pop()
            for c, edit in enumerate((self.code_edit, self.dep_name_edit, self.dep_short_edit)):
                item = self.table.item(r, c)
                edit.setText(item.text() if item is not None else "")
            code = self.code_edit.text()
            self.levels_edit.setText("→".join(self._levels.get(code, ())))
            x = self._liaisons.get(code)
            self.liaison_name.setText(x.name if x else "")
            self.liaison_phone.setText(x.phone if x else "")
            self.liaison_role.setText(x.role if x else "")

    def _on_save_office_clicked(self) -> None:
        name, short = self.name_edit.text(), self.short_edit.text()
        text = self.zone_combo.currentText().strip()
        zone = (
            self.zone_combo.currentData()
            if text == self.zone_combo.itemText(self.zone_combo.currentIndex())
            else text
        )
        self.ctx.run_mutation(
            lambda ws, job: office.set_office(ws, name=name, short_name=short, time_zone=zone),
            lambda _changes: self._on_saved(),
            on_error=lambda exc: show_error(self, exc),
        )

    def _on_save_department_clicked(self) -> None:
        code, name, short = (
            self.code_edit.text(),
            self.dep_name_edit.text(),
            self.dep_short_edit.text(),
        )
        self.ctx.run_mutation(
            lambda ws, job: departments.save_department(ws, code=code, name=name, short_name=short),
            lambda _changes: self._on_department_saved(),
            on_error=lambda exc: show_error(self, exc),
        )

    def _on_department_saved(self) -> None:
        """Saved: the fields are cleared for the next department (the table shows this one)."""
        for edit in (self.code_edit, self.dep_name_edit, self.dep_short_edit):
            edit.clear()
        self._on_saved()

    def _on_remove_department_clicked(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedItems()})
        if len(rows) != 1:
            return
        code_item, name_item = self.table.item(rows[0], 0), self.table.item(rows[0], 1)
        if code_item is None:
            return
        code, name = code_item.text(), name_item.text() if name_item is not None else ""

        def remove() -> None:
            self.ctx.run_mutation(
                lambda ws, job: departments.remove_department(ws, code=code),
                lambda _changes: self._on_department_saved(),
                on_error=lambda exc: show_error(self, exc),
            )

        self.last_confirm = confirm(
            self,
            self.tr("删除部门"),
            self.tr("删除部门“{0}”？只能删除尚未使用的部门，删除记入审计日志。").format(name),
            self.tr("删除"),
            remove,
        )

    def _on_save_people_clicked(self) -> None:
        code = self.code_edit.text().strip()
        levels = [
            x.strip() for x in self.levels_edit.text().replace("→", "、").split("、") if x.strip()
        ]
        name, phone, role = (
            self.liaison_name.text(),
            self.liaison_phone.text(),
            self.liaison_role.text(),
        )
        rows = [x for d, x in self._liaisons.items() if d != code]
        if name.strip() or phone.strip():
            rows.append(accountability.Liaison(code, name, phone, role))

        def save(ws):  # type: ignore[no-untyped-def]
            if levels:
                accountability.set_review_levels(ws, code, levels)
            return accountability.set_liaisons(ws, rows)

        self.ctx.run_mutation(
            lambda ws, job: save(ws),
            lambda _changes: self._on_saved(),
            on_error=lambda exc: show_error(self, exc),
        )

    def _on_saved(self) -> None:
        self.name_edit.setModified(False)
        self.short_edit.setModified(False)
        self.refresh()
