"""国民经济行业分类 GB/T 4754-2017: the shipped table, lookups, code checks and user additions.

The table is data (resources/data/gbt4754-2017.csv) plus an overlay of user additions and
renames, so an installation can apply a 修改单 without a release. Standard library only;
reads the CSV it is pointed at and nothing else.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Final

from app.core.domain.codes import CodeCheck
from app.core.domain.errors import ValidationError
from app.core.domain.normalize import code_text, normalize_code
from app.core.domain.resources import resource_path

__all__ = [
    "IndustryClass",
    "IndustryLevel",
    "IndustryTable",
    "default_table_path",
    "section_of",
]


class IndustryLevel(StrEnum):
    """行业分类层级 — 门类 (letter), 大类 (2 digits), 中类 (3), 小类 (4)."""

    SECTION = "门类"
    DIVISION = "大类"
    GROUP = "中类"
    CLASS = "小类"


_LEVEL_BY_LENGTH: Final = {
    1: IndustryLevel.SECTION,
    2: IndustryLevel.DIVISION,
    3: IndustryLevel.GROUP,
    4: IndustryLevel.CLASS,
}
_LEVEL_DEPTH: Final = {level: depth for depth, level in enumerate(IndustryLevel)}

# 门类 → range of 大类 (GB/T 4754-2017 表1); lets the letter be derived from any code.
_SECTION_RANGES: Final = (
    ("A", 1, 5), ("B", 6, 12), ("C", 13, 43), ("D", 44, 46), ("E", 47, 50), ("F", 51, 52),
    ("G", 53, 60), ("H", 61, 62), ("I", 63, 65), ("J", 66, 69), ("K", 70, 70), ("L", 71, 72),
    ("M", 73, 75), ("N", 76, 79), ("O", 80, 82), ("P", 83, 83), ("Q", 84, 85), ("R", 86, 90),
    ("S", 91, 96), ("T", 97, 97),
)  # fmt: skip
_SECTION_BY_DIVISION: Final = {
    f"{n:02d}": letter for letter, lo, hi in _SECTION_RANGES for n in range(lo, hi + 1)
}
_SECTIONS: Final = frozenset(letter for letter, _, _ in _SECTION_RANGES)
_DISPLAY_FORM = re.compile(r"([A-Z])?(\d{2,4})")
_CSV_HEADER: Final = ["code", "name", "level", "parent_code"]

NOT_IN_TABLE: Final = "行业代码不在GB/T 4754-2017表中"


def default_table_path() -> Path:
    """The shipped CSV."""
    return resource_path("data", "gbt4754-2017.csv")


def section_of(code: str) -> str | None:
    """门类 letter of a bare code ("1310" → "C", "C" → "C"); None if no 门类 covers it."""
    if len(code) == 1:
        return code if code in _SECTIONS else None
    return _SECTION_BY_DIVISION.get(code[:2])


@dataclass(frozen=True, slots=True)
class IndustryClass:
    """国民经济行业类别 — one class of GB/T 4754-2017 at any of its four levels."""

    code: str  # bare code: "C", "13", "131", "1310"
    name: str
    level: IndustryLevel
    parent_code: str | None
    section: str
    user_defined: bool = False  # added or renamed by this installation

    @property
    def display_code(self) -> str:
        """The code with its 门类 letter, as some systems show it: "C1310"."""
        return self.code if self.level is IndustryLevel.SECTION else self.section + self.code


def _search_key(text: str) -> str:
    # NFKC folds the standard's mixed （ and ( so "羽毛(绒)" finds "羽毛（绒）加工".
    return unicodedata.normalize("NFKC", text).casefold().replace(" ", "")


def _expected_parent(code: str) -> str | None:
    if len(code) == 1:
        return None
    if len(code) == 2:
        return _SECTION_BY_DIVISION.get(code)
    return code[:-1]


def _shape_error(code: str) -> str | None:
    """Why a bare code cannot be a GB/T 4754 code, or None when its shape is fine."""
    if len(code) == 1:
        return None if code in _SECTIONS else f"“{code}”不是门类字母（A–T）"
    if not (code.isascii() and code.isdigit()) or len(code) not in (2, 3, 4):
        return f"行业代码格式不正确：“{code}”（应为门类字母或2–4位数字，如C1310）"
    if code[:2] not in _SECTION_BY_DIVISION:
        return f"大类代码{code[:2]}不存在（应为01–97）"
    return None


class IndustryTable:
    """国民经济行业分类表 — the GB/T 4754-2017 table with this installation's overlay."""

    __slots__ = ("_by_code", "_children", "_ordered", "_keys")

    def __init__(self, classes: Mapping[str, IndustryClass]) -> None:
        ordered = sorted(
            classes.values(), key=lambda c: (c.section, _LEVEL_DEPTH[c.level] > 0, c.code)
        )
        self._by_code: dict[str, IndustryClass] = {c.code: c for c in ordered}
        self._ordered: tuple[IndustryClass, ...] = tuple(ordered)
        self._keys: tuple[tuple[str, IndustryClass], ...] = tuple(
            (_search_key(c.name), c) for c in ordered
        )
        children: dict[str | None, list[IndustryClass]] = {}
        for c in ordered:
            children.setdefault(c.parent_code, []).append(c)
        self._children = {k: tuple(v) for k, v in children.items()}

    # --- construction ---

    @classmethod
    def load(
        cls, path: Path | str | None = None, *, overlay: Mapping[str, str] | None = None
    ) -> IndustryTable:
        """Read the CSV (default: the shipped table) and apply ``overlay`` {code: name}."""
        file = Path(path) if path is not None else default_table_path()
        try:
            text = file.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise ValidationError(f"无法读取行业分类表：{file}（{exc.strerror}）") from exc
        table = cls(_parse_csv(text, str(file)))
        return table.with_overlay(overlay) if overlay else table

    def with_overlay(self, overlay: Mapping[str, str]) -> IndustryTable:
        """A new table: each {code: name} renames an existing class or adds a new one.

        A new code's level and parent follow from its shape (0517 → 小类 under 051); the
        parent must exist in the table or in the same overlay. Raises ValidationError.
        This table is left unchanged.
        """
        classes = dict(self._by_code)
        errors: list[str] = []
        for raw_code, raw_name in sorted(overlay.items(), key=lambda kv: len(kv[0])):
            code = code_text(raw_code)
            match = _DISPLAY_FORM.fullmatch(code)
            if match and match[1] and match[1] == section_of(match[2]):
                code = match[2]  # "A0517" → "0517"
            name = " ".join(str(raw_name).split())
            problem = _shape_error(code)
            if problem:
                errors.append(f"{raw_code}：{problem}")
                continue
            if not name:
                errors.append(f"{raw_code}：名称为空")
                continue
            existing = classes.get(code)
            if existing is not None:
                classes[code] = IndustryClass(
                    code, name, existing.level, existing.parent_code, existing.section, True
                )
                continue
            if len(code) == 1:
                errors.append(f"{raw_code}：不能新增门类")
                continue
            parent = _expected_parent(code)
            if parent not in classes:
                errors.append(f"{raw_code}：上级类别{parent}不存在")
                continue
            section = section_of(code)
            assert section is not None  # shape checked above
            classes[code] = IndustryClass(
                code, name, _LEVEL_BY_LENGTH[len(code)], parent, section, True
            )
        if errors:
            raise ValidationError(
                f"行业分类的自定义条目有{len(errors)}处错误：{errors[0]}", details=errors
            )
        return IndustryTable(classes)

    # --- lookups ---

    def __len__(self) -> int:
        return len(self._ordered)

    def __iter__(self) -> Iterator[IndustryClass]:
        return iter(self._ordered)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self.get(code) is not None

    def get(self, code: str) -> IndustryClass | None:
        """The class for a bare or display code ("1310", "C1310", "ｃ１３１０"), or None."""
        found = self._by_code.get(code)
        if found is not None:
            return found
        bare = self.bare_code(code)
        return self._by_code.get(bare) if bare else None

    def bare_code(self, text: str) -> str | None:
        """Display form → bare code ("C1310" → "1310"); None if malformed or letter contradicts."""
        code = code_text(text)
        match = _DISPLAY_FORM.fullmatch(code)
        if match is None:
            return code if len(code) == 1 and code in _SECTIONS else None
        letter, digits = match.groups()
        if letter is not None and letter != section_of(digits):
            return None
        return digits

    def level(self, code: str) -> IndustryLevel | None:
        found = self.get(code)
        return found.level if found else None

    def parent(self, code: str) -> IndustryClass | None:
        found = self.get(code)
        return self._by_code.get(found.parent_code) if found and found.parent_code else None

    def chain(self, code: str) -> tuple[IndustryClass, ...]:
        """From the 门类 down to the class itself: C → 13 → 131 → 1310. Empty if unknown."""
        found = self.get(code)
        path: list[IndustryClass] = []
        while found is not None:
            path.append(found)
            found = self._by_code.get(found.parent_code) if found.parent_code else None
        return tuple(reversed(path))

    def children(self, code: str | None = None) -> tuple[IndustryClass, ...]:
        """Direct subclasses; ``None`` gives the 20 门类."""
        key = None if code is None else (self.bare_code(code) or code)
        return self._children.get(key, ())

    def find_by_name(self, name: str) -> tuple[IndustryClass, ...]:
        """Classes whose name equals ``name`` (bracket width and case ignored).

        Several levels share names ("国际组织" is T, 97, 970 and 9700): the most detailed
        class comes first.
        """
        key = _search_key(name)
        hits = [c for k, c in self._keys if k == key]
        return tuple(sorted(hits, key=lambda c: -_LEVEL_DEPTH[c.level]))

    def search(self, text: str, *, limit: int | None = 50) -> list[IndustryClass]:
        """Classes whose name contains ``text``, or whose code starts with it, in table order."""
        key = _search_key(text)
        if not key:
            return []
        code = self.bare_code(text)
        hits = []
        for name_key, c in self._keys:
            if key in name_key or (code is not None and c.code.startswith(code)):
                hits.append(c)
                if limit is not None and len(hits) >= limit:
                    break
        return hits

    # --- validation ---

    def check(self, value: object) -> CodeCheck:
        """A 行业代码 cell → CodeCheck(kind="industry", normalized=bare code).

        Malformed → error; well-formed but not in the table → warning. Numbers from Excel
        may have lost leading zeros (0111 stored as 111): a unique restoration is made
        silently, an ambiguous one (111 is also a 中类) is a warning.
        """
        if isinstance(value, int | float) and not isinstance(value, bool):
            return self._check_number(value)
        text = value if isinstance(value, str) else str(value)
        code = code_text(text)
        if not code:
            return CodeCheck("industry", "", False, "error", "行业代码为空")
        match = _DISPLAY_FORM.fullmatch(code)
        bare = match[2] if match else code
        problem = _shape_error(bare)
        if problem:
            return CodeCheck("industry", code, False, "error", problem)
        letter = match[1] if match else None
        expected = section_of(bare)
        if letter is not None and letter != expected:
            reason = f"门类字母{letter}与代码{bare}不符（应为{expected}）"
            return CodeCheck("industry", code, False, "error", reason)
        if bare not in self._by_code:
            return CodeCheck("industry", bare, False, "warning", NOT_IN_TABLE)
        return CodeCheck("industry", bare, True, "ok", "")

    def _check_number(self, value: float) -> CodeCheck:
        if isinstance(value, float) and math.isnan(value):
            return CodeCheck("industry", "", False, "error", "行业代码为空")
        try:
            digits = normalize_code(value) or ""
        except ValidationError as exc:
            return CodeCheck("industry", str(value), False, "error", exc.message)
        candidates = [
            digits.zfill(width)
            for width in (2, 3, 4)
            if width >= len(digits) and digits.zfill(width) in self._by_code
        ]
        if not candidates:
            return self.check(digits.zfill(2) if len(digits) == 1 else digits)
        if len(candidates) > 1:
            options = "、".join(candidates)
            reason = f"行业代码被存成数字，可能丢失了前导0：是{options}中的哪一个？"
            return CodeCheck("industry", candidates[0], False, "warning", reason)
        return CodeCheck("industry", candidates[0], True, "ok", "")


def _parse_csv(text: str, origin: str) -> dict[str, IndustryClass]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header != _CSV_HEADER:
        raise ValidationError(f"行业分类表{origin}的表头应为 {','.join(_CSV_HEADER)}")
    classes: dict[str, IndustryClass] = {}
    errors: list[str] = []
    for line_no, row in enumerate(reader, start=2):
        if not row:
            continue
        if len(row) != 4:
            errors.append(f"第{line_no}行：应有4列，实有{len(row)}列")
            continue
        code, name, level, parent = (cell.strip() for cell in row)
        problem = _shape_error(code)
        if problem:
            errors.append(f"第{line_no}行：{problem}")
            continue
        expected_level = _LEVEL_BY_LENGTH[len(code)]
        if level != expected_level:
            errors.append(f"第{line_no}行：{code}的层级应为{expected_level}，写的是{level}")
            continue
        if (parent or None) != _expected_parent(code):
            errors.append(f"第{line_no}行：{code}的上级应为{_expected_parent(code)}")
            continue
        if parent and parent not in classes:
            errors.append(f"第{line_no}行：上级{parent}须写在{code}之前")
            continue
        if code in classes:
            errors.append(f"第{line_no}行：代码{code}重复")
            continue
        section = section_of(code)
        assert section is not None
        classes[code] = IndustryClass(code, name, expected_level, parent or None, section)
    if errors:
        raise ValidationError(
            f"行业分类表{origin}有{len(errors)}处错误：{errors[0]}", details=errors
        )
    return classes
