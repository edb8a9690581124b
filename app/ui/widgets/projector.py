"""DrawProjectorWindow: the room's view of a public draw — rules, digest + QR, inputs, result.

Shows only what the session already holds: the animation cycles through real candidates'
names and always lands on the computed selection. It never computes or changes anything.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from app.core.services.draw.draw_views import DrawOutcome, DrawView
from app.ui.table_text import cell_text
from app.ui.widgets.qr_view import QrView

STYLE = """
QWidget#projector { background: #0f2740; }
QLabel { color: #f4f7fb; }
QLabel[role="title"] { font-size: 40px; font-weight: bold; }
QLabel[role="sub"] { font-size: 24px; color: #c7d6e6; }
QLabel[role="digest"] { font-family: monospace; font-size: 26px; color: #ffe28a; }
QLabel[role="big"] { font-size: 72px; font-weight: bold; color: #ffe28a; }
QLabel[role="input"] { font-size: 30px; font-family: monospace; color: #ffffff; }
QTableWidget { font-size: 22px; background: #13314f; color: #f4f7fb; gridline-color: #2d4e70; }
QHeaderView::section { font-size: 22px; background: #1d456b; color: #f4f7fb; padding: 6px; }
"""


def _label(text: str = "", role: str = "sub", wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", role)
    label.setWordWrap(wrap)
    return label


def chunk_digest(digest: str) -> str:
    """A 64-hex digest in groups of 8 on two lines, easy to read aloud and compare."""
    groups = [digest[i : i + 8] for i in range(0, len(digest), 8)]
    return " ".join(groups[:4]) + "\n" + " ".join(groups[4:])


MAX_ANIMATION_MS = 90_000  # the whole animation, for any number of targets
MIN_INTERVAL_MS = 15


@dataclass(frozen=True)
class AnimationPlan:
    """How the cosmetic animation runs: a tick every `interval_ms`, `spins` names shown
    before each target lands, `pause` ticks on a landed name, `per_tick` targets landed at
    once when even one tick each would be too long."""

    interval_ms: int
    spins: int
    pause: int
    per_tick: int

    def total_ms(self, targets: int) -> int:
        rounds = math.ceil(targets / self.per_tick)
        return rounds * (self.spins + self.pause) * self.interval_ms


def plan_animation(
    targets: int,
    *,
    interval_ms: int = 60,
    spins: int = 18,
    pause: int = 6,
    speed: float = 1.0,
    cap_ms: int = MAX_ANIMATION_MS,
) -> AnimationPlan:
    """The animation's pace: the natural one (about 1.4 s a target) shortened so that the
    whole stays within `cap_ms` (90 s) for any size; `speed` 2 or 4 from the control screen."""
    interval = max(MIN_INTERVAL_MS, round(interval_ms / max(speed, 0.1)))
    plan = AnimationPlan(interval, spins, pause, 1)
    if targets <= 0 or plan.total_ms(targets) <= cap_ms:
        return plan
    budget_ticks = cap_ms / interval / targets  # ticks a target may have
    if budget_ticks >= 2:
        p = min(pause, max(1, int(budget_ticks) // 4))
        return AnimationPlan(interval, max(1, int(budget_ticks) - p), p, 1)
    per_tick = math.ceil(targets * MIN_INTERVAL_MS / cap_ms)
    interval = max(MIN_INTERVAL_MS, int(cap_ms / math.ceil(targets / per_tick)))
    return AnimationPlan(interval, 1, 0, per_tick)


class DrawProjectorWindow(QWidget):
    """Full screen on a chosen screen (default: the second one when there is one)."""

    animation_finished = Signal()
    closed = Signal()

    PHASES = ("rules", "animation", "result")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("projector")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self.setWindowTitle(self.tr("公开随机抽取"))
        self.stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 30, 40, 30)
        self.title = _label("", "title")
        self.subtitle = _label("", "sub")
        outer.addWidget(self.title)
        outer.addWidget(self.subtitle)
        outer.addWidget(self.stack, 1)
        self._build_rules_page()
        self._build_animation_page()
        self._build_result_page()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._queue: list[tuple[str, str, Sequence[str]]] = []  # (stratum, final name, candidates)
        self._tick = 0
        self._outcome: DrawOutcome | None = None
        self._speed = 1.0
        self._base = (60, 18)
        self._spins, self._pause, self._per_tick = 18, 6, 1
        self._landed: list[str] = []

    # -- pages ---------------------------------------------------------------------------

    def _build_rules_page(self) -> None:
        page = QWidget()
        grid = QHBoxLayout(page)
        left = QVBoxLayout()
        self.rules_table = QTableWidget(0, 5)
        self.rules_table.setHorizontalHeaderLabels(
            [
                self.tr("分层"),
                self.tr("规则"),
                self.tr("可抽户数"),
                self.tr("必查"),
                self.tr("抽取户数"),
            ]
        )
        self.rules_table.verticalHeader().setVisible(False)
        self.rules_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.team_label = _label("", "sub")
        self.digest_caption = _label(self.tr("抽取清单摘要（锁定后公布，请拍照留存）"), "sub")
        self.digest_label = _label("", "digest")
        self.digest_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        left.addWidget(self.rules_table, 2)
        left.addWidget(self.team_label)
        left.addWidget(self.digest_caption)
        left.addWidget(self.digest_label)
        self.inputs_box = QGridLayout()
        left.addLayout(self.inputs_box)
        left.addStretch(1)
        self.qr = QrView()
        self.qr.setMinimumSize(320, 320)
        grid.addLayout(left, 3)
        grid.addWidget(self.qr, 2, Qt.AlignmentFlag.AlignTop)
        self.stack.addWidget(page)
        self._input_labels: list[QLabel] = []

    def _build_animation_page(self) -> None:
        page = QWidget()
        box = QVBoxLayout(page)
        self.anim_stratum = _label("", "sub")
        self.anim_name = _label("", "big")
        self.anim_name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.anim_done = _label("", "sub")
        self.seed_label = _label("", "digest")
        box.addWidget(self.anim_stratum)
        box.addStretch(1)
        box.addWidget(self.anim_name)
        box.addStretch(1)
        box.addWidget(self.anim_done)
        box.addWidget(self.seed_label)
        self.stack.addWidget(page)

    def _build_result_page(self) -> None:
        page = QWidget()
        box = QVBoxLayout(page)
        self.result_caption = _label("", "sub")
        self.result_table = QTableWidget(0, 5)
        self.result_table.setHorizontalHeaderLabels(
            [
                self.tr("分层"),
                self.tr("检查对象"),
                self.tr("统一社会信用代码/注册号"),
                self.tr("检查人员"),
                self.tr("来源"),
            ]
        )
        self.result_table.verticalHeader().setVisible(False)
        head = self.result_table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setStretchLastSection(True)
        self.result_digest = _label("", "digest")
        box.addWidget(self.result_caption)
        box.addWidget(self.result_table, 1)
        box.addWidget(self.result_digest)
        self.stack.addWidget(page)

    # -- placing -------------------------------------------------------------------------

    @staticmethod
    def default_screen_index() -> int:
        return 1 if len(QGuiApplication.screens()) > 1 else 0

    def show_on_screen(self, index: int | None = None, *, full_screen: bool = True) -> None:
        screens = QGuiApplication.screens()
        i = self.default_screen_index() if index is None else max(0, min(index, len(screens) - 1))
        screen = screens[i]
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        if full_screen:
            self.showFullScreen()
        else:
            self.show()

    # -- phases --------------------------------------------------------------------------

    def phase(self) -> str:
        return self.PHASES[self.stack.currentIndex()]

    def show_locked(self, view: DrawView, qr_matrix: Sequence[Sequence[bool]]) -> None:
        """Task, rules, pool per stratum, team rules, digest and QR — before any input exists."""
        self.title.setText(f"{view.task_name}")
        self.subtitle.setText(
            self.tr("{0} · {1} · 第{2}次 · ").format(
                view.task_no, cell_text(view.kind_text), view.attempt
            )
            + self.tr("检查对象 {0} 户 · 检查人员 {1} 名").format(
                view.population_targets, view.population_inspectors
            )
        )
        self.rules_table.setRowCount(len(view.strata))
        self.rules_table.setVisible(bool(view.strata))  # a team replacement has no strata
        for r, s in enumerate(view.strata):
            for c, v in enumerate(
                (f"{s.label}", s.rule, str(s.eligible), str(s.mandatory), str(s.quota))
            ):
                item = QTableWidgetItem(v)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.rules_table.setItem(r, c, item)
        team = self.tr("组队规则：") + view.team_text
        if view.public_value_source:  # DRAW-v1.1 §10: the source is public before any input
            team += "\n" + self.tr("公开数值来源（锁定前声明）：") + view.public_value_source
        self.team_label.setText(team)
        self.digest_label.setText(chunk_digest(view.manifest_digest))
        self.qr.set_matrix(qr_matrix)
        while self.inputs_box.count():
            taken = self.inputs_box.takeAt(0)
            w = taken.widget() if taken is not None else None
            if w is not None:
                w.deleteLater()
        self._input_labels = []
        for i, name in enumerate(view.observers):
            self.inputs_box.addWidget(_label(f"{i + 1}. {name}", "sub"), i, 0)
            value = _label("……", "input")
            self.inputs_box.addWidget(value, i, 1)
            self._input_labels.append(value)
        self.stack.setCurrentIndex(0)

    def set_observer_input(self, index: int, text: str) -> None:
        """Shows an observer's input exactly as typed, live."""
        if 0 <= index < len(self._input_labels):
            self._input_labels[index].setText(text or "……")

    def show_computing(self) -> None:
        """At reveal, at once: the draw is being computed (the result follows in seconds)."""
        self._timer.stop()
        self.anim_stratum.setText("")
        self.anim_name.setText(self.tr("正在计算…"))
        self.anim_done.setText(self.tr("局方密钥已揭示，正在按公开规则计算抽取结果"))
        self.stack.setCurrentIndex(1)

    def set_speed(self, speed: float) -> None:
        """1×, 2× or 4× from the control screen; a running animation changes pace at once."""
        self._speed = speed
        if self._outcome is not None and self._timer.isActive():
            self._apply_plan(len(self._queue) + len(self._landed))

    def _apply_plan(self, targets: int) -> None:
        interval_ms, spins = self._base
        plan = plan_animation(targets, interval_ms=interval_ms, spins=spins, speed=self._speed)
        self._spins, self._pause, self._per_tick = plan.spins, plan.pause, plan.per_tick
        self._timer.start(plan.interval_ms)

    def play(self, outcome: DrawOutcome, *, interval_ms: int = 60, spins: int = 18) -> None:
        """Cosmetic animation over real candidates, landing on each selected target in turn;
        at most 90 s whatever the number of targets (plan_animation)."""
        self._base = (interval_ms, spins)
        self._outcome = outcome
        self._queue = [
            (t.stratum, t.name, outcome.candidates.get(t.stratum, ()) or (t.name,))
            for t in outcome.targets
        ]
        self._tick = 0
        self._landed = []
        self.seed_label.setText(self.tr("随机种子 ") + outcome.view.seed[:32] + "…")
        self.stack.setCurrentIndex(1)
        if not self._queue:
            self.show_result(outcome)
            return
        self._apply_plan(len(self._queue))

    def skip_animation(self) -> None:
        if self._outcome is not None and self._timer.isActive():
            self._timer.stop()
            self.show_result(self._outcome)

    def _on_timer_timeout(self) -> None:
        stratum, final, candidates = self._queue[0]
        self.anim_stratum.setText(
            self.tr("分层 {0} · 第 {1} / {2} 户").format(
                stratum, len(self._landed) + 1, len(self._landed) + len(self._queue)
            )
        )
        self._tick += 1
        if self._tick < self._spins:
            self.anim_name.setText(candidates[(self._tick * 7919) % len(candidates)])
            return
        for _ in range(min(self._per_tick, len(self._queue))):
            stratum, final, _c = self._queue.pop(0)
            self._landed.append(final)
        self.anim_name.setText(final)  # always ends on the computed result
        self.anim_done.setText("　".join(self._landed[-6:]))
        self._tick = -self._pause  # a short pause on the landed name
        if not self._queue:
            self._timer.stop()
            QTimer.singleShot(600, self._show_outcome)

    def _show_outcome(self) -> None:
        if self._outcome is not None:
            self.show_result(self._outcome)

    def show_result(self, outcome: DrawOutcome) -> None:
        self._outcome = outcome
        v = outcome.view
        self.result_caption.setText(
            f"{v.status_text} · "
            + self.tr("共抽取 {0} 户").format(len(outcome.targets))
            + (f" · {v.error}" if v.error else "")
        )
        self.result_table.setRowCount(len(outcome.targets))
        for r, t in enumerate(outcome.targets):
            team = "、".join(m.name for m in t.team)
            for c, val in enumerate(
                (t.stratum, t.name, t.id, team, self.tr("必查") if t.mandatory else self.tr("随机"))
            ):
                item = QTableWidgetItem(val)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.result_table.setItem(r, c, item)
        self.result_digest.setText(
            self.tr("记录摘要 ") + chunk_digest(v.record_digest).replace("\n", " ")
        )
        self.stack.setCurrentIndex(2)
        self.animation_finished.emit()

    # -- keys ----------------------------------------------------------------------------

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close()
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.skip_animation()
        elif key == Qt.Key.Key_F11:
            self.showNormal() if self.isFullScreen() else self.showFullScreen()
        else:
            super().keyPressEvent(event)

    @override
    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._timer.stop()
        self.closed.emit()
        super().closeEvent(event)
