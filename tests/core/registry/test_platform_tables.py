"""The table a person sees in a platform file: title, one- or two-level headers, hint and
example rows, footers and blank rows skipped and reported (never validated as data), merged
cells filled down, and the platforms' own column names mapped right — never a loose guess."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sqlalchemy import select

from app.core.demo import SampleSpec, registry_data
from app.core.domain.errors import ValidationError
from app.core.services.registry.imports.pipeline import import_registry, preview_import
from app.core.storage.models import InspectionItem, Inspector
from tests.helpers.platform_files import spreadsheetml, xlsx


@pytest.fixture
def ws(workspace):  # type: ignore[no-untyped-def]
    registry_data.populate(
        workspace, random.Random(1), SampleSpec(targets=5, inspectors_per_department=1)
    )
    return workspace


# The provincial roster template with its two certificates (randomscagent.xls variant):
ROSTER_HEADER = [
    "单位工号", "姓名", "性别", "身份证号", "手机号", "担任职务", "具体职务",
    "所在业务部门（机构）", "是否专家", "工商执法证编号", "工商执法证有效期",
    "省执法证编号", "执法证有效期", "执法人员状态",
]  # fmt: skip


def roster_rows() -> list[list[object]]:
    return [
        ["市场监管领域执法人员数据库"],
        ROSTER_HEADER,
        ["", "", "", "", "", "", "", "", "", "", "YYYY-MM-DD", "", "YYYY-MM-DD", ""],
        ["案例（请删除）", "张三", "男", "", "13800000000", "科员", "", "五原县市场监督管理局", "否",
         "15000000001", "2027-01-01", "G-0001", "2027-01-01", "有效"],
        ["GH001", "李明", "男", "", "13900000001", "科长", "食品科科长", "五原县市场监督管理局", "否",
         "15080001", "2028-06-30", "NMG-08-001", "2026-12-31", "有效"],
        ["GH002", "王芳", "女", "", "13900000002", "科员", "", "五原县市场监督管理局", "是",
         "15080002", "长期", "NMG-08-002", "2025-01-01", "有效"],
        [],
        ["GH003", "赵强", "男", "", "13900000003", "所长", "", "五原县市场监督管理局", "否",
         "15080003", "2029-03-01", "NMG-08-003", "2029-03-01", "有效"],
        ["填表人：刘会计", "", "", "", "审核人：周局", "", "", "", "", "", "", "", "", ""],
        ["备注：执法证有效期以证件为准"],
    ]  # fmt: skip


def test_platform_roster_wps_xml_is_read_as_a_person_sees_it(ws, tmp_path: Path) -> None:
    path = spreadsheetml(
        tmp_path / "执法人员.xlsx", roster_rows(), {(0, 0): (0, 13), (9, 0): (0, 13)}
    )
    result = import_registry(ws, kind="inspectors", path=path, mode="all_or_nothing")
    p = result.preview
    assert result.written, p.issues
    assert p.format == "xml2003" and p.header_row == 2
    assert p.data_rows == 3 and p.error_rows == 0
    skipped = dict(p.skipped)
    assert skipped[1] == "标题行"
    assert skipped[3] == "填写说明行"
    assert skipped[4].startswith("示例行")
    assert skipped[9].startswith("表尾") and "填表人" in skipped[9]
    assert skipped[10].startswith("表尾") and "备注" in skipped[10]
    assert p.blank_rows == 1
    by_header = {p.headers[c]: k for c, k in p.mapping.items()}
    # 单位工号 is an employee number, not 工作单位; the certificate read is paired with its
    # own expiry (工商执法证有效期), not the one beside the other certificate.
    assert "单位工号" not in by_header
    assert p.suggested.get(0) != "unit"
    assert by_header["工商执法证编号"] == "cert_no"
    assert by_header["工商执法证有效期"] == "cert_expires_on"
    assert "执法证有效期" not in by_header and "省执法证编号" not in by_header
    assert by_header["担任职务"] == "position"
    with ws.db.read_session() as s:
        people = {
            i.cert_no: i
            for i in s.scalars(
                select(Inspector).where(Inspector.cert_no.in_(["15080001", "15080002", "15080003"]))
            )
        }
    assert set(people) == {"15080001", "15080002", "15080003"}
    assert str(people["15080001"].cert_expires_on) == "2028-06-30"  # not 2026-12-31
    assert people["15080002"].is_expert is True


def test_two_level_header_is_joined_and_the_pair_kept(ws, tmp_path: Path) -> None:
    rows = [
        ["姓名", "所属部门", "工商执法证", "工商执法证", "省执法证", "省执法证"],
        ["姓名", "所属部门", "编号", "有效期", "编号", "有效期"],
        ["钱七", "五原县市场监督管理局", "15089001", "2030-01-01", "NMG-9", "2024-01-01"],
    ]
    path = xlsx(tmp_path / "two.xls", rows, ("A1:A2", "B1:B2", "C1:D1", "E1:F1"))
    p = preview_import(ws, kind="inspectors", path=path)
    assert p.header_rows == (1, 2)
    assert p.headers[2:] == ("工商执法证编号", "工商执法证有效期", "省执法证编号", "省执法证有效期")
    by_header = {p.headers[c]: k for c, k in p.mapping.items()}
    assert (
        by_header["工商执法证编号"] == "cert_no"
        and by_header["工商执法证有效期"] == "cert_expires_on"
    )
    assert p.data_rows == 1 and p.error_rows == 0
    assert p.sample[0][1][p_index("cert_expires_on")] == "2030-01-01"


def p_index(key: str) -> int:
    from app.core.services.registry.fields import SPECS

    return [f.key for f in SPECS["inspectors"].fields].index(key)


def test_a_roster_imported_as_experts_is_refused_by_name(ws, tmp_path: Path) -> None:
    path = spreadsheetml(tmp_path / "roster.xlsx", roster_rows())
    with pytest.raises(ValidationError, match="执法检查人员名录.*不是专家名录"):
        preview_import(ws, kind="experts", path=path)


def test_a_loose_match_is_only_a_suggestion(ws, tmp_path: Path) -> None:
    rows = [
        ["统一社会信用代码", "企业名称", "经营者姓名"],
        ["91150821MA0000001X", "五原县某店", "张三"],
    ]
    p = preview_import(ws, kind="targets", path=xlsx(tmp_path / "t.xlsx", rows))
    assert 2 not in p.mapping  # "经营者姓名" only contains 经营者
    assert p.suggested == {2: "legal_rep"}


# The provincial item list: 编号, 抽查事项名称, 抽查子项, 抽查依据, 抽查主体, 抽查对象,
# 抽查比例, 抽查频次, 抽查方式, 检查人员要求, 备注; one 抽查事项 merged over its sub-items.
ITEM_HEADER = ["编号", "抽查事项名称", "抽查子项", "事项类型", "抽查依据", "抽查主体", "抽查对象",
               "抽查比例", "抽查频次", "抽查方式", "检查人员要求", "备注"]  # fmt: skip


def test_merged_item_blocks_are_filled_down_and_reported(ws, tmp_path: Path) -> None:
    rows = [
        ["五原县随机抽查事项清单（2026年版）"],
        ITEM_HEADER,
        ["P0101", "食品生产监督检查", "生产者资质", "重点", "《食品安全法》第一百一十条", "五原县市场监督管理局",
         "企业", "", "每年一次", "现场检查", "食品检查员", ""],
        ["P0102", "", "生产过程控制", "", "", "", "企业", "", "每年一次", "现场检查", "", ""],
        ["P0103", "", "标签标识", "", "", "", "企业", "", "每年一次", "现场检查", "", ""],
        ["合计：3项"],
    ]  # fmt: skip
    path = xlsx(tmp_path / "清单.xls", rows, ("A1:L1", "B3:B5", "D3:D5", "E3:E5", "F3:F5"))
    result = import_registry(ws, kind="items", path=path, mode="all_or_nothing")
    p = result.preview
    assert result.written, p.issues
    assert "B3:B5" in p.merged and "D3:D5" in p.merged
    assert dict(p.skipped)[6].startswith("表尾")
    with ws.db.read_session() as s:
        got = {
            i.code: i
            for i in s.scalars(select(InspectionItem).where(InspectionItem.code.like("P01%")))
        }
    assert {c: (i.name, i.sub_item, i.kind) for c, i in got.items()} == {
        "P0101": ("食品生产监督检查", "生产者资质", "重点"),
        "P0102": ("食品生产监督检查", "生产过程控制", "重点"),
        "P0103": ("食品生产监督检查", "标签标识", "重点"),
    }


def test_national_item_list_reads_事项类别_as_the_apps_事项类型(ws, tmp_path: Path) -> None:
    rows = [
        ["序号", "抽查类别", "抽查事项", "检查对象", "事项类别", "检查方式", "检查主体", "检查依据", "备注"],
        [1, "食品安全", "食品销售者检查", "企业", "重点检查事项", "现场检查", "市、县级市场监督管理部门", "《食品安全法》", ""],
    ]  # fmt: skip
    p = preview_import(ws, kind="items", path=xlsx(tmp_path / "national.xlsx", rows))
    by_header = {p.headers[c]: k for c, k in p.mapping.items()}
    assert by_header["事项类别"] == "kind"
    assert by_header["抽查类别"] == "category"
    assert by_header["抽查事项"] == "name" and by_header["检查依据"] == "legal_basis"


def test_provincial_item_list_keeps_its_published_wording(ws, tmp_path: Path) -> None:
    header = ["编号", "抽查事项名称", "抽查子项", "事项类别", "抽查依据", "抽查主体", "抽查对象",
              "抽查比例", "抽查频次", "抽查方式", "检查人员要求", "备注"]  # fmt: skip
    rows = [
        ["内蒙古自治区市场监管系统随机抽查事项清单"],
        header,
        ["ZW01", "食品生产者监督检查", "生产许可条件", "重点检查事项", "《食品安全法》", "市、县级市场监督管理部门",
         "食品生产企业", "根据实际情况确定", "每年一次", "现场检查", "", ""],
        ["ZW02", "餐饮服务监督检查", "", "一般检查事项", "《食品安全法》", "市、县级市场监督管理部门",
         "餐饮服务单位", "不少于2‰", "每年一次", "现场检查", "", ""],
        ["ZW03", "个体户登记事项检查", "", "一般检查事项", "《市场主体登记管理条例》", "五原县市场监督管理局",
         "个体工商户", "5%", "每年一次", "书面检查", "", ""],
    ]  # fmt: skip
    path = xlsx(tmp_path / "省清单.xlsx", rows, ("A1:L1",))
    refused = preview_import(ws, kind="items", path=path)
    assert refused.error_rows == 2 and all(
        "--department" in i.reason for i in refused.issues if i.severity == "error"
    )
    result = import_registry(
        ws, kind="items", path=path, mode="all_or_nothing", accept_warnings=True,
        subject_department="五原县市场监督管理局",
    )  # fmt: skip
    p = result.preview
    assert result.written, p.issues
    warnings = {(i.cell, i.reason[:12]) for i in p.issues}
    assert all(i.severity == "warning" for i in p.issues)
    assert any(cell == "G4" for cell, _ in warnings)  # 餐饮服务单位: no kind recognised
    assert any(cell == "H4" and "一般事项" in why for cell, why in warnings)  # no structured cap
    with ws.db.read_session() as s:
        got = {
            i.code: i
            for i in s.scalars(select(InspectionItem).where(InspectionItem.code.like("ZW0%")))
        }
    w1, w2, w3 = got["ZW01"], got["ZW02"], got["ZW03"]
    assert (w1.kind, w1.target_kinds, w1.target_text) == ("重点", ["企业"], "食品生产企业")
    assert (w1.ratio_cap_permille, w1.ratio_text) == (None, "根据实际情况确定")
    assert w1.subject_text == "市、县级市场监督管理部门"
    assert (w2.kind, w2.target_kinds, w2.target_text, w2.ratio_text) == (
        "一般",
        [],
        "餐饮服务单位",
        "不少于2‰",
    )
    assert (w3.target_kinds, w3.target_text, w3.ratio_cap_permille, w3.ratio_text, w3.subject_text) == (
        ["个体工商户"], None, 50, None, None,
    )  # fmt: skip


def test_item_export_with_published_wording_reads_back_unchanged(ws, tmp_path: Path) -> None:
    from app.core.services.registry.excel import export_registry

    test_provincial_item_list_keeps_its_published_wording(ws, tmp_path)
    out = tmp_path / "items.xlsx"
    export_registry(ws, "items", out)
    again = import_registry(ws, kind="items", path=out, mode="all_or_nothing", accept_warnings=True)
    assert again.written and again.inserted == 0 and again.updated == 0, again.preview.issues
    with ws.db.read_session() as s:
        w3 = s.scalar(
            select(InspectionItem).where(InspectionItem.code == "ZW03", InspectionItem.is_current)
        )
        w1 = s.scalar(
            select(InspectionItem).where(InspectionItem.code == "ZW01", InspectionItem.is_current)
        )
    assert w3.ratio_cap_permille == 50 and w3.version_no == 1
    assert (w1.ratio_text, w1.subject_text, w1.target_text) == (
        "根据实际情况确定",
        "市、县级市场监督管理部门",
        "食品生产企业",
    )


def test_one_item_over_its_sub_item_rows_is_one_item(ws, tmp_path: Path) -> None:
    rows = [
        ITEM_HEADER,
        ["Q01", "特种设备使用单位检查", "使用登记", "重点", "《特种设备安全法》", "五原县市场监督管理局",
         "企业", "", "每年一次", "现场检查", "", ""],
        ["", "", "作业人员持证", "", "", "", "", "", "", "", "", ""],
        ["", "", "定期检验", "", "", "", "", "", "", "", "", ""],
    ]  # fmt: skip
    merges = ("A1:A3", "B1:B3", "D1:D3", "E1:E3", "F1:F3", "G1:G3", "I1:I3", "J1:J3")
    path = xlsx(
        tmp_path / "子项.xlsx", rows, tuple(m.replace("1:", "2:").replace("3", "4") for m in merges)
    )
    assert preview_import(ws, kind="items", path=path).would_insert == 1
    result = import_registry(ws, kind="items", path=path, mode="all_or_nothing")
    assert result.written and result.inserted == 1, result.preview.issues
    with ws.db.read_session() as s:
        item = s.scalar(select(InspectionItem).where(InspectionItem.code == "Q01"))
    assert item.sub_item == "使用登记；作业人员持证；定期检验" and item.kind == "重点"
