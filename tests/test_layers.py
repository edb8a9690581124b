"""The architecture holds: import-linter contracts, and the core imports without PySide6."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold() -> None:
    exe = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(exe)], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower().replace("0 broken", "")


def test_core_imports_without_pyside6() -> None:
    # A meta-path hook makes PySide6 unimportable, as on a machine without it.
    code = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name == "PySide6" or name.startswith("PySide6."):
                    raise ImportError("PySide6 is blocked in this test")
        sys.meta_path.insert(0, Block())
        import app.core
        for m in pkgutil.walk_packages(app.core.__path__, "app.core."):
            if ".migrations" in m.name:
                continue
            importlib.import_module(m.name)
        import app.cli.main
        app.cli.main.build_parser()
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")


def test_every_module_says_what_it_is_for() -> None:
    missing = []
    for path in sorted((REPO / "app").rglob("*.py")):
        if "versions" in path.parts or path.name == "__init__.py" and path.stat().st_size == 0:
            continue
        text = path.read_text("utf-8").lstrip()
        if not (text.startswith('"""') or text.startswith("'''")):
            missing.append(str(path.relative_to(REPO)))
    assert not missing, f"modules without a docstring saying what they are for: {missing}"
