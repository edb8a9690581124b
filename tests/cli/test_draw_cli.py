"""`python -m app draw replay|verify` as a user runs it: exit codes, output, written files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.core.draw import cj

REPO = Path(__file__).resolve().parents[2]
VECTORS_DIR = REPO / "docs" / "vectors"  # the DRAW-v1 contract vectors, kept in the repository
VECTORS = sorted(VECTORS_DIR.glob("case-*.json"))


def app(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "draw", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def write(path: Path, value: Any) -> Path:
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("vector", VECTORS, ids=lambda p: p.stem)
def test_replay_then_verify(vector: Path, tmp_path: Path) -> None:
    case = json.loads(vector.read_text(encoding="utf-8"))
    source = write(tmp_path / "input.json", case["input"])
    out = tmp_path / "record.json"
    done = app("replay", str(source), "-o", str(out))
    assert done.returncode == 0, done.stderr
    status = case["record"]["status"]
    line = done.stdout.strip()
    assert line.startswith(f"status={status} seed={case['record']['seed']} record_digest=")
    assert len(done.stdout.splitlines()) == 1
    written = json.loads(out.read_text(encoding="utf-8"))
    assert cj(written) == cj(case["record"])
    checked = app("verify", str(out))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    lines = checked.stdout.splitlines()
    assert lines[0] == "PASS"
    public = case["record"]["reveal"]["public_value"]
    if case["record"]["protocol"] == "DRAW-v1" and public:
        # §10: a DRAW-v1 value was typed after the lock; the verifier says so beside PASS.
        assert lines[1:] == [
            f'warning: public_value "{public}" was not bound before the lock '
            "(a DRAW-v1 record; DRAW-v1.1 declares its source in the manifest)"
        ]
    elif public:
        source = case["record"]["manifest"]["public_value_source"]
        assert lines[1:] == [
            f'public_value "{public}" from the source declared before the lock: "{source}"'
        ]
    else:
        assert lines[1:] == []


@pytest.mark.parametrize(
    "invalid", sorted(VECTORS_DIR.glob("invalid-*.json")), ids=lambda p: p.stem
)
def test_verify_fails_a_record_that_breaks_the_public_value_rule(
    invalid: Path, tmp_path: Path
) -> None:
    case = json.loads(invalid.read_text(encoding="utf-8"))
    out = write(tmp_path / "record.json", case["record"])
    checked = app("verify", str(out))
    assert checked.returncode == 1
    assert checked.stdout.splitlines()[0] == f"FAIL: {case['failure']}"
    assert "DRAW-v1.1 §10" in checked.stdout


def test_verify_reports_the_first_mismatch(tmp_path: Path) -> None:
    case = json.loads(VECTORS[0].read_text(encoding="utf-8"))
    record = case["record"]
    record["status"] = "ok" if record["status"] != "ok" else "infeasible"
    record["seed"] = "ab" * 32
    done = app("verify", str(write(tmp_path / "bad.json", record)))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0].startswith("FAIL: seed differs: expected")
    assert any("status differs" in line for line in lines[1:])
    assert "PASS" not in done.stdout


def test_refused_input_exits_1_with_the_reason_and_writes_nothing(tmp_path: Path) -> None:
    case = json.loads(VECTORS[0].read_text(encoding="utf-8"))
    data = case["input"]
    data["observer_inputs"] = data["observer_inputs"] + ["extra"]
    out = tmp_path / "record.json"
    done = app("replay", str(write(tmp_path / "input.json", data)), "-o", str(out))
    assert done.returncode == 1
    assert "observer_inputs" in done.stderr and "inputs for" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "input.json"]  # no temp file left either


def test_duplicate_target_is_refused(tmp_path: Path) -> None:
    case = json.loads(VECTORS[0].read_text(encoding="utf-8"))
    targets = case["input"]["population"]["targets"]
    targets.append(dict(targets[0]))
    out = tmp_path / "record.json"
    done = app("replay", str(write(tmp_path / "input.json", case["input"])), "-o", str(out))
    assert done.returncode == 1
    assert "duplicate target id" in done.stderr
    assert not out.exists()


def test_not_json_and_wrong_shape(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    done = app("replay", str(bad), "-o", str(tmp_path / "r.json"))
    assert done.returncode == 1 and "not valid JSON" in done.stderr
    done = app("replay", str(write(tmp_path / "list.json", [1])), "-o", str(tmp_path / "r.json"))
    assert done.returncode == 1 and "must be a JSON object" in done.stderr
    done = app("replay", str(write(tmp_path / "empty.json", {})), "-o", str(tmp_path / "r.json"))
    assert done.returncode == 1 and "input.session: missing" in done.stderr
    done = app("verify", str(tmp_path / "missing.json"))
    assert done.returncode == 1 and "no such file" in done.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert app().returncode == 2
    assert app("replay", str(tmp_path / "x.json")).returncode == 2  # -o is required
    assert app("verify").returncode == 2
