"""What every county reads names no one county's rules: the app's messages and labels carry
no article of a county's 办法 (五原办法第N条) unless the county chose that rule (a timetable
preset cites its source); docs/rules.md is where each rule's source is cited."""

from __future__ import annotations

import ast
import re
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"
# A county's timetable preset is that county's configured rule and cites its source; the
# deadlines' defaults name theirs beside the default, in 期限设置, where an office sets its own.
CONFIGURED = {"core/services/plan/timetable.py", "core/domain/calendar.py"}
ARTICLE = re.compile(
    r"(五原|大足|丰台|贵阳)[^\n，。]{0,6}(办法|规定)?第[一二三四五六七八九十百]+条"
)


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    """Every string constant that is not a docstring (code comments are not shown to people)."""
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
    ]


def test_no_message_cites_one_countys_article() -> None:
    found = []
    for path in sorted(APP.rglob("*.py")):
        if path.relative_to(APP).as_posix() in CONFIGURED:
            continue
        for line, value in _strings(ast.parse(path.read_text(encoding="utf-8"))):
            if ARTICLE.search(value):
                found.append(f"{path.relative_to(APP.parent)}:{line}: {value[:60]}")
    assert not found, "county-specific articles in what people read:\n" + "\n".join(found)
