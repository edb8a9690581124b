"""Substring search and the table queries on both engines, including 1- and 2-character Chinese."""

from __future__ import annotations

import random
from datetime import date

import pytest

from app.core.domain.errors import PermissionDenied, ValidationError
from app.core.domain.roles import Actor, Role
from app.core.services.kernel.workspace import open_workspace
from app.core.services.registry import conflicts, experts, inspectors, items, targets
from app.core.services.registry.search import search_targets
from tests.helpers.registry_files import uscc

NAMES = [
    "五原县隆兴昌镇鑫源饭店",
    "科技",
    "五原县科技发展有限公司",
    "五原县胜丰农资商店",
    "巴彦淖尔市河套酒业有限公司",
]


@pytest.fixture
def ws(any_db_url: str):  # type: ignore[no-untyped-def]
    from app.core.demo import SampleSpec, registry_data

    w = open_workspace(any_db_url)
    registry_data.populate(w, random.Random(3), SampleSpec(targets=20, inspectors_per_department=2))
    for n, name in enumerate(NAMES, start=1):
        targets.save_target(
            w, target_id=None, values={"uscc": uscc(900 + n), "name": name, "kind": "企业"}
        )
    yield w
    w.db.dispose()


def names(hits) -> set[str]:  # type: ignore[no-untyped-def]
    return {h.name for h in hits}


def test_one_and_two_character_chinese_queries_find_substrings(ws) -> None:
    assert {"五原县隆兴昌镇鑫源饭店"} <= names(search_targets(ws, "鑫"))
    assert names(search_targets(ws, "科技")) == {"科技", "五原县科技发展有限公司"}
    assert names(search_targets(ws, "技")) >= {"科技", "五原县科技发展有限公司"}
    assert names(search_targets(ws, "酒业")) == {"巴彦淖尔市河套酒业有限公司"}
    assert names(search_targets(ws, "店")) >= {
        "五原县隆兴昌镇鑫源饭店",
        "五原县胜丰农资商店",
    }  # at the very end
    assert search_targets(ws, "犇") == []


def test_three_plus_characters_codes_and_folding(ws) -> None:
    assert names(search_targets(ws, "科技发展")) == {"五原县科技发展有限公司"}
    assert names(search_targets(ws, "河 套 酒")) == {"巴彦淖尔市河套酒业有限公司"}  # spaces ignored
    code = uscc(903)
    assert names(search_targets(ws, code)) == {"五原县科技发展有限公司"}
    assert names(search_targets(ws, code[8:14].lower())) >= {
        "五原县科技发展有限公司"
    }  # code substring, any case
    full = code[2:10].translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    assert "五原县科技发展有限公司" in names(search_targets(ws, full, limit=500))


def test_search_follows_edits_and_table_filters_use_it(ws) -> None:
    [hit] = search_targets(ws, "鑫源")
    targets.save_target(
        ws,
        target_id=hit.id,
        values={"uscc": uscc(901), "name": "五原县隆兴昌镇福满楼饭店", "kind": "企业"},
    )
    assert search_targets(ws, "鑫源") == []
    assert names(search_targets(ws, "福满")) == {"五原县隆兴昌镇福满楼饭店"}
    assert targets.count_targets(ws, targets.TargetQuery(text="福")) >= 1
    ids = targets.target_ids(ws, targets.TargetQuery(text="科技", sort="name", descending=True))
    rows = targets.target_rows(ws, ids)
    assert [r.cells[1] for r in rows] == ["科技", "五原县科技发展有限公司"]  # descending by name
    targets.set_target_active(ws, hit.id, active=False, reason="已迁出本县")
    assert targets.count_targets(ws, targets.TargetQuery(text="福满")) == 0
    assert targets.count_targets(ws, targets.TargetQuery(text="福满", include_inactive=True)) == 1
    history = targets.target_history(ws, hit.id)
    assert [h.action for h in history] == ["停用", "修改", "新增"]
    assert {h.actor for h in history} == {ws.actor.display_name}  # a name, not the login
    assert ws.actor.display_name != ws.actor.username
    assert ("名称", "五原县隆兴昌镇鑫源饭店", "五原县隆兴昌镇福满楼饭店") in history[1].changes


def test_filters_and_sorting_in_sql(ws) -> None:
    all_ids = targets.target_ids(ws)
    assert len(all_ids) == targets.count_targets(ws)
    q = targets.TargetQuery(credit_grades=("A",), sort="credit_grade")
    rows = targets.target_rows(ws, targets.target_ids(ws, q))
    assert rows and all(r.cells[7] == "A" for r in rows)
    by_name = [
        r.cells[1]
        for r in targets.target_rows(ws, targets.target_ids(ws, targets.TargetQuery(sort="name")))
    ]
    assert by_name == sorted(by_name)
    # The ids come back aggregated into one value; in exactly the order of the plain query.
    from sqlalchemy import select

    from app.core.storage.models import Target

    for sort in ("name", "township", "credit_grade", "code"):
        for descending in (False, True):
            q = targets.TargetQuery(sort=sort, descending=descending)
            with ws.db.engine.connect() as conn:
                plain = conn.scalars(
                    targets._ordered(q, targets._filtered(conn, q, select(Target.id)))
                ).all()
            assert list(targets.target_ids(ws, q)) == plain, (sort, descending)


def test_edits_validate_and_need_permission(ws) -> None:
    with pytest.raises(ValidationError, match="统一社会信用代码"):
        targets.save_target(
            ws, target_id=None, values={"uscc": uscc(901), "name": "重复", "kind": "企业"}
        )
    bad = uscc(950)[:-1] + ("0" if uscc(950)[-1] != "0" else "1")
    with pytest.raises(ValidationError, match="警告"):
        targets.save_target(
            ws, target_id=None, values={"uscc": bad, "name": "校验位不符", "kind": "企业"}
        )
    targets.save_target(
        ws,
        target_id=None,
        values={"uscc": bad, "name": "校验位不符", "kind": "企业"},
        accept_warnings=True,
    )
    assert names(search_targets(ws, "校验位")) == {"校验位不符"}
    observer = ws.as_actor(Actor("guest", Role.OBSERVER))
    with pytest.raises(PermissionDenied):
        targets.save_target(observer, target_id=None, values={"uscc": uscc(951), "name": "x"})


def test_inspectors_experts_items_conflicts(ws) -> None:
    today = date(2026, 3, 1)
    all_insp = inspectors.inspector_ids(ws)
    first = inspectors.get_inspector(ws, all_insp[0])
    inspectors.set_inspector_status(ws, first.id, active=False, reason="调离")
    assert first.id not in {i.id for i in inspectors.eligible_inspectors(ws, on=today)}
    assert inspectors.inspector_history(ws, first.id)[0].action == "停用"
    experts.save_expert(
        ws, expert_id=None, values={"code": "ZJ900", "name": "新专家", "expertise": "食品，药品"}
    )
    assert [e.values["name"] for e in experts.available_experts(ws, expertise="药品")].count(
        "新专家"
    ) == 1
    item = items.current_items(ws)[0]
    values = dict(
        item.values, department="市场监管", legal_basis="新依据", change_reason="法规修订"
    )
    values["target_kinds"] = "，".join(values["target_kinds"] or [])
    values["ratio_cap_permille"] = None if values["kind"] == "重点" else "5%"
    items.save_item(ws, item_id=item.id, values=values)
    revised = [i for i in items.current_items(ws) if i.values["code"] == item.values["code"]]
    assert len(revised) == 1 and revised[0].version_no == 2
    t = search_targets(ws, "科技发展")[0]
    insp = inspectors.get_inspector(ws, all_insp[1])
    conflicts.declare_conflict(
        ws, inspector_cert_no=insp.values["cert_no"], target_code=uscc(903), reason="配偶任职"
    )
    assert (insp.id, t.id) in conflicts.conflicted_pairs(ws)
    row = [c for c in conflicts.list_conflicts(ws) if c.target_id == t.id][0]
    conflicts.withdraw_conflict(ws, row.id)
    assert (insp.id, t.id) not in conflicts.conflicted_pairs(ws)


def test_a_batch_of_names_is_folded_like_each_name_alone() -> None:
    """An import folds its names a batch at a time; the keys must be the ones a single edit
    would store, whatever the batch holds."""
    from app.core.storage.search import search_key, search_keys

    batches = [
        ["五原县鑫盛商贸", "abc有限公司", "Straße"],  # nothing to fold but case
        [
            "五原县　鑫盛",
            None,
            "ＡＢＣ１２３",
            "",
            "a\u200bb",
            "x\x01y",
            "正常",
        ],  # spaces, full width…
        [],
    ]
    for names in batches:
        assert search_keys(names) == [search_key(n) for n in names]
