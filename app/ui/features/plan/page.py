"""抽查计划 tab: plans (annual and joint), their tasks, the state buttons, adjustments, exports and
the joint-visit merge view. Every change goes through app.core.services (plans, tasks, joint).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.domain.errors import AppError, StaleEditError
from app.core.domain.ids import PlanId
from app.core.domain.localtime import local_today
from app.core.domain.states import PlanState
from app.core.services.admin.overview import Table
from app.core.services.draw import joint
from app.core.services.kernel.workspace import NO_CHANGES, Area
from app.core.services.plan import plans, task_views, tasks
from app.core.services.plan.plans import PlanDetail, PlanSummary
from app.core.services.plan.task_views import TaskSummary
from app.core.services.results import third_parties
from app.ui.context import UiContext
from app.ui.errors import one_language, show_error
from app.ui.features.page import Page
from app.ui.features.plan.commission_dialog import CommissionDialog
from app.ui.features.plan.task_editor import TaskEditorDialog
from app.ui.table_text import cell_text
from app.ui.widgets import files
from app.ui.widgets.button_row import button_row
from app.ui.widgets.confirm import confirm
from app.ui.widgets.simple_table import SimpleTableView

STATE_TIPS = {
    PlanState.ANNOUNCED: QT_TRANSLATE_NOOP(
        "PlanPage", "向社会公开本计划及其任务；公示后不能撤销，修改任务要填写调整理由（先询问）"
    ),
    PlanState.RUNNING: QT_TRANSLATE_NOOP("PlanPage", "计划进入执行：可以锁定抽取、开展检查"),
    PlanState.DONE: QT_TRANSLATE_NOOP("PlanPage", "结束本计划：不能再增加或修改任务（先询问）"),
    PlanState.DRAFT: QT_TRANSLATE_NOOP("PlanPage", "撤回已公示的计划，须说明理由（记入审计日志）"),
}

STATE_BUTTONS = (
    (PlanState.ANNOUNCED, QT_TRANSLATE_NOOP("PlanPage", "公示计划")),
    (PlanState.RUNNING, QT_TRANSLATE_NOOP("PlanPage", "开始执行")),
    (PlanState.DONE, QT_TRANSLATE_NOOP("PlanPage", "完成")),
    (PlanState.DRAFT, QT_TRANSLATE_NOOP("PlanPage", "撤回公示…")),
)


class PlanPage(Page):
    areas = frozenset({Area.PLANS, Area.TASKS, Area.DRAWS})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._plans: list[PlanSummary] = []
        self._tasks: list[TaskSummary] = []
        self._detail: PlanDetail | None = None
        layout = QVBoxLayout(self)
        self.caption = QLabel(self.tr("年度抽查工作计划与抽查任务"))
        layout.addWidget(self.caption)
        split = QSplitter(Qt.Orientation.Vertical, self)
        layout.addWidget(split, 1)

        top = QWidget()
        tv = QVBoxLayout(top)
        tv.setContentsMargins(0, 0, 0, 0)
        self.plan_table = SimpleTableView()
        self.plan_table.setObjectName("planTable")
        self.plan_table.selectionModel().currentRowChanged.connect(self._on_plan_table_row_changed)
        tv.addWidget(self.plan_table)
        tv.addLayout(
            button_row(
                (
                    (self.tr("新建年度计划…"), self._on_new_plan),
                    (self.tr("新建联合计划…"), self._on_new_joint),
                    (self.tr("导出 xlsx…"), self._on_export_xlsx),
                    (self.tr("导出公告 PDF…"), self._on_export_pdf),
                    (self.tr("联合检查…"), self._on_joint_view),
                )
            )
        )
        row = QHBoxLayout()
        row.addStretch(1)
        self.state_buttons: dict[str, QPushButton] = {}
        for state, text in STATE_BUTTONS:
            b = QPushButton(self.tr(str(text)))
            b.setObjectName(f"state_{state}")
            b.setToolTip(self.tr(str(STATE_TIPS[state])))
            b.clicked.connect(lambda _=False, state=state: self._on_state_clicked(state))
            self.state_buttons[state] = b
            row.addWidget(b)
        # 五原 第十五条: an adjustment of a public plan is published within 10 working days.
        self.publish_adjustment_button = QPushButton(self.tr("公示调整"))
        self.publish_adjustment_button.setObjectName("publishAdjustment")
        self.publish_adjustment_button.setToolTip(
            self.tr("公示本计划尚未公示的调整（结束其10个工作日期限）")
        )
        self.publish_adjustment_button.clicked.connect(self._on_publish_adjustment)
        row.addWidget(self.publish_adjustment_button)
        tv.addLayout(row)
        split.addWidget(top)

        bottom = QWidget()
        bv = QVBoxLayout(bottom)
        bv.setContentsMargins(0, 0, 0, 0)
        self.plan_caption = QLabel()
        self.plan_caption.setWordWrap(True)
        bv.addWidget(self.plan_caption)
        self.table = SimpleTableView()
        self.table.setObjectName("taskTable")
        self.table.doubleClicked.connect(lambda _i: self._on_edit_task())
        bv.addWidget(self.table, 1)
        bv.addLayout(
            button_row(
                (
                    (self.tr("新建任务…"), self._on_new_task),
                    (self.tr("编辑/调整任务…"), self._on_edit_task),
                    (self.tr("删除任务"), self._on_delete_task),
                    (self.tr("委托第三方…"), self._on_commission),
                )
            )
        )
        self.revisions = SimpleTableView()
        self.revisions.setMaximumHeight(120)
        bv.addWidget(QLabel(self.tr("计划调整记录")))
        bv.addWidget(self.revisions)
        split.addWidget(bottom)
        split.setSizes([260, 520])

    def title(self) -> str:
        return self.tr("抽查计划")

    def menu_actions(self) -> list[QAction]:
        act = QAction(self.tr("联合检查合并(&J)…"), self)
        act.triggered.connect(self._on_joint_view)
        return [act]

    # -- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        self.ctx.run_query(lambda ws, job: plans.list_plans(ws), self._on_plans_loaded)

    def _on_plans_loaded(self, items: list[PlanSummary]) -> None:
        current = self.current_plan()
        self._plans = items
        self.plan_table.set_table(
            Table(
                ("年度", "计划名称", "类型", "部门", "状态", "调整", "任务数", "公示日期"),
                tuple(
                    (
                        str(p.year),
                        p.name,
                        p.kind_text,
                        p.department,
                        p.status,
                        str(p.revision),
                        str(p.tasks),
                        p.published_on.isoformat() if p.published_on else "",
                    )
                    for p in items
                ),
            )
        )
        row = next((i for i, p in enumerate(items) if current and p.id == current.id), 0)
        if items:
            self.plan_table.selectRow(row)
            self._load_plan(items[row].id)

    def current_plan(self) -> PlanSummary | None:
        idx = self.plan_table.currentIndex()
        return self._plans[idx.row()] if idx.isValid() and idx.row() < len(self._plans) else None

    def _on_plan_table_row_changed(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        if current.isValid() and current.row() < len(self._plans):
            self._load_plan(self._plans[current.row()].id)

    def _load_plan(self, plan_id: PlanId) -> None:
        self.ctx.run_query(
            lambda ws, job: (
                plans.get_plan(ws, plan_id),
                task_views.list_tasks(ws, plan_id=plan_id),
            ),
            self._on_plan_loaded,
        )

    def _on_plan_loaded(self, result: tuple[PlanDetail, list[TaskSummary]]) -> None:
        detail, items = result
        self._detail, self._tasks = detail, items
        p = detail.plan
        members = "；".join(m.name for m in detail.members)
        self.plan_caption.setText(
            self.tr("<b>{0}</b>（{1}，{2}，调整 {3} 次）").format(
                p.name, cell_text(p.kind_text), cell_text(p.status), p.revision
            )
            + (self.tr("<br>并入：{0}").format(members) if members else "")
        )
        self.table.set_table(
            Table(
                ("任务编号", "任务名称", "部门", "事项", "状态", "开始", "结束"),
                tuple(
                    (
                        t.task_no,
                        t.name,
                        t.department,
                        t.items,
                        t.status,
                        t.start_on.isoformat() if t.start_on else "",
                        t.end_on.isoformat() if t.end_on else "",
                    )
                    for t in items
                ),
            )
        )
        self.revisions.set_table(
            Table(
                ("次", "时间", "人员", "理由", "公示日期"),
                tuple(
                    (
                        str(r.revision),
                        r.created_at,
                        r.created_by,
                        r.reason,
                        r.published_on.isoformat() if r.published_on else self.tr("待公示"),
                    )
                    for r in detail.revisions
                ),
            )
        )
        for state, button in self.state_buttons.items():
            button.setEnabled(state in detail.allowed_moves)
        self.publish_adjustment_button.setEnabled(
            p.status in (PlanState.ANNOUNCED, PlanState.RUNNING)
            and any(r.published_on is None for r in detail.revisions)
        )

    def current_task(self) -> TaskSummary | None:
        idx = self.table.currentIndex()
        return self._tasks[idx.row()] if idx.isValid() and idx.row() < len(self._tasks) else None

    def _on_commission(self) -> None:
        task = self.current_task()
        if task is None:
            return
        self.ctx.run_query(
            lambda ws, job: third_parties.list_third_parties(ws),
            lambda bodies: self._open_commission(task.task_no, bodies),
            key=f"commission-bodies-{id(self)}",
        )

    def _open_commission(self, task_no: str, bodies: list) -> None:  # type: ignore[type-arg]
        self.commission_dialog = CommissionDialog(self.ctx, task_no, bodies, self)
        self.commission_dialog.open()

    # -- plan actions ---------------------------------------------------------------------

    def _on_new_plan(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("新建年度计划"), self.tr("计划名称："))
        if not ok or not name.strip():
            return
        dept, ok = QInputDialog.getText(
            self, self.tr("新建年度计划"), self.tr("部门代码（如 市场监管）："), text="市场监管"
        )
        if not ok:
            return
        today = local_today()  # from October on, people plan the coming year
        default_year = today.year + 1 if today.month >= 10 else today.year
        year, ok = QInputDialog.getInt(
            self, self.tr("新建年度计划"), self.tr("年度："), default_year, 2000, 2100
        )
        if ok:
            self.ctx.run_mutation(
                lambda ws, job: plans.plan_created(
                    plans.create_plan(ws, year=year, name=name, department_code=dept)
                ),
            )

    def _on_new_joint(self) -> None:
        annual = [p for p in self._plans if p.kind == "annual"]
        if not annual:
            return
        name, ok = QInputDialog.getText(
            self,
            self.tr("新建联合计划"),
            self.tr("计划名称："),
            text=f"{annual[0].year}年度部门联合双随机抽查工作计划",
        )
        if ok and name.strip():
            year = annual[0].year
            ids = [p.id for p in annual if p.year == year]
            self.ctx.run_mutation(
                lambda ws, job: plans.plan_created(
                    plans.create_joint_plan(ws, year=year, name=name, member_plan_ids=ids)
                ),
            )

    def _on_state_clicked(self, state: PlanState, *, confirmed: bool = False) -> None:
        plan = self.current_plan()
        if plan is None:
            return
        if state in (PlanState.ANNOUNCED, PlanState.DONE) and not confirmed:
            if state == PlanState.ANNOUNCED:
                text = self.tr(
                    "公示“{0}”？\n公示后计划及其任务向社会公开，不能撤销；"
                    "此后修改任务要填写调整理由，并在10个工作日内公示调整。"
                ).format(plan.name)
            else:
                text = self.tr(
                    "将“{0}”标为完成？\n完成后不能再增加或修改任务，也不能撤销。"
                ).format(plan.name)
            confirm(
                self,
                self.tr(str(dict(STATE_BUTTONS)[state])),
                text,
                self.tr(str(dict(STATE_BUTTONS)[state])),
                lambda: self._on_state_clicked(state, confirmed=True),
            )
            return
        reason = ""
        if state == PlanState.DRAFT:
            reason, ok = QInputDialog.getText(self, self.tr("撤回公示"), self.tr("撤回理由："))
            if not ok or not reason.strip():
                return
        self.ctx.run_mutation(
            lambda ws, job: plans.set_plan_state(
                ws, plan.id, state, reason=reason, base_version=plan.version
            )
        )

    def _on_publish_adjustment(self) -> None:
        plan = self.current_plan()
        if plan is None:
            return
        self.ctx.run_mutation(
            lambda ws, job: plans.publish_adjustments(ws, plan.id),
            on_error=lambda exc: show_error(self, exc),
        )

    def _export(self, suffix: str) -> None:
        plan = self.current_plan()
        if plan is None:
            return
        path, _f = files.getSaveFileName(self, self.tr("导出"), f"{plan.name}{suffix}")
        if not path:
            return
        fn = plans.export_plan_xlsx if suffix == ".xlsx" else plans.export_plan_notice_pdf
        self.ctx.run_mutation(lambda ws, job: NO_CHANGES.carrying(fn(ws, plan.id, path)))

    def _on_export_xlsx(self) -> None:
        self._export(".xlsx")

    def _on_export_pdf(self) -> None:
        self._export(".pdf")

    # -- task actions ---------------------------------------------------------------------

    def _on_new_task(self) -> None:
        plan = self.current_plan()
        if plan is None or plan.kind != "annual":
            return
        # A new task takes the plan's department (谁的计划，谁发起), never a fixed one.
        self.ctx.run_query(
            lambda ws, job: task_views.new_task_department(ws, plan.id),
            lambda code: self._open_editor(None, plan.id, code, None),
            key=f"next-task-code-{id(self)}",
        )

    def _on_edit_task(self) -> None:
        t = self.current_task()
        if t is None:
            return
        self.ctx.run_query(lambda ws, job: task_views.get_task(ws, t.id), self._edit_loaded_task)

    def _edit_loaded_task(self, d: task_views.TaskDetail) -> TaskEditorDialog:
        return self._open_editor(
            d.draft, d.draft.plan_id, d.draft.initiating_department, d.id, d.version
        )

    def _open_editor(self, draft, plan_id, dept, task_id, version=None) -> TaskEditorDialog:  # type: ignore[no-untyped-def]
        """The task editor; an edit saves against the `version` it loaded. A refused save opens
        the dialog again with the user's input; a stale one also offers the stored task."""
        dialog = TaskEditorDialog(
            self.ctx, draft=draft, plan_id=plan_id, department=dept, parent=self
        )
        dialog.setObjectName("taskEditor")
        self.last_task_editor = dialog

        def refused(exc: BaseException) -> None:
            if not isinstance(exc, AppError):
                dialog.refused("")
                show_error(dialog, exc)
                return
            more = [one_language(d) for d in (exc.details or [])[1:]]  # the message names the first
            dialog.refused(one_language(exc.message), more)  # the input stays, the fields marked
            if not isinstance(exc, StaleEditError) or task_id is None:
                return
            box = QMessageBox(
                QMessageBox.Icon.Warning, self.tr("任务未保存"), exc.message, parent=dialog
            )
            box.setObjectName("staleTaskBox")
            fresh = box.addButton(self.tr("载入最新内容"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(self.tr("保留我的填写"), QMessageBox.ButtonRole.RejectRole)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

            def chosen(button: object) -> None:
                if button is fresh:
                    dialog.reject()
                    self.ctx.run_query(
                        lambda ws, job: task_views.get_task(ws, task_id), self._edit_loaded_task
                    )

            box.buttonClicked.connect(chosen)
            box.open()

        def saved(result: object) -> None:
            dialog.saved()

        def save() -> None:
            d, reason = dialog.draft(), dialog.reason()
            if task_id is None:
                self.ctx.run_mutation(
                    lambda ws, job: tasks.task_saved(tasks.create_task(ws, d, reason=reason)),
                    saved,
                    on_error=refused,
                )
            else:
                self.ctx.run_mutation(
                    lambda ws, job: tasks.task_saved(
                        tasks.update_task(ws, task_id, d, reason=reason, base_version=version)
                    ),
                    saved,
                    on_error=refused,
                )

        dialog.save_requested.connect(save)
        dialog.open()
        return dialog

    def _on_delete_task(self) -> None:
        t = self.current_task()
        if t is not None:
            confirm(
                self,
                self.tr("删除任务"),
                self.tr("删除任务 {0}“{1}”？\n可以用 编辑 → 撤销 恢复。").format(t.task_no, t.name),
                self.tr("删除任务"),
                lambda: self.ctx.run_mutation(lambda ws, job: tasks.delete_task(ws, t.id)),
            )

    # -- joint visits ---------------------------------------------------------------------

    def _on_joint_view(self) -> None:
        self.ctx.run_query(lambda ws, job: joint.preview_joint_visits(ws), self._show_joint_dialog)

    def _show_joint_dialog(self, candidates: list[joint.JointCandidate]) -> QDialog:
        dialog = QDialog(self)
        dialog.setObjectName("jointDialog")
        dialog.setWindowTitle(self.tr("联合检查：进一次门、查多项事"))
        dialog.resize(900, 480)
        v = QVBoxLayout(dialog)
        v.addWidget(
            QLabel(
                self.tr("以下 {0} 户被不同任务在重叠期限内抽中，将合并为一次联合检查：").format(
                    len(candidates)
                )
            )
        )
        view = SimpleTableView()
        view.set_table(
            Table(
                ("检查对象", "代码", "任务", "部门", "期限"),
                tuple(
                    (
                        c.target_name,
                        c.code,
                        "、".join(p.task_no for p in c.parts),
                        "、".join(c.departments),
                        "；".join(f"{p.start_on}～{p.end_on}" for p in c.parts),
                    )
                    for c in candidates
                ),
            )
        )
        v.addWidget(view)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        merge = box.addButton(self.tr("合并"), QDialogButtonBox.ButtonRole.AcceptRole)
        merge.setEnabled(bool(candidates))
        box.accepted.connect(dialog.accept)
        box.rejected.connect(dialog.reject)
        dialog.accepted.connect(
            lambda: self.ctx.run_mutation(
                lambda ws, job: joint.MERGE_CHANGES.carrying(joint.merge_joint_visits(ws))
            )
        )
        v.addWidget(box)
        dialog.open()
        return dialog
