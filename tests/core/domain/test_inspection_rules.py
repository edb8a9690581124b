"""检查表 rules without a database: answers, result-code combinations, signatures, completeness."""

from __future__ import annotations

from datetime import datetime

from app.core.domain.checklist import (
    CodeSpec,
    FormData,
    RowSpec,
    SectionSpec,
    SignatureFacts,
    answer_text,
    form_problems,
    is_answered,
    result_code_problems,
    toggle_result_code,
)

CODES = [
    CodeSpec("1", "未发现问题", None, True),
    CodeSpec("A", "发现问题待后续处理"),
    CodeSpec("B", "未按规定公示应当公示的信息", "A"),
    CodeSpec("E", "发现问题已责令改正"),
    CodeSpec("9", "已注销", None, True),
]
SECTION = SectionSpec(
    "B07",
    "食品经营者监督检查",
    (
        RowSpec("1", "许可证", "yesno"),
        RowSpec("2", "温度", "number"),
        RowSpec("3", "日期", "date"),
        RowSpec("4", "住所能否联系", "yesno", allow_na=False),
        RowSpec("5", "照片", "photo"),
    ),
)
TEAM = [11, 12]
# When and where the check took place (the header of the form).
WHEN_WHERE = {
    "started_at": datetime(2026, 5, 6, 9, 0),
    "ended_at": datetime(2026, 5, 6, 10, 0),
    "place": "五原县隆兴昌镇建设路12号",
}


def _signed(*extra: SignatureFacts) -> list[SignatureFacts]:
    return [
        SignatureFacts("inspector", "甲", True, inspector_id=11),
        SignatureFacts("inspector", "乙", True, inspector_id=12),
        *extra,
    ]


def _complete_data() -> dict:
    return {
        "answers": {"B07": {"1": "yes", "2": 3.5, "3": "2026-05-01", "4": "no", "5": ["ab" * 32]}},
        "methods": ["1"],
        "result_codes": ["1"],
        "disposals": ["1"],
    }


def test_each_answer_type_accepts_its_values_and_not_others() -> None:
    assert is_answered(RowSpec("1", "", "yesno"), "na")
    assert not is_answered(RowSpec("1", "", "yesno", allow_na=False), "na")
    assert is_answered(RowSpec("1", "", "number"), "12.5") and not is_answered(
        RowSpec("1", "", "number"), "十二"
    )
    assert not is_answered(RowSpec("1", "", "date"), "2026-02-30")
    assert not is_answered(RowSpec("1", "", "photo"), [])
    assert not is_answered(RowSpec("1", "", "text"), "   ")


def test_a_complete_form_has_no_problems() -> None:
    problems = form_problems(
        sections=[SECTION],
        data=FormData.of(_complete_data()),
        codes=CODES,
        signatures=_signed(SignatureFacts("party", "王", True)),
        team_inspector_ids=TEAM,
        **WHEN_WHERE,
    )
    assert problems == []


def test_unanswered_rows_are_named_by_item_and_row() -> None:
    data = _complete_data()
    del data["answers"]["B07"]["2"]
    data["answers"]["B07"]["4"] = "na"
    problems = form_problems(
        sections=[SECTION],
        data=FormData.of(data),
        codes=CODES,
        signatures=_signed(SignatureFacts("party", "王", True)),
        team_inspector_ids=TEAM,
        **WHEN_WHERE,
    )
    assert any("第2行" in p and "未填写" in p for p in problems)
    assert any("第4行" in p and "不涉及" in p for p in problems)


def test_one_inspector_or_one_signature_is_not_enough() -> None:
    problems = form_problems(
        sections=[SECTION],
        data=FormData.of(_complete_data()),
        codes=CODES,
        signatures=[
            SignatureFacts("inspector", "甲", True, inspector_id=11),
            SignatureFacts("party", "王", True),
        ],
        team_inspector_ids=[11],
        **WHEN_WHERE,
    )
    assert any("检查人员不少于2名" in p for p in problems)
    assert any("至少2名检查人员签名" in p for p in problems)


def test_a_refusal_needs_a_reason_and_a_witness_with_id_number() -> None:
    refused = SignatureFacts("party", "王", False, refused=True, refusal_reason="")
    problems = form_problems(
        sections=[SECTION],
        data=FormData.of(_complete_data()),
        codes=CODES,
        signatures=_signed(refused),
        team_inspector_ids=TEAM,
        **WHEN_WHERE,
    )
    assert any("拒绝原因" in p for p in problems) and any("见证人签名" in p for p in problems)
    ok = form_problems(
        sections=[SECTION],
        data=FormData.of(_complete_data()),
        codes=CODES,
        team_inspector_ids=TEAM,
        **WHEN_WHERE,
        signatures=_signed(
            SignatureFacts("party", "王", False, True, "不愿签字"),
            SignatureFacts("witness", "李", True, signer_id_number="150821198503120318"),
        ),
    )
    assert ok == []


def test_no_party_signature_and_no_refusal_blocks_completion() -> None:
    problems = form_problems(
        sections=[SECTION],
        data=FormData.of(_complete_data()),
        codes=CODES,
        signatures=_signed(),
        team_inspector_ids=TEAM,
        **WHEN_WHERE,
    )
    assert any("未签字" in p for p in problems)


def test_result_is_required_and_exclusive_codes_stand_alone() -> None:
    data = _complete_data() | {"result_codes": []}
    assert any(
        "请选择检查结果" in p
        for p in form_problems(
            sections=[SECTION],
            data=FormData.of(data),
            codes=CODES,
            signatures=_signed(SignatureFacts("party", "王", True)),
            team_inspector_ids=TEAM,
            **WHEN_WHERE,
        )
    )
    assert result_code_problems(["1", "E"], CODES)
    assert result_code_problems(["Z"], CODES)
    assert not result_code_problems(["A", "B", "E"], CODES)


def test_a_problem_result_needs_findings() -> None:
    data = _complete_data() | {"result_codes": ["E"], "findings": ""}
    problems = form_problems(
        sections=[SECTION],
        data=FormData.of(data),
        codes=CODES,
        signatures=_signed(SignatureFacts("party", "王", True)),
        team_inspector_ids=TEAM,
        **WHEN_WHERE,
    )
    assert any("发现问题情况" in p for p in problems)


def test_toggling_codes_honours_exclusive_and_parent() -> None:
    assert toggle_result_code(["E"], "1", CODES) == ["1"]
    assert toggle_result_code(["1"], "B", CODES) == ["A", "B"]
    assert toggle_result_code(["A", "B"], "A", CODES) == []
    assert toggle_result_code(["A", "B", "E"], "B", CODES) == ["A", "E"]


def test_answers_print_with_the_rows_wording() -> None:
    row = {"answer": "yesno", "yes_text": "已按时公示", "no_text": "未按时公示"}
    assert answer_text(row, "no") == "未按时公示"
    assert answer_text(row, "na") == "不涉及"
    assert answer_text({"answer": "number", "unit": "℃"}, 3.5) == "3.5℃"


def test_the_form_needs_its_start_time_a_sane_end_and_its_place() -> None:
    def problems(**when_where: object) -> list[str]:
        return form_problems(
            sections=[SECTION],
            data=FormData.of(_complete_data()),
            codes=CODES,
            signatures=_signed(SignatureFacts("party", "王", True)),
            team_inspector_ids=TEAM,
            **(WHEN_WHERE | when_where),  # type: ignore[arg-type]
        )

    assert problems(started_at=None) == ["检查开始时间未填写"]
    assert problems(ended_at=datetime(2026, 5, 6, 8, 0)) == ["检查结束时间早于开始时间"]
    assert problems(place="  ") == ["检查地点未填写"]
    assert problems(ended_at=None) == []  # the end may be filled in when completing


def test_the_form_reads_and_stores_its_fields() -> None:
    stored = _complete_data()
    form = FormData.of(stored)
    assert FormData.of(form.stored()) == form
    assert form.answers["B07"]["1"] == stored["answers"]["B07"]["1"]
    assert form.methods == tuple(stored["methods"])
    # An old draft or a bundle with a field of the wrong shape reads as empty, never fails.
    odd = FormData.of({"methods": "1", "answers": ["x"], "items": {"B07": "x"}, "findings": None})
    assert odd == FormData()
    assert FormData().with_answer("B07", "1", "yes").answers == {"B07": {"1": "yes"}}
