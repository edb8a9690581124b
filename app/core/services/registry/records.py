"""Validation of one registry record (a spreadsheet row or an edit dialog's values).

Cell parsing plus the rules that look at several fields (a code or a non-entity kind, sex
against the ID number, ratio caps only on 一般 items). No database access: duplicates within
a file and upserts are the importer's business.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.core.domain import codes
from app.core.domain.errors import ValidationError
from app.core.domain.localtime import local_today
from app.core.domain.normalize import code_text

from .fields import (
    CACHEABLE_TYPES,
    NON_ENTITY_KINDS,
    SPECS,
    CellError,
    Field,
    Issue,
    RegistrySpec,
    UnitRef,
    Vocab,
    Wording,
    display,
    parse_cell,
)

_KIND_BY_HINT = codes.TARGET_KIND_LABELS


@dataclass
class Checked:
    """A validated record: clean values, and the issues found (errors block, warnings ask)."""

    values: dict[str, Any]
    issues: list[Issue]

    @property
    def has_errors(self) -> bool:
        return any(i.severity == "error" for i in self.issues)

    @property
    def has_warnings(self) -> bool:
        return any(i.severity == "warning" for i in self.issues)

    def warning_text(self) -> str:
        return warning_text(self.issues)


def warning_text(issues: list[Issue]) -> str:
    """The warnings a user accepted, as stored with the record ("列：原因；…")."""
    return "；".join(f"{i.column}：{i.reason}" for i in issues if i.severity == "warning")


class RecordChecker:
    """Checks records of one registry; caches the parse of repeated cells (townships, kinds…)."""

    def __init__(self, kind: str, vocab: Vocab, *, today: date | None = None) -> None:
        self.spec: RegistrySpec = SPECS[kind]
        self.vocab = vocab
        self.today = today or local_today()
        self._cache: dict[tuple[str, type, Any], tuple[Any, CellError | None]] = {}

    def parse(self, f: Field, cell: Any) -> tuple[Any, CellError | None]:
        """(clean value, None) or (value kept by a warning, the error) for one cell; values of
        code-table-like fields are parsed once per import (keyed by type too: 1 is not True)."""
        cacheable = f.type in CACHEABLE_TYPES and isinstance(cell, (str, int, float))
        if cacheable:
            key = (f.key, cell.__class__, cell)
            hit = self._cache.get(key)
            if hit is not None:
                return hit
        try:
            hit = (parse_cell(f, cell, self.vocab), None)
        except CellError as exc:
            hit = (exc.value, exc)
        if cacheable:
            self._cache[key] = hit
        return hit

    def check(self, raw: Mapping[str, Any], *, row: int = 0) -> Checked:
        values: dict[str, Any] = {}
        issues: list[Issue] = []
        for f in self.spec.fields:
            if f.key not in raw:
                continue
            cell = raw[f.key]
            values[f.key], exc = self.parse(f, cell)
            if exc is not None:  # a warning keeps the normalised value
                issues.append(Issue(row, f.header, display(cell), exc.severity, exc.reason, f.key))
        self.apply_rules(raw, values, issues, row)
        return Checked(values, issues)

    def apply_rules(
        self, raw: Mapping[str, Any], values: dict[str, Any], issues: list[Issue], row: int
    ) -> None:
        """The rules that look at several fields; `raw` is only asked which keys it has."""
        getattr(self, f"_rules_{self.spec.kind}")(raw, values, issues, row)

    def _issue(
        self,
        issues: list[Issue],
        row: int,
        key: str,
        values: Mapping[str, Any],
        severity: str,
        reason: str,
    ) -> None:
        f = self.spec.field(key)
        issues.append(Issue(row, f.header, display(values.get(key)), severity, reason, key))  # type: ignore[arg-type]

    def _rules_targets(
        self, raw: Mapping[str, Any], v: dict[str, Any], issues: list[Issue], row: int
    ) -> None:
        code = v.get("uscc")
        if "uscc" in raw:
            v.setdefault("reg_no", None)  # every record of a file has the same keys
        if code and len(code) in (15, codes.LEGACY_REGNO_LENGTH):  # a 注册号 in the combined column
            if v.get("reg_no") and v["reg_no"] != code:
                self._issue(
                    issues,
                    row,
                    "reg_no",
                    v,
                    "error",
                    f"与“统一社会信用代码/注册号”列的注册号{code}不一致",
                )
            v["reg_no"], v["uscc"] = code, None
        if "uscc" in raw or "reg_no" in raw or "kind" in raw:
            kind = v.get("kind")
            if not kind and v.get("uscc"):
                hint = codes.uscc_category(v["uscc"]).kind_hint
                kind = _KIND_BY_HINT.get(hint or "", "企业")
            elif not kind and v.get("reg_no"):
                kind = codes.regno_kind(v["reg_no"])
            v["kind"] = kind or "企业"
            blank_code = not v.get("uscc") and not v.get("reg_no")
            code_bad = any(i.key in ("uscc", "reg_no") and i.severity == "error" for i in issues)
            if blank_code and not code_bad and v["kind"] not in NON_ENTITY_KINDS:
                self._issue(
                    issues,
                    row,
                    "uscc",
                    v,
                    "error",
                    "市场主体须填写统一社会信用代码或注册号（产品、项目、行为除外）",
                )
        if "status" in raw and not v.get("status"):
            v["status"] = "存续"

    def _rules_inspectors(
        self, raw: Mapping[str, Any], v: dict[str, Any], issues: list[Issue], row: int
    ) -> None:
        facts = codes.id_number_facts(v["id_number"]) if v.get("id_number") else None
        if facts is not None:
            if not v.get("sex"):
                v["sex"] = facts.sex
            elif v["sex"] != facts.sex:
                self._issue(
                    issues, row, "sex", v, "warning", f"与身份证号所示性别（{facts.sex}）不符"
                )
        if "status" in raw and not v.get("status"):
            v["status"] = "在岗"
        dept = v.get("department")
        if isinstance(dept, UnitRef):  # 所在业务部门 named a unit below a department
            v["department"] = dept.department_id
            if not v.get("unit"):
                v["unit"] = dept.name
        if "is_expert" in raw:
            types = v.get("is_expert")
            if isinstance(types, list):  # 是否专家 holds expert types
                v["is_expert"] = bool(types)
                v["expert_types"] = sorted({*(v.get("expert_types") or []), *types})
            else:
                v.setdefault("expert_types", v.get("expert_types") or [])
        # An expired certificate is not a data error: the row is kept, shown as 不可抽取, and
        # inspectors.eligible_inspectors leaves it out of draws.
        for key in ("qualifications", "expertise", "expert_types", "item_scope"):
            if key in v and v[key] is None:
                v[key] = []

    def _rules_experts(
        self, raw: Mapping[str, Any], v: dict[str, Any], issues: list[Issue], row: int
    ) -> None:
        if "status" in raw and not v.get("status"):
            v["status"] = "在岗"
        if v.get("expertise") is None and "expertise" in raw:
            v["expertise"] = []

    def _rules_licences(
        self, raw: Mapping[str, Any], v: dict[str, Any], issues: list[Issue], row: int
    ) -> None:
        """Nothing across fields: the business is looked up in the registry by the import
        (licences.reference_issues), an expired licence is kept and only left out of draws."""

    def _rules_items(
        self, raw: Mapping[str, Any], v: dict[str, Any], issues: list[Issue], row: int
    ) -> None:
        kinds = v.get("target_kinds") or []
        allowed = self.vocab.values("target_kind")
        bad = [k for k in kinds if k not in allowed]
        if "target_kinds" in raw:
            v.setdefault("target_text", None)
        if bad:
            # The published wording ("食品生产企业", "餐饮服务单位") is kept; the kinds the
            # draw uses are the ones the words name (个体户 → 个体工商户, 食品生产企业 → 企业).
            enum = self.vocab.enum("target_kind", "抽查对象")
            found: list[str] = []
            unknown: list[str] = []
            for part in kinds:
                try:
                    exact = enum.parse(part)
                    hit = [exact] if exact else []
                except ValidationError:
                    hit = [a for a in allowed if a in part]
                found.extend(h for h in hit if h not in found)
                if not hit:
                    unknown.append(part)
            v["target_text"] = v.get("target_text") or "，".join(kinds)
            v["target_kinds"] = found
            if unknown:
                self._issue(
                    issues, row, "target_kinds", v, "warning",
                    f"抽查对象按原文保存；“{'、'.join(unknown)}”不是对象类型（{'、'.join(allowed)}），"
                    + ("抽取时按识别出的类型：" + "、".join(found) if found else "抽取时不按对象类型限制"),
                )  # fmt: skip
        if "department" in raw:
            v.setdefault("subject_text", None)
        dept = v.get("department")
        if isinstance(dept, Wording):
            v["department"], v["subject_text"] = dept.value, dept.text
        if "ratio_cap_permille" in raw:
            v.setdefault("ratio_text", None)
        ratio = v.get("ratio_cap_permille")
        if isinstance(ratio, Wording):
            v["ratio_cap_permille"], v["ratio_text"] = None, ratio.text
        if v.get("kind") == "重点" and v.get("ratio_cap_permille") is not None:
            self._issue(
                issues,
                row,
                "ratio_cap_permille",
                v,
                "warning",
                "重点事项不设抽查比例上限，将不保存此比例",
            )
            v["ratio_cap_permille"] = None
        if (
            v.get("kind") == "一般"
            and v.get("ratio_cap_permille") is None
            and "ratio_cap_permille" in raw
        ):
            self._issue(
                issues,
                row,
                "ratio_cap_permille",
                v,
                "warning",
                "一般事项未填结构化的抽查比例上限：可以导入，抽取前请补填（如 5%）",
            )
        if v.get("code"):
            v["code"] = code_text(v["code"])
