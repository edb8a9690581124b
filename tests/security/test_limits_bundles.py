"""Attacks on bundle limits: each crafted file is refused with a message, nothing written.

The attacker either holds no key at all (the manifest is parsed before its signature is
checked) or holds a trusted laptop's key and signs whatever it likes: a sequence number of
3,000,000, wrong types, missing keys, bad hex, too-deep records. None may cost minutes,
gigabytes or a traceback.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.core.bundles.format import BundleError, json_bytes, sign
from app.core.services.exchange import bundle_export, bundles
from app.core.services.exchange.bundle_records import record_hash
from app.core.services.kernel import keys
from app.core.services.kernel.workspace import Workspace
from app.core.storage.models import AuditEvent, Bundle, Inspection, SyncConflict, SyncState, Visit
from tests.helpers.bundle_helpers import add_inspection, make_field_work, make_office, pair


@pytest.fixture
def field(tmp_path: Path):
    office = make_office(tmp_path / "office.db")
    work = make_field_work(office)
    laptop = pair(office, tmp_path / "laptop.db", tmp_path)
    bundles.import_bundle(
        laptop,
        bundle_export.export_bundle(
            office, "assignments", tmp_path / "a.zip", inspector_cert=work.inspector_cert
        ).path,
    )
    add_inspection(laptop, work.visit_uids[0], status="completed")
    add_inspection(laptop, work.visit_uids[1])
    results = bundle_export.export_bundle(laptop, "results", tmp_path / "results.zip").path
    inst = keys.ensure_installation(laptop)
    forger = Forger(results, inst.key_id, keys.private_keys(inst).signing, tmp_path)
    yield office, forger
    office.db.dispose()
    laptop.db.dispose()


class Forger:
    """Rewrites a genuine results bundle and signs it again with the trusted laptop's key."""

    def __init__(self, src: Path, key_id: str, key: Any, folder: Path) -> None:
        self.src, self.key_id, self.key, self.folder = src, key_id, key, folder

    def make(
        self,
        name: str,
        *,
        manifest: Callable[[dict[str, Any]], None] | None = None,
        records: dict[str, Callable[[dict[str, Any]], dict[str, Any] | bytes]] | None = None,
        raw_manifest: bytes | None = None,
        raw_signature: bytes | None = None,
        stored: bool = False,
    ) -> Path:
        with zipfile.ZipFile(self.src) as zf:
            m = json.loads(zf.read("manifest.json"))
            files = {i.filename: zf.read(i) for i in zf.infolist()}
        m["bundle_id"] = str(uuid.uuid4())
        for path, change in (records or {}).items():
            out = []
            for line in files[path].splitlines():
                new = change(json.loads(line))
                if isinstance(new, bytes):
                    out.append(new)
                    continue
                if isinstance(new.get("data"), dict):  # the attacker recomputes the hashes
                    new["hash"] = record_hash(new["data"])
                    new.setdefault("history", [new["hash"]])
                out.append(json.dumps(new, ensure_ascii=False).encode())
            files[path] = b"\n".join(out) + b"\n"
            for entry in m["files"]:
                if entry["path"] == path:
                    entry["sha256"] = hashlib.sha256(files[path]).hexdigest()
                    entry["size"] = len(files[path])
        if manifest is not None:
            manifest(m)
        mb = raw_manifest if raw_manifest is not None else json_bytes(m)
        files["manifest.json"] = mb
        files["signature.json"] = (
            raw_signature if raw_signature is not None else sign(mb, self.key, self.key_id)
        )
        out_path = self.folder / f"{name}.zip"
        method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        with zipfile.ZipFile(out_path, "w", method) as zf:
            for k, v in files.items():
                zf.writestr(k, v)
        return out_path


def snapshot(ws: Workspace) -> tuple[int, ...]:
    with ws.db.read_session() as s:
        return tuple(
            int(s.scalar(select(func.count()).select_from(m)) or 0)
            for m in (Inspection, Visit, AuditEvent, Bundle, SyncState, SyncConflict)
        )


def refused(ws: Workspace, path: Path, match: str) -> BundleError:
    before = snapshot(ws)
    with pytest.raises(BundleError, match=match) as info:
        bundles.import_bundle(ws, path)
    assert snapshot(ws) == before
    return info.value


def test_a_deeply_nested_manifest_is_refused_before_the_signature_is_read(
    field, tmp_path: Path
) -> None:
    office, forger = field
    deep = forger.make("deep", raw_manifest=b"[" * 200_000 + b"]" * 200_000, raw_signature=b"{}")
    refused(office, deep, "manifest.json.*嵌套超过 8 层")
    # wide instead of deep: 20 million empty lists in 60 MB would take gigabytes to build
    # (stored, not deflated, so the zip-bomb ratio check does not stop it first)
    wide = forger.make(
        "wide", raw_manifest=b"[" + b"[]," * 20_000_000 + b"[]]", raw_signature=b"{}", stored=True
    )
    started = time.perf_counter()
    refused(office, wide, "manifest.json.*数组/对象超过")
    assert time.perf_counter() - started < 10
    # and a deeply nested signature.json
    sig = forger.make("deepsig", raw_signature=b"[" * 30_000 + b"]" * 30_000)
    refused(office, sig, "signature.json")


def test_a_signed_sequence_of_three_million_is_refused_quickly(field) -> None:
    office, forger = field
    for bad in (3_000_000, 10**30, 0, -1, True, "7", 2.0):
        path = forger.make(f"seq-{bad}", manifest=lambda m, v=bad: m.update(sequence=v))
        started = time.perf_counter()
        refused(office, path, "sequence")
        assert time.perf_counter() - started < 5, bad


def test_the_largest_allowed_sequence_imports_with_a_short_gap_report(field, tmp_path) -> None:
    office, forger = field
    db = tmp_path / "office.db"
    size_before = db.stat().st_size + (tmp_path / "office.db-wal").stat().st_size
    path = forger.make("seq-max", manifest=lambda m: m.update(sequence=1_000_000))
    started = time.perf_counter()
    report = bundles.import_bundle(office, path)
    assert time.perf_counter() - started < 10
    assert report.gaps == tuple(range(1, 51))  # the first 50 listed, not 999,999
    assert any("999999" in w for w in report.warnings)
    size_after = db.stat().st_size + (tmp_path / "office.db-wal").stat().st_size
    assert size_after - size_before < 2 * 1024**2
    with office.db.read_session() as s:
        stored = s.scalar(select(Bundle.report).where(Bundle.sequence == 1_000_000))
    assert len(json.dumps(stored)) < 10_000


def _data(change: dict[str, Any]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda r: {**r, "uid": str(uuid.uuid4()), "data": {**r["data"], **change}}


OFFICE_KEY = "office-encryption-key"  # replaced by the office's key id in the test

# Each: (name, what the forger changes, what the refusal must say). All signed by the
# trusted laptop; before the fix these were RecursionError, ValueError, TypeError,
# AttributeError, OverflowError tracebacks or hung the import.
MALFORMED: list[tuple[str, dict[str, Any], str]] = [
    ("ephemeral key not hex", {"manifest": "enc:zz"}, "ephemeral_public"),
    ("ephemeral key too short", {"manifest": "enc:00"}, "ephemeral_public"),
    ("previous hash a number", {"manifest": ("prev_bundle_sha256", 5)}, "prev_bundle_sha256"),
    ("audit head a list", {"manifest": ("audit_head", [1])}, "audit_head"),
    ("stream an object", {"manifest": ("stream", {"a": 1})}, "stream"),
    ("office a list", {"producer": ("office", [1])}, "producer.office"),
    ("producer key missing", {"producer": ("key_id", None)}, "producer.key_id"),
    ("files not a list", {"manifest": ("files", {"a": 1})}, "files"),
    (
        "a records file claimed at 4 GB",
        {
            "manifest": (
                "files",
                [{"path": "records/visit.jsonl", "sha256": "0" * 64, "size": 4 * 1024**3}],
            )
        },
        "过大",
    ),
    (
        "record history a number",
        {"records": ("records/inspection.jsonl", lambda r: {**r, "history": 5})},
        "history",
    ),
    (
        "record nested 100,000 deep",
        {"records": ("records/inspection.jsonl", lambda r: b"[" * 100_000 + b"]" * 100_000)},
        "嵌套超过 32 层",
    ),
    (
        "blob record data a string",
        {"records": ("records/blob.jsonl", lambda r: {**r, "data": "x"})},
        "data 不是对象",
    ),
    (
        "audit event data a string",
        {"records": ("records/audit_event.jsonl", lambda r: {**r, "data": "x"})},
        "data 不是对象",
    ),
    (
        "integer of 5000 digits",
        {
            "records": (
                "records/inspection.jsonl",
                lambda r: (
                    json.dumps(r).replace('"version_no": 1', '"version_no": ' + "9" * 5000).encode()
                ),
            )
        },
        "不是有效的 JSON",
    ),
    (
        "integer beyond 64 bits",
        {"records": ("records/inspection.jsonl", _data({"version_no": 10**30}))},
        "整数超出范围",
    ),
    (
        "NaN in a record",
        {
            "records": (
                "records/inspection.jsonl",
                lambda r: json.dumps(r).replace('"version_no": 1', '"version_no": NaN').encode(),
            )
        },
        "NaN",
    ),
    ("uid a number", {"records": ("records/inspection.jsonl", lambda r: {**r, "uid": 7})}, "uid"),
    (
        "record not utf-8",
        {"records": ("records/inspection.jsonl", lambda r: b"\xff\xfe")},
        "不是有效的 JSON",
    ),
]


def test_malformed_signed_bundles_get_messages_not_tracebacks(field) -> None:
    office, forger = field
    office_key = keys.ensure_installation(office).key_id
    failures = []
    for name, how, match in MALFORMED:

        def change(m: dict[str, Any], how: dict[str, Any] = how) -> None:
            spec = how.get("manifest")
            if isinstance(spec, str) and spec.startswith("enc:"):
                m["encryption"] = {
                    "alg": "X25519-HKDF-SHA256-ChaCha20Poly1305",
                    "recipient_key_id": office_key,
                    "ephemeral_public": spec[4:],
                }
            elif spec is not None:
                m[spec[0]] = spec[1]
            if "producer" in how:
                key, value = how["producer"]
                if value is None:
                    m["producer"].pop(key)
                else:
                    m["producer"][key] = value

        records = dict([how["records"]]) if "records" in how else None
        path = forger.make(name.replace(" ", "-"), manifest=change, records=records)
        before = snapshot(office)
        try:
            bundles.import_bundle(office, path)
            failures.append(f"{name}: imported")
        except BundleError as exc:
            if match not in str(exc):
                failures.append(f"{name}: message {exc}")
        except Exception as exc:  # noqa: BLE001 — exactly what this test hunts
            failures.append(f"{name}: {type(exc).__name__}: {exc}")
        if snapshot(office) != before:
            failures.append(f"{name}: wrote something")
    assert not failures, "\n".join(failures)


def test_the_cli_refuses_a_nested_manifest_with_exit_1_and_no_traceback(
    app_cli, tmp_path: Path
) -> None:
    db = tmp_path / "office.db"
    bomb = tmp_path / "nested.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", b'{"a":' * 50_000 + b"1" + b"}" * 50_000)
        zf.writestr("signature.json", b"{}")
    for command in ("import", "verify"):
        r = app_cli("--db", str(db), "bundle", command, str(bomb))
        assert r.returncode == 1, r.stderr
        assert "Traceback" not in r.stderr
        assert "嵌套超过 8 层" in r.stderr
