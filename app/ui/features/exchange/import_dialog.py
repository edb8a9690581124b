"""导入数据包 dialog: verify first and show what the bundle is, then import on confirmation,
then the import report (added / updated / unchanged / in conflict / deleted per kind, gaps).

Nothing is written before the user confirms; `bundles.import_bundle` verifies again itself.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.domain.errors import AppError, ValidationError
from app.core.domain.localtime import fmt_time
from app.core.domain.roles import Permission
from app.core.services.exchange import bundles
from app.core.services.exchange.bundle_policy import FLOW_LABELS
from app.core.services.kernel import keys
from app.core.services.kernel.workspace import NO_CHANGES
from app.ui.context import UiContext, guarded
from app.ui.errors import message_for, show_error
from app.ui.features.exchange.widgets import (
    JobProgressDialog,
    PathField,
    confirm,
    kind_label,
    last_folder,
    producer_label,
    remember_folder,
    run_with_progress,
)

REPORT_COLUMNS = ("added", "updated", "unchanged", "conflicts", "deleted")


class ImportDialog(QDialog):
    imported = Signal(object)  # ImportReport
    conflicts_requested = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.check: bundles.BundleCheck | None = None
        self.report: bundles.ImportReport | None = None
        self.report_dialog: ImportReportDialog | None = None
        self._checked_path: Path | None = None
        self._verified_html = ""
        self._progress: JobProgressDialog | None = None
        self.setObjectName("importBundleDialog")
        self.setWindowTitle(self.tr("导入数据包"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "先校验：签名须来自受信任的密钥，每个文件的哈希须一致。校验通过后确认导入；"
                "导入在一个事务中完成，同一数据包导入两次不会改变任何数据。"
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.source = PathField(
            mode="open", caption=self.tr("选择数据包"), name_filter=self.tr("数据包 (*.zip)")
        )
        self.source.setObjectName("importPath")
        self.source.set_path(str(last_folder()) + "/")
        self.source.edit.textChanged.connect(self._on_source_changed)
        form.addRow(self.tr("数据包文件"), self.source)
        layout.addLayout(form)

        self.check_label = QLabel(self.tr("选择数据包后点击“校验”。"))
        self.check_label.setObjectName("verifyResult")
        self.check_label.setWordWrap(True)
        self.check_label.setTextFormat(Qt.TextFormat.RichText)
        self.check_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.check_label.setMinimumHeight(120)
        self.check_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.check_label.setStyleSheet(
            "QLabel { background: palette(base); border: 1px solid palette(mid); padding: 8px; }"
        )
        layout.addWidget(self.check_label, 1)

        buttons = QDialogButtonBox()
        self.verify_button = QPushButton(self.tr("校验"))
        self.verify_button.setObjectName("verifyButton")
        self.verify_button.clicked.connect(self._on_verify_clicked)
        self.import_button = QPushButton(self.tr("确认导入"))
        self.import_button.setObjectName("importButton")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self._on_import_clicked)
        # Trust on first use: a laptop's first assignments are signed by an office key it
        # does not know yet; the fingerprint is shown to compare with the office's.
        self.trust_button = QPushButton(self.tr("核对指纹并信任…"))
        self.trust_button.setObjectName("trustSignerButton")
        self.trust_button.setVisible(False)
        self.trust_button.clicked.connect(self._on_trust_clicked)
        self._offer: keys.KeyOffer | None = None
        buttons.addButton(self.trust_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.partial_button = QPushButton(self.tr("只导入允许的部分…"))
        self.partial_button.setObjectName("importAllowedPartButton")
        self.partial_button.setVisible(False)
        self.partial_button.clicked.connect(self._on_partial_clicked)
        buttons.addButton(self.partial_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.verify_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setObjectName("closeButton")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if not ctx.workspace.actor.can(Permission.EXCHANGE):
            self.verify_button.setEnabled(False)
            self.check_label.setText(self.tr("当前账号没有数据交换权限。"))

    # -- verify --------------------------------------------------------------------------

    def _on_source_changed(self, _text: str) -> None:
        if self.check is not None or self._checked_path is not None:
            self.check, self._checked_path = None, None
            self.import_button.setEnabled(False)
            self.check_label.setText(self.tr("文件已更改，请重新校验。"))

    def _on_verify_clicked(self) -> None:
        path = self.source.path()
        if path is None or not path.is_file():
            show_error(self, ValidationError(self.tr("请选择要导入的数据包文件。")))
            return
        self.check, self._checked_path = None, None
        self._offer = None
        self.trust_button.setVisible(False)
        self.import_button.setEnabled(False)
        self.verify_button.setEnabled(False)
        self.check_label.setText(self.tr("正在校验…"))
        self._progress = run_with_progress(  # a mutation: may create this installation's key pair
            self.ctx,
            self,
            title=self.tr("校验数据包"),
            label=self.tr("正在校验…"),
            fn=lambda ws, job: NO_CHANGES.carrying(
                bundles.verify_bundle(ws, path, progress=job.progress)
            ),
            on_done=lambda check: self._on_verified(path, check),
            on_error=self._on_verify_failed,
            cancellable=False,  # reading only: nothing to undo
        )

    def _end_progress(self) -> None:
        if self._progress is not None:
            self._progress.finish()
            self._progress = None

    def _on_verified(self, path: Path, check: bundles.BundleCheck) -> None:
        self._end_progress()
        self.verify_button.setEnabled(True)
        self.check, self._checked_path = check, path
        remember_folder(path)
        counts = "、".join(f"{kind_label(k)} {n}" for k, n in sorted(check.counts.items()))
        signer = keys.ROLE_LABELS.get(check.signer_role, check.signer_role)
        rows = [
            (
                "<span style='color:#1b5e20'><b>"
                + self.tr("✔ 校验通过")
                + "</b></span> "
                + self.tr("签名有效，签发密钥受信任，所有文件哈希一致。")
            ),
            self.tr("类型：{0}").format(html.escape(FLOW_LABELS.get(check.flow, check.flow))),
            self.tr("来源：{0}（{1}）· 第 {2} 号 · 生成于 {3}").format(
                html.escape(producer_label(check.producer)),
                html.escape(signer),
                check.sequence,
                html.escape(fmt_time(check.created_at, seconds=True, zone=True)),
            ),
            self.tr("内容：{0}").format(html.escape(counts or "-")),
        ]
        if check.encrypted_for:
            rows.append(
                self.tr("已加密给 {0}；{1}").format(
                    check.encrypted_for[:12],
                    self.tr("本机可以解密。")
                    if check.readable_here
                    else "<span style='color:#b00020'>"
                    + self.tr("本机没有对应私钥，无法导入。")
                    + "</span>",
                )
            )
        if check.already_imported:
            rows.append(
                "<span style='color:#b26a00'><b>"
                + self.tr("此数据包已导入过（或由本机生成），再次导入不会有任何更改。")
                + "</b></span>"
            )
        can_import = check.readable_here and not check.already_imported
        if can_import:
            rows.append(self.tr("确认无误后点击“确认导入”。"))
        self._verified_html = "<br>".join(rows[:-1] if can_import else rows)
        self.check_label.setText("<br>".join(rows))
        self.import_button.setEnabled(can_import)
        if can_import:
            self.import_button.setFocus()

    def _on_verify_failed(self, exc: BaseException) -> None:
        self._end_progress()
        self.verify_button.setEnabled(True)
        if isinstance(exc, AppError):
            text = (
                "<span style='color:#b00020'><b>"
                + self.tr("✘ 校验未通过，不能导入")
                + "</b></span><br>"
                + html.escape(message_for(exc)[1]).replace("\n", "<br>")
            )
            path = self.source.path()
            try:
                self._offer = keys.bundle_key_offer(self.ctx.workspace, path) if path else None
            except AppError:
                self._offer = None
            if self._offer is not None:
                text += "<br><br>" + self.tr(
                    "这是“{0}”的任务分派，由本机尚未信任的机构密钥签发。其指纹为：<br>"
                    "<b style='font-size:15px'>{1}</b><br>"
                    "请与局里提供的本局公钥指纹逐组核对；一致后点击“核对指纹并信任…”，再导入。"
                ).format(html.escape(self._offer.name), html.escape(self._offer.fingerprint))
                self.trust_button.setVisible(True)
                self.trust_button.setEnabled(self.ctx.workspace.actor.can(Permission.ADMINISTER))
            self.check_label.setText(text)
        else:
            self.check_label.setText(self.tr("校验时发生意外错误。"))
            show_error(self, exc)

    def _on_partial_clicked(self) -> None:
        confirm(
            self,
            title=self.tr("只导入允许的部分"),
            text=self.tr(
                "导入发送方有权写入的记录，拒收的记录不写入，随本次导入留存并记入审计记录，"
                "供复核。确定？"
            ),
            yes_text=self.tr("导入允许的部分"),
            on_yes=lambda: self._on_import_clicked(allowed_part=True),
        )

    def _on_trust_clicked(self) -> None:
        offer, path = self._offer, self.source.path()
        if offer is None or path is None:
            return
        confirm(
            self,
            title=self.tr("信任机构密钥"),
            text=self.tr(
                "信任“{0}”的密钥？\n\n指纹：{1}\n\n只有与局里提供的指纹完全一致时才信任。"
                "信任后本机接受该机构签发的任务分派。"
            ).format(offer.name, offer.fingerprint),
            yes_text=self.tr("指纹一致，信任"),
            on_yes=lambda: self._trust(path, offer),
        )

    def _trust(self, path: Path, offer: keys.KeyOffer) -> None:
        self.trust_button.setEnabled(False)
        self.ctx.run_mutation(
            lambda ws, job: keys.KEY_CHANGES.carrying(
                keys.trust_bundle_signer(ws, path, fingerprint_seen=offer.fingerprint)
            ),
            guarded(self, lambda _key: self._on_signer_trusted()),
            on_error=guarded(self, self._on_trust_failed),
        )

    def _on_trust_failed(self, exc: BaseException) -> None:
        self.trust_button.setEnabled(True)
        show_error(self, exc)

    def _on_signer_trusted(self) -> None:
        self.trust_button.setEnabled(True)
        self.trust_button.setVisible(False)
        self._offer = None
        self._on_verify_clicked()  # verify again, now with the key trusted

    # -- import --------------------------------------------------------------------------

    def _on_import_clicked(self, _checked: bool = False, *, allowed_part: bool = False) -> None:
        path = self._checked_path
        if path is None or self.check is None:
            return
        self.partial_button.setVisible(False)
        self.import_button.setEnabled(False)
        self.verify_button.setEnabled(False)
        self._progress = run_with_progress(
            self.ctx,
            self,
            title=self.tr("导入数据包"),
            label=self.tr("正在导入…"),
            fn=lambda ws, job: bundles.imported(
                bundles.import_bundle(
                    ws,
                    path,
                    progress=job.progress,
                    cancelled=job.cancelled,
                    accept_allowed_part=allowed_part,
                )
            ),
            on_done=self._on_imported,
            on_error=self._on_import_failed,
        )

    def _on_imported(self, report: bundles.ImportReport) -> None:
        self._end_progress()
        self.verify_button.setEnabled(True)
        self.report = report
        self.check_label.setText(
            self._verified_html
            + "<br><br><b>"
            + self.tr("已导入：")
            + "</b>"
            + "<br>".join(
                html.escape(line.split(" / ")[0]) for line in report.summary().splitlines()
            )
        )
        self.imported.emit(report)
        dialog = ImportReportDialog(report, self)
        dialog.conflicts_requested.connect(self.conflicts_requested)
        self.report_dialog = dialog
        dialog.open()

    def _on_import_failed(self, exc: BaseException) -> None:
        cancelled = self._progress is not None and self._progress.user_cancelled
        self._end_progress()
        self.verify_button.setEnabled(True)
        self.import_button.setEnabled(self.check is not None)
        if isinstance(exc, bundles.BundleRefused):
            # The sender may not write some records: say which, in the dialog, and let a
            # supervisor take the allowed part (the rest kept for review) — never silently.
            lines = "".join(
                f"<li>{html.escape(line.split(' / ')[0])}</li>" for line in exc.details[:200]
            )
            more = len(exc.details) - 200
            self.check_label.setText(
                "<span style='color:#b00020'><b>"
                + self.tr("整包拒收，未导入任何数据：发送方无权写入以下 {0} 条记录。").format(
                    len(exc.details)
                )
                + "</b></span><ul>"
                + lines
                + "</ul>"
                + (self.tr("另有 {0} 条未列出。").format(more) if more > 0 else "")
            )
            may = self.ctx.workspace.actor.can(Permission.REVIEW)
            self.partial_button.setVisible(may)
            self.import_button.setEnabled(False)
            return
        self.check_label.setText(
            "<span style='color:#b00020'><b>"
            + self.tr("未导入，数据库没有任何更改。")
            + "</b></span>"
        )
        if not cancelled:
            show_error(self, exc)


class ImportReportDialog(QDialog):
    """导入报告: per kind how many records were added, updated, unchanged, in conflict, deleted."""

    conflicts_requested = Signal()

    def __init__(self, report: bundles.ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setObjectName("importReportDialog")
        self.setWindowTitle(self.tr("导入报告"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(640, 460)
        layout = QVBoxLayout(self)
        head = QLabel(
            self.tr("<b>{0}</b> · 来源 {1} · 第 {2} 号").format(
                html.escape(FLOW_LABELS.get(report.flow, report.flow)),
                html.escape(producer_label(report.producer)),
                report.sequence,
            )
        )
        head.setObjectName("reportHeader")
        layout.addWidget(head)
        self.summary = QLabel()
        self.summary.setObjectName("reportSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        self.table = QTableWidget(0, 1 + len(REPORT_COLUMNS))
        self.table.setObjectName("reportTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("记录类型"),
                self.tr("新增"),
                self.tr("更新"),
                self.tr("未变"),
                self.tr("冲突"),
                self.tr("删除"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(self.table, 1)

        self.notes = QLabel()
        self.notes.setObjectName("reportNotes")
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.notes)

        buttons = QDialogButtonBox()
        self.conflicts_button = QPushButton(self.tr("处理冲突…"))
        self.conflicts_button.setObjectName("openConflictsButton")
        self.conflicts_button.clicked.connect(self._on_conflicts_clicked)
        buttons.addButton(self.conflicts_button, QDialogButtonBox.ButtonRole.ActionRole)
        ok = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        ok.setObjectName("closeButton")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fill()

    def _fill(self) -> None:
        r = self.report
        if r.already_imported:
            self.summary.setText(self.tr("此数据包已导入过（或由本机生成），没有任何更改。"))
        else:
            self.summary.setText(
                self.tr("新增 {0}，更新 {1}，未变 {2}，冲突 {3}，删除 {4}").format(
                    *(r.total(c) for c in REPORT_COLUMNS)
                )
            )
        kinds: list[str] = []
        for column in REPORT_COLUMNS:
            for kind in getattr(r, column):
                if kind not in kinds:
                    kinds.append(kind)
        self.table.setRowCount(len(kinds))
        warn = QBrush(QColor("#fde2e1"))
        for row, kind in enumerate(kinds):
            item = QTableWidgetItem(kind_label(kind))
            item.setData(Qt.ItemDataRole.UserRole, kind)
            self.table.setItem(row, 0, item)
            for col, column in enumerate(REPORT_COLUMNS, start=1):
                n = getattr(r, column).get(kind, 0)
                cell = QTableWidgetItem(str(n))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == "conflicts" and n:
                    cell.setBackground(warn)
                self.table.setItem(row, col, cell)
        notes: list[str] = []
        if r.total("conflicts"):
            notes.append(
                "<span style='color:#b00020'>"
                + self.tr(
                    "有 {0} 条记录两边都改过：两个版本都已保留，请主管在“冲突处理”中决定采用哪一个。"
                ).format(r.total("conflicts"))
                + "</span>"
            )
        if r.gaps:
            notes.append(
                "<span style='color:#b26a00'>"
                + self.tr("缺少该来源第 {0} 号数据包：请向对方索取后补导入。").format(
                    "、".join(map(str, r.gaps))
                )
                + "</span>"
            )
        notes.extend(html.escape(w) for w in r.warnings)
        self.notes.setText("<br>".join(notes))
        self.notes.setVisible(bool(notes))
        self.conflicts_button.setVisible(bool(r.total("conflicts")))

    def count(self, kind: str, column: str) -> int | None:
        """The number shown for `kind` in `column` (added, updated, …), None when no row."""
        model = self.table.model()
        for row in range(model.rowCount()):
            if model.index(row, 0).data(Qt.ItemDataRole.UserRole) == kind:
                return int(model.index(row, 1 + REPORT_COLUMNS.index(column)).data())
        return None

    def _on_conflicts_clicked(self) -> None:
        self.conflicts_requested.emit()
        self.accept()
