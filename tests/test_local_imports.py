"""Function-local imports in app/core: each is a lazy import of a heavy library. One that dodges
an import cycle fails here: the layers contract (pyproject.toml) says which package may
import which, so the import belongs at the top of the module or the function in a lower
package."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Loaded lazily on purpose: each costs a start-up users feel and is needed only by some work.
# (alembic: only an upgrade needs it; storage/migrate.py reads revisions without it.)
HEAVY = (
    "reportlab",
    "openpyxl",
    "python_calamine",
    "cryptography",
    "psycopg",
    "alembic",
    "app.core.reports",
)


def _local_imports() -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for path in sorted((REPO / "app" / "core").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.ImportFrom):  # a relative import, named in full
                    package = path.relative_to(REPO).with_suffix("").parts[: -node.level]
                    module = ".".join((*package, node.module or "")).strip(".")
                elif isinstance(node, ast.Import):
                    module = node.names[0].name
                else:
                    continue
                if not any(module == h or module.startswith(h + ".") for h in HEAVY):
                    found.add((path.relative_to(REPO).as_posix(), module))
    return found


def test_no_function_local_import_but_a_heavy_library() -> None:
    found = sorted(_local_imports())
    assert not found, (
        "function-local imports that are not a lazy heavy library: import at the top of the "
        f"module (or move the function down a layer, or to the module it needs): {found}"
    )
