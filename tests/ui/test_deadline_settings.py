"""期限设置 offscreen on the sample county: change a limit, due dates follow; the rules are cited."""

from __future__ import annotations

import os
from datetime import date

import pytest
from PySide6.QtCore import QDate

from app.core.domain.roles import Actor, Role
from app.core.services.kernel.workspace import Workspace
from app.core.services.results import deadlines
from app.ui.context import UiContext
from app.ui.features.results import dialogs
from app.ui.features.results.deadline_settings import DeadlineSettingsDialog
from app.ui.features.results.page import ResultsPage
from app.ui.runner import TaskRunner
from tests.screens import save_screenshot

COMPLETED = date(2026, 5, 25)  # a sample result completed that day, not yet published


SCALE = "@150" if os.environ.get("QT_SCALE_FACTOR") == "1.5" else ""


def _dialog(qtbot, ws: Workspace, runner: TaskRunner) -> tuple[DeadlineSettingsDialog, UiContext]:
    ctx = UiContext(ws, runner)
    dialog = DeadlineSettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.loaded is not None, timeout=10000)
    return dialog, ctx


def _publication_dues(ws: Workspace) -> set[date | None]:
    found = deadlines.list_deadlines(ws, today=date(2026, 6, 1))
    return {i.due for i in found.items if i.rule == "publication" and i.start == COMPLETED}


def test_changing_publication_to_15_days_moves_the_due_dates(qtbot, opened) -> None:
    ws, runner = opened
    assert _publication_dues(ws) == {date(2026, 6, 23)}  # 20 working days (端午 06-19 off)
    dialog, ctx = _dialog(qtbot, ws, runner)
    spin = dialog.spins["publication"]
    assert spin.value() == 20 and not dialog.save_button.isEnabled()
    dialog.start_edit.setDate(QDate(2026, 5, 25))
    assert dialog.previews["publication"].text() == "2026-06-23"

    spin.setValue(15)
    assert dialog.previews["publication"].text() == "2026-06-15"  # the preview follows at once
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignal(ctx.data_changed, timeout=10000) as changed:
        dialog.save_button.click()
    assert {"deadlines", "results"} <= changed.args[0]
    qtbot.waitUntil(lambda: dialog.result() == DeadlineSettingsDialog.DialogCode.Accepted)

    assert deadlines.deadline_settings(ws).publication == 15
    assert _publication_dues(ws) == {date(2026, 6, 15)}


def test_the_rules_are_cited_and_a_longer_limit_is_flagged(qtbot, opened) -> None:
    ws, runner = opened
    dialog, _ctx = _dialog(qtbot, ws, runner)
    labels = [w.text() for w in dialog.findChildren(type(dialog.warning))]
    for citation in ("第二十三条", "第十八条", "第十九条", "第十五条"):  # beside each default
        assert any(citation in text and "个工作日" in text for text in labels), citation
    save_screenshot(dialog, f"deadline-settings{SCALE}.png")
    assert dialog.warning.isHidden()
    dialog.spins["plan_adjustment"].setValue(12)
    assert not dialog.warning.isHidden() and "长于规定的10个工作日" in dialog.warning.text()
    dialog.defaults_button.click()
    assert dialog.values() == deadlines.DeadlineSettings() and dialog.warning.isHidden()
    # A year the calendar lacks is said, never guessed.
    dialog.start_edit.setDate(QDate(2031, 3, 2))
    assert "日历缺少2031年" in dialog.previews["publication"].text()
    assert "2026" in dialog.calendar_label.text()


def test_non_administrators_only_see_the_settings(qtbot, opened) -> None:
    ws, runner = opened
    dialog, _ctx = _dialog(qtbot, ws.as_actor(Actor("boss", Role.SUPERVISOR)), runner)
    assert all(spin.isReadOnly() for spin in dialog.spins.values())
    assert not dialog.save_button.isEnabled() and not dialog.defaults_button.isEnabled()
    assert "管理员" in dialog.status.text()


def test_the_calendar_editor_is_linked_and_the_page_has_the_menu_action(
    qtbot, opened, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, runner = opened
    shown: list[object] = []
    monkeypatch.setattr(dialogs.CalendarDialog, "exec", lambda self: shown.append(self) or 0)
    dialog, _ctx = _dialog(qtbot, ws, runner)
    dialog.findChild(type(dialog.defaults_button), "openCalendar").click()
    assert len(shown) == 1 and isinstance(shown[0], dialogs.CalendarDialog)

    page = ResultsPage(UiContext(ws, runner))
    qtbot.addWidget(page)
    assert page.deadline_settings_action in page.menu_actions()
    assert page.deadline_settings_action.text() == "期限设置…"
