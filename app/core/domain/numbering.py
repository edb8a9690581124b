"""Task numbers `{简称}抽查〔YYYY〕N号` (docs/domain.md §2.2): format, parse, next.

N is 1 + the largest number already used for that short name and year.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_TASK_NO = re.compile(r"^(?P<short>.+?)抽查〔(?P<year>\d{4})〕(?P<n>\d+)号$")


def format_task_no(short_name: str, year: int, n: int) -> str:
    return f"{short_name}抽查〔{year}〕{n}号"


def parse_task_no(task_no: str) -> tuple[str, int, int] | None:
    """(short name, year, N) of a well-formed task number, else None."""
    m = _TASK_NO.match(task_no.strip())
    if m is None:
        return None
    return m["short"], int(m["year"]), int(m["n"])


def next_task_seq(existing: Iterable[str], short_name: str, year: int) -> int:
    used = [p[2] for p in map(parse_task_no, existing) if p and p[0] == short_name and p[1] == year]
    return max(used, default=0) + 1
