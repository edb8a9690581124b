"""The draw tab offscreen: lock, observers' inputs shown live on the projector, reveal, result."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QDate, Qt

from app.core.draw import verify_record
from app.core.services.draw import draw_views
from app.core.services.kernel.workspace import open_workspace
from app.ui.context import UiContext
from app.ui.features.draw.page import DrawPage
from app.ui.runner import TaskRunner


def test_operator_runs_a_session_with_the_projector_following(qtbot, sample_db: Path) -> None:
    ws = open_workspace(sample_db)
    runner = TaskRunner()
    page = DrawPage(UiContext(ws, runner))
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.task_list.count() == 2, timeout=10000)
    page.task_list.setCurrentRow(1)  # 〔2026〕2号: not drawn yet
    assert page.current_task().task_no == "五原市监抽查〔2026〕2号"
    page.date_edit.setDate(QDate(2026, 5, 6))
    page.observers_edit.setPlainText("公证员 王平\n企业代表 李娜")
    projector = page.open_projector(full_screen=False)
    qtbot.addWidget(projector)

    qtbot.mouseClick(page.lock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 1, timeout=10000)
    digest = page._view.manifest_digest
    assert page.digest_label.text().replace(" ", "").replace("\n", "") == digest
    assert page.qr.matrix() and projector.qr.matrix() == page.qr.matrix()
    assert projector.phase() == "rules"
    assert not page._input_edits[1].isEnabled()  # the announced order

    qtbot.keyClicks(page._input_edits[0], "3 5 2 6 1 4")
    assert projector._input_labels[0].text() == "3 5 2 6 1 4"  # shown live, as typed
    assert not page.reveal_button.isEnabled()
    # During the session the page stays on this attempt: a click on another task does
    # nothing, and the input typed in front of the room stays, here and on the projector.
    assert not page.task_list.isEnabled() and not page.trail.isEnabled()
    rect = page.task_list.visualItemRect(page.task_list.item(0))
    qtbot.mouseClick(page.task_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.current_task().task_no == "五原市监抽查〔2026〕2号"
    assert page.steps.currentIndex() == 1 and page._input_edits[0].text() == "3 5 2 6 1 4"
    assert projector._input_labels[0].text() == "3 5 2 6 1 4"
    qtbot.keyClick(page._input_edits[0], Qt.Key.Key_Return)
    assert page._input_edits[1].isEnabled()
    qtbot.keyClicks(page._input_edits[1], "25316")
    qtbot.keyClick(page._input_edits[1], Qt.Key.Key_Return)
    assert page.reveal_button.isEnabled()

    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=10000)
    outcome = page._outcome
    assert outcome.view.status == "ok" and outcome.targets
    assert page.task_list.isEnabled() and page.trail.isEnabled()  # the session is over
    assert page.result_table.model().rowCount() == len(outcome.targets)
    assert projector.phase() == "animation"
    with qtbot.waitSignal(projector.animation_finished, timeout=60000):
        projector.skip_animation()
    assert projector.phase() == "result"
    assert projector.result_table.rowCount() == len(outcome.targets)
    assert projector.result_table.item(0, 1).text() == outcome.targets[0].name

    record = draw_views.draw_record_of(ws, outcome.view.id)
    assert record["reveal"]["observer_inputs"] == ["3 5 2 6 1 4", "25316"]
    assert verify_record(record) == []
    projector.close()
    runner.wait()
    ws.db.dispose()


def test_projector_animation_lands_on_the_computed_names(qtbot, sample_workspace) -> None:
    from app.ui.widgets.projector import DrawProjectorWindow

    outcome = draw_views.get_draw(
        sample_workspace, draw_views.list_draw_sessions(sample_workspace)[0].id
    )
    window = DrawProjectorWindow()
    qtbot.addWidget(window)
    window.play(outcome, interval_ms=1, spins=3)
    with qtbot.waitSignal(window.animation_finished, timeout=60000):
        pass
    landed = window.anim_done.text().split("　")
    assert (
        landed == [t.name for t in outcome.targets][-6:]
    )  # lands on the computed result, in order
    candidates = {n for names_ in outcome.candidates.values() for n in names_}
    assert {t.name for t in outcome.targets} <= candidates  # only real candidates are ever shown
    assert window.phase() == "result"


def test_projector_menu_opens_on_the_default_screen_and_lists_every_screen(
    qtbot, sample_db: Path
) -> None:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QMenu

    ws = open_workspace(sample_db)
    runner = TaskRunner()
    page = DrawPage(UiContext(ws, runner))
    qtbot.addWidget(page)
    f11, chooser_action = page.menu_actions()
    f11.trigger()  # QAction passes `checked`; the projector must still pick the default screen
    assert page.projector is not None
    default = page.projector.default_screen_index()
    assert page.projector.screen() is QGuiApplication.screens()[default]
    page.projector.close()
    menu = chooser_action.menu()
    assert isinstance(menu, QMenu)
    menu.aboutToShow.emit()
    entries = [a.text() for a in menu.actions()]
    assert len(entries) == len(QGuiApplication.screens())
    assert entries[0].startswith("屏幕 1") and "默认" in entries[default]
    menu.actions()[0].trigger()  # an explicit choice opens the projector on that screen
    assert page.projector is not None and page.projector.screen() is QGuiApplication.screens()[0]
    page.projector.close()
    runner.wait()
    ws.db.dispose()


def test_the_public_value_source_is_declared_before_the_lock(qtbot, sample_db: Path) -> None:
    """DRAW-v1.1 on the draw page: the source is typed on the prepare step; after the lock the
    public value field takes only that source's value (and is shut when none was declared)."""
    from tests.screens import save_screenshot

    source = "中国福利彩票双色球第2026031期开奖号码（2026-03-17 21:15开奖）"
    ws = open_workspace(sample_db)
    runner = TaskRunner()
    page = DrawPage(UiContext(ws, runner))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.task_list.count() == 2, timeout=10000)
    page.task_list.setCurrentRow(1)
    page.date_edit.setDate(QDate(2026, 5, 6))
    page.observers_edit.setPlainText("公证员 王平")
    page.source_edit.setText(source)  # typed by an IME (QTest cannot key Chinese in)
    save_screenshot(page, "draw-source-declared.png")
    projector = page.open_projector(full_screen=False)
    qtbot.addWidget(projector)
    qtbot.mouseClick(page.lock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 1, timeout=10000)
    assert page._view.public_value_source == source
    assert source in projector.team_label.text()  # the room sees the source before any input
    assert page.public_edit.isEnabled() and source in page.public_label.text()
    qtbot.keyClicks(page._input_edits[0], "3 5 2 6 1 4")
    qtbot.keyClick(page._input_edits[0], Qt.Key.Key_Return)
    assert not page.reveal_button.isEnabled()  # the declared value is still missing
    qtbot.keyClicks(page.public_edit, "03 09 14 22 27 31+08")
    assert page.reveal_button.isEnabled()
    save_screenshot(page, "draw-public-value.png")
    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=10000)
    record = draw_views.draw_record_of(ws, page._outcome.view.id)
    assert record["protocol"] == "DRAW-v1.1"
    assert record["manifest"]["public_value_source"] == source
    assert record["reveal"]["public_value"] == "03 09 14 22 27 31+08"
    assert verify_record(record) == []
    projector.close()
    runner.wait()
    ws.db.dispose()


def test_without_a_declared_source_the_public_value_field_is_shut(qtbot, sample_db: Path) -> None:
    ws = open_workspace(sample_db)
    runner = TaskRunner()
    page = DrawPage(UiContext(ws, runner))
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.task_list.count() == 2, timeout=10000)
    page.task_list.setCurrentRow(1)
    page.observers_edit.setPlainText("公证员 王平")
    qtbot.mouseClick(page.lock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 1, timeout=10000)
    assert not page.public_edit.isEnabled() and "未声明来源" in page.public_label.text()
    page.enter_inputs(["6 6 6"])
    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=10000)
    record = draw_views.draw_record_of(ws, page._outcome.view.id)
    assert (
        record["manifest"]["public_value_source"] == "" and record["reveal"]["public_value"] == ""
    )
    runner.wait()
    ws.db.dispose()


def test_an_attempt_left_locked_by_a_closed_program_can_only_be_aborted(
    qtbot, sample_db: Path
) -> None:
    """The secret of a locked attempt lives only in the program that locked it: after a crash the
    page says so, takes no input, and the operator aborts it with a reason, as a person does."""
    import os
    import subprocess
    import sys

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog

    from tests.screens import save_screenshot

    repo = Path(__file__).resolve().parents[2]
    script = (
        "import os\n"
        "from app.core.services.draw import draws\n"
        "from app.core.services.kernel.workspace import open_workspace\n"
        f"ws = open_workspace({str(sample_db)!r})\n"
        "draws.lock_draw_session(ws, task_ref='五原市监抽查〔2026〕2号', observers=['公证员 王平'])\n"
        "os._exit(9)\n"  # killed before the reveal
    )
    env = {**os.environ, "PYTHONPATH": str(repo)}
    assert (
        subprocess.run([sys.executable, "-c", script], env=env, cwd=repo, timeout=120).returncode
        == 9
    )

    ws = open_workspace(sample_db)
    runner = TaskRunner()
    page = DrawPage(UiContext(ws, runner))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.task_list.count() == 2, timeout=10000)
    page.task_list.setCurrentRow(1)
    qtbot.waitUntil(
        lambda: page.steps.currentIndex() == 1, timeout=10000
    )  # the open attempt, resumed
    assert page._view.secret_lost and page.lost_label.isVisible()
    assert not page._input_edits[0].isEnabled() and not page.reveal_button.isEnabled()
    save_screenshot(page, "draw-secret-lost.png")

    def type_reason() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, type_reason)
            return
        dialog.setTextValue("锁定后程序被强制关闭")
        dialog.accept()

    QTimer.singleShot(0, type_reason)
    qtbot.mouseClick(page.abort_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 0, timeout=10000)
    trail = draw_views.list_draw_sessions(ws, task_ref="五原市监抽查〔2026〕2号")
    assert [(v.status, v.abort_reason) for v in trail] == [("aborted", "锁定后程序被强制关闭")]
    runner.wait()
    ws.db.dispose()


def test_the_animation_never_exceeds_90_seconds_and_speeds_up() -> None:
    from app.ui.widgets.projector import MAX_ANIMATION_MS, plan_animation

    natural = plan_animation(10)
    assert (natural.interval_ms, natural.spins, natural.per_tick) == (
        60,
        18,
        1,
    )  # small draws as before
    assert natural.total_ms(10) == 10 * 24 * 60
    for n in (50, 495, 5000, 100_000):
        plan = plan_animation(n)
        assert plan.total_ms(n) <= MAX_ANIMATION_MS + plan.interval_ms, n
        assert plan.interval_ms >= 15
    assert plan_animation(495).total_ms(495) < 495 * 24 * 60  # the 10-minute draw is capped
    assert plan_animation(40, speed=4).total_ms(40) < plan_animation(40).total_ms(40) / 3


def test_reveal_shows_computing_on_the_projector_and_the_control_screen_skips(
    qtbot, sample_db: Path
) -> None:
    ws = open_workspace(sample_db)
    runner = TaskRunner()
    page = DrawPage(UiContext(ws, runner))
    qtbot.addWidget(page)
    f11, _chooser = page.menu_actions()
    f11.trigger()
    projector = page.projector
    projector.show_computing()
    assert projector.phase() == "animation" and projector.anim_name.text() == "正在计算…"
    outcome = draw_views.get_draw(ws, draw_views.list_draw_sessions(ws)[0].id)
    page.speed_combo.setCurrentIndex(2)  # 4×
    assert projector._speed == 4.0
    projector.play(outcome)
    assert projector.phase() == "animation"
    page.skip_button.click()
    assert projector.phase() == "result"
    assert projector.result_table.rowCount() == len(outcome.targets)
    projector.close()
    runner.wait()
    ws.db.dispose()


def test_a_drawn_task_opens_on_its_result_and_never_shows_another_tasks(
    qtbot, sample_db: Path, tmp_path: Path, monkeypatch
) -> None:
    """Days after the session a supervisor selects the drawn task (or double-clicks its attempt
    in the trail) and finds its result with its buttons; selecting another task never leaves
    the first one's result, whose buttons would act on it, on screen."""
    from PySide6.QtWidgets import QFileDialog
    from ui_helpers import drawn_draw_page

    second = "五原市监抽查〔2026〕2号"
    ws = open_workspace(sample_db)
    runner = TaskRunner()
    try:
        page = drawn_draw_page(qtbot, ws, runner, size=(1366, 740))
        assert second in page.result_caption.text()
        # Each stratum's quota announced at the lock beside what was drawn, in words.
        for s in page._view.strata:
            drawn = sum(1 for t in page._outcome.targets if t.stratum == s.code)
            assert drawn == s.quota
            assert (
                f"{s.label}：对象库 {s.pool} · 排除 {s.excluded} · 可抽 {s.eligible} · 应抽 {s.quota} · 已抽 {drawn}"
                in page.result_caption.text()
            )
        labels = {s.label for s in page._view.strata}
        column = {
            page.result_table.model().index(r, 0).data()
            for r in range(page.result_table.model().rowCount())
        }
        assert column <= labels  # the strata by their names, as at the lock
        shown: list[str] = []
        page.ctx.message.connect(shown.append)

        def shows_second() -> bool:
            return page.steps.currentIndex() == 2 and second in page.result_caption.text()

        page.task_list.setCurrentRow(0)  # 〔2026〕1号
        qtbot.waitUntil(
            lambda: bool(page._trail_views) and page._trail_views[0].task_no != second,
            timeout=10000,
        )
        runner.wait()
        qtbot.wait(20)
        assert not shows_second()
        assert page._view is None or page._view.task_no != second

        page.task_list.setCurrentRow(1)  # back: the drawn task opens on its result
        qtbot.waitUntil(shows_second, timeout=10000)
        assert page.sign_button.isEnabled() and page.pdf_button.isEnabled()

        qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)  # 返回任务
        assert page.steps.currentIndex() == 0
        qtbot.waitUntil(lambda: page.trail.model().rowCount() >= 1, timeout=10000)
        row = next(i for i, v in enumerate(page._trail_views) if v.status == "ok")
        index = page.trail.model().index(row, 0)
        rect = page.trail.visualRect(index)
        qtbot.mouseClick(page.trail.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(page.trail.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.waitUntil(shows_second, timeout=10000)

        out = tmp_path / "记录.json"
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), ""))
        )
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: any(str(out) in m for m in shown), timeout=10000)
        assert verify_record(json.loads(out.read_text("utf-8"))) == []
        assert out.stat().st_mode & 0o044 == 0o044  # published: readable like the notice
        assert (tmp_path / "verify.html").exists()
    finally:
        runner.wait()
        ws.db.dispose()
