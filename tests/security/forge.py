"""What an attacker holding a trusted laptop does: edit a genuine results bundle, re-sign it.

The laptop's private key sits in its data folder, so whoever holds the laptop can write any
bundle the office will find correctly signed. `Forgery` starts from a genuine export, lets a
test change, add or delete records (each with a correct content hash and a history that
fast-forwards over the office's version), and signs the result with the laptop's key.
`db_state` is every row of every table, to show that a refused import wrote nothing.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.core.bundles.format import json_bytes
from app.core.bundles.reader import BundleReader
from app.core.bundles.writer import PayloadFile, write_bundle
from app.core.services.exchange import bundle_export
from app.core.services.exchange.bundle_records import (
    SPECS,
    IdMaps,
    load_children,
    record_hash,
    serialize_row,
)
from app.core.services.kernel import audit, keys
from app.core.services.kernel.workspace import Workspace
from app.core.storage.models import AuditEvent, Base


def db_state(ws: Workspace) -> str:
    """A digest of every row of every table (ordered), to compare before and after."""
    h = hashlib.sha256()
    with ws.db.read_session() as s:
        for table in Base.metadata.sorted_tables:
            rows = s.execute(select(table).order_by(*table.primary_key.columns)).all()
            h.update(f"{table.name}:{len(rows)}:{[tuple(map(repr, r)) for r in rows]}".encode())
    return h.hexdigest()


def office_record(ws: Workspace, kind: str, uid: str) -> dict[str, Any]:
    """The record the office would write for one of its rows (what an assignments bundle
    shows the laptop): the attacker's starting point for a row not in its own bundle."""
    spec = SPECS[kind]
    with ws.db.read_session() as s:
        row = s.execute(select(spec.table).where(spec.table.c.uid == uid)).mappings().one()
        maps = IdMaps(s)
        children = load_children(s, kind, [row["id"]], maps).get(row["id"])
        data = serialize_row(spec, row, maps, children)
    return {"uid": uid, "hash": record_hash(data), "history": [], "data": data}


class Forgery:
    """A genuine results bundle of `laptop`, opened for editing."""

    def __init__(self, laptop: Workspace, folder: Path, name: str) -> None:
        self.laptop = laptop
        self.folder = folder
        self.name = name
        genuine = bundle_export.export_bundle(
            laptop, "results", folder / f"{name}-genuine.zip"
        ).path
        with laptop.db.read_session() as s:
            self.inst = keys.ensure_installation_in(s)
            lookup = keys.signer_lookup(s, self.inst)
            with BundleReader(genuine, lookup_key=lookup) as r:
                raw = dict(r.manifest.raw)
                self.records: dict[str, list[dict[str, Any]]] = {}
                for p in r.paths("records/"):
                    kind = p.split("/")[1].removesuffix(".jsonl")
                    self.records[kind] = list(r.records(kind))
                self.blobs = {p: r.read(p) for p in r.paths("blobs/")}
        self.manifest = {k: v for k, v in raw.items() if k not in ("files", "format", "encryption")}

    def find(self, kind: str, uid: str) -> dict[str, Any]:
        for rec in self.records.get(kind, []):
            if rec["uid"] == uid:
                return rec
        raise KeyError((kind, uid))

    def change(
        self, kind: str, uid: str, base: dict[str, Any] | None = None, **fields: Any
    ) -> None:
        """Changes a record so that it fast-forwards over the version the office holds."""
        try:
            rec = self.find(kind, uid)
        except KeyError:
            rec = dict(base or {})
            self.records.setdefault(kind, []).append(rec)
        old = rec["hash"]
        rec["data"] = {**rec["data"], **fields}
        rec["history"] = [*rec.get("history", []), old]
        rec["hash"] = record_hash(rec["data"])

    def add(self, kind: str, data: dict[str, Any], uid: str | None = None) -> str:
        uid = uid or str(uuid.uuid4())
        self.records.setdefault(kind, []).append(
            {"uid": uid, "hash": record_hash(data), "history": [], "data": data}
        )
        return uid

    def tombstone(self, kind: str, uid: str) -> None:
        self.records.setdefault("tombstone", []).append(
            {
                "uid": uid,
                "data": {
                    "entity": kind,
                    "entity_uid": uid,
                    "deleted_at": datetime(2026, 3, 1).isoformat(timespec="microseconds"),
                    "note": None,
                },
            }
        )

    def audit_event(self, **fields: Any) -> None:
        """An audit event whose hash verifies, as the app's own chain would make it."""
        ev = {
            "at": datetime(2026, 3, 2, 9, 30),
            "actor": "system",
            "action": "inspection.save_draft",
            "entity": None,
            "entity_uid": None,
            "summary": None,
            "before_hash": None,
            "after_hash": None,
            "detail": None,
            "rows_hash": None,
            "row_count": 0,
            "prev_hash": "0" * 64,
            **fields,
        }
        ev["hash"] = audit._event_hash(AuditEvent(**ev))
        data = {**ev, "at": ev["at"].isoformat(timespec="microseconds")}
        self.records.setdefault("audit_event", []).append({"uid": ev["hash"][:36], "data": data})

    def seal(self, uid: str, data: dict[str, Any]) -> dict[str, Any]:
        """A keyed seal as the laptop's own completion makes it (services/checklist/form_seal.py)."""
        from app.core.services.checklist.form_seal import SEAL_ALG, SEAL_VERSION, _payload

        seal = {
            "v": SEAL_VERSION,
            "alg": SEAL_ALG,
            "key_id": self.inst.key_id,
            "form": uid,
            "visit": data["visit_uid"],
            "version_no": data["version_no"],
            "inspector": None,
            "completed_by": data["completed_by"],
            "content_hash": data["content_hash"],
        }
        seal["signature"] = keys.private_keys(self.inst).signing.sign(_payload(seal)).hex()
        return seal

    def write(self, **manifest: Any) -> Path:
        """Signs the edited bundle with the laptop's key (a new bundle id)."""
        out = self.folder / f"{self.name}.zip"
        files: list[PayloadFile] = []
        counts: dict[str, int] = {}
        for kind, recs in self.records.items():
            data = b"\n".join(json_bytes(x) for x in recs) + b"\n"
            files.append(PayloadFile(f"records/{kind}.jsonl", len(data), lambda d=data: d))
            counts[kind] = len(recs)
        for path, blob in self.blobs.items():
            files.append(PayloadFile(path, len(blob), lambda d=blob: d, compress=False))
        m = {**self.manifest, "bundle_id": str(uuid.uuid4()), "counts": counts, **manifest}
        write_bundle(
            out,
            manifest=m,
            files=files,
            signing_key=keys.private_keys(self.inst).signing,
            key_id=self.inst.key_id,
            verify=lambda _p: None,
        )
        return out
