"""The importer's columns hold exactly what the row-by-row checker gives for each row.

Rows are drawn from cells that real spreadsheets contain — clean, messy (full-width, spaces,
lower case, numbers for codes), wrong check digits, malformed, blank — for every registry;
the values, the issues (row, column, severity, reason, in order) and which keys each record
carries must be the same read back from the columns as from checking the row alone.
"""

from __future__ import annotations

import random
from datetime import date, datetime
from typing import Any

import pytest
from test_registry_records import DEPTS, TABLES

from app.core.domain.codes import make_uscc
from app.core.services.registry.columns import check_columns
from app.core.services.registry.fields import SPECS, Vocab
from app.core.services.registry.records import RecordChecker

GOOD = make_uscc(dept_category="91", region6="150821", org_body8="12345678")
CELLS: dict[str, list[Any]] = {
    "uscc": [
        GOOD, GOOD.lower(), f" {GOOD[:6]} {GOOD[6:]} ", GOOD[:17] + ("0" if GOOD[17] != "0" else "1"),
        "310115600985533", 330000000036006, 330000000036006.0, "ABC", None, "", "９１" + GOOD[2:],
        "Z" + GOOD[1:], GOOD + "X", "9133O100311348661F",
    ],
    "name": [
        "五原县鑫盛商贸有限公司", "  杭州　某某（集团）  有限公司 ", "ＡＢＣ商店", None, "", "   ", 12345,
        "名" * 201, "带\u200b零宽字符", 'quote"name', "x\ny",
    ],
    "kind": ["企业", "个体户", "公司", "产品", "外星人", None, "", 1, True, " 企 业 "],
    "legal_rep": ["张三", " 李四 ", None, "王" * 61, 7],
    "phone": [
        "13800000000", "１３８００００００００", "138００００００００", "0478-7654321", "+86 138 0000 0000", 13800000000,
        "12345", None, "", "(0478)7654321", 4787654321,
    ],
    "address": ["五原县隆兴昌镇建设路1号", " 带空格 的地址 ", None, "地" * 301],
    "township": ["隆兴昌镇", "隆兴昌镇 ", None, "ＡＢ"],
    "supervising_unit": ["隆兴昌市场监管所", None, ""],
    "industry_code": ["6210", "H6210", 6210.0, "6280", "99999", None, 5223],
    "credit_grade": ["A", "a", "A级", "E", None, 1],
    "risk_class": ["低", "低风险", "极高", None],
    "status": ["存续", "在营", "吊销", "注销", "奇怪", None, ""],
    "established_on": [date(2020, 3, 1), "2020-03-01", "2020/3/1", 43891, "2020-02-30", None],
    "tags": ["重点对象", "问题对象（投诉举报）", "问题对象(乱写)", "重点对象，问题对象", "其他", None],
    "claims": ["市场监管", "五原市监，五原税务", "不存在的部门", None],
    # inspectors
    "cert_no": ["NM-0001", " nm 0002 ", "ＮＭ０００３", 150821, None, "X" * 41],
    "sex": ["男", "女", "M", "未知", None],
    "id_number": ["11010519491231002X", "110105194912310021", "110105194912310020", "abc", None],
    "department": ["市场监管", "五原县市场监督管理局", "五原税务", "民政", None, 1],
    "unit": ["五原县市场监督管理局", None],
    "position": ["科员", None],
    "cert_expires_on": ["2028-12-31", "长期", "2020-01-01", "明年", None, datetime(2027, 1, 1)],
    "cert_issuer": ["五原县人民政府", None],
    "qualifications": ["食品，特种设备", "食品", None, ""],
    "expertise": ["计量", "计量、标准", None],
    "is_expert": ["是", "否", True, 0, "也许", None],
    "is_leader": ["是", None, "N"],
    # experts
    "code": ["E001", " e 002 ", None, 3],
    "service_domain": ["食品安全", None],
    "email": ["a@b.cn", None],
    # items
    "category": ["食品", None],
    "sub_item": ["子项", None],
    "target_kinds": ["企业，个体工商户", "外星人", None],
    "ratio_cap_permille": ["5%", "50‰", 0.05, 5, "200%", "很多", None],
    "frequency": ["每年一次", None],
    "method": ["现场检查", None],
    "legal_basis": ["《食品安全法》第一百一十条", None],
    "content": ["检查内容", None],
    "inspector_requirements": [None, "两名以上"],
    "template_code": ["T01", None],
    "effective_from": ["2026-01-01", None, "昨天"],
    "change_reason": [None, "调整"],
}  # fmt: skip
# Mostly clean columns, as real files are, with a few messy cells among them.
CLEAN = {
    "uscc": [make_uscc(dept_category="91", region6="150821", org_body8=f"{n:08d}") for n in range(50)],
    "name": [f"五原县第{n}号商店" for n in range(50)],
    "phone": [f"139{n:08d}" for n in range(50)],
}  # fmt: skip


def _rows(kind: str, count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    keys = [f.key for f in SPECS[kind].fields if f.key in CELLS]
    if kind == "targets":
        keys = [k for k in keys if not (seed % 3 == 0 and k == "kind")]  # files without 主体类型
    if kind == "inspectors":  # files without 性别: the rules read it from the ID number
        keys = [k for k in keys if not (seed % 3 == 0 and k == "sex")]
    rows = []
    for _ in range(count):
        row = {}
        for k in keys:
            pool = CLEAN.get(k) if rng.random() < 0.7 else None
            row[k] = rng.choice(pool or CELLS[k])
        rows.append(row)
    return rows


@pytest.mark.parametrize("kind", ["targets", "inspectors", "experts", "items"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_columns_hold_what_the_row_checker_gives(kind: str, seed: int) -> None:
    vocab = Vocab(TABLES, DEPTS)
    rows = _rows(kind, 400, seed)
    numbers = [10 + i for i in range(len(rows))]
    one = RecordChecker(kind, vocab, today=date(2026, 3, 1))
    expected = [one.check(r, row=n) for r, n in zip(rows, numbers, strict=True)]

    columns = {k: [r[k] for r in rows] for k in rows[0]}
    got = check_columns(RecordChecker(kind, vocab, today=date(2026, 3, 1)), columns, numbers)

    for i, want in enumerate(expected):
        assert got.record(i) == want.values, f"row {numbers[i]}: {rows[i]}"
        assert got.issues.get(i, []) == want.issues, f"row {numbers[i]}: {rows[i]}"
    assert any(e.issues for e in expected)  # the messy cells did reach the checks
    if kind == "targets":  # and clean rows sit among them
        assert sum(not e.issues for e in expected) > 5
    if kind == "inspectors" and seed % 3 == 0:  # a key the rules give only some rows
        assert any("sex" in e.values for e in expected)
        assert any("sex" not in e.values for e in expected)


def test_a_number_and_a_flag_in_the_same_column_stay_apart() -> None:
    """1 and True hash alike; the per-import cache must still parse them separately."""
    vocab = Vocab(TABLES, DEPTS)
    rows = [{"uscc": GOOD, "name": "甲", "kind": 1}, {"uscc": GOOD, "name": "乙", "kind": True}]
    one = RecordChecker("targets", vocab)
    want = [one.check(r, row=2 + i) for i, r in enumerate(rows)]
    got = check_columns(
        RecordChecker("targets", vocab), {k: [r[k] for r in rows] for k in rows[0]}, [2, 3]
    )
    assert [got.issues.get(i, []) for i in range(2)] == [w.issues for w in want]
