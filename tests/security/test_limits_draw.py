"""Attack: a draw record nested 100,000 deep, handed to `draw verify` and to the standalone
verifier. Both refuse it with a message and exit 1 — no RecursionError traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.draw.verifier import MAX_JSON_DEPTH, loads_strict

REPO = Path(__file__).resolve().parents[2]
VERIFIER = REPO / "app" / "core" / "draw" / "verifier.py"

NESTED = [
    "[" * 100_000 + "]" * 100_000,
    '{"protocol": "DRAW-v1", "manifest": ' + '{"a":' * 100_000 + "1" + "}" * 100_000 + "}",
    '{"reveal": ' + "[" * 2_000 + "]" * 2_000 + "}",  # below Python's limit, above ours
]


@pytest.mark.parametrize("text", NESTED, ids=["array", "object-in-record", "2000-deep"])
def test_cli_and_standalone_verifier_refuse_deep_json(app_cli, tmp_path: Path, text: str) -> None:
    path = tmp_path / "record.json"
    path.write_text(text, encoding="utf-8")
    r = app_cli("--db", str(tmp_path / "x.db"), "draw", "verify", str(path))
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    assert f"nested deeper than {MAX_JSON_DEPTH} levels" in r.stderr + r.stdout

    # the standalone verifier, run as a member of the public would: one file, stdlib only
    alone = tmp_path / "verifier.py"
    alone.write_bytes(VERIFIER.read_bytes())
    r = subprocess.run(
        [sys.executable, "-I", str(alone), str(path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 1, r.stdout + r.stderr
    assert r.stderr == ""
    assert r.stdout.startswith("FAIL")
    assert f"nested deeper than {MAX_JSON_DEPTH} levels" in r.stdout


def test_the_guard_skips_strings_and_counts_depth_exactly() -> None:
    deep = json.dumps([[[[1]]]])
    for text in ('{"a": "[[[[[[[[", "b": [[1]]}', '{"a": "\\"[[[[", "b": [[1]]}', "7", deep):
        assert loads_strict(text) == json.loads(text)  # brackets in strings do not count
    value: object = 1
    for _ in range(MAX_JSON_DEPTH):  # a real-shaped record at the limit still loads
        value = [value]
    assert loads_strict(json.dumps(value)) == value
    with pytest.raises(ValueError, match=f"nested deeper than {MAX_JSON_DEPTH} levels"):
        loads_strict(json.dumps([value]))
