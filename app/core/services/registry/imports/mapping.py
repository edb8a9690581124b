"""Column mapping: which spreadsheet column feeds which registry field (automatic, then manual)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from app.core.domain.errors import ValidationError
from app.core.services.registry.fields import SPECS, RegistrySpec

from .reader import header_key

# Headers that contain a field's word but are not that field: a loose match must not even
# suggest them (单位工号 is an employee number, not 工作单位; 对应专项库监管标签 names a
# special-pool tag, not the target's 重点/问题 标签).
_NOT_THESE: dict[str, tuple[str, ...]] = {
    "unit": ("单位工号", "工号", "单位层级", "单位所属地区", "单位编码", "单位代码"),
    "tags": ("对应专项库监管标签", "专项库监管标签", "专项库", "分类标签"),
    "name": ("专项库名称", "许可证名称", "检查机关名称", "登记机关名称", "管辖单位名称"),
    "code": ("许可证编号", "专项库编码"),
    "is_expert": (),
}
_CERT_NUMBER = ("编号", "证号", "号码")

# Why a column platforms carry is not read (for the report's 列对应 sheet).
IGNORED_WHY: dict[str, str] = {
    "序号": "序号，不导入",
    "单位工号": "单位内部工号，不是“工作单位”；不导入",
    "对应专项库监管标签": (
        "专项库的监管标签，不是检查对象的“标签”（重点/问题对象）；"
        "专项库及许可信息请用“导入专项库”（registry import licences）导入"
    ),
}
_NOTE = re.compile(r"[(（][^()（）]*[)）]$")  # a trailing note in brackets


def _names(spec: RegistrySpec) -> dict[str, list[str]]:
    return {f.key: [header_key(f.header), *(header_key(a) for a in f.aliases)] for f in spec.fields}


def auto_map(
    headers: Sequence[Any], spec: RegistrySpec, *, loose: bool = True
) -> tuple[dict[int, str], dict[int, str]]:
    """({column index: field key} by exact header or synonym, {column: field key} suggested
    by a loose (substring) match). With `loose`, the suggestions are applied too (the old
    behaviour); the CLI and the preview never apply them: the user confirms a suggestion in
    the mapping dialog. Paired columns (a certificate's number, its expiry, its issuer) are
    kept paired."""
    mapping: dict[int, str] = {}
    used: set[str] = set()
    keys = [header_key(h) for h in headers]
    names = _names(spec)
    for strip in (False, True):  # "企业名称（全称）": the name, with a note in brackets
        for col, key in enumerate(keys):
            if not key or col in mapping:
                continue
            if strip:
                key = _NOTE.sub("", key)
            for f in spec.fields:
                if f.key not in used and key in names[f.key]:
                    mapping[col] = f.key
                    used.add(f.key)
                    break
    _platform_layouts(keys, mapping, used, spec)
    _keep_pairs(keys, mapping, used, spec)
    suggested: dict[int, str] = {}
    for col, key in enumerate(keys):  # "企业名称（全称）" still finds 名称
        if not key or col in mapping or _paired_elsewhere(keys, col, mapping):
            continue
        best: tuple[int, str] | None = None
        for f in spec.fields:
            if f.key in used or f.key in suggested.values():
                continue
            if any(header_key(n) in key for n in _NOT_THESE.get(f.key, ())):
                continue
            for word in names[f.key]:
                fits = len(word) >= 2 and (word in key or key in word)
                if fits and (best is None or len(word) > best[0]):
                    best = (len(word), f.key)
        if best is not None:
            suggested[col] = best[1]
    if loose:
        mapping.update(suggested)
    return mapping, suggested


def _platform_layouts(
    keys: list[str], mapping: dict[int, str], used: set[str], spec: RegistrySpec
) -> None:
    """The national item list names 重点检查事项/一般检查事项 "事项类别" (the app's 事项类型)
    and its free-text category "抽查类别": read them so when the file has no 事项类型."""
    if spec.kind != "items" or "kind" in used or header_key("事项类别") not in keys:
        return
    col = keys.index(header_key("事项类别"))
    if mapping.get(col) == "category":
        used.discard("category")
    mapping[col] = "kind"
    used.add("kind")
    for other, key in enumerate(keys):
        if "category" not in used and key in (header_key("抽查类别"), header_key("检查类别")):
            mapping[other] = "category"
            used.add("category")


def _cert_numbers(keys: list[str], mapping: dict[int, str]) -> list[int]:
    return [
        c
        for c, k in enumerate(keys)
        if mapping.get(c) == "cert_no" or ("执法证" in k and k.endswith(_CERT_NUMBER))
    ]


def _owner(col: int, numbers: list[int]) -> int | None:
    """The certificate-number column a column belongs to: the nearest one to its left."""
    left = [n for n in numbers if n < col]
    return left[-1] if left else None


_PAIRED = {"cert_expires_on": "有效期", "cert_issuer": "发证"}


def _keep_pairs(
    keys: list[str], mapping: dict[int, str], used: set[str], spec: RegistrySpec
) -> None:
    """With two certificates in a roster (工商执法证编号/有效期 and 省执法证编号/执法证有效期),
    the expiry and issuer read are the ones beside the certificate number read."""
    if spec.kind != "inspectors":
        return
    numbers = _cert_numbers(keys, mapping)
    cert = next((c for c, k in mapping.items() if k == "cert_no"), None)
    if cert is None or len(numbers) < 2:
        return
    for field_key, word in _PAIRED.items():
        for c, k in list(mapping.items()):
            if k == field_key and _owner(c, numbers) not in (cert, None):
                del mapping[c]
                used.discard(field_key)
        if field_key in used:
            continue
        own = [c for c, k in enumerate(keys) if word in k and _owner(c, numbers) == cert]
        if own:
            mapping[own[0]] = field_key
            used.add(field_key)


def _paired_elsewhere(keys: list[str], col: int, mapping: dict[int, str]) -> bool:
    """True for a column of another certificate than the one read (not even suggested)."""
    numbers = _cert_numbers(keys, mapping)
    cert = next((c for c, k in mapping.items() if k == "cert_no"), None)
    if cert is None or len(numbers) < 2:
        return False
    if col in numbers:
        return col != cert
    owner = _owner(col, numbers)
    return owner is not None and owner != cert and any(w in keys[col] for w in _PAIRED.values())


def ignored_why(headers: Sequence[Any], col: int, mapping: Mapping[int, str]) -> str:
    """Why column `col` (not mapped) is not read, in words for the report."""
    keys = [header_key(h) for h in headers]
    if _paired_elsewhere(keys, col, dict(mapping)):
        return "另一执法证的列（只导入与“执法证号”同一证件的编号、有效期、发证机关）；不导入"
    for header, why in IGNORED_WHY.items():
        if keys[col] == header_key(header):
            return why
    return "未识别的列，忽略"


def check_registry(headers: Sequence[Any], mapping: Mapping[int, str], spec: RegistrySpec) -> None:
    """Refuses a file that is plainly another registry's: a roster imported as experts (it
    has 是否专家 and 执法证编号), a target list as inspectors…"""

    keys = [header_key(h) for h in headers]
    own = len(mapping)
    for other in SPECS.values():
        if other.kind == spec.kind:
            continue
        theirs, _ = auto_map(headers, other, loose=False)
        required = {f.key for f in other.fields if f.required}
        if other.kind == "targets" and not {"uscc", "reg_no"} & set(theirs.values()):
            continue  # a list of people or items has names, never codes of businesses
        has_all = required <= set(theirs.values())
        marker = (
            other.kind == "inspectors" and spec.kind == "experts" and header_key("是否专家") in keys
        )
        if (has_all and len(theirs) >= own + 2) or (marker and has_all):
            shown = "、".join(f"“{headers[c]}”" for c in sorted(theirs)[:4])
            raise ValidationError(
                f"这份文件看起来是{other.label}（含{shown}等列），不是{spec.label}。"
                f"请在“{other.label}”中导入它。"
            )


def apply_overrides(
    auto: Mapping[int, str], overrides: Mapping[int, str | None] | None, spec: RegistrySpec
) -> dict[int, str]:
    """The automatic mapping with the user's choices applied (None = ignore the column)."""
    mapping = dict(auto)
    if not overrides:
        return mapping
    valid = {f.key for f in spec.fields}
    for col, key in overrides.items():
        if key is None or key == "":
            mapping.pop(col, None)
            continue
        if key not in valid:
            raise ValidationError(f"未知字段：{key}")
        for other, k in list(mapping.items()):
            if k == key and other != col:
                del mapping[other]
        mapping[col] = key
    return mapping


def missing_required(mapping: Mapping[int, str], spec: RegistrySpec) -> list[str]:
    mapped = set(mapping.values())
    missing = [f.header for f in spec.fields if f.required and f.key not in mapped]
    if spec.kind == "targets" and not ({"uscc", "reg_no"} & mapped) and "名称" not in missing:
        # Non-entity objects may lack a code, but a file without any code column is a mistake.
        missing.insert(0, "统一社会信用代码/注册号")
    return missing
