"""The import pipeline on real files and real databases (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.core.domain.errors import ValidationError
from app.core.services.kernel.workspace import open_workspace
from app.core.services.registry import inspectors, items, targets
from app.core.services.registry.imports.pipeline import import_registry, preview_import
from app.core.storage.models import AuditEvent, InspectionItem, Target, TargetTag
from tests.helpers.registry_files import TARGET_HEADER, target_row, uscc, write_rows


@pytest.fixture
def ws(any_db_url: str):  # type: ignore[no-untyped-def]
    import random

    from app.core.demo import SampleSpec, registry_data

    w = open_workspace(any_db_url)
    registry_data.populate(w, random.Random(1), SampleSpec(targets=30, inspectors_per_department=2))
    yield w
    w.db.dispose()


def count(ws, model=Target) -> int:  # type: ignore[no-untyped-def]
    with ws.db.read_session() as s:
        return int(s.scalar(select(func.count()).select_from(model)))


def by_code(ws, code: str) -> Target:  # type: ignore[no-untyped-def]
    with ws.db.read_session() as s:
        return s.scalar(select(Target).where((Target.uscc == code) | (Target.reg_no == code)))


def test_messy_spreadsheet_is_normalised_and_imported(ws, tmp_path: Path) -> None:
    rows = [
        [
            "*统一社会信用代码",
            "企业名称（全称）",
            "主体类型",
            "法定代表人",
            "联系电话",
            "住所",
            "所属乡镇",
            "管辖单位",
            "行业代码",
            "信用等级",
            "风险等级",
            "登记状态",
            "成立日期",
        ],
        [
            "必填；18位信用代码",
            "必填",
            "下拉选择",
            "选填",
            "选填",
            "选填",
            "选填",
            "选填",
            "选填",
            "下拉选择",
            "下拉选择",
            "下拉选择",
            "选填",
        ],
        [
            uscc(1).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}),
            "五原县　全角  商店",
            "个体户",
            "李四",
            "0478 5212345",
            "地址",
            "隆兴昌镇",
            "隆兴昌市场监管所",
            "f5212",
            "a级",
            "高风险",
            "在营",
            43891,
        ],
        [
            uscc(2).lower(),
            "小写代码公司",
            "企业",
            None,
            13800000000,
            None,
            None,
            None,
            5212,
            "B",
            "中",
            None,
            "2020/3/1",
        ],
        [None, None, None, None, None, None, None, None, None, None, None, None, None],
        [
            " ".join([uscc(3)[:4], uscc(3)[4:]]),
            "带空格代码公司",
            None,
            None,
            None,
            None,
            None,
            None,
            "5212",
            "C",
            "低",
            "存续",
            "2020年3月1日",
        ],
        [
            330000000036006,
            "老注册号企业",
            "企业",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ],
    ]
    path = write_rows(tmp_path / "messy.xlsx", rows)
    preview = preview_import(ws, kind="targets", path=path)
    assert preview.header_row == 2
    assert preview.data_rows == 4  # the title, hint and blank rows are skipped
    assert preview.error_rows == 0 and preview.warning_rows == 0, preview.issues
    assert count(ws) == 30  # a preview writes nothing
    result = import_registry(ws, kind="targets", path=path)
    assert result.written and result.inserted == 4
    first = by_code(ws, uscc(1))
    assert (first.name, first.kind, first.credit_grade, first.risk_class, first.status) == (
        "五原县全角商店",
        "个体工商户",
        "A",
        "高",
        "存续",
    )
    assert first.phone == "0478-5212345" and first.industry_code == "5212"
    assert first.established_on == date(2020, 3, 1)
    assert by_code(ws, uscc(2)).established_on == date(2020, 3, 1)
    assert by_code(ws, uscc(3)).kind == "企业"  # from the code's 机构类别
    assert by_code(ws, "330000000036006").name == "老注册号企业"
    assert targets.count_targets(ws, targets.TargetQuery(text="全角")) == 1


def test_all_or_nothing_writes_nothing_when_one_row_is_bad(ws, tmp_path: Path) -> None:
    rows = [TARGET_HEADER, target_row(11), target_row(12, industry="C6210"), target_row(13)]
    path = write_rows(tmp_path / "bad.xlsx", rows)
    refused = import_registry(ws, kind="targets", path=path, mode="all_or_nothing")
    assert not refused.written and count(ws) == 30
    [issue] = refused.preview.issues
    assert (issue.row, issue.column, issue.value, issue.severity) == (
        4,
        "行业代码",
        "C6210",
        "error",
    )
    partial = import_registry(ws, kind="targets", path=path, mode="valid_rows")
    assert partial.written and partial.inserted == 2 and partial.skipped == 1 and count(ws) == 32


def test_check_digit_warning_blocks_unless_accepted(ws, tmp_path: Path) -> None:
    bad = uscc(21)[:-1] + ("0" if uscc(21)[-1] != "0" else "1")
    path = write_rows(
        tmp_path / "warn.xlsx", [TARGET_HEADER, target_row(20), target_row(21, code=bad)]
    )
    first = import_registry(ws, kind="targets", path=path, mode="all_or_nothing")
    assert not first.written and first.preview.warning_rows == 1
    accepted = import_registry(
        ws, kind="targets", path=path, mode="all_or_nothing", accept_warnings=True
    )
    assert accepted.written and accepted.inserted == 2
    assert "校验位" in (by_code(ws, bad).accepted_warnings or "")


def test_reimport_updates_instead_of_duplicating(ws, tmp_path: Path) -> None:
    path = write_rows(tmp_path / "v1.xlsx", [TARGET_HEADER, target_row(31), target_row(32)])
    import_registry(ws, kind="targets", path=path)
    path2 = write_rows(
        tmp_path / "v2.xlsx",
        [
            TARGET_HEADER,
            target_row(31, name="改名后的公司", credit="D"),
            target_row(32),
            target_row(33),
        ],
    )
    again = import_registry(ws, kind="targets", path=path2)
    assert (again.inserted, again.updated, again.unchanged) == (1, 1, 1)
    assert count(ws) == 33
    changed = by_code(ws, uscc(31))
    assert changed.name == "改名后的公司" and changed.credit_grade == "D" and changed.version == 2
    history = targets.target_history(ws, changed.id)
    assert history[0].action == "导入更新"
    assert ("名称", "五原县测试31号商贸有限公司", "改名后的公司") in history[0].changes
    assert targets.search_targets if False else True
    from app.core.services.registry.search import search_targets

    assert [h.name for h in search_targets(ws, "改名后")] == ["改名后的公司"]
    with ws.db.read_session() as s:
        events = s.scalars(
            select(AuditEvent.action).where(AuditEvent.action == "targets.import")
        ).all()
    assert len(events) == 2


def test_duplicates_within_a_file_and_missing_columns(ws, tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "dup.xlsx", [TARGET_HEADER, target_row(41), target_row(41, name="另一个")]
    )
    preview = preview_import(ws, kind="targets", path=path)
    assert [(i.row, i.reason) for i in preview.issues] == [(4, "与第3行重复")]
    no_name = write_rows(
        tmp_path / "noname.xlsx", [["统一社会信用代码", "字号"], [uscc(42), "某店"]]
    )
    with pytest.raises(ValidationError, match="缺少必填列：名称"):
        import_registry(ws, kind="targets", path=no_name)
    mapped = import_registry(ws, kind="targets", path=no_name, mapping={1: "name"})
    assert mapped.written and by_code(ws, uscc(42)).name == "某店"


def test_tags_and_claims_are_imported(ws, tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "tags.xlsx",
        [
            ["统一社会信用代码/注册号", "名称", "标签", "认领部门"],
            [uscc(51), "标签公司", "重点对象，问题对象（投诉举报）", "五原市监，税务"],
        ],
    )
    import_registry(ws, kind="targets", path=path)
    t = by_code(ws, uscc(51))
    detail = targets.get_target(ws, t.id)
    assert sorted(detail.values["tags"]) == [("重点对象", ""), ("问题对象", "投诉举报")]
    assert len(detail.values["claims"]) == 2
    assert targets.count_targets(ws, targets.TargetQuery(tags=("问题对象",))) >= 1
    path2 = write_rows(
        tmp_path / "tags2.xlsx",
        [["统一社会信用代码/注册号", "名称", "标签"], [uscc(51), "标签公司", "重点对象"]],
    )
    import_registry(ws, kind="targets", path=path2)
    with ws.db.read_session() as s:
        assert s.scalars(select(TargetTag.tag).where(TargetTag.target_id == t.id)).all() == [
            "重点对象"
        ]


def test_inspectors_import_and_eligibility(ws, tmp_path: Path) -> None:
    rows = [
        [
            "执法证号",
            "姓名",
            "性别",
            "身份证号",
            "所属部门",
            "执法证有效期至",
            "执法资格",
            "人员状态",
        ],
        ["T-001", "赵一", None, "11010519491231002X", "五原市监", "长期", "食品，特种设备", "在岗"],
        ["T-002", "钱二", "男", None, "市场监管", "2020-01-01", "食品", "在岗"],
        ["T-003", "孙三", "男", None, "五原县市场监督管理局", "2030-12-31", "食品", "失效"],
    ]
    path = write_rows(tmp_path / "insp.xlsx", rows, title=None)
    result = import_registry(ws, kind="inspectors", path=path)
    assert result.inserted == 3
    eligible = {
        i.cert_no
        for i in inspectors.eligible_inspectors(ws, on=date(2026, 3, 1), qualification="食品")
    }
    assert "T-001" in eligible and "T-002" not in eligible and "T-003" not in eligible
    rows_ = inspectors.inspector_rows(
        ws,
        inspectors.inspector_ids(ws, inspectors.InspectorQuery(text="T-00")),
        on=date(2026, 3, 1),
    )
    marks = {r.cells[0]: r.cells[-1] for r in rows_}
    assert marks["T-001"] == "可抽取" and "过期" in marks["T-002"] and "失效" in marks["T-003"]
    assert {r.cells[0]: r.cells[2] for r in rows_}["T-001"] == "女"  # from the ID number


def test_items_are_versioned_on_reimport(ws, tmp_path: Path) -> None:
    header = [
        "职能部门",
        "事项编码",
        "抽查事项名称",
        "事项类型",
        "抽查比例上限",
        "抽查依据",
        "调整原因",
    ]
    v1 = write_rows(
        tmp_path / "i1.xlsx", [header, ["市场监管", "Z01", "新事项", "一般", "3%", "某条例", None]]
    )
    assert import_registry(ws, kind="items", path=v1).inserted == 1
    v2 = write_rows(
        tmp_path / "i2.xlsx",
        [header, ["市场监管", "Z01", "新事项", "一般", "5%", "某条例（2026修订）", None]],
    )
    refused = import_registry(ws, kind="items", path=v2)  # the row is named, nothing written
    assert refused.updated == 0 and refused.preview.error_rows == 1
    (issue,) = refused.preview.issues
    assert issue.cell == "G3" and issue.column == "调整原因" and "Z01" in issue.reason
    assert "抽查比例上限" in issue.reason and "抽查依据" in issue.reason  # what it would change
    v3 = write_rows(
        tmp_path / "i3.xlsx",
        [header, ["市场监管", "Z01", "新事项", "一般", "5%", "某条例（2026修订）", "条例修订"]],
    )
    assert import_registry(ws, kind="items", path=v3).updated == 1
    with ws.db.read_session() as s:
        versions = s.execute(
            select(
                InspectionItem.version_no,
                InspectionItem.is_current,
                InspectionItem.ratio_cap_permille,
            )
            .where(InspectionItem.code == "Z01")
            .order_by(InspectionItem.version_no)
        ).all()
    assert [tuple(v) for v in versions] == [(1, False, 30), (2, True, 50)]
    assert [d.values["code"] for d in items.current_items(ws)].count("Z01") == 1
