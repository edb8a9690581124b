"""专项库 in the registry as a clerk uses it: on 检查对象, 导入专项库… opens the import dialog
for the platform's 专项库 list; the preview names the row whose business is not in the registry
(cell and reason); 导入 takes the valid rows; the 专项库 filter then offers the pool, and picking
it lists exactly its businesses. The task editor offers the pool as a pick."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import select

from app.core.services.kernel.workspace import open_workspace
from app.core.storage.models import Licence
from app.ui.context import UiContext
from app.ui.features.registry.page import RegistryPage
from app.ui.runner import TaskRunner
from tests.cli.test_special_pools_cli import MISSING, POOL, _businesses, _platform_list
from tests.screens import save_screenshot

SCALE = "@150" if os.environ.get("QT_SCALE_FACTOR") == "1.5" else ""


def test_a_special_pool_is_imported_from_the_targets_tab_and_filters_it(
    qtbot, sample_db: Path, tmp_path: Path
) -> None:
    people = _businesses(sample_db, 5)
    rows = [
        [n, code, name, POOL, "食品生产许可证", f"SC10615082{n:05d}", "2024-03-05", "长期", "五原县市场监督管理局"]
        for n, (code, name) in enumerate(people, start=1)
    ]  # fmt: skip
    rows.append([6, MISSING, "五原县不存在食品有限公司", POOL, "食品生产许可证",
                 "SC1061508200009", "2024-03-05", "2029-01-01", "五原县市场监督管理局"])  # fmt: skip
    source = _platform_list(tmp_path / "食品生产专项库.xls", rows)
    ws = open_workspace(sample_db)
    runner = TaskRunner()
    try:
        page = RegistryPage(UiContext(ws, runner))
        qtbot.addWidget(page)
        page.resize(*((910, 500) if SCALE else (1366, 740)))
        page.show()
        page.refresh()
        tab = page.registry_tabs["targets"]
        qtbot.waitUntil(lambda: tab.model.rowCount() > 0, timeout=10000)
        qtbot.mouseClick(tab.buttons["pools"], Qt.MouseButton.LeftButton)
        dialog = tab.last_dialog
        assert dialog.kind == "licences" and "专项库" in dialog.windowTitle()
        dialog.load(str(source))
        qtbot.waitUntil(lambda: dialog.preview is not None, timeout=15000)
        p = dialog.preview
        assert p.data_rows == 6 and p.error_rows == 1
        assert dialog.issues.item(0, 0).text() == "B9"  # title, header, hint, five rows
        assert "名录库中没有该检查对象" in dialog.issues.item(0, 4).text()
        save_screenshot(dialog, f"import-special-pool{SCALE}.png")
        with qtbot.waitSignal(dialog.imported, timeout=20000) as blocker:
            qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        assert blocker.args[0].inserted == 5
        with ws.db.read_session() as s:
            stored = list(s.scalars(select(Licence)))
        assert len(stored) == 5 and {x.pool for x in stored} == {POOL}

        box = tab.filters["pool"]
        qtbot.waitUntil(lambda: box.findData(POOL) >= 0, timeout=10000)
        assert box.itemText(box.findData(POOL)) == f"专项库：{POOL}"
        box.setCurrentIndex(box.findData(POOL))
        qtbot.waitUntil(lambda: tab.model.rowCount() == 5, timeout=10000)
        con = sqlite3.connect(sample_db)
        try:
            names = {
                n
                for (n,) in con.execute(
                    "select name from targets t join licences l on l.target_id = t.id"
                )
            }
        finally:
            con.close()
        # (the lazy table fills its rows as they arrive)
        qtbot.waitUntil(
            lambda: {tab.model.index(r, 1).data() for r in range(tab.model.rowCount())} == names,
            timeout=10000,
        )
        save_screenshot(page, f"registry-special-pool-filter{SCALE}.png")
    finally:
        runner.wait()
        qtbot.wait(50)
        ws.db.dispose()
