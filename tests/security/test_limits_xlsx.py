"""Attacks through a registry spreadsheet, imported with the CLI as an office would.

Each crafted .xlsx starts from a genuine file (openpyxl, as the templates are written) and
is changed at the XML level: a zip bomb (a sheet that unpacks to 500 MB from under 2 MB), a
DTD with billion-laughs entities or an external entity, a raw NUL byte, `&#0;`, `_x0000_`,
and a U+202E in a name. Each is refused with a message and exit 1; nothing is written.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from app.core.services.registry.imports.formats import MAX_PART_BYTES
from tests.helpers.registry_files import TARGET_HEADER, target_row, write_rows

REPO = Path(__file__).resolve().parents[2]

SHEET = "xl/worksheets/sheet1.xml"
LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
        for i in range(1, 10)
    )
    + b"]>"
)
EXTERNAL = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def base(folder: Path, rows: int = 3) -> Path:
    return write_rows(
        folder / "base.xlsx", [TARGET_HEADER] + [target_row(i) for i in range(1, rows + 1)]
    )


def rewrite(src: Path, dst: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info.filename, change(data) if info.filename == part else data)
    return dst


def with_dtd(dtd: bytes, entity: bytes) -> Callable[[bytes], bytes]:
    def change(xml: bytes) -> bytes:
        xml = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", xml)
        return b'<?xml version="1.0"?>\n' + dtd + xml.replace("张三".encode(), entity, 1)

    return change


def bomb(src: Path, dst: Path, unpacked: int) -> Path:
    """The sheet's rows, then row after row of filler until it unpacks to `unpacked` bytes."""
    with zipfile.ZipFile(src) as zin:
        sheet = zin.read(SHEET)
        head, rest = sheet.split(b"<sheetData>")
        rows, tail = rest.split(b"</sheetData>")
        with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
            for info in zin.infolist():
                if info.filename != SHEET:
                    zout.writestr(info.filename, zin.read(info))
            with zout.open(SHEET, "w", force_zip64=True) as w:
                w.write(head + b"<sheetData>" + rows)
                filler = b'<row><c t="inlineStr"><is><t>' + b"x" * 60 + b"</t></is></c></row>"
                block = filler * 10_000
                written = 0
                while written < unpacked:
                    w.write(block)
                    written += len(block)
                w.write(b"</sheetData>" + tail)
    return dst


def targets(db: Path) -> int:
    if not db.exists():
        return 0
    con = sqlite3.connect(db)
    try:
        return int(con.execute("select count(*) from targets").fetchone()[0])
    finally:
        con.close()


def refused(app_cli, tmp_path: Path, file: Path, message: str) -> str:  # noqa: ANN001
    db = tmp_path / f"{file.stem}.db"
    r = app_cli("--db", str(db), "registry", "import", "targets", str(file))
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stderr, r.stderr
    out = r.stdout + r.stderr
    assert message in out, out
    assert targets(db) == 0
    return out


def test_the_genuine_file_imports(app_cli, tmp_path: Path) -> None:
    db = tmp_path / "ok.db"
    r = app_cli("--db", str(db), "registry", "import", "targets", str(base(tmp_path)))
    assert r.returncode == 0, r.stderr
    assert targets(db) == 3


# Runs the CLI and reports the peak memory of its own address space (VmHWM), which, unlike
# ru_maxrss, does not count the test process's pages the child had before exec.
PEAK_OF_CLI = """
import runpy, sys
sys.argv = ["app", *sys.argv[1:]]
try:
    runpy.run_module("app", run_name="__main__", alter_sys=True)
finally:
    with open("/proc/self/status") as status:
        sys.stderr.write("\\n" + next(line for line in status if line.startswith("VmHWM")))
"""


def test_a_zip_bomb_is_refused_early_naming_the_limit(tmp_path: Path) -> None:
    file = bomb(base(tmp_path), tmp_path / "bomb.xlsx", 500 * 10**6)
    assert file.stat().st_size < 2_500_000  # under 2.5 MB on disk, 500 MB unpacked
    db = tmp_path / "bomb.db"
    r = subprocess.run(
        [
            sys.executable,
            "-c",
            PEAK_OF_CLI,
            "--db",
            str(db),
            "registry",
            "import",
            "targets",
            str(file),
        ],
        cwd=REPO,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        capture_output=True,
        text=True,
        timeout=600,
    )
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert "Traceback" not in r.stderr, r.stderr
    assert "超过上限 256.0 MB" in out and "压缩炸弹" in out and SHEET in out
    assert targets(db) == 0
    peak = re.search(r"VmHWM:\s+(\d+) kB", r.stderr)
    assert peak, r.stderr
    assert int(peak.group(1)) < 400 * 1024  # the CLI never came near the 500 MB sheet
    assert MAX_PART_BYTES == 256 << 20  # the documented limit (docs/security.md)


@pytest.mark.parametrize(
    ("part", "dtd", "entity"),
    [
        (SHEET, LAUGHS, b"&lol9;"),
        (SHEET, EXTERNAL, b"&xxe;"),
        ("xl/workbook.xml", LAUGHS, b""),
        ("xl/styles.xml", EXTERNAL, b""),
    ],
    ids=["laughs-in-sheet", "external-in-sheet", "laughs-in-workbook", "external-in-styles"],
)
def test_a_dtd_anywhere_is_refused(
    app_cli, tmp_path: Path, part: str, dtd: bytes, entity: bytes
) -> None:
    file = rewrite(base(tmp_path), tmp_path / "dtd.xlsx", part, with_dtd(dtd, entity))
    out = refused(app_cli, tmp_path, file, "含有 DTD")
    assert part in out


def test_a_dtd_in_a_sheet_large_enough_to_be_streamed_is_refused(app_cli, tmp_path: Path) -> None:
    big = bomb(base(tmp_path), tmp_path / "big.xlsx", 6 * 10**6)  # above the 4 MB streaming size
    file = rewrite(big, tmp_path / "bigdtd.xlsx", SHEET, with_dtd(LAUGHS, b"&lol9;"))
    refused(app_cli, tmp_path, file, "含有 DTD")


@pytest.mark.parametrize(
    ("replacement", "message"),
    [
        ("张\x00三".encode(), "含有空字符（NUL）"),
        ("张&#0;三".encode(), "无法读取"),
        ("张_x0000_三".encode(), "不可见的控制字符 U+0000"),
        ("张三\u202e".encode(), "文字方向控制字符 U+202E"),
        ("张&#x202E;三".encode(), "文字方向控制字符 U+202E"),
    ],
    ids=["raw-nul", "nul-reference", "nul-escape", "rlo", "rlo-reference"],
)
def test_nul_and_bidi_controls_are_refused(
    app_cli, tmp_path: Path, replacement: bytes, message: str
) -> None:
    file = rewrite(
        base(tmp_path),
        tmp_path / "ctl.xlsx",
        SHEET,
        lambda xml: xml.replace("张三".encode(), replacement, 1),
    )
    refused(app_cli, tmp_path, file, message)


def test_a_part_in_a_compression_nobody_reads_is_refused(app_cli, tmp_path: Path) -> None:
    """Method 93 (zstd) in the sheet's headers: zipfile cannot read it; refused, no traceback."""
    src = base(tmp_path)
    stored = tmp_path / "stored.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info))
    data = bytearray(stored.read_bytes())
    name = SHEET.encode()
    for signature, method_at, name_at in ((b"PK\x03\x04", 8, 30), (b"PK\x01\x02", 10, 46)):
        pos = data.find(signature)
        while pos >= 0:
            if data[pos + name_at : pos + name_at + len(name)] == name:
                data[pos + method_at : pos + method_at + 2] = (93).to_bytes(2, "little")
            pos = data.find(signature, pos + 4)
    odd = tmp_path / "zstd.xlsx"
    odd.write_bytes(bytes(data))
    db = tmp_path / "zstd.db"
    r = app_cli("--db", str(db), "registry", "import", "targets", str(odd))
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stderr and "意外错误" not in r.stderr, r.stderr
    assert targets(db) == 0
