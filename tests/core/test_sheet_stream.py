"""Reading a sheet in row ranges (imports/stream.py) gives exactly what one read gives.

The part sizes are made tiny here, so that small real files are cut into many parts and
every cut lands somewhere different: after a merged title, between blank rows, inside
runs of shared strings, before rows that do not state their number.
"""

from __future__ import annotations

import re
import threading
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from app.core.domain.errors import ValidationError
from app.core.services.registry.imports import stream
from app.core.services.registry.imports.reader import read_sheet


@pytest.fixture
def tiny_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stream, "STREAM_MIN_BYTES", 1)
    monkeypatch.setattr(stream, "_FIRST_PART", 300)
    monkeypatch.setattr(stream, "_PART", 700)
    monkeypatch.setattr(stream, "_FIRST_READ", 256)
    monkeypatch.setattr(stream, "_READ", 900)


def _streamed(path: Path) -> tuple[str, list[list[Any]], int]:
    """(sheet name, rows from row 1, number of blocks)."""
    rows: list[list[Any]] = []
    blocks = 0
    with stream.sheet_blocks(path) as found:
        for block in found.blocks:
            assert block.first >= len(rows), "blocks come in order and do not overlap"
            rows.extend([[]] * (block.first - len(rows)))
            rows.extend(block.rows)
            blocks += 1
    return found.name, rows, blocks


def _trimmed(rows: list[list[Any]]) -> list[list[Any]]:
    """Rows without trailing empty cells, and no trailing empty rows (a read of the whole
    sheet pads every row to the sheet's width; a part to its own)."""
    out = []
    for row in rows:
        row = list(row)
        while row and row[-1] in (None, ""):
            row.pop()
        out.append(row)
    while out and not out[-1]:
        out.pop()
    return out


def _same_as_one_read(path: Path) -> int:
    name, rows, blocks = _streamed(path)
    whole = read_sheet(path)
    assert name == whole.name
    assert _trimmed(rows) == _trimmed(whole.rows)
    return blocks


def _registry_like(
    path: Path, *, write_only: bool, start_col: int = 1, blank_every: int = 0
) -> Path:
    """A title row, a header, then 120 rows of text, numbers, dates and escaped characters."""
    wb = Workbook(write_only=write_only)
    ws = wb.create_sheet("导入数据") if write_only else wb.active
    if not write_only:
        ws.title = "导入数据"
    pad = [None] * (start_col - 1)
    rows: list[list[Any]] = [
        pad + ["检查对象名录"],
        pad + ["统一社会信用代码", "企业名称", "成立日期", "注册资本", "备注"],
    ]
    for i in range(120):
        if blank_every and i % blank_every == 0:
            rows.append([])
            continue
        rows.append(
            pad
            + [
                f"91150821MA{i:07d}X",
                f'五原县<row r="{i}">&商贸{i}号',  # looks like markup; is escaped text
                date(2020, 1, 1 + i % 28) if i % 3 else datetime(2021, 5, 6, 7, 8, 9),
                i * 1.5 if i % 2 else i,
                "" if i % 5 else "重点\n对象",
            ]
        )
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _shared_strings(path: Path) -> Path:
    """The same workbook with its text in a shared-strings table, as Excel writes it
    (openpyxl writes inline strings)."""
    strings: dict[bytes, int] = {}

    def shared(m: re.Match[bytes]) -> bytes:
        index = strings.setdefault(m.group(3), len(strings))
        return b"<c " + m.group(1) + b't="s"' + m.group(2) + b"><v>%d</v></c>" % index

    out = path.with_name("sst-" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?:\s[^>]*)?>(.*?)</t></is></c>',
                    shared,
                    data,
                    flags=re.S,
                )
            elif info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                    b"</Relationships>",
                )
            dst.writestr(info, data)
        items = b"".join(b'<si><t xml:space="preserve">%s</t></si>' % t for t in strings)
        dst.writestr(
            "xl/sharedStrings.xml",
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'count="%d" uniqueCount="%d">%s</sst>' % (len(strings), len(strings), items),
        )
    return out


@pytest.mark.parametrize("shared", [False, True], ids=["inline-strings", "shared-strings"])
def test_parts_hold_the_same_rows_as_one_read(tmp_path: Path, tiny_parts, shared: bool) -> None:  # type: ignore[no-untyped-def]
    path = _registry_like(tmp_path / "t.xlsx", write_only=True)
    if shared:
        path = _shared_strings(path)
        with zipfile.ZipFile(path) as z:
            assert b't="s"' in z.read("xl/worksheets/sheet1.xml")
    # Really cut into parts; with a shared-strings table, parts at least its size (each part
    # parses it again), so fewer.
    assert _same_as_one_read(path) >= (3 if shared else 10)


def test_blank_rows_and_a_table_that_starts_at_column_c(tmp_path: Path, tiny_parts) -> None:  # type: ignore[no-untyped-def]
    path = _registry_like(tmp_path / "t.xlsx", write_only=False, start_col=3, blank_every=4)
    assert _same_as_one_read(path) > 10


def _rewrite_sheet(path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    out = path.with_name("changed-" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = change(data)
            dst.writestr(info, data)
    return out


def test_rows_that_do_not_state_their_number_are_never_cut_before(
    tmp_path: Path, tiny_parts
) -> None:  # type: ignore[no-untyped-def]
    path = _registry_like(tmp_path / "t.xlsx", write_only=True, blank_every=7)
    # Every row but each fifth loses its r="…": calamine counts those on from the row before.
    seen = iter(range(10**6))
    numbered = _rewrite_sheet(
        path,
        lambda xml: re.sub(
            rb'<row r="\d+"', lambda m: m.group(0) if next(seen) % 5 == 0 else b"<row", xml
        ),
    )
    assert _same_as_one_read(numbered) > 3
    none = _rewrite_sheet(path, lambda xml: re.sub(rb'<row r="\d+"', b"<row", xml))
    assert _same_as_one_read(none) == 1  # nowhere safe to cut: one part


def test_a_sheet_written_with_a_namespace_prefix(tmp_path: Path, tiny_parts) -> None:  # type: ignore[no-untyped-def]
    path = _registry_like(tmp_path / "t.xlsx", write_only=True)

    def prefixed(xml: bytes) -> bytes:
        xml = re.sub(rb"<(/?)([A-Za-z]+)([ >/])", rb"<\1x:\2\3", xml)
        return xml.replace(b'xmlns="', b'xmlns:x="', 1)

    assert _same_as_one_read(_rewrite_sheet(path, prefixed)) > 10


def test_an_empty_first_sheet_gives_way_to_the_one_with_data(tmp_path: Path, tiny_parts) -> None:  # type: ignore[no-untyped-def]
    wb = Workbook()
    wb.active.title = "说明"
    data = wb.create_sheet("名录")
    for i in range(50):
        data.append([f"企业{i}", i])
    path = tmp_path / "t.xlsx"
    wb.save(path)
    name, rows, _ = _streamed(path)
    assert name == "名录" and rows[49] == ["企业49", 49]


def _reader_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(("sheet-reader", "sheet-part"))]


def test_leaving_early_stops_the_reader(tmp_path: Path, tiny_parts) -> None:  # type: ignore[no-untyped-def]
    path = _registry_like(tmp_path / "t.xlsx", write_only=True)
    with stream.sheet_blocks(path) as found:
        first = next(found.blocks)
        assert first.first == 0 and first.rows[0][0] == "检查对象名录"
    assert not _reader_threads()


def test_a_damaged_part_is_reported_and_the_reader_stops(tmp_path: Path, tiny_parts) -> None:  # type: ignore[no-untyped-def]
    path = _registry_like(tmp_path / "t.xlsx", write_only=True)
    # A number cell that is not a number near the end: the first parts read well, a later
    # one does not.
    bad = b'<row r="110"><c r="A110" t="n"><v>abc</v></c></row>'
    broken = _rewrite_sheet(
        path, lambda xml: re.sub(rb'<row r="110">.*?</row>', bad, xml, count=1, flags=re.S)
    )
    with pytest.raises(ValidationError, match="无法读取"):
        _streamed(broken)
    assert not _reader_threads()


def test_progress_share_grows_to_the_whole_sheet(tmp_path: Path, tiny_parts) -> None:  # type: ignore[no-untyped-def]
    path = _registry_like(tmp_path / "t.xlsx", write_only=True)
    with stream.sheet_blocks(path) as found:
        shares = [block.read for block in found.blocks]
    assert shares == sorted(shares) and shares[-1] == 1.0 and shares[0] < 0.2


def test_without_a_temporary_folder_the_sheet_is_read_whole(
    tmp_path: Path, tiny_parts, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import tempfile

    path = _registry_like(tmp_path / "t.xlsx", write_only=True)
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    monkeypatch.setattr(tempfile, "tempdir", str(not_a_folder))
    assert _same_as_one_read(path) == 1
    assert not _reader_threads()


def test_a_file_that_goes_away_midway_is_reported(tmp_path: Path, tiny_parts, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = _registry_like(tmp_path / "t.xlsx", write_only=True)
    real = stream._parse_part
    calls = 0

    def pulled_out(plan, part, file):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls == 4:
            raise OSError(5, "Input/output error")  # as when a USB stick is pulled
        return real(plan, part, file)

    monkeypatch.setattr(stream, "_parse_part", pulled_out)
    with pytest.raises(ValidationError, match="读取中断"):
        _streamed(path)
    assert not _reader_threads()


def test_a_sheet_with_a_picture_comments_and_links(tmp_path: Path, tiny_parts) -> None:  # type: ignore[no-untyped-def]
    """Pictures are left out of the parts; the sheet's other relations come along."""
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.drawing.image import Image as SheetImage
    from PIL import Image

    path = _registry_like(tmp_path / "t.xlsx", write_only=False)
    wb = load_workbook(path)
    ws = wb.active
    logo = tmp_path / "logo.png"
    Image.new("RGB", (40, 20), "red").save(logo)
    ws.add_image(SheetImage(str(logo)), "H2")
    ws["B5"].comment = Comment("请核对名称", "张三")
    ws["B6"].hyperlink = "https://www.gsxt.gov.cn/"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        assert any(n.startswith("xl/media/") for n in z.namelist())
    assert _same_as_one_read(path) > 10
