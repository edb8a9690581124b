"""First run: the database does not exist yet — create the sample county or an empty one."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.demo.sample import sample_contents
from app.core.services.kernel.workspace import open_workspace
from app.ui.errors import show_error
from app.ui.runner import Job, TaskRunner


class FirstRunDialog(QDialog):
    def __init__(self, location: str | Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.location = location
        self.setWindowTitle(self.tr("首次使用"))
        self.setObjectName("firstRunDialog")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("尚未找到数据库：\n{0}\n\n请选择：").format(location)))
        self.sample = QRadioButton(self.tr("创建示例县（五原县），先熟悉一遍"))
        self.empty = QRadioButton(self.tr("创建空数据库，从导入名录库开始"))
        self.sample.setChecked(True)
        layout.addWidget(self.sample)
        self.contents = QLabel(
            self.tr("示例县包含：")
            + "".join(f"<br>　• {escape(line)}" for line in sample_contents())
        )
        self.contents.setObjectName("sampleContents")
        self.contents.setTextFormat(Qt.TextFormat.RichText)
        self.contents.setWordWrap(True)
        self.contents.setContentsMargins(24, 0, 0, 8)
        self.sample.toggled.connect(self.contents.setEnabled)
        layout.addWidget(self.contents)
        layout.addWidget(self.empty)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = QPushButton(self.tr("创建"))
        self.create_button.setDefault(True)
        self.buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self._on_buttons_rejected)
        layout.addWidget(self.buttons)
        self.runner = TaskRunner(self)
        self.job: Job | None = None

    def _on_buttons_accepted(self) -> None:
        self.create_button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        location = self.location
        if self.sample.isChecked():

            def work(job: Job) -> object:
                # On use: making the sample drives every service, which the first screen of a
                # new install should not wait for (its contents come from demo/sample.py).
                from app.core.demo.county import create_sample_county

                return create_sample_county(
                    location, progress=job.progress, cancelled=job.cancelled
                )
        else:

            def work(job: Job) -> object:
                open_workspace(location).db.dispose()
                return None

        self.job = self.runner.run_mutation(
            work,
            lambda _r: self.accept(),
            on_error=self._on_job_failed,
            on_progress=self._on_job_progress,
        )

    def _on_job_progress(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress.setFormat(text)

    def _on_job_failed(self, exc: BaseException) -> None:
        self.create_button.setEnabled(True)
        self.progress.setVisible(False)
        show_error(self, exc)

    def _on_buttons_rejected(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.runner.wait(30000)
        self.reject()
