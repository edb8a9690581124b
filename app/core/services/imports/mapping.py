"""Column mapping: which spreadsheet column feeds which registry field (automatic, then manual)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.core.domain.errors import ValidationError
from app.core.services.registry.fields import RegistrySpec

from .reader import header_key


def auto_map(headers: Sequence[Any], spec: RegistrySpec) -> dict[int, str]:
    """{column index: field key}: exact header or synonym first, then containment."""
    mapping: dict[int, str] = {}
    used: set[str] = set()
    keys = [header_key(h) for h in headers]
    names = {
        f.key: [header_key(f.header), *(header_key(a) for a in f.aliases)] for f in spec.fields
    }
    for col, key in enumerate(keys):
        if not key:
            continue
        for f in spec.fields:
            if f.key not in used and key in names[f.key]:
                mapping[col] = f.key
                used.add(f.key)
                break
    for col, key in enumerate(keys):  # "企业名称（全称）" still finds 名称
        if not key or col in mapping:
            continue
        best: tuple[int, str] | None = None
        for f in spec.fields:
            if f.key in used:
                continue
            for word in names[f.key]:
                fits = len(word) >= 2 and (word in key or key in word)
                if fits and (best is None or len(word) > best[0]):
                    best = (len(word), f.key)
        if best is not None:
            mapping[col] = best[1]
            used.add(best[1])
    return mapping


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
