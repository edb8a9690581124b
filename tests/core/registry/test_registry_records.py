"""Registry record validation without a database: every check digit, every normalisation case."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.services.registry.fields import NO_EXPIRY, Department, Vocab
from app.core.services.registry.records import RecordChecker

TABLES = {
    "target_kind": [
        ("企业", "企业"),
        ("个体工商户", "个体工商户"),
        ("农民专业合作社", "农民专业合作社"),
        ("其他组织", "其他组织"),
        ("产品", "产品"),
        ("项目", "项目"),
        ("行为", "行为"),
    ],
    "survival": [
        ("存续", "存续（在营、开业、在册）"),
        ("吊销", "吊销"),
        ("注销", "注销"),
        ("无经营迹象", "无经营迹象"),
    ],
    "credit": [
        ("A", "A级（守信）"),
        ("B", "B级（基本守信）"),
        ("C", "C级（失信）"),
        ("D", "D级（严重失信）"),
    ],
    "risk": [("低", "低风险"), ("中", "中风险"), ("较高", "较高风险"), ("高", "高风险")],
    "tag_source": [
        ("投诉举报", "投诉举报"),
        ("转办交办", "转办交办"),
        ("立案", "立案"),
        ("数据监测", "数据监测"),
    ],
}
DEPTS = (
    Department(1, "市场监管", "五原县市场监督管理局", "五原市监"),
    Department(2, "税务", "国家税务总局五原县税务局", "五原税务"),
)


def check(registry: str, **raw):  # type: ignore[no-untyped-def]
    return RecordChecker(registry, Vocab(TABLES, DEPTS), today=date(2026, 3, 1)).check(raw, row=5)


def severities(result) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {i.key: i.severity for i in result.issues}


@pytest.mark.parametrize("code", ["91330100311348661F", "91330102MA27YU8W73", "9133078114740654XH"])
def test_real_credit_codes_pass(code: str) -> None:
    r = check("targets", uscc=code, name="某公司")
    assert r.issues == []
    assert r.values["uscc"] == code
    assert r.values["kind"] == "企业"  # derived from 9 (工商) + 1 (企业)


def test_wrong_check_character_is_a_warning_and_keeps_the_code() -> None:
    r = check("targets", uscc="91330100311348661G", name="某公司")
    assert severities(r) == {"uscc": "warning"}
    assert "校验位应为F" in r.issues[0].reason
    assert r.values["uscc"] == "91330100311348661G"
    assert r.issues[0].row == 5 and r.issues[0].column == "统一社会信用代码/注册号"


@pytest.mark.parametrize(
    "bad", ["9133010031134866", "91330100311348661FF", "9133O100311348661F", "ABC"]
)
def test_malformed_credit_codes_are_errors(bad: str) -> None:
    assert severities(check("targets", uscc=bad, name="某公司")) == {"uscc": "error"}


def test_registration_numbers_in_the_code_column_and_their_own() -> None:
    ok = check("targets", uscc="310115600985533", name="老企业")
    assert (
        ok.issues == [] and ok.values["reg_no"] == "310115600985533" and ok.values["uscc"] is None
    )
    assert severities(check("targets", uscc="310115600985535", name="x")) == {"uscc": "warning"}
    assert severities(check("targets", reg_no="31011560098553A", name="x")) == {"reg_no": "error"}
    # 注册号 stored by Excel as a number
    assert check("targets", uscc=330000000036006.0, name="x").values["reg_no"] == "330000000036006"


def test_codes_are_normalised_from_what_spreadsheets_contain() -> None:
    for raw in (
        "９１３３０１００３１１３４８６６１Ｆ",
        "91330100311348661f",
        " 9133 0100 3113 4866 1F ",
        "9133\u30000100311348661F",
        "'91330100311348661F",
    ):
        r = check("targets", uscc=raw, name="某公司")
        assert r.issues == [], raw
        assert r.values["uscc"] == "91330100311348661F"


def test_names_lose_stray_and_fullwidth_spaces_but_keep_chinese_brackets() -> None:
    r = check("targets", uscc="91330100311348661F", name="  杭州　某某（集团）  有限公司 ")
    assert (
        r.values["name"] == "杭州某某（集团） 有限公司"
        or r.values["name"] == "杭州某某（集团）有限公司"
    )


def test_non_entity_objects_need_no_code_but_market_entities_do() -> None:
    assert check("targets", uscc=None, name="电动自行车", kind="产品").issues == []
    assert severities(check("targets", uscc=None, name="某店", kind="个体户")) == {"uscc": "error"}


def test_enumerations_accept_spreadsheet_synonyms() -> None:
    r = check(
        "targets",
        uscc="92150821MT05K4N151",
        name="某店",
        kind="个体户",
        credit_grade="a级",
        risk_class="高风险",
        status="在营",
        tags="重点对象，问题对象(投诉举报)",
    )
    assert r.issues == []
    assert (
        r.values["kind"],
        r.values["credit_grade"],
        r.values["risk_class"],
        r.values["status"],
    ) == ("个体工商户", "A", "高", "存续")
    assert r.values["tags"] == [("重点对象", ""), ("问题对象", "投诉举报")]
    bad = check(
        "targets", uscc="92150821MT05K4N151", name="x", credit_grade="E", tags="问题对象（路人）"
    )
    assert severities(bad) == {"credit_grade": "error", "tags": "error"}


def test_industry_codes_are_checked_against_the_shipped_table() -> None:
    assert (
        check("targets", uscc="91330100311348661F", name="x", industry_code="H6210").values[
            "industry_code"
        ]
        == "6210"
    )
    assert check("targets", uscc="91330100311348661F", name="x", industry_code=6210.0).issues == []
    assert severities(
        check("targets", uscc="91330100311348661F", name="x", industry_code="6280")
    ) == {"industry_code": "warning"}
    assert severities(
        check("targets", uscc="91330100311348661F", name="x", industry_code="C6210")
    ) == {"industry_code": "error"}
    assert severities(
        check("targets", uscc="91330100311348661F", name="x", industry_code="99999")
    ) == {"industry_code": "error"}


def test_dates_from_text_serials_and_date_cells() -> None:
    for raw in (
        "2020-03-01",
        "2020/3/1",
        "2020年3月1日",
        43891,
        43891.0,
        date(2020, 3, 1),
        "20200301",
    ):
        r = check("targets", uscc="91330100311348661F", name="x", established_on=raw)
        assert r.values["established_on"] == date(2020, 3, 1), raw
    assert severities(
        check("targets", uscc="91330100311348661F", name="x", established_on="2020-02-30")
    ) == {"established_on": "error"}


def test_phones_and_booleans() -> None:
    r = check(
        "inspectors",
        cert_no="X1",
        name="王伟",
        department="五原市监",
        phone="138 0000 0000",
        is_expert="是",
        is_leader="N",
        cert_expires_on="长期",
    )
    assert r.issues == []
    assert (r.values["phone"], r.values["is_expert"], r.values["is_leader"]) == (
        "13800000000",
        True,
        False,
    )
    assert r.values["cert_expires_on"] == NO_EXPIRY  # 长期: explicit, not blank
    assert r.values["department"] == 1


def test_id_numbers_and_sex() -> None:
    ok = check(
        "inspectors",
        cert_no="X1",
        name="王芳",
        department="市场监管",
        id_number="11010519491231002X",
    )
    assert ok.issues == [] and ok.values["sex"] == "女"
    assert severities(
        check(
            "inspectors", cert_no="X1", name="a", department="税务", id_number="110105194912310021"
        )
    ) == {"id_number": "warning"}
    assert severities(
        check(
            "inspectors", cert_no="X1", name="a", department="税务", id_number="110105194913310021"
        )
    ) == {"id_number": "error"}
    upgraded = check(
        "inspectors", cert_no="X1", name="a", department="税务", id_number="110105491231002"
    )
    assert (
        upgraded.values["id_number"] == "110105194912310021"[:17] + upgraded.values["id_number"][17]
    )
    mismatch = check(
        "inspectors",
        cert_no="X1",
        name="a",
        department="税务",
        id_number="11010519491231002X",
        sex="男",
    )
    assert severities(mismatch) == {"sex": "warning"}
    assert severities(check("inspectors", cert_no="X1", name="a", department="应急")) == {
        "department": "error"
    }


def test_required_fields_and_lengths() -> None:
    r = check("experts", code=None, name=None)
    assert severities(r) == {"code": "error", "name": "error"}
    assert "为必填项" in r.issues[0].reason


def test_item_rules() -> None:
    key = check(
        "items",
        department="市场监管",
        code="b07",
        name="食品经营",
        kind="重点",
        ratio_cap_permille="5%",
        legal_basis="食品安全法",
        target_kinds="企业，个体户",
    )
    assert key.values["code"] == "B07"
    assert severities(key) == {"ratio_cap_permille": "warning"}
    # 个体户 is read as 个体工商户; the list's own wording is kept beside it
    assert key.values["target_kinds"] == ["企业", "个体工商户"]
    assert key.values["target_text"] == "企业，个体户"
    general = check(
        "items",
        department="市场监管",
        code="A07",
        name="公示信息",
        kind="一般",
        ratio_cap_permille="5%",
        legal_basis="条例",
        target_kinds="企业",
    )
    assert general.issues == [] and general.values["ratio_cap_permille"] == 50
    assert (
        check(
            "items",
            department="市场监管",
            code="A07",
            name="x",
            kind="一般",
            ratio_cap_permille=0.03,
            legal_basis="y",
        ).values["ratio_cap_permille"]
        == 30
    )
