"""Bounded JSON parsing for input from outside (bundles, draw records, signature files).

`json.loads` on hostile text can raise RecursionError (a few thousand `[`), or build
gigabytes of empty lists from a few megabytes. `loads_bounded` checks size, nesting depth
and the number of arrays/objects on the raw bytes first — strings blanked out by one
regular expression, the brackets counted in C, depth walked over the brackets only — and
refuses with a message naming the limit before anything is built. Standard library only.
"""

from __future__ import annotations

import json
import re
from typing import Any

from app.core.domain.errors import ValidationError

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_OPEN = frozenset(b"[{")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def check_shape(data: bytes, *, max_depth: int, max_containers: int) -> str | None:
    """None when `data` nests at most `max_depth` deep with at most `max_containers` arrays
    and objects; otherwise the reason (Chinese / English)."""
    if data.count(b"[") + data.count(b"{") <= min(max_depth, max_containers):
        return None  # fewer brackets in all (strings included) than either limit: nothing to walk
    skeleton = _STRING.sub(b"", data).translate(None, _NOT_BRACKETS)
    if len(skeleton) > 2 * max_containers:
        return f"数组/对象超过 {max_containers} 个 / more than {max_containers} arrays or objects"
    depth = 0
    for byte in skeleton:
        if byte in _OPEN:
            depth += 1
            if depth > max_depth:
                return f"嵌套超过 {max_depth} 层 / nested deeper than {max_depth} levels"
        else:
            depth -= 1
    return None


def check_json_shape(
    data: bytes | str,
    what: str,
    *,
    max_depth: int = 32,
    max_containers: int = 1_000_000,
    error: type[ValidationError] = ValidationError,
) -> None:
    """For readers that keep their own json.loads (and its line/column messages): refuses
    input nested deeper than `max_depth` or with more arrays/objects than `max_containers`."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    reason = check_shape(raw, max_depth=max_depth, max_containers=max_containers)
    if reason is not None:
        raise error(f"{what} 结构超出限制：{reason}。")


def loads_bounded(
    data: bytes | str,
    *,
    what: str,
    max_bytes: int,
    max_depth: int,
    max_containers: int,
    error: type[ValidationError] = ValidationError,
) -> Any:
    """json.loads after the limits hold; any failure raises `error` with a message naming
    `what` — never RecursionError, MemoryError or a bare ValueError. NaN/Infinity refused."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    if len(raw) > max_bytes:
        raise error(
            f"{what} 过大（{len(raw)} 字节，上限 {max_bytes}）。"
            f" / Too large ({len(raw)} bytes, limit {max_bytes})."
        )
    reason = check_shape(raw, max_depth=max_depth, max_containers=max_containers)
    if reason is not None:
        raise error(f"{what} 结构超出限制：{reason}。")
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError, int digits
        raise error(f"{what} 不是有效的 JSON：{exc} / Not valid JSON.") from exc
