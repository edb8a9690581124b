"""Small pieces the exchange dialogs share: a path field with 浏览…, a cancellable job progress,
a non-blocking confirmation, and the Chinese names of record kinds.

No service calls of its own; the dialogs hand their service calls over (run through the UiContext).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QWidget,
)

from app.core.services.exchange.sync_conflicts import KIND_LABELS
from app.ui.context import guarded
from app.ui.runner import Job

if TYPE_CHECKING:
    from app.core.services.kernel.workspace import Changes, Workspace
    from app.ui.context import UiContext

EXTRA_KIND_LABELS = {
    "blob": "附件文件",
    "audit_event": "审计记录",
    "tombstone": "删除记录",
    "file": "附带文件",
}
SETTINGS_FOLDER = "exchange/lastFolder"


_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def producer_label(producer: str) -> str:
    """The producing office's name; a bare installation id (no office name set) shortened."""
    if _UUID.match(producer):
        return QCoreApplication.translate("exchange", "安装 {0}…（未设置机构名称）").format(
            producer[:8]
        )
    return producer


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind) or EXTRA_KIND_LABELS.get(kind) or kind


def last_folder() -> Path:
    value = QSettings().value(SETTINGS_FOLDER, "")
    folder = Path(str(value)) if value else Path.home()
    return folder if folder.is_dir() else Path.home()


def remember_folder(path: Path) -> None:
    QSettings().setValue(SETTINGS_FOLDER, str(Path(path).parent))


class PathField(QWidget):
    """A file path: editable (tests and power users type it), with 浏览… for the file dialog."""

    def __init__(
        self,
        *,
        mode: str,
        caption: str,
        name_filter: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        assert mode in ("open", "save")
        self.mode, self.caption, self.name_filter = mode, caption, name_filter
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setObjectName("pathEdit")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMinimumWidth(360)
        self.browse = QPushButton(self.tr("浏览…"))
        self.browse.setObjectName("browseButton")
        self.browse.clicked.connect(self._on_browse_clicked)
        row.addWidget(self.edit, 1)
        row.addWidget(self.browse)

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text).expanduser() if text else None

    def set_path(self, path: Path | str) -> None:
        self.edit.setText(str(path))

    def _on_browse_clicked(self) -> None:
        start = str(self.path() or last_folder())
        if self.mode == "save":
            chosen, _ = QFileDialog.getSaveFileName(self, self.caption, start, self.name_filter)
        else:
            chosen, _ = QFileDialog.getOpenFileName(self, self.caption, start, self.name_filter)
        if chosen:
            self.set_path(chosen)


class JobProgressDialog(QProgressDialog):
    """Window-modal progress for one job; 取消 asks the job to stop (the service rolls back)."""

    def __init__(self, title: str, label: str, parent: QWidget) -> None:
        super().__init__(label, self.tr("取消"), 0, 0, parent)
        self.setObjectName("jobProgress")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(420)
        self.job: Job | None = None
        self.user_cancelled = False
        self.canceled.connect(self._on_self_canceled)

    def attach(self, job: Job) -> None:
        self.job = job
        if job.cancelled():
            self._on_self_canceled()

    def set_progress(self, done: int, total: int, text: str) -> None:
        if self.wasCanceled():
            return
        self.setMaximum(max(total, 0))
        self.setValue(min(done, total) if total > 0 else 0)
        if text:
            self.setLabelText(text)

    def finish(self) -> None:
        self.job = None
        self.close()
        self.deleteLater()

    def _on_self_canceled(self) -> None:
        self.user_cancelled = True
        if self.job is not None:
            self.job.cancel()
            self.setLabelText(self.tr("正在取消…"))
            self.show()  # stays until the job has really stopped


def run_with_progress(
    ctx: UiContext,
    parent: QWidget,
    *,
    title: str,
    label: str,
    fn: Callable[[Workspace, Job], Changes],
    on_done: Callable[[Any], Any],
    on_error: Callable[[BaseException], Any],
    cancellable: bool = True,
) -> JobProgressDialog:
    """Runs `fn` as a mutation behind a window-modal progress dialog (its 取消 cancels the job
    unless not `cancellable`); the answers reach `parent` only while it is open. The caller
    finish()es the returned dialog in its answer handlers."""
    progress = JobProgressDialog(title, label, parent)
    if not cancellable:
        progress.setCancelButton(None)
    job = ctx.run_mutation(
        fn,
        guarded(parent, on_done),
        on_error=guarded(parent, on_error),
        on_progress=guarded(progress, progress.set_progress),
    )
    if cancellable:
        progress.attach(job)
    progress.show()
    return progress


def confirm(
    parent: QWidget,
    *,
    title: str,
    text: str,
    on_yes: Callable[[], object],
    yes_text: str = "",
) -> QMessageBox:
    """A window-modal yes/no question that calls `on_yes` — no nested event loop."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    box.setObjectName("confirmBox")
    yes = box.addButton(
        yes_text or QCoreApplication.translate("exchange", "确定"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    yes.setObjectName("confirmYes")
    no = box.addButton(
        QCoreApplication.translate("exchange", "取消"), QMessageBox.ButtonRole.RejectRole
    )
    no.setObjectName("confirmNo")
    box.setDefaultButton(no)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def clicked(button: object) -> None:
        if button is yes:
            on_yes()

    box.buttonClicked.connect(clicked)
    box.open()
    return box
