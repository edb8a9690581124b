"""随机抽取 tab: the public draw session step by step — choose, lock, inputs, reveal, sign, print.

Keyboard-driven (Ctrl+L lock, Enter next observer, Ctrl+R reveal, F11 projector); every step is
a service call off the GUI thread. The projector mirrors what this page holds, nothing more.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.domain.ids import DrawSessionId
from app.core.domain.localtime import local_today
from app.core.domain.states import DrawState
from app.core.services.admin.overview import Table
from app.core.services.draw import draw_results, draw_views, draws
from app.core.services.draw.draw_results import DrawableTask
from app.core.services.draw.draw_views import DrawOutcome, DrawView
from app.core.services.kernel.workspace import NO_CHANGES, Area, Workspace
from app.ui.context import UiContext, guarded
from app.ui.errors import show_error
from app.ui.features.page import Page
from app.ui.table_text import cell_text
from app.ui.widgets import files
from app.ui.widgets.dates import pydate, qdate
from app.ui.widgets.projector import DrawProjectorWindow, chunk_digest
from app.ui.widgets.qr_view import QrView
from app.ui.widgets.simple_table import SimpleTableView

KINDS = (
    ("targets", True, QT_TRANSLATE_NOOP("DrawPage", "抽取检查对象并同时组队")),
    ("targets", False, QT_TRANSLATE_NOOP("DrawPage", "只抽取检查对象（人员另行抽取）")),
    ("inspectors", True, QT_TRANSLATE_NOOP("DrawPage", "抽取执法检查人员（已抽对象）")),
    ("experts", True, QT_TRANSLATE_NOOP("DrawPage", "抽取专家（已抽对象）")),
)
# The result table, as drawn (at once) and as it stands (from the visits, after replacements).
RESULT_COLUMNS = ("分层", "检查对象", "代码", "检查人员", "来源")


class DrawPage(Page):
    areas = frozenset({Area.DRAWS, Area.PLANS, Area.TASKS})
    draw_locked = Signal(object)
    draw_computed = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._tasks: list[DrawableTask] = []
        self._view: DrawView | None = None
        self._outcome: DrawOutcome | None = None
        self.projector: DrawProjectorWindow | None = None
        self._visits_wanted_by: Callable[[list[tuple[int, str]]], None] = lambda _visits: None
        split = QSplitter(Qt.Orientation.Horizontal, self)
        layout = QVBoxLayout(self)
        layout.addWidget(split)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addWidget(QLabel(self.tr("抽查任务")))
        self.task_list = QListWidget()
        self.task_list.setObjectName("drawTaskList")
        self.task_list.currentRowChanged.connect(self._on_task_list_current_row_changed)
        lv.addWidget(self.task_list, 2)
        lv.addWidget(QLabel(self.tr("抽取记录（每次尝试都保留）")))
        self.trail = SimpleTableView()
        self.trail.setObjectName("drawTrail")
        self.trail.doubleClicked.connect(self._on_trail_activated)
        self._trail_views: list[DrawView] = []
        lv.addWidget(self.trail, 1)
        split.addWidget(left)

        left.setMinimumWidth(160)
        self.steps = QStackedWidget()
        self.steps.addWidget(self._build_prepare())
        self.steps.addWidget(self._build_inputs())
        self.steps.addWidget(self._build_result())
        split.addWidget(self.steps)
        split.setSizes([360, 900])
        self._hold_session(False)

    # -- step 1: prepare ------------------------------------------------------------------

    def _build_prepare(self) -> QWidget:
        box = QGroupBox(self.tr("① 准备：选择任务、宣布观察员顺序"))
        form = QFormLayout(box)
        self.task_caption = QLabel(self.tr("请在左侧选择任务"))
        self.task_caption.setWordWrap(True)
        self.kind_combo = QComboBox()
        for _kind, _team, label in KINDS:
            self.kind_combo.addItem(self.tr(str(label)))
        self.date_edit = QDateEdit(qdate(local_today()))
        self.date_edit.setCalendarPopup(True)
        self.observers_edit = QPlainTextEdit()
        self.observers_edit.setObjectName("observersEdit")
        self.observers_edit.setPlaceholderText(
            self.tr("每行一位观察员，按输入顺序，如：\n公证员 王平\n企业代表 李娜")
        )
        self.source_edit = QLineEdit()
        self.source_edit.setObjectName("publicValueSourceEdit")
        self.source_edit.setPlaceholderText(
            self.tr("可选：锁定后才公布的公开数值的来源，如“中国福利彩票双色球第2026031期开奖号码”")
        )
        self.source_edit.setToolTip(
            self.tr(
                "要使用公开数值，必须在锁定前声明它的来源；来源写入抽取清单和公告。不填则本次不使用公开数值。"
            )
        )
        self.lock_button = QPushButton(self.tr("锁定抽取清单 (Ctrl+L)"))
        self.lock_button.setObjectName("lockButton")
        self.lock_button.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_button.clicked.connect(self._on_lock_button_clicked)
        form.addRow(self.tr("任务"), self.task_caption)
        form.addRow(self.tr("抽取内容"), self.kind_combo)
        form.addRow(self.tr("抽取日期"), self.date_edit)
        form.addRow(self.tr("观察员"), self.observers_edit)
        form.addRow(self.tr("公开数值来源"), self.source_edit)
        form.addRow(self.lock_button)
        return box

    # -- step 2: inputs -------------------------------------------------------------------

    def _build_inputs(self) -> QWidget:
        box = QGroupBox(self.tr("② 清单已锁定：公布摘要，观察员依次输入"))
        h = QHBoxLayout(box)
        v = QVBoxLayout()
        self.locked_caption = QLabel()
        self.locked_caption.setWordWrap(True)
        self.digest_label = QLabel()
        self.digest_label.setObjectName("manifestDigest")
        self.digest_label.setStyleSheet("font-family: monospace; font-size: 16px;")
        self.digest_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.strata_table = SimpleTableView()
        self.inputs_form = QFormLayout()
        self.public_edit = QLineEdit()
        self.public_edit.setObjectName("publicValueEdit")
        self.public_edit.textChanged.connect(lambda _text: self._update_reveal_button())
        self.public_label = QLabel(self.tr("公开数值"))
        self.public_label.setWordWrap(True)
        self.reveal_button = QPushButton(self.tr("揭示密钥并计算 (Ctrl+R)"))
        self.reveal_button.setObjectName("revealButton")
        self.reveal_button.setShortcut(QKeySequence("Ctrl+R"))
        self.reveal_button.clicked.connect(self._on_reveal_button_clicked)
        self.abort_button = QPushButton(self.tr("中止本次抽取…"))
        self.abort_button.clicked.connect(self._on_abort_button_clicked)
        self.reveal_button.setToolTip(
            self.tr("观察员输入齐全后，揭示锁定时生成的局方密钥并按公开规则计算结果（不能撤销）")
        )
        self.abort_button.setToolTip(self.tr("中止本次抽取并写明理由；记录保留，可重新锁定"))
        v.addWidget(self.locked_caption)
        v.addWidget(QLabel(self.tr("抽取清单摘要：")))
        v.addWidget(self.digest_label)
        v.addWidget(self.strata_table, 1)
        v.addLayout(self.inputs_form)
        v.addWidget(self.public_label)
        v.addWidget(self.public_edit)
        self.lost_label = QLabel(
            self.tr(
                "这次抽取不是由本程序锁定的：锁定它的程序已关闭（或中断），或在另一台电脑上。局方密钥只保存在"
                "锁定它的程序内存中，数据库里只有承诺值，所以在这里不能揭示和计算。若锁定它的程序已不在运行，"
                "请点“中止本次抽取…”写明理由，再重新锁定；两次都保留在抽取记录和审计日志里。"
            )
        )
        self.lost_label.setObjectName("secretLostLabel")
        self.lost_label.setWordWrap(True)
        self.lost_label.setStyleSheet("color: #a40000;")
        self.lost_label.setVisible(False)
        v.addWidget(self.lost_label)
        row = QHBoxLayout()
        row.addWidget(self.reveal_button)
        row.addWidget(self.abort_button)
        v.addLayout(row)
        h.addLayout(v, 3)
        self.qr = QrView()
        self.qr.setObjectName("manifestQr")
        h.addWidget(self.qr, 2, Qt.AlignmentFlag.AlignTop)
        self._input_edits: list[QLineEdit] = []
        return box

    # -- step 3: result -------------------------------------------------------------------

    def _build_result(self) -> QWidget:
        box = QGroupBox(self.tr("③ 抽取结果"))
        v = QVBoxLayout(box)
        self.result_caption = QLabel()
        self.result_caption.setObjectName("resultCaption")
        self.result_caption.setWordWrap(True)
        self.result_caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_table = SimpleTableView()
        self.result_table.setObjectName("resultTable")
        v.addWidget(self.result_caption)
        v.addWidget(self.result_table, 1)
        row = QHBoxLayout()
        self.sign_button = QPushButton(self.tr("签认…"))
        self.sign_button.clicked.connect(self._on_sign_button_clicked)
        self.save_button = QPushButton(self.tr("保存记录 JSON…"))
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.pdf_button = QPushButton(self.tr("打印公告 PDF…"))
        self.pdf_button.clicked.connect(self._on_pdf_button_clicked)
        self.xlsx_button = QPushButton(self.tr("导出名单 xlsx…"))
        self.xlsx_button.clicked.connect(self._on_xlsx_button_clicked)
        self.replace_button = QPushButton(self.tr("备选递补…"))
        self.replace_button.clicked.connect(self._on_replace_button_clicked)
        self.team_button = QPushButton(self.tr("更换检查人员…"))
        self.team_button.setObjectName("teamChangeButton")
        self.team_button.clicked.connect(self._on_team_button_clicked)
        self.assign_button = QPushButton(self.tr("指定检查人员…"))
        self.assign_button.setObjectName("assignMemberButton")
        self.assign_button.setToolTip(self.tr("符合条件的人员不足、无法抽取时，经批准直接指定"))
        self.assign_button.clicked.connect(self._on_assign_button_clicked)
        self.skip_button = QPushButton(self.tr("跳过动画"))
        self.skip_button.setObjectName("skipAnimationButton")
        self.skip_button.setToolTip(self.tr("投影屏上立即显示全部抽取结果（结果不变）"))
        self.skip_button.clicked.connect(self._on_skip_clicked)
        self.speed_combo = QComboBox()
        self.speed_combo.setObjectName("animationSpeed")
        self.speed_combo.setToolTip(self.tr("投影屏动画速度；整段动画最长 90 秒"))
        for label, speed in (
            (self.tr("动画 1×"), 1.0),
            (self.tr("动画 2×"), 2.0),
            (self.tr("动画 4×"), 4.0),
        ):
            self.speed_combo.addItem(label, speed)
        self.speed_combo.currentIndexChanged.connect(self._on_speed_changed)
        self.new_button = QPushButton(self.tr("返回任务"))
        self.new_button.clicked.connect(lambda: self.steps.setCurrentIndex(0))
        row2 = QHBoxLayout()
        for b in (self.sign_button, self.save_button, self.pdf_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.speed_combo)
        row.addWidget(self.skip_button)
        for b in (
            self.xlsx_button,
            self.replace_button,
            self.team_button,
            self.assign_button,
            self.new_button,
        ):
            row2.addWidget(b)
        v.addLayout(row)
        v.addLayout(row2)
        return box

    # -- page -----------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("随机抽取")

    def menu_actions(self) -> list[QAction]:
        # F11: the default screen (the second monitor when there is one). The submenu lets the
        # operator pick any screen, listed afresh each time it opens (a projector plugged in late).
        proj = QAction(self.tr("投影窗口(&P)"), self, shortcut=QKeySequence("F11"))
        proj.triggered.connect(lambda: self.open_projector())
        chooser = QMenu(self.tr("投影到屏幕"), self)
        chooser.setObjectName("projectorScreenMenu")
        chooser.aboutToShow.connect(lambda: self._fill_screen_menu(chooser))
        return [proj, chooser.menuAction()]

    def _fill_screen_menu(self, menu: QMenu) -> None:
        menu.clear()
        default = DrawProjectorWindow.default_screen_index()
        for i, screen in enumerate(QGuiApplication.screens()):
            size = screen.geometry()
            label = self.tr("屏幕 {0}：{1}（{2}×{3}）").format(
                i + 1, screen.name(), size.width(), size.height()
            )
            if i == default:
                label += self.tr(" — 默认")
            act = menu.addAction(label)
            act.triggered.connect(lambda _=False, i=i: self.open_projector(i))

    def refresh(self) -> None:
        self.ctx.run_query(lambda ws, job: draw_results.drawable_tasks(ws), self._on_tasks_loaded)

    def _on_tasks_loaded(self, items: list[DrawableTask]) -> None:
        current = self.current_task()
        self._tasks = items
        self.task_list.blockSignals(True)
        self.task_list.clear()
        for t in items:
            mark = "●" if t.open_session_id else ("✓" if t.ok_session_id else "○")
            QListWidgetItem(
                f"{mark} {t.task_no}\n   {t.name}（{cell_text(t.plan_status)} / {cell_text(t.task_status)}）",
                self.task_list,
            )
        self.task_list.blockSignals(False)
        row = next(
            (i for i, t in enumerate(items) if current and t.id == current.id), 0 if items else -1
        )
        self.task_list.setCurrentRow(row)
        self._on_task_list_current_row_changed(row)

    def current_task(self) -> DrawableTask | None:
        row = self.task_list.currentRow()
        return self._tasks[row] if 0 <= row < len(self._tasks) else None

    def _on_task_list_current_row_changed(self, row: int) -> None:
        task = self._tasks[row] if 0 <= row < len(self._tasks) else None
        if task is None:
            return
        if self._view is not None and self._view.task_id != task.id:
            # The right side shows the task selected, never the one before: its buttons
            # (公告, 递补, 更换人员) would act on the other task. An attempt left open there is
            # resumed when that task is selected again.
            self._view = None
            self._outcome = None
            self.steps.setCurrentIndex(0)
        self.task_caption.setText(
            f"{task.task_no}\n{task.name}\n"
            + self.tr("计划：{0}；任务：{1}；已尝试 {2} 次").format(
                cell_text(task.plan_status), cell_text(task.task_status), task.attempts
            )
        )
        if task.needs_inspector_draw:
            self.kind_combo.setCurrentIndex(2)
        elif task.needs_expert_draw:
            self.kind_combo.setCurrentIndex(3)
        self.ctx.run_query(
            lambda ws, job: draw_views.list_draw_sessions(ws, task_ref=task.id),
            self._on_trail_loaded,
        )

    def _on_trail_loaded(self, views: list[DrawView]) -> None:
        self.trail.set_table(
            Table(
                ("次", "类别", "状态", "锁定时间", "摘要"),
                tuple(
                    (
                        str(v.attempt),
                        v.kind_text,
                        v.status_text + (f"：{v.abort_reason}" if v.abort_reason else ""),
                        v.locked_at,
                        v.manifest_digest[:12],
                    )
                    for v in views
                ),
            )
        )
        self._trail_views = views
        if self.steps.currentIndex() == 2:
            self._load_current_rows()  # a team or a business replaced meanwhile
        open_view = next((v for v in views if v.status == DrawState.LOCKED), None)
        if open_view is not None and (self._view is None or self._view.id != open_view.id):
            self._show_locked(
                open_view
            )  # resume an attempt left open (it may only be finished or aborted)
            return
        task = self.current_task()
        if (
            task is not None
            and task.ok_session_id is not None
            and self._view is None
            and not (task.needs_inspector_draw or task.needs_expert_draw)
        ):
            self._open_attempt(task.ok_session_id)  # a drawn task opens on its result

    def _on_trail_activated(self, index: QModelIndex) -> None:
        """An attempt double-clicked in the trail: its result, or the open one resumed."""
        if not 0 <= index.row() < len(self._trail_views):
            return
        view = self._trail_views[index.row()]
        if view.status == DrawState.LOCKED:
            self._show_locked(view)
        elif view.kind == "amendment":
            self.ctx.message.emit(
                self.tr("这是更换检查人员的补抽记录，不是一次抽取；换上的人员已写入该户的检查组。")
                if view.status == DrawState.OK
                else self.tr("这是一次无效的补抽（没有可换上的人员），检查组没有改变。")
            )
        elif view.status == DrawState.ABORTED:
            self.ctx.message.emit(
                self.tr("第{0}次抽取已中止（{1}），没有结果。").format(
                    view.attempt, view.abort_reason
                )
            )
        else:
            self._open_attempt(view.id)

    def _open_attempt(self, session_id: int) -> None:
        self.ctx.run_query(
            lambda ws, job: draw_views.get_draw(ws, DrawSessionId(session_id)),
            self._on_attempt_loaded,
        )

    def _on_attempt_loaded(self, outcome: DrawOutcome) -> None:
        task = self.current_task()
        if task is None or outcome.view.task_id != task.id:
            return  # the person has moved on to another task
        if self.steps.currentIndex() == 1:
            return  # an attempt was locked meanwhile: it stays on screen
        self._outcome = outcome
        self._view = outcome.view
        self._show_result(outcome)

    # -- actions --------------------------------------------------------------------------

    def observers(self) -> list[str]:
        return [
            line.strip() for line in self.observers_edit.toPlainText().splitlines() if line.strip()
        ]

    def _on_lock_button_clicked(self) -> None:
        task = self.current_task()
        if task is None:
            return
        kind, team, _label = KINDS[self.kind_combo.currentIndex()]
        names = self.observers()
        source = self.source_edit.text()
        day = pydate(self.date_edit.date())
        assert isinstance(day, date)
        self.lock_button.setEnabled(False)
        self._hold_session(True)
        self.ctx.run_mutation(
            lambda ws, job: draws.RECORD_CHANGES.carrying(
                draws.lock_draw_session(
                    ws,
                    task_ref=task.id,
                    observers=names,
                    kind=kind,
                    with_team=team,
                    on=day,
                    public_value_source=source,
                )
            ),
            self._on_locked,
            on_error=self._on_failed,
        )

    def _on_failed(self, exc: BaseException) -> None:
        self.lock_button.setEnabled(True)
        self.reveal_button.setEnabled(True)
        if self.steps.currentIndex() == 0:  # the lock was refused: nothing is open
            self._hold_session(False)
        show_error(self, exc)

    def _hold_session(self, held: bool) -> None:
        """From the lock until the result (or the abort) the page stays on that attempt: the
        observers' inputs are typed in front of the room and the projector shows them, so
        another task or attempt cannot be opened meanwhile."""
        busy = self.tr("抽取进行中：揭示结果或中止本次抽取后，才能选择其他任务或记录")
        self.task_list.setEnabled(not held)
        self.task_list.setToolTip(busy if held else "")
        self.trail.setEnabled(not held)
        self.trail.setToolTip(
            busy
            if held
            else self.tr("双击一次抽取，查看它的结果（签认、公告、记录、递补、更换人员）")
        )

    def _on_locked(self, view: DrawView) -> None:
        self.lock_button.setEnabled(True)
        self._show_locked(view)
        self.draw_locked.emit(view)

    def _show_locked(self, view: DrawView) -> None:
        self._hold_session(True)
        self._view = view
        self._outcome = None
        self.locked_caption.setText(
            self.tr("{0} {1} · {2} · 第{3}次").format(
                view.task_no, view.task_name, cell_text(view.kind_text), view.attempt
            )
            + "\n"
            + view.team_text
        )
        self.digest_label.setText(chunk_digest(view.manifest_digest))
        self.strata_table.set_table(
            Table(
                ("分层", "规则", "对象库", "排除", "必查", "可抽", "抽取户数"),
                tuple(
                    (
                        f"{s.label}（{s.code}）",
                        s.rule,
                        str(s.pool),
                        str(s.excluded),
                        str(s.mandatory),
                        str(s.eligible),
                        str(s.quota),
                    )
                    for s in view.strata
                ),
            )
        )
        matrix = draw_views.qr_matrix(view.manifest_digest)
        self.qr.set_matrix(matrix)
        while self.inputs_form.rowCount():
            self.inputs_form.removeRow(0)
        self._input_edits = []
        for i, name in enumerate(view.observers):
            edit = QLineEdit()
            edit.setObjectName(f"observerInput{i}")
            edit.setEnabled(i == 0)
            edit.textChanged.connect(lambda text, i=i: self._on_input_text_changed(i, text))
            edit.returnPressed.connect(lambda i=i: self._on_input_return_pressed(i))
            self.inputs_form.addRow(f"{i + 1}. {name}", edit)
            self._input_edits.append(edit)
        self.public_edit.clear()
        # DRAW-v1.1 §10: a public value only from the source declared before the lock.
        declared = bool(view.public_value_source)
        self.public_edit.setEnabled(declared)
        self.public_edit.setVisible(declared)  # its line says why: room for the strata instead
        if declared:
            self.public_label.setText(
                self.tr("公开数值（锁定前声明的来源：{0}）").format(view.public_value_source)
            )
            self.public_edit.setPlaceholderText(self.tr("输入该来源公布的数值"))
        else:
            self.public_label.setText(self.tr("公开数值：锁定前未声明来源，本次不使用"))
            self.public_edit.setPlaceholderText("")
        self.reveal_button.setEnabled(False)
        self.lost_label.setVisible(view.secret_lost)
        if view.secret_lost:  # locked by a program that has closed: its secret is gone
            for edit in self._input_edits:
                edit.setEnabled(False)
            self.public_edit.setEnabled(False)
        self.steps.setCurrentIndex(1)
        if self._input_edits:
            self._input_edits[0].setFocus()
        if self.projector is not None:
            self.projector.show_locked(view, matrix)

    def _on_input_text_changed(self, index: int, text: str) -> None:
        if self.projector is not None:
            self.projector.set_observer_input(index, text)
        self._update_reveal_button()

    def _update_reveal_button(self) -> None:
        ready = all(e.text().strip() for e in self._input_edits)
        if self._view is not None and self._view.secret_lost:
            ready = False
        if self._view is not None and self._view.public_value_source:
            ready = ready and bool(self.public_edit.text().strip())  # the declared value is needed
        self.reveal_button.setEnabled(ready)

    def _on_input_return_pressed(self, index: int) -> None:
        """Inputs are taken in the announced order: the next field opens when this one is done."""
        if not self._input_edits[index].text().strip():
            return
        self._input_edits[index].setReadOnly(True)
        if index + 1 < len(self._input_edits):
            self._input_edits[index + 1].setEnabled(True)
            self._input_edits[index + 1].setFocus()
        else:
            self.reveal_button.setFocus()

    def enter_inputs(self, values: list[str]) -> None:
        """Types the inputs in order (what an operator does; used by tests and demos)."""
        for i, value in enumerate(values):
            self._input_edits[i].setText(value)
            self._on_input_return_pressed(i)

    def _on_reveal_button_clicked(self) -> None:
        if self._view is None:
            return
        view = self._view
        inputs = [e.text() for e in self._input_edits]
        public = (self.public_edit.text() or None) if view.public_value_source else None
        self.reveal_button.setEnabled(False)
        self.reveal_button.setText(self.tr("正在计算…"))
        if self.projector is not None:
            self.projector.show_computing()  # the hall sees at once that something happens
        self.ctx.run_mutation(
            lambda ws, job: draws.DRAWN_CHANGES.carrying(
                draws.compute_draw(
                    ws, session_id=view.id, observer_inputs=inputs, public_value=public
                )
            ),
            self._on_computed,
            on_error=self._on_failed,
        )

    def _on_computed(self, outcome: DrawOutcome) -> None:
        self.reveal_button.setText(self.tr("揭示密钥并计算 (Ctrl+R)"))
        self._outcome = outcome
        self._view = outcome.view
        self._show_result(outcome)
        if self.projector is not None:
            self.projector.play(outcome)
        self.draw_computed.emit(outcome)

    def _on_skip_clicked(self) -> None:
        if self.projector is not None:
            self.projector.skip_animation()

    def _on_speed_changed(self, _index: int) -> None:
        if self.projector is not None:
            self.projector.set_speed(float(self.speed_combo.currentData()))

    def _show_result(self, outcome: DrawOutcome) -> None:
        v = outcome.view
        self.result_caption.setText(
            self.tr("{0} · {1} · 第{2}次 · <b>{3}</b>").format(
                v.task_no, cell_text(v.kind_text), v.attempt, cell_text(v.status_text)
            )
            + (f" · {v.error}" if v.error else "")
            + self.tr("<br>种子：<tt>{0}</tt><br>记录摘要：<tt>{1}</tt>").format(
                v.seed, v.record_digest
            )
            + (self.tr("<br>签认：{0}").format(v.signed_off_by) if v.signed_off_by else "")
            + self._strata_summary(outcome)
        )
        labels = {s.code: s.label for s in v.strata}
        self.result_table.set_table(
            Table(
                RESULT_COLUMNS,
                tuple(
                    (
                        labels.get(t.stratum, t.stratum),
                        t.name,
                        t.id,
                        "、".join(f"{m.name}（{m.department}）" for m in t.team),
                        "必查" if t.mandatory else "随机",
                    )
                    for t in outcome.targets
                ),
            )
        )
        self.sign_button.setEnabled(not v.signed_off_by)
        self.replace_button.setEnabled(v.status == DrawState.OK and v.kind == "targets")
        self.steps.setCurrentIndex(2)
        self._hold_session(False)
        self._load_current_rows()

    def _load_current_rows(self) -> None:
        """An effective draw's businesses and teams as they stand now: after 备选递补 or
        更换检查人员 the table shows who goes (as the notice does), not who was drawn."""
        v = self._view
        if v is None or v.status != DrawState.OK:
            return
        self.ctx.run_query(
            lambda ws, job: draw_results.visit_rows(ws, v.id),
            guarded(self, lambda rows: self._on_current_rows(v.id, rows)),
            key="draw.result.rows",
        )

    def _on_current_rows(self, session_id: int, rows: list[draw_results.VisitRow]) -> None:
        if self._view is None or self._view.id != session_id or self.steps.currentIndex() != 2:
            return
        labels = {s.code: s.label for s in self._view.strata}
        self.result_table.set_table(
            Table(
                RESULT_COLUMNS,
                tuple(
                    (
                        labels.get(r.row.stratum, r.row.stratum),
                        r.row.name,
                        r.row.code,
                        r.row.team,
                        r.row.source + (f"（{r.row.note}）" if r.row.note else ""),
                    )
                    for r in rows
                ),
            )
        )

    def _strata_summary(self, outcome: DrawOutcome) -> str:
        """Each stratum's numbers as at the lock beside what was drawn, so the result can be
        checked against the quota announced without counting rows."""
        drawn: dict[str, int] = {}
        for t in outcome.targets:
            drawn[t.stratum] = drawn.get(t.stratum, 0) + 1
        lines = [
            self.tr("{0}：对象库 {1} · 排除 {2} · 可抽 {3} · 应抽 {4} · 已抽 {5}").format(
                s.label, s.pool, s.excluded, s.eligible, s.quota, drawn.get(s.code, 0)
            )
            for s in outcome.view.strata
        ]
        if not lines:
            return ""
        total = self.tr("合计：对象库 {0} · 已抽 {1} 户").format(
            sum(s.pool for s in outcome.view.strata), len(outcome.targets)
        )
        return "<br>" + "<br>".join([*lines, total])

    def _on_abort_button_clicked(self) -> None:
        if self._view is None:
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("中止抽取"), self.tr("中止理由（记入抽取记录）：")
        )
        if not ok or not reason.strip():
            return
        view = self._view
        self.ctx.run_mutation(
            lambda ws, job: draws.RECORD_CHANGES.carrying(
                draws.abort_draw(ws, session_id=view.id, reason=reason)
            ),
            self._on_aborted,
        )

    def _on_aborted(self, view: DrawView) -> None:
        self._view = None
        self.steps.setCurrentIndex(0)
        self._hold_session(False)

    def _on_sign_button_clicked(self) -> None:
        if self._view is None:
            return
        name, ok = QInputDialog.getText(
            self,
            self.tr("签认"),
            self.tr("操作人姓名："),
            text=self.ctx.workspace.actor.display_name,  # the person signed in, as a rule
        )
        if not ok or not name.strip():
            return
        view = self._view
        self.ctx.run_mutation(
            lambda ws, job: draws.RECORD_CHANGES.carrying(
                draws.sign_off_draw(ws, session_id=view.id, signer=name)
            ),
            lambda v: self._on_signed(v),
        )

    def _on_signed(self, view: DrawView) -> None:
        if self._outcome is not None:
            self._outcome = DrawOutcome(
                view, self._outcome.targets, self._outcome.reserve, self._outcome.candidates
            )
            self._show_result(self._outcome)

    def _ask_path(self, title: str, suffix: str) -> str:
        v = self._view
        name = f"{v.task_no}-{v.kind_text}-第{v.attempt}次{suffix}" if v else f"draw{suffix}"
        path, _f = files.getSaveFileName(self, title, name)
        return path

    def _export(
        self,
        title: str,
        suffix: str,
        write: Callable[[Workspace, DrawSessionId, str], Path],
        with_page: bool,
    ) -> None:
        """A file of the attempt shown, written where the person says; the message names it
        (and the verify.html written beside it) until read."""
        path = self._ask_path(title, suffix)
        if not path or self._view is None:
            return
        sid = self._view.id

        def written(out: Path) -> None:
            text = self.tr("已保存：{0}").format(out)
            if with_page:
                text += self.tr("\n同一文件夹中的 verify.html 可在浏览器中核验这次抽取。")
            self.ctx.message.emit(text)

        self.ctx.run_mutation(
            lambda ws, job: NO_CHANGES.carrying(write(ws, sid, path)),
            written,
            on_error=lambda exc: show_error(self, exc),
        )

    def _on_save_button_clicked(self) -> None:
        self._export(
            self.tr("保存抽取记录"),
            ".json",
            lambda ws, sid, path: draws.save_draw_record(ws, session_id=sid, path=path),
            with_page=True,
        )

    def _on_pdf_button_clicked(self) -> None:
        self._export(
            self.tr("抽取结果公告"),
            ".pdf",
            lambda ws, sid, path: draw_results.export_draw_notice_pdf(
                ws, session_id=sid, path=path
            ),
            with_page=True,
        )

    def _on_xlsx_button_clicked(self) -> None:
        self._export(
            self.tr("抽查名单"),
            ".xlsx",
            lambda ws, sid, path: draw_results.export_drawn_targets_xlsx(
                ws, session_id=sid, path=path
            ),
            with_page=False,
        )

    def _on_replace_button_clicked(self) -> None:
        if self._view is None:
            return
        sid = self._view.id
        self.ctx.run_query(
            lambda ws, job: draw_results.visit_rows(ws, sid), self._on_visits_for_replacement
        )

    def _on_visits_for_replacement(self, rows: list[draw_results.VisitRow]) -> None:
        open_rows = [r for r in rows if not r.cancelled]
        labels = [
            self.tr("{0}（{1}，分层 {2}）").format(r.row.name, r.row.code, r.row.stratum)
            for r in open_rows
        ]
        choice, ok = QInputDialog.getItem(
            self, self.tr("备选递补"), self.tr("无法检查的对象："), labels, 0, False
        )
        if not ok:
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("备选递补"), self.tr("理由（如：已注销、无法联系）：")
        )
        if not ok or not reason.strip():
            return
        visit_id = open_rows[labels.index(choice)].visit_id
        self.ctx.run_mutation(
            lambda ws, job: draws.VISITS_CHANGES.carrying(
                draws.replace_drawn_target(ws, visit_id=visit_id, reason=reason)
            ),
        )

    def _on_team_button_clicked(self) -> None:
        self._with_visits(self._open_team_dialog)

    def _on_assign_button_clicked(self) -> None:
        self._with_visits(self._open_assign_dialog)

    def _with_visits(self, then: Callable[[list[tuple[int, str]]], None]) -> None:
        """The drawn businesses still to visit, as (visit id, label), handed to `then`."""
        if self._view is None:
            return
        sid = self._view.id
        self._visits_wanted_by = then
        self.ctx.run_query(lambda ws, job: draw_results.visit_rows(ws, sid), self._on_visit_rows)

    def _on_visit_rows(self, rows: list[draw_results.VisitRow]) -> None:
        self._visits_wanted_by(
            [
                (r.visit_id, self.tr("{0}（{1}）").format(r.row.name, r.row.code))
                for r in rows
                if not r.cancelled
            ]
        )

    def _open_team_dialog(self, visits: list[tuple[int, str]]) -> None:
        from app.ui.features.draw.team_dialog import TeamChangeDialog

        self.team_dialog = TeamChangeDialog(self.ctx, visits, self)
        self.team_dialog.open()

    def _open_assign_dialog(self, visits: list[tuple[int, str]]) -> None:
        from app.ui.features.draw.assign_dialog import AssignMemberDialog

        self.assign_dialog = AssignMemberDialog(self.ctx, visits, self)
        self.assign_dialog.open()

    # -- projector ------------------------------------------------------------------------

    def open_projector(
        self, screen_index: int | None = None, *, full_screen: bool = True
    ) -> DrawProjectorWindow:
        if self.projector is None:
            self.projector = DrawProjectorWindow()
            self.projector.closed.connect(self._on_projector_closed)
            self.projector.set_speed(float(self.speed_combo.currentData()))
        self.projector.show_on_screen(screen_index, full_screen=full_screen)
        if self._outcome is not None:
            self.projector.show_result(self._outcome)
        elif self._view is not None and self._view.status == DrawState.LOCKED:
            self.projector.show_locked(self._view, draw_views.qr_matrix(self._view.manifest_digest))
            for i, e in enumerate(self._input_edits):
                self.projector.set_observer_input(i, e.text())
        return self.projector

    def _on_projector_closed(self) -> None:
        if self.projector is not None:
            self.projector.deleteLater()
        self.projector = None
