"""检查表 rules as plain data: what an answer means, when a form is complete, how result codes combine.

Standard library only; the services feed it plain dicts and lists. Never touches storage.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from typing import Any

NA = "na"  # 不涉及
YES, NO = "yes", "no"
# 检查结果 codes that mean a problem was found: the findings text must say what it was.
PROBLEM_CODES = frozenset({"A", "B", "C", "6", "D", "3", "4", "5", "G", "E", "8"})
OTHER_DISPOSAL = "6"  # 后续处置 "其他": needs its text
MIN_INSPECTORS = 2  # ≥ 2 执法人员 (国办发〔2015〕58号; 五原 第二十二条)


@dataclass(frozen=True)
class RowSpec:
    """What the rules need of a template row."""

    no: str
    content: str
    answer: str  # yesno / number / text / date / photo
    allow_na: bool = True


@dataclass(frozen=True)
class SectionSpec:
    """One inspection item's part of the form (一项检查事项)."""

    item_code: str
    item_name: str
    rows: tuple[RowSpec, ...]


@dataclass(frozen=True)
class CodeSpec:
    """A result code as the rules need it: its parent and whether it excludes all others."""

    code: str
    text: str
    parent_code: str | None = None
    exclusive: bool = False


# An answer as stored: "yes" / "no" / "na", a number, a text, an ISO date, or (a photo row) the
# SHA-256 digests of its photos; None or "" when not answered.
Answer = Any


@dataclass(frozen=True)
class ItemNotes:
    """One inspection item's own 问题描述 and 处置, beside the form's overall findings."""

    findings: str = ""
    disposal: str = ""


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _codes(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list | tuple) else ()


@dataclass(frozen=True)
class FormData:
    """What an inspector fills in on the 检查表, as stored in `Inspection.data` (a JSON object
    whose keys are these fields' names). The one definition of the form's fields: the screen,
    the services, the printed sheet and the bundles read it through this type."""

    answers: Mapping[str, Mapping[str, Answer]] = field(default_factory=dict)  # item → row no
    items: Mapping[str, ItemNotes] = field(default_factory=dict)  # item code → its notes
    methods: tuple[str, ...] = ()  # 核查方式 codes
    result_codes: tuple[str, ...] = ()  # 检查结果 codes
    findings: str = ""  # 发现问题情况
    disposals: tuple[str, ...] = ()  # 后续处置 codes
    disposal_other: str = ""  # 后续处置 “其他”
    party_opinion: str = ""  # 被检查对象意见
    notes: str = ""
    leader_opinion: str = ""

    @classmethod
    def of(cls, data: Mapping[str, Any] | None) -> FormData:
        """The form in `data` as stored (a missing key is its empty value; a value of the wrong
        shape, from an old file or a bundle, reads as empty rather than failing)."""
        data = data or {}
        answers = data.get("answers")
        items = data.get("items")
        return cls(
            answers={
                str(code): dict(rows)
                for code, rows in (answers.items() if isinstance(answers, dict) else ())
                if isinstance(rows, dict)
            },
            items={
                str(code): ItemNotes(_text(v.get("findings")), _text(v.get("disposal")))
                for code, v in (items.items() if isinstance(items, dict) else ())
                if isinstance(v, dict)
            },
            methods=_codes(data.get("methods")),
            result_codes=_codes(data.get("result_codes")),
            findings=_text(data.get("findings")),
            disposals=_codes(data.get("disposals")),
            disposal_other=_text(data.get("disposal_other")),
            party_opinion=_text(data.get("party_opinion")),
            notes=_text(data.get("notes")),
            leader_opinion=_text(data.get("leader_opinion")),
        )

    def stored(self) -> dict[str, Any]:
        """The JSON object stored for this form (notes and leader_opinion only when given)."""
        out: dict[str, Any] = {
            "answers": {code: dict(rows) for code, rows in self.answers.items()},
            "items": {
                code: {"findings": n.findings, "disposal": n.disposal}
                for code, n in self.items.items()
            },
            "methods": list(self.methods),
            "result_codes": list(self.result_codes),
            "findings": self.findings,
            "disposals": list(self.disposals),
            "disposal_other": self.disposal_other,
            "party_opinion": self.party_opinion,
        }
        for name in ("notes", "leader_opinion"):
            if getattr(self, name):
                out[name] = getattr(self, name)
        return out

    def with_answer(self, item_code: str, row_no: str, value: Answer) -> FormData:
        """The form with one row's answer set (None clears it)."""
        rows = dict(self.answers.get(item_code) or {})
        rows[row_no] = value
        return replace(self, answers={**self.answers, item_code: rows})


FORM_FIELDS = tuple(f.name for f in fields(FormData))


def is_answered(spec: RowSpec, value: Any) -> bool:
    """True when a row holds an answer of its type (or 不涉及 where allowed)."""
    if value is None:
        return False
    if value == NA:
        return spec.allow_na
    if spec.answer == "yesno":
        return value in (YES, NO)
    if spec.answer == "number":
        if isinstance(value, bool):
            return False
        if isinstance(value, int | float):
            return True
        try:
            float(str(value).strip())
        except ValueError:
            return False
        return True
    if spec.answer == "date":
        try:
            date.fromisoformat(str(value))
        except ValueError:
            return False
        return True
    if spec.answer == "photo":
        return isinstance(value, list) and len(value) > 0
    return isinstance(value, str) and bool(value.strip())


def answer_problem(spec: RowSpec, value: Any) -> str | None:
    """Why a given (non-empty) value is not acceptable for the row, or None."""
    if value is None or value == "" or is_answered(spec, value):
        return None
    if value == NA:
        return "本行不允许选择“不涉及”"
    if spec.answer == "number":
        return f"“{value}”不是数字"
    if spec.answer == "date":
        return f"“{value}”不是日期（应为 YYYY-MM-DD）"
    return "答案无效"


def unanswered_rows(
    sections: Sequence[SectionSpec], answers: Mapping[str, Mapping[str, Any]]
) -> list[str]:
    """Messages naming each row without a valid answer, in form order."""
    missing: list[str] = []
    for n, section in enumerate(sections, start=1):
        given = answers.get(section.item_code, {})
        for row in section.rows:
            value = given.get(row.no)
            if not is_answered(row, value):
                why = answer_problem(row, value) or "未填写"
                missing.append(
                    f"{n}. {section.item_name} 第{row.no}行（{_short(row.content)}）：{why}"
                )
    return missing


def _short(text: str, limit: int = 18) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def result_code_problems(chosen: Iterable[str], codes: Sequence[CodeSpec]) -> list[str]:
    """检查结果 rules: known codes; an exclusive code (未发现问题, 已注销 …) stands alone."""
    chosen = list(dict.fromkeys(chosen))
    by_code = {c.code: c for c in codes}
    problems = [f"检查结果代码“{c}”不在代码表中" for c in chosen if c not in by_code]
    exclusive = [by_code[c] for c in chosen if c in by_code and by_code[c].exclusive]
    if exclusive and len(chosen) > 1:
        problems.append(f"检查结果“{exclusive[0].text}”不能与其他结果同时选择")
    return problems


def toggle_result_code(chosen: Sequence[str], code: str, codes: Sequence[CodeSpec]) -> list[str]:
    """The selection after clicking `code`: an exclusive code clears the others and vice versa;
    choosing a child selects its parent (B → A), clearing a parent clears its children."""
    by_code = {c.code: c for c in codes}
    current = list(dict.fromkeys(chosen))
    if code in current:
        children = {c.code for c in codes if c.parent_code == code}
        return [c for c in current if c != code and c not in children]
    spec = by_code.get(code)
    if spec is not None and spec.exclusive:
        return [code]
    current = [c for c in current if not (c in by_code and by_code[c].exclusive)]
    parent = spec.parent_code if spec else None
    if parent and parent not in current:
        current.append(parent)
    current.append(code)
    order = {c.code: i for i, c in enumerate(codes)}
    return sorted(current, key=lambda c: order.get(c, len(order)))


@dataclass(frozen=True)
class SignatureFacts:
    """What completion needs to know about a signature on the form."""

    role: str  # party / inspector / witness
    signer_name: str
    has_image: bool
    refused: bool = False
    refusal_reason: str = ""
    signer_id_number: str = ""
    inspector_id: int | None = None
    no_id_reason: str = ""  # a witness without an ID number: why (五原 第二十二条 asks a name)


# 核查方式 done without meeting the party: no party signature is asked (inspectors sign).
PARTY_OPTIONAL_METHODS = frozenset({"书面检查", "网络监测"})


def party_signature_required(method_texts: Sequence[str]) -> bool:
    """False when every chosen 核查方式 is 书面检查 or 网络监测 (no one to sign on site)."""
    chosen = {str(t).strip() for t in method_texts if str(t).strip()}
    return not chosen or not chosen <= PARTY_OPTIONAL_METHODS


def signature_problems(
    signatures: Sequence[SignatureFacts],
    team_inspector_ids: Sequence[int],
    *,
    party_required: bool = True,
) -> list[str]:
    """Signatures: ≥ 2 team inspectors signed; the party signed or sealed, or refused with
    reason and a witness (named, with an ID number or the reason there is none). With
    `party_required` False (书面检查, 网络监测) the inspectors' signatures suffice."""
    problems: list[str] = []
    signed_inspectors = {
        s.inspector_id
        for s in signatures
        if s.role == "inspector" and s.has_image and s.inspector_id in set(team_inspector_ids)
    }
    if len(team_inspector_ids) < MIN_INSPECTORS:
        problems.append(f"检查人员不少于{MIN_INSPECTORS}名（当前{len(team_inspector_ids)}名）")
    if len(signed_inspectors) < MIN_INSPECTORS:
        problems.append(f"至少{MIN_INSPECTORS}名检查人员签名（已签{len(signed_inspectors)}名）")
    party = [s for s in signatures if s.role == "party"]
    signed = [s for s in party if not s.refused and s.has_image]
    refused = [s for s in party if s.refused]
    if not signed and not refused and party_required:
        problems.append("被检查单位法定代表人（负责人）未签字或盖章，也未记录拒绝签字")
    if refused and not signed:
        if not refused[-1].refusal_reason.strip():
            problems.append("拒绝签字：请填写拒绝原因")
        witnesses = [s for s in signatures if s.role == "witness" and s.has_image]
        if not witnesses:
            problems.append("拒绝签字：需要见证人签名")
        elif not witnesses[-1].signer_name.strip():
            problems.append("拒绝签字：请填写见证人姓名")
        elif not witnesses[-1].signer_id_number.strip() and not witnesses[-1].no_id_reason.strip():
            problems.append("拒绝签字：请填写见证人身份证号码，或说明未提供的原因")
    return problems


def form_problems(
    *,
    sections: Sequence[SectionSpec],
    data: FormData,
    codes: Sequence[CodeSpec],
    signatures: Sequence[SignatureFacts],
    team_inspector_ids: Sequence[int],
    started_at: datetime | None,
    ended_at: datetime | None,
    place: str | None,
    method_texts: Sequence[str] = (),
) -> list[str]:
    """Everything that stops 完成检查, each naming where and why (empty list = complete):
    the one source of the form's completion rules (services/checklist/inspections calls it).
    `method_texts`: the chosen 核查方式 in words (they decide whether the party signs)."""
    problems = unanswered_rows(sections, data.answers)
    if not data.methods:
        problems.append("核查方式：至少选择一项")
    chosen = list(data.result_codes)
    if not chosen:
        problems.append("检查结果：请选择检查结果")
    problems += [f"检查结果：{p}" for p in result_code_problems(chosen, codes)]
    if set(chosen) & PROBLEM_CODES and not data.findings.strip():
        problems.append("发现问题情况：检查结果为发现问题，请填写发现问题情况")
    if not data.disposals:
        problems.append("后续处置：至少选择一项")
    if OTHER_DISPOSAL in data.disposals and not data.disposal_other.strip():
        problems.append("后续处置：选择“其他”时请填写具体措施")
    problems += signature_problems(
        signatures, team_inspector_ids, party_required=party_signature_required(method_texts)
    )
    if started_at is None:
        problems.append("检查开始时间未填写")
    if started_at and ended_at and ended_at < started_at:
        problems.append("检查结束时间早于开始时间")
    if not (place or "").strip():
        problems.append("检查地点未填写")
    return problems


def answer_text(row: Mapping[str, Any], value: Any) -> str:
    """How an answer reads on the printed sheet."""
    if value is None or value == "":
        return ""
    if value == NA:
        return "不涉及"
    kind = row.get("answer", "yesno")
    if kind == "yesno":
        return str(row.get("yes_text") or "是") if value == YES else str(row.get("no_text") or "否")
    if kind == "number":
        text = f"{value:g}" if isinstance(value, float) else str(value)
        return f"{text}{row.get('unit') or ''}"
    if kind == "photo":
        return f"照片{len(value)}张" if isinstance(value, list) else ""
    return str(value)
