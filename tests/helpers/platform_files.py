"""Files shaped the way the provincial platform, the registration system and WPS write them,
made by the tests: xlsx content named .xls, XML Spreadsheet 2003 named .xlsx, BIFF .xls
(xlwt), .ods (written by hand: a zip with mimetype and content.xml), CSV in GB18030 or
UTF-8 with a BOM."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import Workbook


def xlsx(path: Path, rows: list[list[Any]], merges: tuple[str, ...] = ()) -> Path:
    """An .xlsx workbook saved under whatever name `path` has (the platform names it .xls)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value not in (None, ""):
                ws.cell(row=r, column=c, value=value)
    for m in merges:
        ws.merge_cells(m)
    with path.open("wb") as f:  # openpyxl refuses a .xls name: write through a file object
        wb.save(f)
    return path


def spreadsheetml(
    path: Path, rows: list[list[Any]], merges: dict[tuple[int, int], tuple[int, int]] | None = None
) -> Path:
    """XML Spreadsheet 2003 as WPS writes it ("另存为 XML 表格"); `merges` maps a 0-based
    (row, col) to (rows down, columns across). Cells covered by a merge are left out, as
    WPS does, and the next cell carries ss:Index."""
    merges = merges or {}
    covered: set[tuple[int, int]] = set()
    for (r, c), (down, across) in merges.items():
        for rr in range(r, r + down + 1):
            for cc in range(c, c + across + 1):
                if (rr, cc) != (r, c):
                    covered.add((rr, cc))
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?mso-application progid="Excel.Sheet"?>',
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:html="http://www.w3.org/TR/REC-html40">',
        ' <DocumentProperties xmlns="urn:schemas-microsoft-com:office:office"><Author>WPS</Author></DocumentProperties>',
        ' <Styles><Style ss:ID="Default" ss:Name="Normal"><Font ss:FontName="宋体"/></Style></Styles>',
        ' <Worksheet ss:Name="Sheet1">',
        "  <Table>",
    ]
    for r, row in enumerate(rows):
        cells = []
        skipped = False
        for c, value in enumerate(row):
            if (r, c) in covered:
                skipped = True
                continue
            if value in (None, ""):
                skipped = True
                continue
            attrs = f' ss:Index="{c + 1}"' if skipped else ""
            skipped = False
            if (r, c) in merges:
                down, across = merges[(r, c)]
                attrs += (f' ss:MergeDown="{down}"' if down else "") + (
                    f' ss:MergeAcross="{across}"' if across else ""
                )
            kind = "Number" if isinstance(value, int | float) else "String"
            cells.append(f'<Cell{attrs}><Data ss:Type="{kind}">{escape(str(value))}</Data></Cell>')
        out.append(f"   <Row>{''.join(cells)}</Row>")
    out += ["  </Table>", " </Worksheet>", "</Workbook>"]
    path.write_text("\n".join(out), encoding="utf-8")
    return path


def biff(path: Path, rows: list[list[Any]]) -> Path:
    """A genuine BIFF8 .xls written by xlwt (the dev dependency), saved under `path`'s name."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value not in (None, ""):
                sheet.write(r, c, value)
    buf = io.BytesIO()
    book.save(buf)
    path.write_bytes(buf.getvalue())
    return path


def ods(path: Path, rows: list[list[Any]]) -> Path:
    """An OpenDocument spreadsheet (what LibreOffice/WPS save as .ods)."""
    body = []
    for row in rows:
        cells = []
        for value in row:
            if value in (None, ""):
                cells.append("<table:table-cell/>")
            elif isinstance(value, int | float):
                cells.append(
                    f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f"<text:p>{value}</text:p></table:table-cell>"
                )
            else:
                cells.append(
                    f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'
                )
        body.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Sheet1">'
        + "".join(body)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def csv_file(path: Path, rows: list[list[Any]], encoding: str) -> Path:
    """A CSV as the registration system exports it (encoding "gb18030", "utf-8-sig"…)."""
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows([["" if v is None else v for v in r] for r in rows])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path
