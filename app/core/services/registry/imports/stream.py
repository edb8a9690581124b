"""Reading a large .xlsx sheet in row ranges on background threads, so that checking the
first rows overlaps with reading the rest.

python-calamine reads a whole sheet in one call (about 1 s per 100k rows × 12 columns) and
releases Python's lock meanwhile; nothing could start until it returned. Here the sheet's
XML is cut between rows into parts, and each part is given to calamine as a small workbook
of its own (the original's styles, shared strings and workbook parts, with the sheet's
rows of that range); two parts are parsed at a time. A part carries absolute row numbers
(each cut is placed before a row that states its `r`), so calamine reports where its rows
start. The result is exactly what one read of the whole sheet gives (tests compare both);
anything this cannot cut safely (another format, a small sheet, rows without numbers) is
read in one piece. Every part carries the shared-strings table, which calamine parses
again each time, so parts are at least as large as that table.
"""

from __future__ import annotations

import queue
import re
import tempfile
import threading
import zipfile
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain, repeat
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from python_calamine import CalamineWorkbook

from app.core.domain.errors import ValidationError
from app.core.runtime import quick_handoffs

from .extent import check_package, check_sheet, sheet_members
from .formats import sniff
from .reader import read_sheet

STREAM_MIN_BYTES = 4 << 20  # a sheet XML smaller than this is read in one piece
_FIRST_PART = 256 << 10  # the first part is small: its rows (the header) are wanted soonest
_RAMP = 3 << 20  # the second part: not much later than the first
_PART = 6 << 20  # later parts (bytes of row XML)
_FIRST_READ = 1 << 20  # bytes decompressed for the first part
_READ = 16 << 20  # bytes decompressed at a time after it
_AHEAD = 3  # parts read ahead of the consumer
_PARSERS = 2  # parts parsed at the same time (calamine lets go of Python's lock)


@dataclass(frozen=True)
class Block:
    """Consecutive rows of a sheet: `rows[i]` is the sheet's row `first + i` (0-based), its
    cells from column A."""

    first: int
    rows: list[list[Any]]
    read: float = 1.0  # the share of the sheet read through this block (for progress)


@dataclass
class SheetBlocks:
    name: str
    blocks: Iterator[Block]
    merged: tuple[str, ...] = ()  # merged ranges filled with their value (read whole only)
    format: str = "xlsx"  # the file's kind by content (formats.sniff)


class _Unsplittable(Exception):
    """The sheet cannot be read in parts (its message says why, for the user); before the
    first rows are handed out it is read in one piece instead."""


@contextmanager
def sheet_blocks(path: str | Path) -> Iterator[SheetBlocks]:
    """The first sheet with data of the file as blocks of rows, in order.

    A large .xlsx sheet arrives in parts read ahead on a thread; anything else is one
    block. Leaving the block stops the reader.
    """
    plan = _plan(Path(path))
    if plan is None:
        yield _whole(path)
        return
    with quick_handoffs():
        yield from _read_in_parts(path, plan)


def _whole(path: str | Path) -> SheetBlocks:
    sheet = read_sheet(path)
    return SheetBlocks(sheet.name, iter([Block(0, sheet.rows)]), sheet.merged, sheet.format)


def _read_in_parts(path: str | Path, plan: _Plan) -> Iterator[SheetBlocks]:
    reader = _Reader(plan)
    try:
        try:
            first = reader.first_block()
        except _Unsplittable:
            first = None
        if first is None:  # no data in the first sheet, or no rows to cut: read it whole
            reader.close()
            yield _whole(path)
            return
        yield SheetBlocks(plan.name, reader.blocks(first))
    finally:
        reader.close()


@dataclass(frozen=True)
class _Plan:
    path: Path
    name: str  # the sheet's name
    member: str  # its XML inside the zip
    size: int  # its uncompressed size
    # Bytes of row XML per part after the first: at least the size of the shared-strings
    # table (each part parses it again), so that it stays a small share of the work.
    part: int = _PART


def _plan(path: Path) -> _Plan | None:
    """Where the first sheet's XML is, when it is worth reading in parts; else None."""
    if not path.exists() or sniff(path) != "xlsx":
        return None
    check_package(path)  # zip bombs, DTDs, NUL bytes: refused before anything is parsed
    try:
        with zipfile.ZipFile(path) as z:
            sheets, shared_parts = sheet_members(z)
            names = set(z.namelist())
            if not sheets:
                return None
            name, member = sheets[0]
            if member not in names or "worksheets/" not in member:
                return None
            size = z.getinfo(member).file_size
            # The shared-strings table, which every part carries and calamine parses anew.
            shared = sum(z.getinfo(m).file_size for m in shared_parts if m in names)
            if size >= STREAM_MIN_BYTES:
                check_sheet(z, name, member)  # a sheet too large to read is refused here
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return None  # read_sheet gives the user its message
    if size < STREAM_MIN_BYTES:
        return None
    return _Plan(path, name, member, size, max(_PART, shared))


class _Reader:
    """A thread cutting the sheet XML into parts and parsing each with calamine."""

    def __init__(self, plan: _Plan) -> None:
        self._plan = plan
        self._out: queue.Queue[Block | BaseException | None] = queue.Queue(maxsize=_AHEAD)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sheet-reader", daemon=True)
        self._thread.start()

    def _put(self, item: Block | BaseException | None) -> bool:
        while not self._stop.is_set():
            try:
                self._out.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _run(self) -> None:
        try:
            with (
                tempfile.TemporaryDirectory(
                    prefix="sheet-parts-", ignore_cleanup_errors=True
                ) as scratch,
                ThreadPoolExecutor(_PARSERS, thread_name_prefix="sheet-part") as pool,
            ):
                pending: deque[Future[Block]] = deque()
                for n, part in enumerate(_parts(self._plan)):
                    file = Path(scratch) / f"part{n:05d}.xlsx"
                    pending.append(pool.submit(_parse_part, self._plan, part, file))
                    while len(pending) >= _PARSERS or (pending and pending[0].done()):
                        if self._stop.is_set() or not self._put(pending.popleft().result()):
                            return
                while pending:
                    if self._stop.is_set() or not self._put(pending.popleft().result()):
                        return
            self._put(None)
        except OSError as exc:  # the file went away (a USB stick pulled), or no temp space
            self._put(_Unsplittable(f"读取中断（{exc}）"))
        except BaseException as exc:  # handed to the consumer, raised there
            self._put(exc)

    def _next(self) -> Block | None:
        item = self._out.get()
        if isinstance(item, BaseException):
            raise item
        return item

    def first_block(self) -> Block | None:
        """The first block holding a cell; None when the sheet has none."""
        while (block := self._next()) is not None:
            if block.rows:
                return block
        return None

    def blocks(self, first: Block) -> Iterator[Block]:
        yield first
        try:
            while (block := self._next()) is not None:
                if block.rows:
                    yield block
        except _Unsplittable as exc:
            raise ValidationError(f"无法读取 {self._plan.path.name}：{exc}") from None

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


@dataclass(frozen=True)
class _Part:
    others: dict[str, bytes]  # the workbook's other members, as read
    xml: bytes  # the sheet's XML with a range of its rows
    read: float  # the share of the sheet's XML read through this part


def _parts(plan: _Plan) -> Iterator[_Part]:
    """The sheet as parts: the XML before `<sheetData>`, a range of whole rows, the rest."""
    with zipfile.ZipFile(plan.path) as z:
        others = {
            i.filename: z.read(i)
            for i in z.infolist()
            if not i.is_dir() and i.filename != plan.member and not _skipped(i.filename)
        }
        with z.open(plan.member) as raw:
            yield from _cut(raw.read, others, plan.size, plan.part)


def _skipped(member: str) -> bool:
    """Members a read of one sheet never needs: the other sheets' cells, and pictures."""
    return member.startswith("xl/media/") or (
        member.startswith("xl/worksheets/") and member.endswith(".xml")
    )


_SHEET_DATA = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?)sheetData\s*>")
_ROOT = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?worksheet)[\s>]")


def _cut(
    read: Callable[[int], bytes], others: dict[str, bytes], size: int, part_size: int
) -> Iterator[_Part]:
    # Few large reads: each one lets go of Python's lock while it decompresses, and taking
    # the lock back costs a wait when the consumer is busy.
    buf = read(_FIRST_READ)
    got = len(buf)  # bytes of the sheet XML read so far
    while (m := _SHEET_DATA.search(buf)) is None:
        more = read(_FIRST_READ)
        if not more:
            raise _Unsplittable("工作表内容不完整（没有 sheetData）")
        buf += more
        got += len(more)
    prefix = m.group(1)
    head, pos = buf[: m.end()], m.end()
    root = _ROOT.search(head)
    if root is None:
        raise _Unsplittable("工作表内容不完整（没有 worksheet）")
    tail = b"</" + prefix + b"sheetData></" + root.group(1) + b">"
    close_row = b"</" + prefix + b"row>"
    # The end of a row, then a row that states its number: a place to cut.
    cut_here = re.compile(
        re.escape(close_row) + rb"\s*<" + re.escape(prefix) + rb"row\s[^>]*?(?<=\s)r\s*=\s*[\"']\d"
    )
    # Part sizes: small first (the header's rows are wanted soonest), then growing.
    sizes = chain([min(_RAMP, part_size)], repeat(part_size))
    want = _FIRST_PART
    done = False
    while True:
        m = cut_here.search(buf, pos + want) if len(buf) - pos > want else None
        if m is not None:
            cut = m.start() + len(close_row)
            part = b"".join((head, memoryview(buf)[pos:cut], tail))
            yield _Part(others, part, (got - len(buf) + cut) / max(size, 1))
            pos = cut
            want = next(sizes)
        elif not done:
            more = read(_READ)
            buf = buf[pos:] + more
            pos = 0
            got += len(more)
            done = not more
        else:  # the last rows, and the XML after them
            if buf.rfind(b"</" + prefix + b"sheetData>", pos) < 0:
                raise _Unsplittable("工作表内容不完整（文件被截断？）")
            yield _Part(others, b"".join((head, memoryview(buf)[pos:])), 1.0)
            return


def _parse_part(plan: _Plan, part: _Part, file: Path) -> Block:
    """The part's rows, read by calamine from a workbook of its own written to `file` (a
    file rather than memory: calamine then reads it without Python's lock). The file is
    closed and removed afterwards (Windows cannot remove or overwrite an open file)."""
    try:
        with zipfile.ZipFile(file, "w", zipfile.ZIP_STORED) as z:
            for name, data in part.others.items():
                z.writestr(name, data)
            z.writestr(plan.member, part.xml)
    except OSError as exc:  # no room in the temporary folder: read the sheet whole instead
        raise _Unsplittable(f"临时文件夹无法写入（{exc}）") from None
    book = None
    try:
        book = CalamineWorkbook.from_path(str(file))
        sheet = book.get_sheet_by_name(plan.name)
        rows = sheet.to_python(skip_empty_area=True)
    except Exception as exc:  # calamine raises its own types for corrupt content
        raise ValidationError(f"无法读取 {plan.path.name}：不是有效的Excel文件（{exc}）") from None
    finally:
        if book is not None:
            book.close()
        file.unlink(missing_ok=True)
    start = sheet.start
    if not rows or start is None or not any(rows):
        return Block(0, [], part.read)
    row0, col0 = start
    if col0:
        pad = [""] * col0  # what calamine gives for an empty cell
        rows = [pad + r for r in rows]
    return Block(row0, rows, part.read)
