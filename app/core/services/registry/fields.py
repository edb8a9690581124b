"""The columns of each registry — header, synonyms, hint, type, rules — and how one cell is parsed.

One description serves the Excel template, the importer's mapping and validation, the
export and the edit dialogs, so they cannot drift apart. No database access here: code
tables and departments come in through `Vocab`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any, Literal

from app.core.domain import codes
from app.core.domain.errors import ValidationError
from app.core.domain.ids import DepartmentId
from app.core.domain.industry import IndustryTable
from app.core.domain.normalize import (
    INVISIBLE_CONTROLS,
    SEX,
    Enumeration,
    code_text,
    is_blank,
    normalize_code,
    normalize_name,
    parse_bool,
    parse_date,
    parse_phone,
    split_multi,
    to_halfwidth,
)

RegistryKind = Literal["targets", "inspectors", "experts", "items", "licences"]
REGISTRY_KINDS: tuple[RegistryKind, ...] = ("targets", "inspectors", "experts", "items", "licences")
REGISTRY_LABELS: dict[str, str] = {
    "targets": "检查对象名录",
    "inspectors": "执法检查人员名录",
    "experts": "专家名录",
    "items": "随机抽查事项清单",
    "licences": "专项库（许可信息）",
}
Severity = Literal["warning", "error"]
FieldType = Literal[
    "text", "target_code", "regno", "enum", "date", "expiry", "bool", "phone", "multi",
    "industry", "id_number", "department", "permille", "sex", "tags", "departments", "code",
    "expert", "ratio",
]  # fmt: skip
NON_ENTITY_KINDS = frozenset({"产品", "项目", "行为"})


@dataclass(frozen=True)
class Field:
    """One column of a registry: `key` is the stored attribute, `header` the Excel heading."""

    key: str
    header: str
    type: FieldType = "text"
    required: bool = False
    hint: str = ""
    aliases: tuple[str, ...] = ()
    enum_table: str | None = None  # code-table name for type "enum"
    max_len: int = 200
    width: int = 14


@dataclass(frozen=True)
class Issue:
    """A problem with one cell (or row): shown in the preview and written to the report."""

    row: int  # spreadsheet row number (1-based); 0 for a single edit
    column: str  # header text
    value: str
    severity: Severity
    reason: str
    key: str = ""
    cell: str = ""  # the cell in the file ("D17") when the issue came from an import


@dataclass(frozen=True)
class RegistrySpec:
    kind: RegistryKind
    label: str
    fields: tuple[Field, ...]
    key_fields: tuple[str, ...]  # what identifies a row for upsert

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)


TARGET_FIELDS = (
    Field("uscc", "统一社会信用代码/注册号", "target_code", hint="必填（产品、项目、行为可空）；18位信用代码或15位注册号",
          aliases=("统一社会信用代码", "社会信用代码", "信用代码", "统一代码", "USCC", "UniSCID", "统一社会信用代码（注册号）", "信用代码/注册号"), width=22),
    Field("reg_no", "注册号", "regno", hint="选填；旧15位注册号", aliases=("工商注册号", "营业执照注册号", "RegNO"), width=17),
    Field("name", "名称", required=True, hint="必填；企业（机构）名称或对象名称",
          aliases=("企业名称", "企业(机构)名称", "主体名称", "对象名称", "检查对象名称", "单位名称", "名称", "市场主体名称", "抽查市场主体名称", "EntName"), width=30),
    Field("kind", "对象类型", "enum", enum_table="target_kind", hint="下拉选择；空则按信用代码判断",
          aliases=("主体类型", "市场主体类型", "类型", "对象类别")),
    Field("legal_rep", "法定代表人", hint="选填", aliases=("法定代表人（负责人）", "负责人", "经营者", "法人", "法定代表人/负责人"), max_len=60),
    Field("phone", "联系电话", "phone", hint="选填；手机或座机", aliases=("电话", "手机", "联系方式", "手机号码")),
    Field("address", "住所（经营场所）", hint="选填", aliases=("住所", "地址", "经营场所", "经营地址", "注册地址"), max_len=300, width=30),
    Field("township", "属地", hint="选填；乡镇（街道）", aliases=("所属乡镇", "乡镇", "乡镇（街道）", "街道", "所属区域")),
    Field("supervising_unit", "管辖单位", hint="选填；最基层监管单位", aliases=("属地监管所", "监管单位", "管辖机关", "属地监管工商所", "所属监管所", "管辖单位名称", "属地监管工商所名称", "LocalAdm", "LocalAdmName"), max_len=100, width=18),
    Field("registration_authority", "登记机关", hint="选填", aliases=("登记机关名称", "RegOrg", "RegOrgName"), max_len=100, width=18),
    Field("industry_code", "行业代码", "industry", hint="选填；GB/T 4754-2017，如 6210 或 H6210", aliases=("国民经济行业代码", "行业分类代码", "行业")),
    Field("credit_grade", "信用等级", "enum", enum_table="credit", hint="下拉选择 A/B/C/D", aliases=("信用风险等级", "信用分类")),
    Field("risk_class", "风险等级", "enum", enum_table="risk", hint="下拉选择", aliases=("风险分类", "风险预警级别")),
    Field("status", "存续状态", "enum", enum_table="survival", hint="下拉选择；空为存续", aliases=("登记状态", "经营状态", "状态", "RegState")),
    Field("established_on", "成立日期", "date", hint="选填；如 2020-03-01", aliases=("成立时间", "注册日期", "EstDate")),
    Field("last_inspected_on", "上次检查日期", "date", hint="选填", aliases=("上次抽查日期", "最近检查日期", "LastCheckTime")),
    Field("tags", "标签", "tags", hint="选填；重点对象、问题对象（投诉举报）等，多个用“，”分隔", aliases=("监管标签", "对象标签"), width=20),
    Field("claims", "认领部门", "departments", hint="选填；部门名称或简称，多个用“，”分隔", aliases=("签收认领部门", "监管部门"), width=18),
)  # fmt: skip

INSPECTOR_FIELDS = (
    Field("cert_no", "执法证号", "code", required=True, hint="必填；执法证编号，唯一", aliases=("执法证编号", "执法证件号", "工商执法证编号", "证件编号", "省执法证编号", "省政府执法证编号", "执法证件编号"), max_len=40, width=16),
    Field("name", "姓名", required=True, hint="必填", aliases=("检查人员姓名", "执法人员姓名"), max_len=60),
    Field("sex", "性别", "sex", hint="男/女；空则按身份证号"),
    Field("id_number", "身份证号", "id_number", hint="选填；18位", aliases=("身份证号码", "公民身份号码", "证件号码"), width=20),
    Field("department", "所属部门", "department", required=True, hint="必填；部门名称、简称或代码",
          aliases=("部门", "职能部门", "所在业务部门（机构）", "所在业务部门")),
    Field("unit", "工作单位", hint="选填", aliases=("单位", "所在单位", "单位名称"), max_len=100, width=18),
    Field("position", "职务", hint="选填", aliases=("担任职务", "岗位"), max_len=60),
    Field("phone", "手机号码", "phone", hint="选填", aliases=("手机号", "联系电话", "电话")),
    Field("cert_expires_on", "执法证有效期至", "expiry", hint="如 2028-12-31；长期填“长期”", aliases=("执法证有效期", "有效期至", "有效期", "执法证有效期至", "工商执法证有效期", "工商执法证有效期至", "省执法证有效期", "省政府执法证有效期至")),
    Field("cert_issuer", "发证机关", hint="选填", aliases=("执法证发证机关", "发证部门", "工商执法证发证机关", "省执法证发证机关"), max_len=100, width=18),
    Field("qualifications", "执法资格", "multi", hint="多个用“，”分隔，如 食品，特种设备", aliases=("岗位资质资格", "资格", "专业资格", "获得岗位资格资质"), width=18),
    Field("expertise", "专业领域", "multi", hint="选填；多个用“，”分隔", aliases=("擅长领域", "专长")),
    Field("is_expert", "是否专家", "expert", hint="是/否，或专家类型（保化组长、药品GSP…）", aliases=("专家", "是否属于专家")),
    Field("is_leader", "是否组长", "bool", hint="是/否", aliases=("组长",)),
    Field("status", "人员状态", "enum", enum_table="inspector_status", hint="在岗/失效/日常监管（无执法证者填此项，执法证号栏填工号）；空为在岗", aliases=("执法人员状态", "状态", "岗位状态")),
    Field("duty", "具体职务", hint="选填；如 食品科科长", max_len=60),
    Field("expert_types", "专家类型", "multi", hint="选填；多个用“，”分隔（“是否专家”列写类型时自动填入）", aliases=("专家类别",)),
    Field("item_scope", "执法事项范围", "multi", hint="选填；可检查的事项，多个用“，”分隔，如 A01.直销违法行为检查", aliases=("执法事项清单范围", "执法事项清单"), width=30),
    Field("external_area", "外借来源地区", hint="选填；从相邻地区借调参加联合检查的人员填其所在地区或单位，只有允许外借人员的任务才会抽到", aliases=("外借单位", "借调来源", "借调单位"), max_len=100, width=20),
    Field("external_until", "外借有效期至", "date", hint="选填；外借人员可被抽取的最后一天", aliases=("借调截止日期", "外借截止日期")),
)  # fmt: skip

EXPERT_FIELDS = (
    Field("code", "专家编号", "code", required=True, hint="必填；唯一", aliases=("编号",), max_len=40),
    Field("name", "姓名", required=True, hint="必填", aliases=("专家姓名",), max_len=60),
    Field("unit", "工作单位", hint="选填", aliases=("单位",), max_len=100, width=24),
    Field("expertise", "专业特长", "multi", hint="多个用“，”分隔", aliases=("专业", "专业领域", "擅长领域"), width=20),
    Field("service_domain", "服务领域", hint="选填", aliases=("服务范围",), max_len=100),
    Field("phone", "联系电话", "phone", hint="选填", aliases=("电话", "手机", "手机号码")),
    Field("email", "电子邮箱", hint="选填", aliases=("邮箱", "Email"), max_len=100),
    Field("status", "状态", "enum", enum_table="inspector_status", hint="在岗/失效；空为在岗"),
)  # fmt: skip

ITEM_FIELDS = (
    Field("department", "职能部门", "department", required=True, hint="必填；部门名称、简称或代码", aliases=("部门", "抽查主体", "检查主体", "责任部门")),
    Field("category", "事项类别", hint="选填", aliases=("类别", "检查类别", "类别描述"), max_len=100),
    Field("code", "事项编码", "code", required=True, hint="必填；如 A07", aliases=("检查事项编码", "编码", "编号", "事项编号"), max_len=40),
    Field("name", "抽查事项名称", required=True, hint="必填", aliases=("事项名称", "检查事项名称", "抽查事项", "检查事项"), width=26),
    Field("sub_item", "抽查子项", hint="选填", aliases=("子项",)),
    Field("target_kinds", "抽查对象", "multi", hint="多个用“，”分隔：企业，个体工商户…", aliases=("检查对象", "抽查检查对象", "对象类型"), width=20),
    Field("kind", "事项类型", "enum", enum_table="item_kind", required=True, hint="重点/一般", aliases=("重点/一般", "检查类型")),
    Field("ratio_cap_permille", "抽查比例上限", "ratio", hint="一般事项填，如 5%；重点事项空", aliases=("抽查比例", "检查比例", "比例")),
    Field("frequency", "抽查频次", hint="选填", aliases=("抽查次数", "检查频率", "频次"), max_len=100),
    Field("method", "抽查方式", hint="选填；如 现场检查", aliases=("检查方式",), max_len=100),
    Field("legal_basis", "抽查依据", required=True, hint="必填；法律法规依据", aliases=("检查依据", "抽查检查依据", "法律依据"), max_len=4000, width=30),
    Field("content", "抽查内容及要求", hint="选填", aliases=("检查内容", "抽查内容", "抽查检查内容"), max_len=4000, width=30),
    Field("inspector_requirements", "检查人员要求", hint="选填", aliases=("人员要求",), max_len=4000),
    Field("template_code", "检查表模板", hint="选填；模板编码", aliases=("检查表", "模板编码"), max_len=40),
    Field("effective_from", "生效日期", "date", hint="如 2026-01-01；调整时填新日期", aliases=("生效时间", "施行日期")),
    Field("change_reason", "调整原因", hint="调整已有事项时填写", aliases=("变更原因",), max_len=2000),
    Field("target_text", "抽查对象（公布原文）", hint="选填；清单中抽查对象的原文，如 食品生产企业", max_len=2000, width=20),
    Field("ratio_text", "抽查比例（公布原文）", hint="选填；如 根据实际情况确定、不少于2‰", max_len=200),
    Field("subject_text", "抽查主体（公布原文）", hint="选填；如 市、县级市场监督管理部门", max_len=200),
)  # fmt: skip

# 专项库: one row per business and pool, the business named by its code (it must be in the
# registry); the platforms' 专项库 templates carry the licence that puts it there.
LICENCE_FIELDS = (
    Field("code", "统一社会信用代码/注册号", "target_code", required=True, hint="必填；名录库中已有的检查对象",
          aliases=("统一社会信用代码", "社会信用代码", "信用代码", "注册号", "统一社会信用代码（注册号）", "信用代码/注册号", "统一社会信用代码/注册号"), width=22),
    Field("name", "名称", hint="选填；与名录库中的名称核对，不导入", aliases=("企业名称", "主体名称", "市场主体名称", "单位名称", "对象名称"), width=30),
    Field("pool", "专项库", required=True, hint="必填；专项库名称（监管标签），如 食品生产",
          aliases=("对应专项库监管标签", "专项库监管标签", "专项库名称", "所属专项库"), max_len=100, width=18),
    Field("licence_name", "许可证名称", hint="选填；如 食品生产许可证", aliases=("许可名称", "许可证件名称"), max_len=100, width=18),
    Field("licence_no", "许可证编号", hint="选填", aliases=("许可证号", "许可编号", "许可证件编号"), max_len=100, width=20),
    Field("issued_on", "许可批准日期", "date", hint="选填；如 2024-03-05", aliases=("批准日期", "许可日期", "发证日期")),
    Field("expires_on", "有效期至", "expiry", hint="过期的许可不参加抽取；长期有效填“长期”",
          aliases=("许可有效期至", "许可证有效期至", "有效期", "有效期限至", "许可有效期")),
    Field("authority", "许可发证机关", hint="选填", aliases=("发证机关", "许可机关", "审批机关"), max_len=100, width=18),
)  # fmt: skip

SPECS: dict[str, RegistrySpec] = {
    "targets": RegistrySpec("targets", "检查对象名录", TARGET_FIELDS, ("uscc", "reg_no")),
    "inspectors": RegistrySpec("inspectors", "执法检查人员名录", INSPECTOR_FIELDS, ("cert_no",)),
    "experts": RegistrySpec("experts", "专家名录", EXPERT_FIELDS, ("code",)),
    "items": RegistrySpec("items", "随机抽查事项清单", ITEM_FIELDS, ("code",)),
    "licences": RegistrySpec("licences", "专项库（许可信息）", LICENCE_FIELDS, ("code", "pool")),
}

# Code tables the registries use that are not in resources/codes (fixed by the rules).
BUILTIN_TABLES: dict[str, list[tuple[str, str]]] = {
    # 日常监管: staff without a 执法证 (their 工号 in the 执法证号 column), never drawn as 执法 members.
    "inspector_status": [
        ("在岗", "在岗（有效）"),
        ("失效", "失效"),
        ("日常监管", "日常监管人员（无执法证，不参与抽取）"),
    ],
    "item_kind": [("重点", "重点检查事项"), ("一般", "一般检查事项")],
}

# Synonyms real spreadsheets use for code-table values.
_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "target_kind": {
        "个体工商户": ("个体户", "个体", "个体经营"),
        "农民专业合作社": ("农专社", "合作社", "农民合作社"),
        "企业": ("公司", "企业法人"),
    },
    "survival": {
        "存续": ("在营", "开业", "在册", "正常", "在业", "存续（在营、开业、在册）"),
        "吊销": ("已吊销", "吊销未注销"),
        "注销": ("已注销",),
        "无经营迹象": ("停业", "歇业", "无经营"),
    },
    "credit": {"A": ("A级", "守信"), "B": ("B级",), "C": ("C级", "失信"), "D": ("D级", "严重失信")},
    "risk": {
        "低": ("低风险", "一般风险"),
        "中": ("中风险",),
        "较高": ("较高风险",),
        "高": ("高风险",),
    },
    "inspector_status": {
        "在岗": ("有效", "正常", "在职"),
        "失效": ("无效", "离岗", "停用", "注销"),
        "日常监管": ("日常监管人员", "无执法证", "无证"),
    },
    "item_kind": {
        "重点": ("重点检查", "重点检查事项"),
        "一般": ("一般检查", "一般检查事项", "常规"),
    },
}
TAG_NAMES = ("重点对象", "问题对象")


@dataclass(frozen=True)
class Department:
    id: int
    code: str
    name: str
    short_name: str


@dataclass
class Vocab:
    """What parsing needs from the database: code tables and departments."""

    tables: Mapping[str, list[tuple[str, str]]]  # table → [(code, text)]
    departments: tuple[Department, ...] = ()
    units: Mapping[str, int] = field(default_factory=dict)  # 执法单位 name → department id
    # Where an unknown unit (…所/分局/科/大队) is created on import, when the user said so.
    new_units_under: int | None = None
    new_units: set[str] = field(default_factory=set)  # units to create (filled while parsing)
    # Items: the department a 抽查主体 written as text ("市、县级市场监督管理部门") stands for.
    subject_department: int | None = None
    _enums: dict[str, Enumeration] = field(default_factory=dict)
    _dept_lookup: dict[str, Department] | None = None

    def values(self, table: str) -> list[str]:
        rows = self.tables.get(table) or BUILTIN_TABLES.get(table, [])
        return [code for code, _ in rows]

    def enum(self, table: str, label: str) -> Enumeration:
        found = self._enums.get(table)
        if found is None:
            rows = self.tables.get(table) or BUILTIN_TABLES.get(table, [])
            synonyms: dict[str, list[str]] = {code: [] for code, _ in rows}
            taken = {code_text(c) for c, _ in rows}
            for code, text_ in rows:
                for word in (text_, *_SYNONYMS.get(table, {}).get(code, ())):
                    key = code_text(word)
                    if key and key not in taken:
                        taken.add(key)
                        synonyms[code].append(word)
            found = Enumeration(label, synonyms)
            self._enums[table] = found
        return found

    def department(self, value: str) -> Department | None:
        if self._dept_lookup is None:
            lookup: dict[str, Department] = {}
            for d in self.departments:
                for word in (d.code, d.name, d.short_name):
                    lookup.setdefault(code_text(word), d)
            self._dept_lookup = lookup
        return self._dept_lookup.get(code_text(value))


@cache
def industry_table() -> IndustryTable:
    return IndustryTable.load()


class CellError(Exception):
    """Raised by a parser: the cell is malformed (error) or doubtful (warning, with a value)."""

    def __init__(self, reason: str, severity: Severity = "error", value: Any = None) -> None:
        super().__init__(reason)
        self.reason, self.severity, self.value = reason, severity, value


_PERMILLE = re.compile(r"(\d+(?:\.\d+)?)\s*(%|‰|％)?")


def _permille(raw: Any) -> int | None:
    if isinstance(raw, bool):
        raise CellError(f"无法识别的比例：{raw}")
    if isinstance(raw, int | float):
        value = float(raw)
        permille = value * 1000 if value <= 1 else value * 10  # 0.05 → 50‰; 5 → 5% → 50‰
    else:
        text = code_text(str(raw)).replace("％", "%")
        m = _PERMILLE.fullmatch(text)
        if m is None:
            raise CellError(f"无法识别的比例：{raw}（请写成 5% 或 50‰）")
        number = float(m[1])
        unit = m[2] or ("%" if number > 1 else "")
        permille = number * 10 if unit in ("%", "％") else number if unit == "‰" else number * 1000
    if not 0 < permille <= 1000:
        raise CellError(f"比例应在0到100%之间：{raw}")
    return round(permille)


def _tag(part: str) -> tuple[str, str]:
    m = re.fullmatch(r"(重点对象|问题对象)\s*(?:[（(:：\-—]\s*([^）)]*)[）)]?)?", part)
    if m is None:
        raise CellError(
            f"标签只能是重点对象或问题对象（可加来源，如“问题对象（投诉举报）”）：{part}"
        )
    return m[1], (m[2] or "").strip()


def parse_cell(f: Field, raw: Any, vocab: Vocab) -> Any:
    """The clean value of one cell for field `f`, None when blank. Raises CellError."""
    cls = raw.__class__
    if raw is None or (cls is str and not raw.strip()) or (cls is not str and is_blank(raw)):
        if f.required:
            raise CellError(f"{f.header}为必填项")
        return [] if f.type in ("multi", "tags", "departments") else None
    try:
        return _PARSERS[f.type](f, raw, vocab)
    except ValidationError as exc:
        raise CellError(exc.message) from None


# Anything normalize_name would change or refuse: spaces of any kind, full-width ASCII,
# zero-width marks, control and bidi-control characters.
NEEDS_CLEANING = re.compile(
    f"[\\s\u3000\uff01-\uff5e\u200b-\u200d\u2060\ufeff{INVISIBLE_CONTROLS}]"
)


def _p_text(f: Field, raw: Any, vocab: Vocab) -> Any:
    value: str | None
    if raw.__class__ is str and NEEDS_CLEANING.search(raw) is None:
        value = raw  # the common case, 10× cheaper than the full clean-up
    else:
        value = normalize_name(raw)
    if value is not None and len(value) > f.max_len:
        raise CellError(f"{f.header}过长（{len(value)}字，最多{f.max_len}字）")
    return value


def _p_code(f: Field, raw: Any, vocab: Vocab) -> Any:
    # 执法证号 / 专家编号 / 事项编码: hyphens can be part of the number, so only width, spaces
    # and case are normalised; numbers stored by Excel go through normalize_code.
    if isinstance(raw, str):
        value = "".join(to_halfwidth(raw).split()).strip("'").upper() or None
    else:
        value = normalize_code(raw)
    if value is not None and len(value) > f.max_len:
        raise CellError(f"{f.header}过长（最多{f.max_len}位）")
    return value


def _check(result: codes.CodeCheck) -> str:
    if result.severity == "error":
        raise CellError(result.reason)
    if result.severity == "warning":
        raise CellError(result.reason, "warning", result.normalized)
    return result.normalized


def _p_target_code(f: Field, raw: Any, vocab: Vocab) -> Any:
    return _check(codes.classify_code(normalize_code(raw) or ""))


def _p_regno(f: Field, raw: Any, vocab: Vocab) -> Any:
    return _check(codes.check_regno(normalize_code(raw) or ""))


def _p_id(f: Field, raw: Any, vocab: Vocab) -> Any:
    return _check(codes.check_id_number(normalize_code(raw) or ""))


def _p_industry(f: Field, raw: Any, vocab: Vocab) -> Any:
    return _check(industry_table().check(raw))


def _p_enum(f: Field, raw: Any, vocab: Vocab) -> Any:
    assert f.enum_table is not None
    return vocab.enum(f.enum_table, f.header).parse(raw)


@dataclass(frozen=True)
class Wording:
    """A cell the published list writes as text where the app keeps a structured value (抽查
    比例 "根据实际情况确定", 抽查主体 "市、县级市场监督管理部门"): kept as the wording; the
    structured value is `value` (None when the text does not give one)."""

    text: str
    value: Any = None


@dataclass(frozen=True)
class UnitRef:
    """A 所在业务部门 cell naming a unit below a department: the person's department, and the
    unit (stored as 工作单位)."""

    department_id: DepartmentId
    name: str


# Units below a department, as real rosters name them.
_UNIT_SUFFIXES = (
    "所",
    "分局",
    "科",
    "大队",
    "中队",
    "支队",
    "股",
    "室",
    "站",
    "中心",
    "办公室",
    "队",
)


def is_unit_name(text: str) -> bool:
    return text.endswith(_UNIT_SUFFIXES)


def _p_department(f: Field, raw: Any, vocab: Vocab) -> Any:
    text = normalize_name(str(raw)) or ""
    found = vocab.department(text)
    if found is not None:
        return found.id
    unit = vocab.units.get(text)
    if unit is not None:
        return UnitRef(DepartmentId(unit), text)
    if f.key == "department" and is_unit_name(text) and vocab.new_units_under is not None:
        vocab.new_units.add(text)
        return UnitRef(DepartmentId(vocab.new_units_under), text)
    if f.key == "department" and vocab.subject_department is not None and not is_unit_name(text):
        return Wording(text, vocab.subject_department)  # 抽查主体 as the list words it
    names = "、".join(d.name for d in vocab.departments) or "（尚无部门）"
    if is_unit_name(text):
        raise CellError(
            f"“{text}”是部门下属的执法单位，尚未登记：导入时选择“创建下属执法单位”（命令行加"
            f" --create-units 部门）即按所选部门登记；或改填部门：{names}"
        )
    raise CellError(
        f"部门“{text}”不存在；可选：{names}（事项清单的抽查主体写成文字时，导入时指定它对应的部门，"
        "命令行加 --department 部门，原文照样保存）"
    )


def _p_ratio(f: Field, raw: Any, vocab: Vocab) -> Any:
    """抽查比例: 5%, 50‰, 0.05 as a cap; text ("根据实际情况确定", "不少于2‰") kept as wording."""
    try:
        return _permille(raw)
    except CellError:
        if isinstance(raw, str) and not re.fullmatch(r"[\d.\s%‰％]*", code_text(raw)):
            return Wording(normalize_name(raw) or "")
        raise


_YES_NO = {"是": True, "否": False, "Y": True, "N": False, "YES": True, "NO": False,
           "TRUE": True, "FALSE": False, "1": True, "0": False, "√": True, "×": False, "无": False}  # fmt: skip


def _p_expert(f: Field, raw: Any, vocab: Vocab) -> Any:
    """是否专家: 是/否, or the expert types the provincial roster writes there (保化组长,
    药品GSP, 医疗器械GMP…): a list of them means 是, of those types."""
    if isinstance(raw, bool):
        return raw
    text = code_text(str(raw))
    if text in _YES_NO:
        return _YES_NO[text]
    return list(split_multi(raw))


def _p_departments(f: Field, raw: Any, vocab: Vocab) -> Any:
    ids = []
    for part in split_multi(raw):
        found = vocab.department(part)
        if found is None:
            raise CellError(f"部门“{part}”不存在")
        ids.append(found.id)
    return sorted(set(ids))


def _p_tags(f: Field, raw: Any, vocab: Vocab) -> Any:
    tags = []
    for part in split_multi(str(raw).replace("(", "（").replace(")", "）")):
        tag, source = _tag(part)
        if source and source not in vocab.values("tag_source"):
            allowed = "、".join(vocab.values("tag_source"))
            raise CellError(f"问题对象的来源只能是：{allowed}（收到：{source}）")
        tags.append((tag, source))
    return sorted(set(tags))


_PARSERS: dict[str, Callable[[Field, Any, Vocab], Any]] = {
    "text": _p_text,
    "code": _p_code,
    "target_code": _p_target_code,
    "regno": _p_regno,
    "id_number": _p_id,
    "industry": _p_industry,
    "enum": _p_enum,
    "sex": lambda f, raw, v: SEX.parse(raw),
    "date": lambda f, raw, v: parse_date(raw),
    "expiry": lambda f, raw, v: parse_date(raw, open_ended_ok=True) or NO_EXPIRY,
    "bool": lambda f, raw, v: parse_bool(raw),
    "phone": lambda f, raw, v: parse_phone(raw),
    "multi": lambda f, raw, v: list(split_multi(raw)),
    "permille": lambda f, raw, v: _permille(raw),
    "department": _p_department,
    "expert": _p_expert,
    "ratio": _p_ratio,
    "departments": _p_departments,
    "tags": _p_tags,
}

# Parsed values of these types depend only on the raw cell: cache them per import.
CACHEABLE_TYPES = frozenset(
    {"enum", "industry", "department", "departments", "sex", "bool", "permille", "tags"}
)


# "长期" / "长期有效" / 9999-09-09 on an expiry: stored as this date, so that it differs from
# a blank cell, compares as never expired, and is shown (and exported) as "长期" again.
NO_EXPIRY: date = date(9999, 12, 31)


def display(value: Any) -> str:
    """A stored value as a cell shows it (and as the importer reads it back)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return "长期" if value.year == NO_EXPIRY.year else value.isoformat()
    if isinstance(value, list | tuple):
        return "，".join(display(v) for v in value)
    return str(value)


def format_tags(tags: Iterable[tuple[str, str]]) -> str:
    return "，".join(f"{t}（{s}）" if s else t for t, s in tags)


def format_permille(value: int | None) -> str:
    if value is None:
        return ""
    return f"{value / 10:g}%"
