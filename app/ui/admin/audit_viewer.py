"""审计日志 viewer: filters by time, user, action, entity and text; verify and export.

Reads through the context only (run_query); shows at most PAGE newest matching events.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.domain.localtime import fmt_time, local_today, to_utc
from app.core.services.kernel import audit_trail
from app.core.services.kernel.audit_trail import AuditEntry, AuditFilter
from app.core.services.kernel.audit_words import action_words, entity_words
from app.core.services.kernel.workspace import NO_CHANGES
from app.ui.context import UiContext
from app.ui.errors import show_error
from app.ui.widgets import files
from app.ui.widgets.dates import pydate, qdate
from app.ui.widgets.read_only_table import read_only_table

PAGE = 500
ANY = ""


class AuditViewerDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("auditViewer")
        self.setWindowTitle(self.tr("审计日志"))
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.since = QDateEdit(qdate(local_today()).addDays(-30))
        self.until = QDateEdit(qdate(local_today()))
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.actor = QComboBox()
        self.actor.setObjectName("auditActor")
        self.action = QComboBox()
        self.action.setObjectName("auditAction")
        self.entity = QComboBox()
        self.entity.setObjectName("auditEntity")
        for combo in (self.actor, self.action, self.entity):
            combo.addItem(self.tr("全部"), ANY)
            combo.setMinimumContentsLength(10)
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("摘要包含…"))
        self.text.setObjectName("auditText")
        for label, widget in (
            (self.tr("从"), self.since),
            (self.tr("到"), self.until),
            (self.tr("用户"), self.actor),
            (self.tr("动作"), self.action),
            (self.tr("对象"), self.entity),
        ):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(self.text, 1)
        search = QPushButton(self.tr("查询"))
        search.setObjectName("auditSearch")
        search.clicked.connect(self.refresh)
        self.text.returnPressed.connect(self.refresh)
        bar.addWidget(search)
        layout.addLayout(bar)
        self.table = read_only_table(
            [
                self.tr("编号"),
                self.tr("时间"),
                self.tr("用户"),
                self.tr("动作"),
                self.tr("对象"),
                self.tr("摘要"),
            ],
            object_name="auditTable",
            stretch_column=5,
        )
        layout.addWidget(self.table, 1)
        foot = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("auditStatus")
        foot.addWidget(self.status, 1)
        verify = QPushButton(self.tr("校验审计链"))
        verify.setObjectName("auditVerify")
        verify.clicked.connect(self._on_verify_clicked)
        export = QPushButton(self.tr("导出…"))
        export.clicked.connect(self._on_export_clicked)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        for b in (verify, export, close):
            foot.addWidget(b)
        layout.addLayout(foot)
        self.resize(1100, 600)
        self.ctx.run_query(
            lambda ws, job: audit_trail.filter_choices(ws),
            self._on_choices,
            on_error=lambda exc: show_error(self, exc),
        )
        self.refresh()

    def filters(self) -> AuditFilter:
        # The date edits are the office's local days; stored times are UTC.
        since = to_utc(datetime.combine(pydate(self.since.date()), time()))
        until = to_utc(datetime.combine(pydate(self.until.date()), time()) + timedelta(days=1))
        return AuditFilter(
            since=since,
            until=until,
            actor=self.actor.currentData() or None,
            action=self.action.currentData() or None,
            entity=self.entity.currentData() or None,
            text=self.text.text().strip() or None,
        )

    def refresh(self) -> None:
        f = self.filters()
        self.ctx.run_query(
            lambda ws, job: (
                audit_trail.list_events(ws, f, limit=PAGE),
                audit_trail.count_events(ws, f),
            ),
            self._on_events,
            on_error=lambda exc: show_error(self, exc),
        )

    def _on_choices(self, choices: tuple[list[tuple[str, str]], list[str], list[str]]) -> None:
        actors, actions, entities = choices
        for login, name in sorted(actors, key=lambda a: a[1]):
            self.actor.addItem(name, login)  # the person's name; the filter matches the login
        words: tuple[Callable[[str], str], ...] = (action_words, entity_words)
        for combo, values, say in zip(
            (self.action, self.entity), (actions, entities), words, strict=True
        ):
            for v in sorted(values, key=say):
                combo.addItem(say(v), v)

    def _on_events(self, result: tuple[list[AuditEntry], int]) -> None:
        events, total = result
        self.table.setRowCount(len(events))
        for r, e in enumerate(events):
            what = entity_words(e.entity)  # the uid stays in the tooltip, the summary names it
            summary = e.summary or ""
            for c, value in enumerate(
                [
                    str(e.id),
                    fmt_time(e.at, seconds=True),
                    e.actor_name,
                    action_words(e.action),
                    what,
                    summary,
                ]
            ):
                item = QTableWidgetItem(value)
                if c == 2:
                    item.setToolTip(self.tr("登录名：{0}").format(e.actor))
                elif c == 3:
                    item.setToolTip(e.action)
                elif c == 5 and e.row_count:  # how many stored rows the step changed
                    item.setToolTip(self.tr("改动数据 {0} 行").format(e.row_count))
                elif c == 4 and e.entity_uid:
                    item.setToolTip(f"{e.entity} {e.entity_uid}")
                if c == 0:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.status.setText(self.tr("共 {0} 条，显示最新 {1} 条").format(total, len(events)))

    def _on_verify_clicked(self) -> None:
        self.status.setText(self.tr("正在校验…"))
        self.ctx.run_query(
            lambda ws, job: audit_trail.verify_audit(ws, progress=job.progress),
            self._on_verified,
            on_error=lambda exc: show_error(self, exc),
        )

    def _on_verified(self, result) -> None:  # type: ignore[no-untyped-def]
        if result.ok:
            text = self.tr("审计链完整：{0} 个事件，{1} 行数据均与记录一致。").format(
                result.events, result.rows
            )
            # The head, to compare with the one printed on notices (its first 16 digits).
            self.status.setText(text + self.tr(" 链头 head：{0}").format(result.head[:16]))
            QMessageBox.information(
                self,
                self.tr("校验通过"),
                text + "\n" + self.tr("链头 head：{0}").format(result.head),
            )
        else:
            self.status.setText(self.tr("审计链校验失败"))
            box = QMessageBox(
                QMessageBox.Icon.Critical,
                self.tr("校验失败"),
                self.tr("审计记录或数据在程序之外被改动：\n{0}").format(result.reason),
                parent=self,
            )
            box.setDetailedText("\n".join(result.problems))
            box.exec()

    def _on_export_clicked(self) -> None:
        path, _ = files.getSaveFileName(
            self, self.tr("导出审计日志"), "audit.xlsx", "Excel (*.xlsx)"
        )
        if not path:
            return
        f = self.filters()
        self.ctx.run_mutation(
            lambda ws, job: NO_CHANGES.carrying(audit_trail.export_events(ws, Path(path), f)),
            lambda n: self.status.setText(self.tr("已导出 {0} 条").format(n)),
            on_error=lambda exc: show_error(self, exc),
        )
