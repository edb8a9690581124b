"""Real platform and WPS files imported right the first time: the file's kind is told by its
content, not its name (xlsx named .xls, XML Spreadsheet 2003 named .xlsx, BIFF, ods, CSV in
GB18030 or UTF-8 with a BOM), and a file that is none of them gets a clerk's message."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.core.domain.errors import ValidationError
from app.core.services.registry.imports.pipeline import import_registry, preview_import
from app.core.storage.models import Target
from tests.helpers.platform_files import biff, csv_file, ods, spreadsheetml, xlsx
from tests.helpers.registry_files import uscc

# The registration system's export: a title row, then its own headers.
REG_HEADER = ["序号", "企业名称", "统一社会信用代码", "法定代表人", "登记机关", "管辖单位", "住所"]


def reg_rows(n: int = 5) -> list[list[object]]:
    rows: list[list[object]] = [["五原县市场主体名录（导出）"], REG_HEADER]
    for i in range(1, n + 1):
        rows.append(
            [i, f"五原县{i}号商贸有限公司", uscc(i), f"张{i}", "五原县市场监督管理局",
             "隆兴昌市场监管所", f"隆兴昌镇{i}号"]
        )  # fmt: skip
    return rows


def stored(ws) -> dict[str, Target]:  # type: ignore[no-untyped-def]
    with ws.db.read_session() as s:
        return {t.uscc: t for t in s.scalars(select(Target))}


WRITERS = {
    "xlsx named .xls": ("名录.xls", lambda p, r: xlsx(p, r, ("A1:G1",))),
    "SpreadsheetML 2003 named .xlsx": (
        "名录.xlsx",
        lambda p, r: spreadsheetml(p, r, {(0, 0): (0, 6)}),
    ),
    "BIFF .xls": ("名录.xls", biff),
    "BIFF named .xlsx": ("名录.xlsx", biff),
    "ods": ("名录.ods", ods),
    "CSV GB18030": ("名录.csv", lambda p, r: csv_file(p, r, "gb18030")),
    "CSV UTF-8 BOM named .xls": ("名录.xls", lambda p, r: csv_file(p, r, "utf-8-sig")),
    "CSV UTF-8": ("名录.csv", lambda p, r: csv_file(p, r, "utf-8")),
}


@pytest.mark.parametrize("shape", list(WRITERS))
def test_platform_file_is_read_by_content_and_imported(
    workspace, tmp_path: Path, shape: str
) -> None:
    name, write = WRITERS[shape]
    if "BIFF" in shape:
        pytest.importorskip("xlwt", reason="no BIFF writer in this environment")
    path = write(tmp_path / name, reg_rows())
    result = import_registry(workspace, kind="targets", path=path, mode="all_or_nothing")
    p = result.preview
    assert result.written, (p.missing_required, p.issues)
    assert p.header_row == 2 and p.data_rows == 5 and p.error_rows == 0
    by_header = {p.headers[c]: key for c, key in p.mapping.items()}
    assert by_header["企业名称"] == "name"
    assert by_header["统一社会信用代码"] == "uscc"
    assert by_header["登记机关"] == "registration_authority"
    assert by_header["管辖单位"] == "supervising_unit"
    rows = stored(workspace)
    assert len(rows) == 5
    t = rows[uscc(3)]
    assert (t.name, t.legal_rep, t.registration_authority, t.supervising_unit) == (
        "五原县3号商贸有限公司", "张3", "五原县市场监督管理局", "隆兴昌市场监管所",
    )  # fmt: skip


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00",
        b"PK\x03\x04not really a zip",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
    ],
    ids=["pdf named xlsx", "broken zip", "broken OLE"],
)
def test_a_file_that_is_no_spreadsheet_gets_a_clerks_message(
    workspace, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "名录.xlsx"
    path.write_bytes(content)
    with pytest.raises(ValidationError) as err:
        preview_import(workspace, kind="targets", path=path)
    text = str(err.value)
    assert "这不是Excel能打开的表格文件" in text and "另存为 .xlsx" in text
    assert "Cfb" not in text and "EOCD" not in text and "Zip" not in text


def test_a_web_page_named_xls_is_refused_with_advice(workspace, tmp_path: Path) -> None:
    path = tmp_path / "导出.xls"
    path.write_text(
        "<html><body><table><tr><td>企业名称</td></tr></table></body></html>", encoding="utf-8"
    )
    with pytest.raises(ValidationError, match="网页格式"):
        preview_import(workspace, kind="targets", path=path)


def test_spreadsheetml_with_a_dtd_is_refused_without_expanding_it(
    workspace, tmp_path: Path
) -> None:
    path = tmp_path / "laughs.xlsx"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE Workbook [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S"><Table>'
        '<Row><Cell><Data ss:Type="String">&b;</Data></Cell></Row></Table></Worksheet></Workbook>',
        encoding="utf-8",
    )
    with pytest.raises(ValidationError, match="DTD"):
        preview_import(workspace, kind="targets", path=path)
