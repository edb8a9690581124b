"""GB/T 4754-2017 table: the shipped data, lookups, code checks and user overlays."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from app.core.domain.errors import ValidationError
from app.core.domain.industry import (
    NOT_IN_TABLE,
    IndustryLevel,
    IndustryTable,
    section_of,
)
from app.core.domain.resources import resource_path, resources_root


@pytest.fixture(scope="module")
def table() -> IndustryTable:
    return IndustryTable.load()


def test_shipped_table_has_all_four_levels(table: IndustryTable) -> None:
    counts = Counter(c.level for c in table)
    assert counts == {
        IndustryLevel.SECTION: 20,
        IndustryLevel.DIVISION: 97,
        IndustryLevel.GROUP: 473,
        IndustryLevel.CLASS: 1381,
    }


def test_section_derived_from_division_matches_the_tables_own_tree(table: IndustryTable) -> None:
    for cls in table:
        chain = table.chain(cls.code)
        assert chain[0].level is IndustryLevel.SECTION
        assert chain[0].code == section_of(cls.code) == cls.section, cls.code
        assert chain[-1] == cls


@pytest.mark.parametrize("code", ["1311", "C1311", "c１３１１", " C 1311 "])
def test_lookup_accepts_display_forms(table: IndustryTable, code: str) -> None:
    found = table.get(code)
    assert found is not None
    assert (found.code, found.name, found.level) == ("1311", "稻谷加工", IndustryLevel.CLASS)
    assert found.display_code == "C1311"


def test_parent_chain(table: IndustryTable) -> None:
    assert [c.code for c in table.chain("1311")] == ["C", "13", "131", "1311"]
    assert [c.name for c in table.chain("0111")] == [
        "农、林、牧、渔业",
        "农业",
        "谷物种植",
        "稻谷种植",
    ]
    parent = table.parent("1311")
    assert parent is not None and parent.name == "谷物磨制"
    assert table.chain("1310") == ()
    assert [c.code for c in table.children()][:3] == ["A", "B", "C"]
    assert [c.code for c in table.children("131")] == ["1311", "1312", "1313", "1314", "1319"]


def test_letter_that_contradicts_the_code_is_not_a_lookup(table: IndustryTable) -> None:
    assert table.get("A1311") is None


@pytest.mark.parametrize(
    ("cell", "severity", "normalized"),
    [
        ("C1311", "ok", "1311"),
        ("0111", "ok", "0111"),
        ("C", "ok", "C"),
        ("13", "ok", "13"),
        ("1310", "warning", "1310"),  # well-formed, not in the table
        ("A1311", "error", "A1311"),
        ("99", "error", "99"),
        ("13A", "error", "13A"),
        ("13111", "error", "13111"),
        ("U", "error", "U"),
        ("", "error", ""),
        (1311.0, "ok", "1311"),
        (5, "ok", "05"),  # Excel dropped the leading zero; only 05 exists
        (111, "warning", "111"),  # 111 (中类) or 0111 (小类)?
    ],
)
def test_check(table: IndustryTable, cell: object, severity: str, normalized: str) -> None:
    result = table.check(cell)
    assert (result.kind, result.severity, result.normalized) == ("industry", severity, normalized)


def test_check_messages(table: IndustryTable) -> None:
    assert table.check("1310").reason == NOT_IN_TABLE == "行业代码不在GB/T 4754-2017表中"
    assert "应为C" in table.check("A1311").reason
    assert "0111" in table.check(111).reason


def test_search_by_name_substring_ignores_bracket_width(table: IndustryTable) -> None:
    hits = [c.code for c in table.search("羽毛(绒)")]
    assert hits == ["194", "1941", "1942"]
    assert [c.code for c in table.search("三维(3D)打印")] == ["7517"]  # the name mixes （ and )
    assert len(table.search("制造", limit=5)) == 5
    assert table.search("   ") == []


def test_search_by_code_prefix(table: IndustryTable) -> None:
    assert [c.code for c in table.search("C131")] == ["131", "1311", "1312", "1313", "1314", "1319"]


def test_find_by_name_prefers_the_most_detailed_class(table: IndustryTable) -> None:
    hits = table.find_by_name("国际组织")
    assert [c.code for c in hits] == ["9700", "970", "97", "T"]
    assert table.find_by_name("稻谷加工")[0].code == "1311"
    assert table.find_by_name("不存在的行业") == ()


def test_overlay_adds_and_renames_without_touching_the_standard(table: IndustryTable) -> None:
    local = table.with_overlay(
        {"0517": "新增的小类", "C1311": "稻谷加工（含糙米）", "059": "新中类", "0591": "新小类"}
    )
    added = local.get("0517")
    assert added is not None and added.user_defined
    assert (added.level, added.parent_code, added.section) == (IndustryLevel.CLASS, "051", "A")
    assert local.check("A0517").ok
    renamed = local.get("1311")
    assert renamed is not None and renamed.name == "稻谷加工（含糙米）" and renamed.user_defined
    assert [c.code for c in local.chain("0591")] == ["A", "05", "059", "0591"]
    assert len(local) == len(table) + 3
    # The shipped table is unchanged.
    assert table.get("0517") is None and table.check("0517").severity == "warning"
    assert table.get("1311").name == "稻谷加工"  # type: ignore[union-attr]


def test_load_applies_overlay(tmp_path: Path) -> None:
    local = IndustryTable.load(overlay={"0517": "新增的小类"})
    assert local.get("0517") is not None


@pytest.mark.parametrize(
    ("overlay", "fragment"),
    [
        ({"0599": "无上级"}, "上级类别059不存在"),
        ({"9801": "超出范围"}, "大类代码98不存在"),
        ({"13x1": "格式错"}, "格式不正确"),
        ({"0517": "  "}, "名称为空"),
        ({"U": "新门类"}, "不是门类字母"),
    ],
)
def test_bad_overlay_entries_are_rejected(
    table: IndustryTable, overlay: dict[str, str], fragment: str
) -> None:
    with pytest.raises(ValidationError) as info:
        table.with_overlay(overlay)
    assert fragment in str(info.value)


def test_broken_csv_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text(
        "code,name,level,parent_code\nA,农业,门类,\n01,农业,大类,A\n011,谷物,小类,01\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as info:
        IndustryTable.load(path)
    assert "第4行" in info.value.details[0] and "中类" in info.value.details[0]


def test_missing_csv_is_a_user_facing_error(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="无法读取行业分类表"):
        IndustryTable.load(tmp_path / "missing.csv")


def test_resource_path_from_source_and_frozen(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert resource_path("data", "gbt4754-2017.csv").is_file()
    assert resources_root().name == "resources"
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert (
        resource_path("holidays", "cn-2026.json")
        == tmp_path / "resources" / "holidays" / "cn-2026.json"
    )
