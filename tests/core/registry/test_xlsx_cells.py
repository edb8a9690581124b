"""Exported xlsx text cells: control characters become U+FFFD, formula-like text stays text.

Goes through the real registry export and reads the workbook back with openpyxl.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.core.reports.xlsx_cells import set_cell, text_only_cell

NASTY = "食品\x01店\x1f=x\x00"
SHOWN = "食品\ufffd店\ufffd=x\ufffd"  # what a user sees after opening the file


def test_every_kind_of_cell_keeps_text_literal_and_replaces_control_characters(
    tmp_path: Path,
) -> None:
    values = ["=1+1", "+86 138", "-3", "@SUM(A1)", "a\x02b", "tab\there\nnewline", 7, None]
    wb = openpyxl.Workbook()
    for c, value in enumerate(values, start=1):
        set_cell(wb.active.cell(1, c), value)
    wb.save(tmp_path / "normal.xlsx")
    streamed = openpyxl.Workbook(write_only=True)
    out = streamed.create_sheet("s")
    out.append([text_only_cell(out, v) for v in values])
    streamed.save(tmp_path / "streamed.xlsx")
    expected = ["=1+1", "+86 138", "-3", "@SUM(A1)", "a\ufffdb", "tab\there\nnewline", 7, None]
    for name in ("normal.xlsx", "streamed.xlsx"):
        sheet = openpyxl.load_workbook(tmp_path / name).active
        row = next(sheet.iter_rows(max_col=len(values)))
        assert [c.value for c in row] == expected, name
        assert all(c.data_type == "s" for c in row[:6]), name


def _rename_first_target(ws, name: str, address: str) -> None:  # type: ignore[no-untyped-def]
    from app.core.services.kernel.audit import log_event
    from app.core.storage.models import Target

    with ws.db.session() as s:  # as an import (or a PostgreSQL copy) could have stored it
        target = s.get(Target, 1)
        target.name = name
        target.address = address
        log_event(s, ws.actor, "target.update", summary="control characters")


def test_registry_export_with_control_characters_opens_and_shows_replacement(
    sample_workspace, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from app.core.services.registry.excel import export_registry

    _rename_first_target(sample_workspace, NASTY, "+\x0b隆兴昌镇")
    out = tmp_path / "targets.xlsx"
    count = export_registry(sample_workspace, "targets", out)
    assert count == 600
    values = [c for row in openpyxl.load_workbook(out).active.iter_rows() for c in row if c.value]
    names = [c for c in values if c.value == SHOWN]
    addresses = [c for c in values if c.value == "+\ufffd隆兴昌镇"]
    assert names and addresses, "the text must come back, control characters shown as �"
    assert all(c.data_type == "s" for c in names + addresses)
    assert sample_workspace.db.engine.pool.checkedout() == 0


def test_a_failed_registry_export_gives_its_database_connection_back(
    sample_workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from app.core.services.registry import excel

    def full_disk(path, *, rows, **_kw):  # type: ignore[no-untyped-def]
        next(iter(rows))  # the rows are streaming from an open connection now
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(excel, "write_table", full_disk)
    with pytest.raises(OSError) as info:
        excel.export_registry(sample_workspace, "targets", tmp_path / "t.xlsx")
    # The error (and its traceback) is still held, as an error dialog or a log would hold it.
    assert info.value.errno == 28
    assert sample_workspace.db.engine.pool.checkedout() == 0
