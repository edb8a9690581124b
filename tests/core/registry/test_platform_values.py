"""Values real platform files hold, stored as they are: an old 13-digit 注册号 (accepted with a
warning: it has no check digit), 对象类型 told by a 15-digit 注册号, and "长期" as an explicit
no-expiry value that survives an export and a re-import."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.core.demo import SampleSpec, registry_data
from app.core.domain.codes import make_regno
from app.core.services.registry.excel import export_registry
from app.core.services.registry.fields import NO_EXPIRY
from app.core.services.registry.imports.pipeline import import_registry
from app.core.storage.models import Inspector, Target
from tests.helpers.platform_files import csv_file, xlsx
from tests.helpers.registry_files import uscc


@pytest.fixture
def ws(workspace):  # type: ignore[no-untyped-def]
    registry_data.populate(
        workspace, random.Random(1), SampleSpec(targets=3, inspectors_per_department=1)
    )
    return workspace


SHOP = make_regno("15082160012345")  # 7th digit 6: 个体工商户
FIRM = make_regno("15082100012345")  # 7th digit 0: 企业


def test_old_13_digit_and_15_digit_registration_numbers(ws, tmp_path: Path) -> None:
    rows = [
        ["企业名称", "统一社会信用代码/注册号", "登记机关"],
        ["五原县老字号商店", "1508211000123", "五原县工商行政管理局"],
        ["五原县张三理发店", SHOP, "五原县工商行政管理局"],
        ["五原县某某有限公司", FIRM, "五原县工商行政管理局"],
        ["五原县新企业有限公司", uscc(7), "五原县市场监督管理局"],
    ]
    path = csv_file(tmp_path / "名录.csv", rows, "gb18030")
    refused = import_registry(ws, kind="targets", path=path, mode="all_or_nothing")
    assert not refused.written
    (warning,) = refused.preview.issues
    assert warning.severity == "warning" and warning.cell == "B2" and "13位" in warning.reason
    done = import_registry(
        ws, kind="targets", path=path, mode="all_or_nothing", accept_warnings=True
    )
    assert done.written and done.inserted == 4
    with ws.db.read_session() as s:
        got = {t.name: t for t in s.scalars(select(Target).where(Target.name.like("五原县%")))}
    old = got["五原县老字号商店"]
    assert (old.reg_no, old.uscc) == ("1508211000123", None)
    assert old.accepted_warnings and "13位" in old.accepted_warnings
    assert got["五原县张三理发店"].kind == "个体工商户"
    assert got["五原县某某有限公司"].kind == "企业"


def test_long_term_expiry_round_trips(ws, tmp_path: Path) -> None:
    rows = [
        ["执法证号", "姓名", "所属部门", "执法证有效期至"],
        ["L-1", "长期甲", "五原县市场监督管理局", "长期"],
        ["L-2", "长期乙", "五原县市场监督管理局", "9999-09-09"],
        ["L-3", "长期丙", "五原县市场监督管理局", "长期有效"],
        ["L-4", "未填丁", "五原县市场监督管理局", ""],
        ["L-5", "到期戊", "五原县市场监督管理局", "2027-05-01"],
    ]
    assert (
        import_registry(ws, kind="inspectors", path=xlsx(tmp_path / "a.xlsx", rows)).inserted == 5
    )
    with ws.db.read_session() as s:
        got = {
            i.cert_no: i.cert_expires_on
            for i in s.scalars(select(Inspector).where(Inspector.cert_no.like("L-%")))
        }
    assert got["L-1"] == got["L-2"] == got["L-3"] == NO_EXPIRY
    assert got["L-4"] is None and str(got["L-5"]) == "2027-05-01"
    out = tmp_path / "export.xlsx"
    export_registry(ws, "inspectors", out)
    sheet = load_workbook(out).worksheets[0]
    cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = cells[1]
    by_cert = {r[0]: r[header.index("执法证有效期至")] for r in cells[2:]}
    assert by_cert["L-1"] == "长期" and by_cert["L-4"] in (None, "")
    again = import_registry(ws, kind="inspectors", path=out)
    assert again.written and again.inserted == 0 and again.updated == 0
    with ws.db.read_session() as s:
        assert (
            s.scalar(select(Inspector.cert_expires_on).where(Inspector.cert_no == "L-2"))
            == NO_EXPIRY
        )


ROSTER = [
    "单位工号",
    "姓名",
    "所在业务部门（机构）",
    "是否专家",
    "执法证编号",
    "执法证有效期",
    "具体职务",
    "执法事项范围",
]


def roster_rows() -> list[list[object]]:
    return [
        ROSTER,
        [
            "G1",
            "甲",
            "城关市场监管所",
            "保化组长",
            "U-1",
            "长期",
            "所长",
            "A01.直销违法行为检查，B01.食品生产检查",
        ],
        ["G2", "乙", "食品安全监管科", "药品GSP，医疗器械GSP", "U-2", "2028-01-01", "", ""],
        ["G3", "丙", "执法大队", "否", "U-3", "2028-01-01", "", ""],
        ["G4", "丁", "消保分局", "是", "U-4", "2028-01-01", "", ""],
        ["G5", "戊", "五原县市场监督管理局", "", "U-5", "2028-01-01", "", ""],
    ]


def test_units_below_departments_expert_types_and_item_scope(ws, tmp_path: Path) -> None:
    from app.core.storage.models import Department, EnforcementUnit

    path = xlsx(tmp_path / "roster.xlsx", roster_rows())
    refused = import_registry(ws, kind="inspectors", path=path, mode="all_or_nothing")
    assert not refused.written and refused.preview.error_rows == 4
    assert all("执法单位" in i.reason and i.cell.startswith("C") for i in refused.preview.issues)
    done = import_registry(
        ws, kind="inspectors", path=path, mode="all_or_nothing", create_units="五原县市场监督管理局"
    )
    assert done.written and done.inserted == 5, done.preview.issues
    assert done.preview.new_units == ("城关市场监管所", "执法大队", "消保分局", "食品安全监管科")
    with ws.db.read_session() as s:
        dept = s.scalar(select(Department.id).where(Department.name == "五原县市场监督管理局"))
        units = dict(s.execute(select(EnforcementUnit.name, EnforcementUnit.department_id)).all())
        people = {
            i.cert_no: i for i in s.scalars(select(Inspector).where(Inspector.cert_no.like("U-%")))
        }
    assert set(units.values()) == {dept} and len(units) == 4
    assert people["U-1"].department_id == dept and people["U-1"].unit == "城关市场监管所"
    assert (people["U-1"].is_expert, people["U-1"].expert_types) == (True, ["保化组长"])
    assert people["U-2"].expert_types == ["医疗器械GSP", "药品GSP"] and people["U-2"].is_expert
    assert (people["U-3"].is_expert, people["U-3"].expert_types) == (False, [])
    assert people["U-4"].is_expert is True
    assert people["U-1"].duty == "所长"
    assert people["U-1"].item_scope == ["A01.直销违法行为检查", "B01.食品生产检查"]
    assert people["U-1"].cert_expires_on == NO_EXPIRY
    # Known units are recognised from now on, without the option.
    again = import_registry(ws, kind="inspectors", path=path, mode="all_or_nothing")
    assert again.written and again.inserted == 0 and again.updated == 0


def test_platform_roster_export_in_its_21_columns_reads_back_unchanged(ws, tmp_path: Path) -> None:
    from app.core.services.registry.inspectors import PLATFORM_COLUMNS, InspectorQuery

    path = xlsx(tmp_path / "roster.xlsx", roster_rows())
    assert import_registry(
        ws, kind="inspectors", path=path, create_units="五原县市场监督管理局"
    ).written
    out = tmp_path / "platform.xlsx"
    count = export_registry(
        ws, "inspectors", out, query=InspectorQuery(text="U-"), layout="platform"
    )
    assert count == 5
    rows = [list(r) for r in load_workbook(out).worksheets[0].iter_rows(values_only=True)]
    assert tuple(rows[0]) == PLATFORM_COLUMNS and len(PLATFORM_COLUMNS) == 21
    by_cert = {r[17]: dict(zip(PLATFORM_COLUMNS, r, strict=True)) for r in rows[1:]}
    u1 = by_cert["U-1"]
    assert (u1["姓名"], u1["所在业务部门（机构）"], u1["是否专家"], u1["执法证有效期"]) == (
        "甲", "城关市场监管所", "保化组长", "长期",
    )  # fmt: skip
    assert (
        u1["执法事项范围"] == "A01.直销违法行为检查，B01.食品生产检查"
        and u1["执法人员状态"] == "有效"
    )
    assert by_cert["U-5"]["所在业务部门（机构）"] == "五原县市场监督管理局"
    assert by_cert["U-3"]["是否专家"] == "否"
    again = import_registry(ws, kind="inspectors", path=out, mode="all_or_nothing")
    assert again.written and again.inserted == 0 and again.updated == 0, again.preview.issues


def test_expert_types_count_for_the_draw(ws, tmp_path: Path) -> None:
    from datetime import date

    from app.core.services.plan.pools import eligible_inspectors

    path = xlsx(tmp_path / "roster.xlsx", roster_rows())
    assert import_registry(
        ws, kind="inspectors", path=path, create_units="五原县市场监督管理局"
    ).written
    with ws.db.read_session() as s:
        people, _ids = eligible_inspectors(s, departments=["市场监管"], on=date(2026, 6, 1))
    quals = {p["id"]: p["qualifications"] for p in people}
    assert "保化组长" in quals["U-1"] and "药品GSP" in quals["U-2"]
    assert not {"保化组长", "药品GSP"} & set(quals["U-3"])


def test_item_scope_limits_the_tasks_a_person_is_drawn_for(ws, tmp_path: Path) -> None:
    from datetime import date

    from app.core.services.plan.pools import eligible_inspectors, in_scope, scope_codes

    assert scope_codes(["A01.直销违法行为检查", "b01 食品生产检查", ""]) == {"A01", "B01"}
    assert in_scope([], ["A07"]) and in_scope(["A01.直销"], None)
    assert in_scope(["A01.直销"], ["A07", "A01"]) and not in_scope(["A01.直销"], ["A07"])
    path = xlsx(tmp_path / "roster.xlsx", roster_rows())
    assert import_registry(
        ws, kind="inspectors", path=path, create_units="五原县市场监督管理局"
    ).written
    with ws.db.read_session() as s:

        def drawn(items: list[str] | None) -> set[str]:
            people, _ids = eligible_inspectors(
                s, departments=["市场监管"], on=date(2026, 6, 1), items=items
            )
            return {p["id"] for p in people}

        assert "U-1" not in drawn(["A07"]) and "U-2" in drawn(["A07"])  # U-2 has no scope
        assert "U-1" in drawn(["B01"]) and "U-1" in drawn(None)
