"""Writing values into exported xlsx cells safely: text stays literal text, never a formula.

Every xlsx writer in app/core/reports stores its values through these helpers; no layout here.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

__all__ = ["REPLACEMENT", "clean_text", "set_cell", "text_only_cell"]

REPLACEMENT = "\ufffd"


def clean_text(text: str) -> str:
    """The text with every character openpyxl refuses in a cell (control characters such as
    "\\x01"; openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE) replaced by U+FFFD (�)."""
    return ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT, text)


def set_cell(cell: Cell, value: object) -> Cell:
    """Writes a value; text is always stored as literal text, even "=1+1", "+86…", "-x" or
    "@SUM(A1)" (never a formula), with characters openpyxl refuses replaced by U+FFFD.

    Anything else (numbers, dates, None) is stored as is. Returns the cell (to style it).
    """
    if isinstance(value, str):
        cell.value = clean_text(value)
        cell.data_type = "s"  # openpyxl would store a leading "=" as a formula
    else:
        cell.value = value
    return cell


def text_only_cell(ws: Any, value: object) -> Cell:
    """A write-only-sheet cell holding the value the way set_cell stores it."""
    cell = WriteOnlyCell(ws)
    set_cell(cell, value)
    return cell
