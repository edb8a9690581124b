"""同步 dialog: the sync address (https, token, CA certificate), the outgoing queue with attempts
and last error, and 立即同步 with progress and cancel.

Sending and fetching are `sync.sync_now` — the same bundle bytes and import as a USB stick.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.domain.roles import Permission
from app.core.services.exchange import bundles, sync
from app.core.services.exchange.bundle_policy import FLOW_LABELS
from app.core.services.kernel.workspace import Area
from app.ui.context import UiContext, guarded
from app.ui.errors import show_error
from app.ui.features.exchange.widgets import (
    JobProgressDialog,
    PathField,
    kind_label,
    run_with_progress,
)
from app.ui.widgets.read_only_table import read_only_table


class SyncDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.queue: list[bundles.BundleInfo] = []
        self.last_report: sync.SyncReport | None = None
        self.retries, self.backoff = 2, 1.0  # per request; tests shorten the backoff
        self._progress: JobProgressDialog | None = None
        actor = ctx.workspace.actor
        self.may_configure = actor.can(Permission.ADMINISTER)
        self.may_sync = actor.can(Permission.EXCHANGE)
        self.setObjectName("syncDialog")
        self.setWindowTitle(self.tr("在线同步"))
        self.resize(980, 620)
        layout = QVBoxLayout(self)

        box = QGroupBox(self.tr("同步服务器"))
        form = QFormLayout(box)
        self.url = QLineEdit()
        self.url.setObjectName("syncUrl")
        self.url.setPlaceholderText("https://192.168.1.10:8443")
        form.addRow(self.tr("同步地址"), self.url)
        self.token = QLineEdit()
        self.token.setObjectName("syncToken")
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("访问令牌"), self.token)
        self.ca_cert = PathField(
            mode="open",
            caption=self.tr("选择服务器证书"),
            name_filter=self.tr("证书 (*.pem *.crt);;所有文件 (*)"),
        )
        self.ca_cert.setObjectName("syncCaCert")
        form.addRow(self.tr("服务器证书（自签名时）"), self.ca_cert)
        save_row = QHBoxLayout()
        self.settings_note = QLabel()
        self.settings_note.setObjectName("syncSettingsNote")
        save_row.addWidget(self.settings_note, 1)
        self.save_button = QPushButton(self.tr("保存设置"))
        self.save_button.setObjectName("saveSyncButton")
        self.save_button.clicked.connect(self._on_save_clicked)
        self.save_button.setEnabled(self.may_configure)
        save_row.addWidget(self.save_button)
        form.addRow(save_row)
        if not self.may_configure:
            for w in (self.url, self.token, self.ca_cert):
                w.setEnabled(False)
            self.settings_note.setText(self.tr("只有管理员可以修改同步设置。"))
        layout.addWidget(box)

        queue_box = QGroupBox(self.tr("发送队列"))
        queue_layout = QVBoxLayout(queue_box)
        self.table = read_only_table(
            [
                self.tr("生成时间"),
                self.tr("类型"),
                self.tr("序号"),
                self.tr("状态"),
                self.tr("尝试次数"),
                self.tr("最后错误"),
                self.tr("内容"),
            ],
            object_name="syncQueue",
            stretch_column=5,
        )
        queue_layout.addWidget(self.table)
        layout.addWidget(queue_box, 1)

        self.result_label = QLabel()
        self.result_label.setObjectName("syncResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result_label)

        buttons = QDialogButtonBox()
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.setObjectName("refreshSyncButton")
        self.refresh_button.clicked.connect(self.reload)
        self.sync_button = QPushButton(self.tr("立即同步"))
        self.sync_button.setObjectName("syncNowButton")
        self.sync_button.clicked.connect(self._on_sync_clicked)
        self.sync_button.setEnabled(False)  # until a sync address is known
        buttons.addButton(self.refresh_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.sync_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setObjectName("closeButton")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        ctx.data_changed.connect(self._on_ctx_data_changed)
        self.reload()

    # -- data ----------------------------------------------------------------------------

    def reload(self) -> None:
        self.ctx.run_query(
            lambda ws, job: (sync.get_settings(ws), sync.sync_queue(ws)),
            guarded(self, self._on_loaded),
            on_error=guarded(self, lambda exc: show_error(self, exc)),
            # The latest load wins: one started before a sync must not land after the one the
            # sync started and show a sent bundle as 待发送 again.
            key=f"sync-dialog-{id(self)}",
        )

    def _on_ctx_data_changed(self, areas: frozenset[Area]) -> None:
        if areas & {Area.BUNDLES, Area.SYNC}:
            self.reload()

    def _on_loaded(self, loaded: tuple[sync.SyncSettings, list[bundles.BundleInfo]]) -> None:
        settings, queue = loaded
        # A load that lands while the person is filling in the form (one started before they
        # typed: the dialog's first load, or one after a data change) must not overwrite it.
        if not (self.url.isModified() or self.token.isModified()):
            self.url.setText(settings.url)
            self.token.setText(settings.token)
            self.ca_cert.set_path(settings.ca_cert)
        self.sync_button.setEnabled(self.may_sync and settings.configured)
        if not settings.configured and not self.settings_note.text():
            self.settings_note.setText(self.tr("尚未设置同步地址：只能用 U 盘交换数据包。"))
        self.queue = queue
        self.table.setRowCount(len(queue))
        red = QBrush(QColor("#b00020"))
        for row, b in enumerate(queue):
            status = {"queued": self.tr("待发送"), "sent": self.tr("已发送")}.get(
                b.status, b.status
            )
            counts = "、".join(f"{kind_label(k)} {n}" for k, n in sorted(b.counts.items()))
            cells = (
                b.created_at,
                FLOW_LABELS.get(b.flow, b.flow),
                str(b.sequence),
                status,
                str(b.attempts),
                b.last_error or "",
                counts,
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if col == 5 and b.last_error:
                    item.setForeground(red)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)

    # -- settings ------------------------------------------------------------------------

    def _on_save_clicked(self) -> None:
        url = self.url.text().strip()
        token = self.token.text()
        ca = str(self.ca_cert.path() or "")
        self.save_button.setEnabled(False)
        self.ctx.run_mutation(
            lambda ws, job: sync.configure_sync(ws, url=url, token=token, ca_cert=ca),
            guarded(self, self._on_saved),
            on_error=guarded(self, self._on_save_failed),
        )

    def _on_saved(self, _changes: object) -> None:
        self.save_button.setEnabled(True)
        self.url.setModified(False)
        self.token.setModified(False)
        self.settings_note.setText(self.tr("已保存。"))
        self.reload()

    def _on_save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        show_error(self, exc)

    # -- sync ----------------------------------------------------------------------------

    def _on_sync_clicked(self) -> None:
        retries, backoff = self.retries, self.backoff
        self.sync_button.setEnabled(False)
        self.result_label.setText(self.tr("正在同步…"))
        self._progress = run_with_progress(
            self.ctx,
            self,
            title=self.tr("在线同步"),
            label=self.tr("正在连接同步服务器…"),
            fn=lambda ws, job: sync.synced(
                sync.sync_now(
                    ws,
                    force=True,  # the user asked now: do not wait for the retry backoff
                    retries=retries,
                    backoff=backoff,
                    progress=job.progress,
                    cancelled=job.cancelled,
                )
            ),
            on_done=self._on_synced,
            on_error=self._on_sync_failed,
        )

    def _end_progress(self) -> None:
        if self._progress is not None:
            self._progress.finish()
            self._progress = None
        self.sync_button.setEnabled(self.may_sync)

    def _on_synced(self, report: sync.SyncReport) -> None:
        self._end_progress()
        self.last_report = report
        lines = [report.summary().split(" / ")[0]]
        lines.extend(report.errors[:10])
        conflicts = sum(r.total("conflicts") for r in report.received)
        if conflicts:
            lines.append(
                self.tr("有 {0} 条冲突待主管处理（数据交换 → 冲突处理）。").format(conflicts)
            )
        self.result_label.setText("\n".join(lines))
        self.result_label.setStyleSheet("color: #b00020;" if report.errors else "color: #1b5e20;")

    def _on_sync_failed(self, exc: BaseException) -> None:
        cancelled = self._progress is not None and self._progress.user_cancelled
        self._end_progress()
        self.result_label.setText(self.tr("已取消。") if cancelled else self.tr("同步未完成。"))
        if not cancelled:
            show_error(self, exc)
        self.reload()

    def set_ca_cert(self, path: Path | str) -> None:
        self.ca_cert.set_path(path)
