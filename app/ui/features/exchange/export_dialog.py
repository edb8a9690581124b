"""导出数据包 dialog: choose the scope, the recipient key and the file; export with progress/cancel.

One dialog for the three flows (任务分配 / 检查结果 / 公示数据). It only gathers choices and calls
`bundle_export.export_bundle` through the context — the service checks every choice again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.domain.errors import ValidationError
from app.core.domain.localtime import local_now
from app.core.domain.roles import Permission
from app.core.services.exchange import bundle_choices, bundle_export
from app.ui.context import UiContext, guarded
from app.ui.errors import show_error
from app.ui.features.exchange.widgets import (
    JobProgressDialog,
    PathField,
    confirm,
    kind_label,
    last_folder,
    remember_folder,
    run_with_progress,
)

# The role of the key a flow is normally encrypted to (preselected when there is exactly one).
RECIPIENT_ROLE = {"assignments": "laptop", "results": "office", "platform": "platform"}


class ExportDialog(QDialog):
    exported = Signal(object)  # ExportResult

    def __init__(self, ctx: UiContext, flow: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert flow in RECIPIENT_ROLE
        self.ctx, self.flow = ctx, flow
        self.choices: bundle_choices.ExportChoices | None = None
        self.last_export: bundle_export.ExportResult | None = None
        self._progress: JobProgressDialog | None = None
        self.setObjectName("exportBundleDialog")
        self.setWindowTitle(self._title())
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)

        intro = QLabel(self._intro())
        intro.setWordWrap(True)
        intro.setObjectName("exportIntro")
        layout.addWidget(intro)

        form = QFormLayout()
        self.inspector = QComboBox()
        self.inspector.setObjectName("exportInspector")
        self.task = QComboBox()
        self.task.setObjectName("exportTask")
        self.recipient = QComboBox()
        self.recipient.setObjectName("exportRecipient")
        self.recipient.currentIndexChanged.connect(self._on_recipient_changed)
        if flow == "assignments":
            form.addRow(self.tr("检查人员"), self.inspector)
            form.addRow(self.tr("抽查任务"), self.task)
        else:
            form.addRow(self.tr("抽查任务"), self.task)
            if flow == "results":
                form.addRow(self.tr("检查人员"), self.inspector)
        form.addRow(self.tr("加密给"), self.recipient)
        self.encryption_note = QLabel()
        self.encryption_note.setObjectName("exportEncryptionNote")
        self.encryption_note.setWordWrap(True)
        form.addRow("", self.encryption_note)
        self.attach = PathField(
            mode="open",
            caption=self.tr("选择公示工作簿"),
            name_filter=self.tr("公示文件 (*.xlsx *.pdf);;所有文件 (*)"),
        )
        self.attach.setObjectName("exportAttach")
        if flow == "platform":
            form.addRow(self.tr("附带公示工作簿"), self.attach)
        self.queue = QCheckBox(self.tr("同时加入在线同步发送队列"))
        self.queue.setObjectName("exportQueue")
        form.addRow("", self.queue)
        self.target = PathField(
            mode="save", caption=self.tr("保存数据包"), name_filter=self.tr("数据包 (*.zip)")
        )
        self.target.setObjectName("exportPath")
        self.target.set_path(last_folder() / self._default_name())
        form.addRow(self.tr("保存到"), self.target)
        layout.addLayout(form)

        self.result_label = QLabel()
        self.result_label.setObjectName("exportResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result_label)

        buttons = QDialogButtonBox()
        self.export_button = QPushButton(self.tr("导出"))
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self._on_export_clicked)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setObjectName("closeButton")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        can = ctx.workspace.actor.can(Permission.EXCHANGE)
        self.export_button.setEnabled(False)  # until the choices have loaded
        if not can:
            self.result_label.setText(self.tr("当前账号没有数据交换权限。"))
        else:
            self.reload()

    # -- text ----------------------------------------------------------------------------

    def _title(self) -> str:
        return {
            "assignments": self.tr("导出任务分配（给检查人员笔记本）"),
            "results": self.tr("导出检查结果（交回局里）"),
            "platform": self.tr("导出公示数据（给县级平台）"),
        }[self.flow]

    def _intro(self) -> str:
        return {
            "assignments": self.tr(
                "导出一名检查人员（或一个任务）的待检查对象、检查组、所需检查表模板，"
                "拷到检查人员的笔记本上导入。只包含这些，不含其他企业和人员的数据。"
            ),
            "results": self.tr(
                "导出本机填写的检查表（草稿和已完成的）、签名和照片及其审计记录，交回局里导入。"
            ),
            "platform": self.tr(
                "导出已审核通过或已公示的检查结果，交县级平台公示；可附带公示时生成的工作簿。"
            ),
        }[self.flow]

    def _default_name(self) -> str:
        stem = {"assignments": "任务分配", "results": "检查结果", "platform": "公示数据"}[self.flow]
        return f"{stem}-{local_now():%Y%m%d-%H%M}.zip"

    # -- choices -------------------------------------------------------------------------

    def reload(self) -> None:
        self.ctx.run_query(
            lambda ws, job: bundle_choices.export_choices(ws),
            guarded(self, self._on_choices),
            on_error=guarded(self, lambda exc: show_error(self, exc)),
            key=f"export-choices-{id(self)}",  # an older list never lands after a newer one
        )

    def _on_choices(self, choices: bundle_choices.ExportChoices) -> None:
        self.choices = choices
        self.inspector.clear()
        self.inspector.addItem(
            self.tr("（请选择）") if self.flow == "assignments" else self.tr("（全部）"), ""
        )
        for c in choices.inspectors:
            self.inspector.addItem(
                self.tr("{0}（{1}）· {2} 户，其中待检查 {3} 户").format(
                    c.name, c.cert_no, c.visits, c.open_visits
                ),
                c.cert_no,
            )
        self.task.clear()
        self.task.addItem(self.tr("（全部任务）"), "")
        for t in choices.tasks:
            self.task.addItem(
                self.tr("{0} {1} · {2} 户").format(t.task_no, t.name, t.visits), t.task_no
            )
        self.recipient.clear()
        self.recipient.addItem(self.tr("（不加密）"), "")
        for r in choices.recipients:
            self.recipient.addItem(
                self.tr("{0} · {1} · {2}").format(r.name, r.role_label, r.key_id[:12]), r.key_id
            )
        wanted = [r for r in choices.recipients if r.role == RECIPIENT_ROLE[self.flow]]
        if len(wanted) == 1:
            self.recipient.setCurrentIndex(1 + choices.recipients.index(wanted[0]))
        self._on_recipient_changed()
        self.export_button.setEnabled(True)

    def select_inspector(self, cert_no: str) -> None:
        self.inspector.setCurrentIndex(max(self.inspector.findData(cert_no), 0))

    def select_task(self, task_no: str) -> None:
        self.task.setCurrentIndex(max(self.task.findData(task_no), 0))

    def select_recipient(self, key_id: str) -> None:
        self.recipient.setCurrentIndex(max(self.recipient.findData(key_id), 0))

    def _on_recipient_changed(self, _index: int = 0) -> None:
        if self.recipient.currentData():
            self.encryption_note.setText(
                self.tr("数据包内容将加密，只有该密钥的电脑能读取；清单仍可公开校验。")
            )
            self.encryption_note.setStyleSheet("color: #1b5e20;")
        elif self.choices is not None and not self.choices.recipients:
            self.encryption_note.setText(
                self.tr("尚未信任任何可接收加密的公钥（数据交换 → 密钥管理）。数据包将不加密。")
            )
            self.encryption_note.setStyleSheet("color: #b26a00;")
        else:
            self.encryption_note.setText(
                self.tr("未加密：U 盘丢失时，他人可读取其中企业和个人的信息。")
            )
            self.encryption_note.setStyleSheet("color: #b26a00;")

    # -- export --------------------------------------------------------------------------

    def _on_export_clicked(self) -> None:
        out = self.target.path()
        if out is None:
            show_error(self, ValidationError(self.tr("请填写数据包保存位置。")))
            return
        if out.suffix.lower() != ".zip":
            out = out.with_name(out.name + ".zip")
            self.target.set_path(out)
        if self.flow == "assignments" and not (
            self.inspector.currentData() or self.task.currentData()
        ):
            show_error(self, ValidationError(self.tr("请选择检查人员或抽查任务。")))
            return
        if out.exists():
            confirm(
                self,
                title=self._title(),
                text=self.tr("文件 {0} 已存在，要替换它吗？").format(out.name),
                yes_text=self.tr("替换"),
                on_yes=lambda: self._start(out),
            )
            return
        self._start(out)

    def _start(self, out: Path) -> None:
        flow = self.flow
        recipient = str(self.recipient.currentData() or "") or None
        task_no = str(self.task.currentData() or "") or None
        inspector = str(self.inspector.currentData() or "") or None
        if flow == "platform":
            inspector = None
        attach = [p] if flow == "platform" and (p := self.attach.path()) else []
        queue = self.queue.isChecked()
        self.export_button.setEnabled(False)
        self.result_label.clear()
        self._progress = run_with_progress(
            self.ctx,
            self,
            title=self._title(),
            label=self.tr("正在导出…"),
            fn=lambda ws, job: bundle_export.EXPORT_CHANGES.carrying(
                bundle_export.export_bundle(
                    ws,
                    flow,
                    out,
                    recipient_key_id=recipient,
                    task_no=task_no,
                    inspector_cert=inspector,
                    queue=queue,
                    attach=attach,
                    progress=job.progress,
                    cancelled=job.cancelled,
                )
            ),
            on_done=self._on_exported,
            on_error=self._on_failed,
        )

    def _end_progress(self) -> None:
        if self._progress is not None:
            self._progress.finish()
            self._progress = None
        self.export_button.setEnabled(True)

    def _on_exported(self, res: bundle_export.ExportResult) -> None:
        self._end_progress()
        self.last_export = res
        remember_folder(res.path)
        counts = "、".join(f"{kind_label(k)} {n}" for k, n in sorted(res.counts.items()))
        lines = [
            self.tr("<b>已导出并校验</b>：{0}").format(res.path),
            self.tr("第 {0} 号数据包，{1:,} 字节；{2}").format(
                res.sequence, res.size, counts or "-"
            ),
            self.tr("已加密给 {0}").format(res.encrypted_for)
            if res.encrypted_for
            else self.tr("未加密"),
        ]
        lines.extend(res.notes)
        self.result_label.setText("<br>".join(lines))
        self.result_label.setStyleSheet("color: #1b5e20;")
        self.close_button.setFocus()
        self.exported.emit(res)

    def _on_failed(self, exc: BaseException) -> None:
        cancelled = self._progress is not None and self._progress.user_cancelled
        self._end_progress()
        self.result_label.setText(
            (self.tr("已取消。") if cancelled else "")
            + self.tr("未导出，没有写出数据包，记录也未标记为已导出。")
        )
        self.result_label.setStyleSheet("color: #b00020;")
        if not cancelled:
            show_error(self, exc)
