"""Every screen's load decides whether the latest answer wins.

A load answered by a screen's bound method gets "the latest wins" from the runner by itself
(app/ui/context.py). Any other answer handler — a lambda, a guarded closure — has no such key,
so an older answer can land after a newer one: the sync dialog showed a bundle it had just sent
as 待发送 again when the load started before the sync arrived last. Such a call must say
`key=`: a key naming the question, or None where every answer must land (a file written, the
pages of one list)."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "app" / "ui"


def _calls(tree: ast.AST) -> list[tuple[ast.ClassDef | None, ast.Call]]:
    """Every `….run_query(…)` call, with the class it is written in (None outside classes)."""
    found: list[tuple[ast.ClassDef | None, ast.Call]] = []

    def visit(node: ast.AST, cls: ast.ClassDef | None) -> None:
        for child in ast.iter_child_nodes(node):
            if (
                isinstance(child, ast.Call)
                and isinstance(child.func, ast.Attribute)
                and child.func.attr == "run_query"
            ):
                found.append((cls, child))
            visit(child, child if isinstance(child, ast.ClassDef) else cls)

    visit(tree, None)
    return found


def _unkeyed_loads(root: Path = UI) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "context.py":  # the runner's own entry point
            continue
        for cls, node in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            keywords = {k.arg: k.value for k in node.keywords}
            on_done = node.args[1] if len(node.args) > 1 else keywords.get("on_done")
            # A method of a Qt class (it has a base) is keyed by the runner; one of a plain class
            # (a menu's helper object) is not, nor is a lambda or a closure.
            bound = isinstance(on_done, ast.Attribute) and cls is not None and bool(cls.bases)
            if on_done is None or bound or "key" in keywords:
                continue
            found.append(f"{path.relative_to(root)}:{node.lineno}: {ast.unparse(on_done)[:60]}")
    return found


def test_every_load_without_a_bound_answer_says_its_key() -> None:
    assert _unkeyed_loads() == []


def test_the_check_sees_an_unkeyed_lambda(tmp_path: Path) -> None:
    (tmp_path / "screen.py").write_text(
        "def reload(self):\n"
        "    self.ctx.run_query(lambda ws, job: 1, lambda n: self.show(n))\n"
        "    self.ctx.run_query(lambda ws, job: 1, self.show)\n"
        "    self.ctx.run_query(lambda ws, job: 1, lambda n: self.show(n), key=None)\n"
        "class Page(QWidget):\n"
        "    def reload(self):\n"
        "        self.ctx.run_query(lambda ws, job: 1, self.show)\n"
        "class Menu:\n"
        "    def reload(self):\n"
        "        self.ctx.run_query(lambda ws, job: 1, self.show)\n",
        encoding="utf-8",
    )
    assert _unkeyed_loads(tmp_path) == [
        "screen.py:2: lambda n: self.show(n)",
        "screen.py:3: self.show",  # outside a class: nothing says it is a Qt object's method
        "screen.py:10: self.show",
    ]
