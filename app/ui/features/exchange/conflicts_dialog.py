"""冲突处理 dialog: records changed on both sides, side by side in the user's words (business,
task, field labels, display texts, local times; the differences highlighted), and the
supervisor's decision to keep one side. Resolution is `sync_conflicts.resolve_conflict`.

Never resolves anything without an explicit click and confirmation. The list's answers are
keyed (the latest request wins) and the detail pane always shows the row the buttons act on.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.domain.roles import Permission
from app.core.domain.states import ConflictState
from app.core.services.exchange import sync_conflicts
from app.core.services.exchange.sync_conflicts import ConflictView
from app.core.services.kernel.workspace import Area
from app.ui.context import UiContext, guarded
from app.ui.errors import show_error
from app.ui.features.exchange.widgets import confirm
from app.ui.widgets.read_only_table import read_only_table

CHANGED = QColor("#fff3c4")
CHANGED_TEXT = QColor("#8a4b00")


class ConflictsDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.conflicts: list[ConflictView] = []
        self.shown_id: int | None = None  # the conflict the detail pane shows
        self.setObjectName("conflictsDialog")
        self.setWindowTitle(self.tr("同步冲突处理"))
        self.resize(1100, 640)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "下列记录在本机和对方都被修改过。两个版本都已保留，未自动覆盖。"
                "请逐条比较后决定采用哪一边；已完成（已签名）的检查表不会被改写，采用对方版本将另存为更正版本。"
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        self.list = read_only_table(
            [
                self.tr("检查对象"),
                self.tr("类型"),
                self.tr("任务"),
                self.tr("原因"),
                self.tr("状态"),
            ],
            object_name="conflictList",
            single_selection=True,
            stretch_last=True,
        )
        self.list.itemSelectionChanged.connect(self._on_list_selection_changed)
        left_box.addWidget(self.list, 1)
        self.show_resolved = QCheckBox(self.tr("包括已处理的"))
        self.show_resolved.setObjectName("showResolved")
        self.show_resolved.toggled.connect(lambda _on: self.reload())
        left_box.addWidget(self.show_resolved)
        split.addWidget(left)

        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        self.detail = QLabel(self.tr("请在左侧选择一条冲突。"))
        self.detail.setObjectName("conflictDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right_box.addWidget(self.detail)
        self.only_changed = QCheckBox(self.tr("只看不同的字段"))
        self.only_changed.setObjectName("onlyChanged")
        self.only_changed.setChecked(True)
        self.only_changed.toggled.connect(lambda _on: self._show_selected())
        right_box.addWidget(self.only_changed)
        self.diff = QTableWidget(0, 3)
        self.diff.setObjectName("conflictDiff")
        self.diff.setHorizontalHeaderLabels(
            [self.tr("字段"), self.tr("本机版本"), self.tr("对方版本（导入的）")]
        )
        self.diff.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.diff.setWordWrap(True)
        self.diff.verticalHeader().setVisible(False)
        header = self.diff.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        right_box.addWidget(self.diff, 1)
        actions = QHBoxLayout()
        self.keep_local = QPushButton(self.tr("保留本机版本"))
        self.keep_local.setObjectName("keepLocalButton")
        self.keep_local.clicked.connect(lambda: self._on_keep_clicked("local"))
        self.keep_incoming = QPushButton(self.tr("采用对方版本"))
        self.keep_incoming.setObjectName("keepIncomingButton")
        self.keep_incoming.clicked.connect(lambda: self._on_keep_clicked("incoming"))
        actions.addStretch(1)
        actions.addWidget(self.keep_local)
        actions.addWidget(self.keep_incoming)
        right_box.addLayout(actions)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout.addWidget(split, 1)

        self.permission_note = QLabel()
        self.permission_note.setObjectName("conflictPermission")
        actor = ctx.workspace.actor
        self.may_resolve = actor.can(Permission.EXCHANGE) and actor.can(Permission.REVIEW)
        if not self.may_resolve:
            self.permission_note.setText(
                self.tr("只有主管（审核权限）可以处理冲突；当前账号只能查看。")
            )
            self.permission_note.setStyleSheet("color: #b26a00;")
        layout.addWidget(self.permission_note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._update_buttons()
        ctx.data_changed.connect(self._on_ctx_data_changed)
        self.reload()

    # -- data ----------------------------------------------------------------------------

    def reload(self) -> None:
        status = "all" if self.show_resolved.isChecked() else "open"
        self.ctx.run_query(
            lambda ws, job: sync_conflicts.list_conflicts(ws, status=status),
            guarded(self, self._on_loaded),
            on_error=guarded(self, lambda exc: show_error(self, exc)),
            key=f"conflicts-list-{id(self)}",  # an older list never lands after a newer one
        )

    def _on_ctx_data_changed(self, areas: frozenset[Area]) -> None:
        if Area.CONFLICTS in areas:
            self.reload()

    def _on_loaded(self, conflicts: list[ConflictView]) -> None:
        keep = self.selected()
        old_row = self.list.currentRow()
        self.conflicts = conflicts
        self.list.blockSignals(True)
        self.list.clearSelection()
        self.list.setRowCount(len(conflicts))
        for row, c in enumerate(conflicts):
            for col, text in enumerate(
                (
                    c.business or c.title or self.tr("（无对应检查对象）"),
                    c.entity_label,
                    c.task.split(" ", 1)[0],  # the task number; the name is in the pane
                    c.reason_text,
                    self._status_text(c.status),
                )
            ):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.list.setItem(row, col, item)
        self.list.resizeColumnsToContents()
        self.list.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # The same conflict if it is still listed; after a resolution the one that took its
        # place (the next), so the pane and the buttons move on together.
        index = next((i for i, c in enumerate(conflicts) if keep and c.id == keep.id), None)
        if index is None and conflicts:
            index = min(max(old_row, 0), len(conflicts) - 1)
        if index is not None:
            self.list.selectRow(index)
        self.list.blockSignals(False)
        if not conflicts:
            self.detail.setText(self.tr("没有待处理的冲突。"))
            self.diff.setRowCount(0)
        else:
            self._show_selected()
        self._update_buttons()

    def _status_text(self, status: str) -> str:
        return {
            "open": self.tr("待处理"),
            "local": self.tr("已保留本机版本"),
            "incoming": self.tr("已采用对方版本"),
        }.get(status, status)

    def selected(self) -> ConflictView | None:
        rows = {i.row() for i in self.list.selectedIndexes()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def select_conflict(self, conflict_id: int) -> None:
        for row, c in enumerate(self.conflicts):
            if c.id == conflict_id:
                self.list.selectRow(row)

    # -- detail --------------------------------------------------------------------------

    def _on_list_selection_changed(self) -> None:
        self._show_selected()
        self._update_buttons()

    def _show_selected(self) -> None:
        c = self.selected()
        self.shown_id = c.id if c is not None else None
        if c is None:
            self.diff.setRowCount(0)
            return
        lines = [f"<b>{escape(c.business or c.title)}</b>　{escape(c.entity_label)}"]
        if c.task:
            lines.append(self.tr("任务：{0}").format(escape(c.task)))
        lines.append(self.tr("原因：{0}").format(escape(c.reason_text)))
        if c.status != ConflictState.OPEN:
            lines.append(
                self.tr("已由 {0} 于 {1} 处理：{2}").format(
                    escape(c.resolved_by), escape(c.resolved_at), self._status_text(c.status)
                )
            )
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setText("<br>".join(lines))
        rows = list(c.rows)
        if self.only_changed.isChecked():
            rows = [r for r in rows if r.changed]
        self.diff.setRowCount(len(rows))
        brush, ink = QBrush(CHANGED), QBrush(CHANGED_TEXT)
        bold = self.diff.font()
        bold.setBold(True)
        deleted = self.tr("（对方已删除此记录）")
        for row, d in enumerate(rows):
            head = QTableWidgetItem(d.label)
            head.setData(Qt.ItemDataRole.UserRole, d.key)
            local = QTableWidgetItem(d.local or "—")
            incoming = QTableWidgetItem(deleted if c.incoming is None else (d.incoming or "—"))
            for col, item in enumerate((head, local, incoming)):
                item.setToolTip(item.text())
                if d.changed:
                    item.setBackground(brush)
                    if col:
                        item.setForeground(ink)
                        item.setFont(bold)
                self.diff.setItem(row, col, item)
        self.diff.resizeRowsToContents()
        self.keep_incoming.setText(
            self.tr("采用对方删除")
            if c.incoming is None
            else self.tr("采用对方版本（另存为更正版本）")
            if c.reason in ("completed_form", "version_clash")
            else self.tr("采用对方版本")
        )

    def diff_row(self, field: str) -> tuple[str, str] | None:
        """(本机, 对方) texts shown for a row key ("status", "data.result_codes"), None when not
        listed (an empty value shows as —)."""
        model = self.diff.model()
        for row in range(model.rowCount()):
            if model.index(row, 0).data(Qt.ItemDataRole.UserRole) == field:
                return str(model.index(row, 1).data()), str(model.index(row, 2).data())
        return None

    def _update_buttons(self) -> None:
        c = self.selected()
        enabled = (
            self.may_resolve
            and c is not None
            and c.status == ConflictState.OPEN
            and c.id == self.shown_id
        )
        self.keep_local.setEnabled(enabled)
        self.keep_incoming.setEnabled(enabled)

    # -- decide --------------------------------------------------------------------------

    def _on_keep_clicked(self, keep: str) -> None:
        c = self.selected()
        if c is None or c.id != self.shown_id:  # never act on a row the pane does not show
            self._show_selected()
            self._update_buttons()
            return
        side = self.tr("本机版本") if keep == "local" else self.keep_incoming.text()
        text = self.tr("对 {0} 的{1}：{2}。\n此决定会记入审计日志，不能撤销。继续吗？").format(
            c.business or c.title, c.entity_label, side
        )
        confirm(
            self,
            title=self.tr("处理冲突"),
            text=text,
            yes_text=side,
            on_yes=lambda: self._resolve(c.id, keep),
        )

    def _resolve(self, conflict_id: int, keep: str) -> None:
        self.keep_local.setEnabled(False)
        self.keep_incoming.setEnabled(False)
        self.ctx.run_mutation(
            lambda ws, job: sync_conflicts.resolve_conflict(ws, conflict_id, keep=keep),
            None,  # data_changed("conflicts") reloads the list
            on_error=guarded(self, self._on_failed),
        )

    def _on_failed(self, exc: BaseException) -> None:
        self._update_buttons()
        show_error(self, exc)
        self.reload()
