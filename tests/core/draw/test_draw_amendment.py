"""DRAW-v1.1 §11 team amendments: the vector replays byte for byte and verifies, with the
standalone verifier run alone; a change to the amendment or to the record it chains to fails;
an amendment of an amendment chains on; old records still verify unchanged."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.draw.engine import cj, compute_amendment, lock_amendment, secret_from_hex
from app.core.draw.verifier import record_digest, verify_record

REPO = Path(__file__).resolve().parents[3]
VECTOR = REPO / "docs" / "vectors" / "amend-00.json"
VERIFIER = REPO / "app" / "core" / "draw" / "verifier.py"


def _vector() -> dict:
    return json.loads(VECTOR.read_text(encoding="utf-8"))


def test_amendment_vector_replays_byte_identically_and_verifies() -> None:
    case = _vector()
    record = case["record"]
    m = record["manifest"]
    secret = secret_from_hex(record["reveal"]["office_secret"])
    manifest, population = lock_amendment(
        amends=record["amends"], session=m["session"], target=m["target"], remove=m["remove"],
        reason=m["reason"], department=m["department"], qualification=m["qualification"],
        population=record["population"], observers=m["observers"], office_secret=secret,
        public_value_source=m["public_value_source"],
    )  # fmt: skip
    again = compute_amendment(
        amends=record["amends"], manifest=manifest, population=population, office_secret=secret,
        observer_inputs=record["reveal"]["observer_inputs"], public_value=record["reveal"]["public_value"],
    )  # fmt: skip
    assert cj(again) == cj(record)
    assert record_digest(record) == case["record_digest"]
    assert verify_record(record) == []
    original = json.loads((REPO / "docs" / "vectors" / "case-17.json").read_text(encoding="utf-8"))[
        "record"
    ]
    assert record["amends"] == original and m["amends"] == record_digest(original)


def test_the_standalone_verifier_passes_it_alone(tmp_path: Path) -> None:
    path = tmp_path / "amended.json"
    path.write_text(json.dumps(_vector()["record"], ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-I", str(VERIFIER), str(path)], capture_output=True, text=True
    )
    assert run.returncode == 0 and run.stdout.startswith("PASS"), run.stdout
    assert "team amendment of record" in run.stdout


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("replacement",), "152200006", "replacement differs"),
        (("team",), ["156100004", "152200006"], "team differs"),
        (("team_before",), ["152200006", "156100004"], "team_before differs"),
        (("manifest", "reason"), "休假", "manifest_digest differs"),
        (("manifest", "amends"), "0" * 64, "manifest.amends differs"),
        (("amends", "seed"), "0" * 64, "amends: seed differs"),
        (("population", "conflicts"), [], "manifest.conflicts.count differs"),
        (("kind",), "team-change", "kind differs"),
    ],
)
def test_a_tampered_amendment_or_chain_fails(path: tuple, value: object, expected: str) -> None:
    record = copy.deepcopy(_vector()["record"])
    node = record
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    failures = verify_record(record)
    assert failures and any(expected in f for f in failures), failures


def test_an_amendment_of_an_amendment_chains_on() -> None:
    first = _vector()["record"]
    secret = bytes(range(32))
    target = first["manifest"]["target"]
    manifest, population = lock_amendment(
        amends=first, session={"task_no": "VECTOR-17"}, target=target, remove=first["team"][1],
        reason="病假", department="", qualification="", population=first["population"],
        observers=["甲"], office_secret=secret, public_value_source="",
    )  # fmt: skip
    second = compute_amendment(amends=first, manifest=manifest, population=population,
                               office_secret=secret, observer_inputs=["4"])  # fmt: skip
    assert second["team_before"] == first["team"] and second["team"][0] == first["team"][0]
    assert verify_record(second) == []
    broken = copy.deepcopy(second)
    broken["amends"]["replacement"] = first["team_before"][0]
    assert any(f.startswith("amends: ") for f in verify_record(broken))
