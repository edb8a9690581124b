"""Opens every dialog of the app on the sample county and reports those that do not fit.

Run in a subprocess by tests/ui/test_fit_screen.py, one per screen size and scale factor
(Qt reads QT_SCALE_FACTOR and the offscreen screen's size only when the application starts):

    python tests/ui/dialog_fit_probe.py SAMPLE.db OUT.json [SCREENSHOT_DIR]

Every QDialog subclass under app/ui is found by walking the package; one without a way to
build it here is itself a failure, so a new dialog cannot slip past the check. For each dialog
(and the main window at its first start) it writes a line: its frame, the available screen
area, and what does not fit — the frame outside the screen, or a button of the dialog that is
hidden, clipped or outside the window (buttons inside a scroll area may scroll; the dialog's
own button row may not).
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QProgressDialog,
    QScrollArea,
    QWidget,
)


def all_dialog_classes() -> set[type]:
    import app.ui

    for info in pkgutil.walk_packages(app.ui.__path__, "app.ui."):
        importlib.import_module(info.name)
    found: set[type] = set()
    todo = [QDialog]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("app.ui"):
                found.add(sub)
    return found


def factories(ctx: Any, ws: Any, parent: QWidget) -> dict[type, Callable[[], QDialog]]:
    from app.core.reports.layout import Document, Page
    from app.core.services.exchange import bundles
    from app.core.services.plan import plans
    from app.core.services.registry.vocab import field_choices
    from app.core.services.results.result_followthrough import Adoptable
    from app.ui.admin.audit_viewer import AuditViewerDialog
    from app.ui.admin.office_dialog import OfficeDialog
    from app.ui.admin.users_dialog import (
        ChangePasswordDialog,
        DepartmentDialog,
        NewUserDialog,
        UsersDialog,
    )
    from app.ui.features.checklist.dialogs import CorrectionDialog, RefusalDialog, SignatureDialog
    from app.ui.features.checklist.preview import SheetPreviewDialog
    from app.ui.features.checklist.template_editor import TemplateEditorDialog
    from app.ui.features.draw.assign_dialog import AssignMemberDialog
    from app.ui.features.draw.team_dialog import TeamChangeDialog
    from app.ui.features.exchange.conflicts_dialog import ConflictsDialog
    from app.ui.features.exchange.export_dialog import ExportDialog
    from app.ui.features.exchange.import_dialog import ImportDialog as BundleImportDialog
    from app.ui.features.exchange.import_dialog import ImportReportDialog
    from app.ui.features.exchange.keys_dialog import KeysDialog
    from app.ui.features.exchange.sync_dialog import SyncDialog
    from app.ui.features.exchange.widgets import JobProgressDialog
    from app.ui.features.plan.commission_dialog import CommissionDialog
    from app.ui.features.plan.task_editor import TaskEditorDialog
    from app.ui.features.registry.check_dialog import CheckRecordDialog
    from app.ui.features.registry.conflict_dialog import ConflictDialog
    from app.ui.features.registry.dialogs import HistoryDialog, RecordDialog
    from app.ui.features.registry.import_dialog import ImportDialog as RegistryImportDialog
    from app.ui.features.registry.import_dialog import MappingDialog
    from app.ui.features.results.deadline_settings import DeadlineSettingsDialog
    from app.ui.features.results.dialogs import AdoptDialog, CalendarDialog, FollowUpDialog
    from app.ui.features.results.evidence import EvidenceDialog
    from app.ui.features.results.year_rules_dialog import YearRulesDialog
    from app.ui.first_run import FirstRunDialog
    from app.ui.login import FirstAdminDialog, LoginDialog

    plan_id = plans.list_plans(ws)[0].id
    choices = field_choices(ws, "targets")
    headers = (
        "统一社会信用代码",
        "企业名称",
        "住所",
        "乡镇（街道）",
        "行业",
        "法定代表人",
        "联系电话",
        "登记状态",
    )
    report = bundles.ImportReport(
        "b" * 32,
        "results",
        "笔记本 1",
        3,
        added={"visits": 4},
        updated={"forms": 2},
        warnings=("序号 2 缺失",),
    )

    def never(*_a: Any) -> Any:
        raise AssertionError("not called")

    return {
        OfficeDialog: lambda: OfficeDialog(ctx, parent),
        AuditViewerDialog: lambda: AuditViewerDialog(ctx, parent),
        NewUserDialog: lambda: NewUserDialog(ctx, parent),
        ChangePasswordDialog: lambda: ChangePasswordDialog("admin", parent),
        UsersDialog: lambda: UsersDialog(ctx, parent),
        DepartmentDialog: lambda: DepartmentDialog(
            "wj_li",
            [("市场监管", "五原县市场监督管理局"), ("卫生健康", "五原县卫生健康委员会")],
            "",
            "",
            parent,
        ),
        FirstRunDialog: lambda: FirstRunDialog("/tmp/county.db", parent),
        LoginDialog: lambda: LoginDialog(never, database="/tmp/county.db", parent=parent),
        FirstAdminDialog: lambda: FirstAdminDialog(never, parent),
        SheetPreviewDialog: lambda: SheetPreviewDialog(Document([Page()], title="检查表"), parent),
        TemplateEditorDialog: lambda: TemplateEditorDialog(ctx, parent),
        SignatureDialog: lambda: SignatureDialog("见证人签名", ask_id=True, parent=parent),
        RefusalDialog: lambda: RefusalDialog("当事人", parent),
        TeamChangeDialog: lambda: TeamChangeDialog(
            ctx, [(1, "五原县某某商贸有限公司（91150821XXXXXXXXXX）")], parent
        ),
        AssignMemberDialog: lambda: AssignMemberDialog(
            ctx, [(1, "五原县某某商贸有限公司（91150821XXXXXXXXXX）")], parent
        ),
        CorrectionDialog: lambda: CorrectionDialog(parent),
        TaskEditorDialog: lambda: TaskEditorDialog(
            ctx, draft=None, plan_id=plan_id, department="市场监管", parent=parent
        ),
        KeysDialog: lambda: KeysDialog(ctx, parent),
        ExportDialog: lambda: ExportDialog(ctx, "results", parent),
        BundleImportDialog: lambda: BundleImportDialog(ctx, parent),
        ImportReportDialog: lambda: ImportReportDialog(report, parent),
        JobProgressDialog: lambda: JobProgressDialog("导出", "正在导出…", parent),
        ConflictsDialog: lambda: ConflictsDialog(ctx, parent),
        SyncDialog: lambda: SyncDialog(ctx, parent),
        EvidenceDialog: lambda: EvidenceDialog(ctx, 1, parent),
        FollowUpDialog: lambda: FollowUpDialog(ctx, 1, "某某超市", parent),
        CommissionDialog: lambda: CommissionDialog(ctx, "五原市监抽查〔2026〕2号", [], parent),
        AdoptDialog: lambda: AdoptDialog(
            ctx,
            1,
            "卫生健康",
            "某某超市",
            [Adoptable(1, "五原县市场监督管理局", date(2026, 5, 1), "通过", ("1",), "未发现问题")],
            parent,
        ),  # fmt: skip
        CalendarDialog: lambda: CalendarDialog(ctx, parent),
        DeadlineSettingsDialog: lambda: DeadlineSettingsDialog(ctx, parent),
        CheckRecordDialog: lambda: CheckRecordDialog(
            ctx, code="91330000MA00000001", name="某某超市", parent=parent
        ),
        MappingDialog: lambda: MappingDialog(
            "targets", headers, dict(enumerate(("uscc", "name"))), parent
        ),
        RegistryImportDialog: lambda: RegistryImportDialog(ctx, "targets", parent),
        RecordDialog: lambda: RecordDialog(
            ctx,
            kind="targets",
            title="新增检查对象",
            values=None,
            save=never,
            choices=choices,
            parent=parent,
        ),
        HistoryDialog: lambda: HistoryDialog("变更记录", [], parent),
        YearRulesDialog: lambda: YearRulesDialog(ctx, parent),
        ConflictDialog: lambda: ConflictDialog(ctx, parent),
    }


def problems(window: QWidget, area: QRect) -> list[str]:
    out: list[str] = []
    frame = window.frameGeometry()
    if not area.adjusted(-1, -1, 1, 1).contains(frame):  # a pixel of rounding at 125 %
        out.append(f"window {frame.getRect()} outside the screen {area.getRect()}")
    for button in window.findChildren(QAbstractButton):
        if not button.isVisibleTo(window) or button.window() is not window:
            continue
        scrolled = False
        w = button.parentWidget()
        while w is not None and w is not window:
            if isinstance(w, QScrollArea):
                scrolled = True
            w = w.parentWidget()
        if scrolled or not button.text():
            continue  # inside a scroll area it may scroll; icon buttons of views are not the dialog's
        top_left = button.mapTo(window, button.rect().topLeft())
        rect = QRect(top_left, button.size())
        if not window.rect().contains(rect) or button.visibleRegion().isEmpty():
            out.append(
                f"button '{button.text()}' at {rect.getRect()} not visible in {window.rect().getRect()}"
            )
    return out


def main() -> int:
    db, out = Path(sys.argv[1]), Path(sys.argv[2])
    shots = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    from app.core.services.kernel.workspace import open_workspace
    from app.ui.app import GuiController, create_application

    app = create_application([])
    ws = open_workspace(db)
    controller = GuiController(app, ws, "zh_CN")
    window = controller.window
    assert window is not None
    QApplication.processEvents()
    area = window.screen().availableGeometry()
    lines: list[dict[str, Any]] = [
        {
            "name": "MainWindow",
            "frame": window.frameGeometry().getRect(),
            "area": area.getRect(),
            "problems": problems(window, area)
            + (
                []
                if window.statusBar().isVisible()
                and not window.statusBar().visibleRegion().isEmpty()
                else ["status bar not visible"]
            ),
        }
    ]
    if shots is not None:
        window.show_message("已保存：五原县示例超市")  # the message bar, as after a save
        QApplication.processEvents()
        window.grab().save(str(shots / "MainWindow.png"))
        window.message_bar.hide()
    built = factories(controller.ctx, ws, window)
    for cls in sorted(all_dialog_classes(), key=lambda c: c.__qualname__):
        name = f"{cls.__module__}.{cls.__qualname__}"
        make = built.get(cls)
        if make is None:
            lines.append(
                {"name": name, "problems": ["no way to open it in dialog_fit_probe.factories"]}
            )
            continue
        dialog = make()
        if isinstance(dialog, QProgressDialog):
            dialog.setMinimumDuration(0)
        dialog.show()
        for _ in range(5):
            QApplication.processEvents()
        controller.runner.wait(10000)
        QApplication.processEvents()
        area = dialog.screen().availableGeometry()
        if shots is not None:
            dialog.grab().save(str(shots / f"{cls.__qualname__}.png"))
        lines.append(
            {
                "name": name,
                "frame": dialog.frameGeometry().getRect(),
                "area": area.getRect(),
                "problems": problems(dialog, area),
            }
        )
        dialog.done(0)
        dialog.deleteLater()
        QApplication.processEvents()
    out.write_text(json.dumps(lines, ensure_ascii=False, indent=1), encoding="utf-8")
    window.close()
    controller.runner.wait(30000)
    ws.db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
