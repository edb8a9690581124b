"""Never lose a keystroke: a process saving drafts is killed (SIGKILL) mid-edit; reopening shows
the last saved draft intact and the database passes integrity_check."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.services.checklist import inspections
from app.core.services.kernel.workspace import open_workspace
from tests.helpers.inspection_helpers import make_visit

CHILD = r"""
import sys
from app.core.services.checklist import inspections
from app.core.services.kernel.workspace import open_workspace

ws = open_workspace(sys.argv[1], backup=False)
form_id = int(sys.argv[2])
n = 0
while True:
    n += 1
    text = "发现问题：" + "散装食品标识不全" * (n % 7) + f" #{n}"
    inspections.save_draft(ws, form_id, data={"findings": text, "answers": {"B07": {"1": "yes", "2": "no" if n % 2 else "yes"}}})
    print(n, flush=True)  # printed only after the save returned (committed)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_draft_survives_sigkill_mid_edit(sample_db: Path, tmp_path: Path) -> None:
    ws = open_workspace(sample_db)
    visit_id, _ = make_visit(ws)
    form = inspections.start_inspection(ws, visit_id)
    ws.db.dispose()
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[3]))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(sample_db), str(form.id)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    last = 0
    deadline = time.monotonic() + 60
    assert child.stdout is not None
    while last < 40 and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        last = int(line)
    os.kill(child.pid, signal.SIGKILL)  # mid-edit: the next save is likely in flight
    child.wait()
    assert last >= 40, "the child did not save drafts"
    with sqlite3.connect(sample_db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ws = open_workspace(sample_db)
    try:
        data = inspections.get_form(ws, form.id).data
        n = int(data.findings.rsplit("#", 1)[1])
        # the last save reported as done is there; at most the one in flight went further
        assert n in (last, last + 1)
        assert data.findings == "发现问题：" + "散装食品标识不全" * (n % 7) + f" #{n}"
        assert data.answers["B07"] == {"1": "yes", "2": "no" if n % 2 else "yes"}
        assert inspections.get_form(ws, form.id).status == "draft"
    finally:
        ws.db.dispose()
