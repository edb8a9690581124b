"""Hand-off bundles: export a flow to a file, verify a file, import one in a single transaction.

Flows: assignments (office → laptop), results (laptop → office), platform (office → platform).
Everything is verified before anything is written; records are marked exported only after
the file is safely on the medium. Merge rules live in bundle_merge.py.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core.bundles.format import FLOWS, BundleError, json_bytes
from app.core.bundles.reader import BundleReader
from app.core.bundles.writer import PayloadFile, write_bundle
from app.core.domain.errors import AppError, ConflictError, NotFoundError, ValidationError
from app.core.domain.localtime import fmt_time
from app.core.domain.roles import Permission
from app.core.domain.states import ConflictState, FormState, OutboxState, ResultState
from app.core.services.checklist.checklists import GENERIC_CODE, ensure_templates, shipped_seed
from app.core.services.exchange.bundle_merge import Merger, load_states, save_states
from app.core.services.exchange.bundle_policy import FLOW_KINDS, LaptopPolicy, Refusal
from app.core.services.exchange.bundle_records import (
    ORDER,
    SPECS,
    IdMaps,
    expected_keys,
    load_children,
    merge_history,
    record_hash,
    serialize_row,
)
from app.core.services.kernel import audit, keys
from app.core.services.kernel.reference import get_setting
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.storage.migrate import head_revision
from app.core.storage.models import (
    AttachmentBlob,
    AuditEvent,
    Bundle,
    ChecklistTemplate,
    Inspection,
    InspectionItem,
    Inspector,
    Result,
    SyncConflict,
    Task,
    TaskItem,
    Tombstone,
    TrustedKey,
    Visit,
    VisitMember,
    VisitTask,
    utcnow,
)
from app.version import __version__

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]
EXPORT_HISTORY = 8  # hashes per record in a bundle: enough for fast-forward, small on disk
ACCEPTED_SIGNERS = {
    "assignments": {"office", "self"},
    "results": {"laptop", "office", "self"},
    "platform": {"office", "self"},
}
FLOW_LABELS = {
    "assignments": "任务分派（局→检查终端）",
    "results": "检查结果（检查终端→局）",
    "platform": "公示数据（局→平台）",
}


@dataclass(frozen=True)
class ExportResult:
    path: Path
    bundle_id: str
    flow: str
    sequence: int
    counts: dict[str, int]
    encrypted_for: str | None
    size: int
    manifest_sha256: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class BundleCheck:
    """What `bundle verify` tells: all checks passed, and what the manifest says."""

    bundle_id: str
    flow: str
    producer: str
    signer_role: str
    sequence: int
    created_at: str
    counts: dict[str, int]
    encrypted_for: str | None
    readable_here: bool
    manifest_sha256: str
    already_imported: bool


@dataclass(frozen=True)
class ImportReport:
    bundle_id: str
    flow: str
    producer: str
    sequence: int
    already_imported: bool = False
    own_bundle: bool = False
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    conflicts: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    conflict_items: tuple[tuple[str, str, str], ...] = ()
    gaps: tuple[int, ...] = ()
    warnings: tuple[str, ...] = ()
    refused: tuple[Refusal, ...] = ()  # kept for review when a supervisor took the allowed part

    def total(self, what: str) -> int:
        return sum(getattr(self, what).values())

    def summary(self) -> str:
        if self.already_imported:
            return "此数据包已导入过（或由本机生成），未做任何更改。 / Already imported; nothing changed."
        text = (
            f"新增 {self.total('added')}，更新 {self.total('updated')}，未变 {self.total('unchanged')}，"
            f"冲突 {self.total('conflicts')}，删除 {self.total('deleted')}"
            f" / added {self.total('added')}, updated {self.total('updated')}, unchanged {self.total('unchanged')},"
            f" in conflict {self.total('conflicts')}, deleted {self.total('deleted')}"
        )
        if self.refused:
            text += (
                f"\n拒收 {len(self.refused)} 条记录（已留存待复核，未写入） / {len(self.refused)} records refused,"
                " kept for review, not written"
            )
        if self.gaps:
            text += f"\n缺少序号 {', '.join(map(str, self.gaps))} 的数据包 / missing bundles {list(self.gaps)}"
        return text


def record_tombstone(
    session: Session, entity: str, entity_uid: str, note: str | None = None
) -> None:
    """For services that delete a synced row: the deletion then travels in bundles."""
    if session.scalar(select(Tombstone.id).where(Tombstone.entity_uid == entity_uid)) is None:
        session.add(Tombstone(entity=entity, entity_uid=entity_uid, note=note))


# -- selection -------------------------------------------------------------------------


def _ids(session: Session, stmt: Any) -> set[int]:
    return {i for i in session.scalars(stmt) if i is not None}


def _in_chunks(session: Session, column: Any, target: Any, ids: set[int]) -> set[int]:
    out: set[int] = set()
    items = sorted(ids)
    for i in range(0, len(items), 500):
        out |= _ids(session, select(target).where(column.in_(items[i : i + 500])))
    return out


def _scope(
    session: Session, *, task_no: str | None, inspector_cert: str | None
) -> tuple[set[int], dict[str, str]]:
    """Visit ids for --task / --inspector (both optional; together they intersect)."""
    stmt = select(Visit.id).where(~Visit.is_cancelled)
    scope: dict[str, str] = {}
    if task_no:
        task_id = session.scalar(select(Task.id).where(Task.task_no == task_no))
        if task_id is None:
            raise NotFoundError(f"没有任务编号为 {task_no} 的任务。 / No task {task_no}.")
        extra = select(VisitTask.visit_id).where(VisitTask.task_id == task_id)
        stmt = stmt.where((Visit.task_id == task_id) | Visit.id.in_(extra))
        scope["task"] = task_no
    if inspector_cert:
        insp_id = session.scalar(select(Inspector.id).where(Inspector.cert_no == inspector_cert))
        if insp_id is None:
            raise NotFoundError(
                f"没有执法证号为 {inspector_cert} 的检查人员。 / No inspector {inspector_cert}."
            )
        stmt = stmt.where(
            Visit.id.in_(select(VisitMember.visit_id).where(VisitMember.inspector_id == insp_id))
        )
        scope["inspector"] = inspector_cert
    return _ids(session, stmt), scope


def _close_references(session: Session, chosen: dict[str, set[int]]) -> None:
    """Adds every row the chosen rows refer to, so each reference resolves at the receiver."""
    changed = True
    while changed:
        changed = False
        for kind in ORDER:
            ids = chosen.get(kind)
            if not ids:
                continue
            spec = SPECS[kind]
            extra: dict[str, set[int]] = {}
            for col, ref_kind in spec.refs.items():
                extra.setdefault(ref_kind, set()).update(
                    _in_chunks(session, spec.table.c.id, spec.table.c[col], ids)
                )
            if kind == "visit":
                mt = VisitMember.__table__
                extra.setdefault("inspector", set()).update(
                    _in_chunks(session, mt.c.visit_id, mt.c.inspector_id, ids)
                )
                extra.setdefault("expert", set()).update(
                    _in_chunks(session, mt.c.visit_id, mt.c.expert_id, ids)
                )
            if kind == "task":  # a task's items travel inside its record (task_items)
                extra.setdefault("inspection_item", set()).update(
                    _in_chunks(session, TaskItem.task_id, TaskItem.item_id, ids)
                )
            for ref_kind, ref_ids in extra.items():
                have = chosen.setdefault(ref_kind, set())
                new = ref_ids - have
                if new:
                    have |= new
                    changed = True


def _done_visits(session: Session, visits: set[int]) -> set[int]:
    """Of these visits, those already done: a completed form, or a result under review,
    approved or published (read-only for an inspector)."""
    done = set()
    items = sorted(visits)
    for i in range(0, len(items), 500):
        part = items[i : i + 500]
        done |= _ids(
            session,
            select(Inspection.visit_id).where(
                Inspection.visit_id.in_(part),
                Inspection.status.in_((FormState.COMPLETED, FormState.SUPERSEDED)),
            ),
        )
        done |= _ids(
            session,
            select(Result.visit_id).where(
                Result.visit_id.in_(part),
                Result.status.in_(
                    (ResultState.IN_REVIEW, ResultState.APPROVED, ResultState.PUBLISHED)
                ),
            ),
        )
    return done


def _select(
    session: Session, flow: str, *, task_no: str | None, inspector_cert: str | None
) -> tuple[dict[str, set[int]], dict[str, str]]:
    chosen: dict[str, set[int]] = {}
    if flow == "assignments":
        if not task_no and not inspector_cert:
            raise ValidationError(
                "导出任务分派须指定检查人员（--inspector）或任务（--task）。 / Give --inspector or --task."
            )
        visits, scope = _scope(session, task_no=task_no, inspector_cert=inspector_cert)
        chosen["visit"] = visits
        # A visit already done (a completed form, or a result under review or published)
        # is not open work: it travels with its forms, signatures, attachments and results,
        # so the laptop shows it completed and locked instead of asking for it again.
        done = _done_visits(session, visits)
        if done:
            forms = _in_chunks(session, Inspection.visit_id, Inspection.id, done)
            chosen["inspection"] = forms
            for kind in ("signature", "attachment"):
                t = SPECS[kind].table
                chosen[kind] = _in_chunks(session, t.c.inspection_id, t.c.id, forms)
            chosen["result"] = _in_chunks(session, Result.visit_id, Result.id, done)
            scope["read_only_visits"] = str(len(done))
        # The visits' tasks, their items (task_items inside the task record) and the items'
        # departments come with the references; then the checklist templates those items use.
        _close_references(session, chosen)
        item_ids = sorted(chosen.get("inspection_item", ()))
        codes: set[str] = set()
        for i in range(0, len(item_ids), 500):
            codes.update(
                c or GENERIC_CODE
                for c in session.scalars(
                    select(InspectionItem.template_code).where(
                        InspectionItem.id.in_(item_ids[i : i + 500])
                    )
                )
            )
        have = set(
            session.scalars(
                select(ChecklistTemplate.code).where(
                    ChecklistTemplate.code.in_(codes or {""}), ChecklistTemplate.is_current
                )
            )
        )
        if codes - have:  # a form falls back to the generic template for an unknown code
            codes.add(GENERIC_CODE)
        # Every version of those templates: the laptop then knows which one is current.
        chosen["checklist_template"] = _ids(
            session, select(ChecklistTemplate.id).where(ChecklistTemplate.code.in_(codes or {""}))
        )
    elif flow == "results":
        if task_no or inspector_cert:
            visits, scope = _scope(session, task_no=task_no, inspector_cert=inspector_cert)
            stmt = select(Inspection.id).where(Inspection.visit_id.in_(visits or {-1}))
        else:
            scope = {}
            stmt = select(Inspection.id)
        chosen["inspection"] = _ids(
            session,
            stmt.where(
                Inspection.status.in_((FormState.DRAFT, FormState.COMPLETED, FormState.SUPERSEDED))
            ),
        )
        insp = chosen["inspection"]
        chosen["signature"] = _in_chunks(
            session, SPECS["signature"].table.c.inspection_id, SPECS["signature"].table.c.id, insp
        )
        chosen["attachment"] = _in_chunks(
            session, SPECS["attachment"].table.c.inspection_id, SPECS["attachment"].table.c.id, insp
        )
        # The visits' results travel too: the office reviews and publishes them (谁检查、谁录入).
        form_visits = _in_chunks(session, Inspection.id, Inspection.visit_id, insp)
        chosen["result"] = _in_chunks(session, Result.visit_id, Result.id, form_visits)
    else:  # platform
        stmt = select(Result.id).where(
            Result.status.in_((ResultState.APPROVED, ResultState.PUBLISHED))
        )
        scope = {}
        if task_no or inspector_cert:
            visits, scope = _scope(session, task_no=task_no, inspector_cert=inspector_cert)
            stmt = stmt.where(Result.visit_id.in_(visits or {-1}))
        chosen["result"] = _ids(session, stmt)
    _close_references(session, chosen)
    if (
        flow == "results"
    ):  # earlier versions of a form travel with it (a correction names its predecessor)
        visits = chosen.get("visit", set())
        chosen["inspection"] |= _in_chunks(session, Inspection.visit_id, Inspection.id, visits)
        _close_references(session, chosen)
    return chosen, scope


# -- export ----------------------------------------------------------------------------


@dataclass
class _Payload:
    records: dict[str, list[dict[str, Any]]]
    histories: dict[str, dict[str, list[str]]]
    blobs: dict[str, tuple[int, str]]  # sha → (size, mime)
    audit_events: list[dict[str, Any]]
    tombstones: list[dict[str, Any]]


def _build_payload(session: Session, chosen: dict[str, set[int]], flow: str) -> _Payload:
    maps = IdMaps(session)
    records: dict[str, list[dict[str, Any]]] = {}
    histories: dict[str, dict[str, list[str]]] = {}
    blob_shas: set[str] = set()
    for kind in ORDER:
        ids = sorted(chosen.get(kind, ()))
        if not ids:
            continue
        spec = SPECS[kind]
        rows: list[dict[str, Any]] = []
        for i in range(0, len(ids), 500):
            rows.extend(
                dict(r)
                for r in session.execute(
                    select(spec.table).where(spec.table.c.id.in_(ids[i : i + 500]))
                ).mappings()
            )
        members = load_children(session, kind, ids, maps)
        states = load_states(session, kind, [r["uid"] for r in rows])
        out = records.setdefault(kind, [])
        hist_out = histories.setdefault(kind, {})
        for r in rows:
            data = serialize_row(spec, r, maps, members.get(r["id"]))
            h = record_hash(data)
            born: list[str] = []
            if kind == "checklist_template":
                seed = shipped_seed(r["code"])
                if seed is not None and seed["version_no"] == r["version_no"]:
                    # Every installation seeds a shipped template alike: its first state is
                    # known, so a receiver's untouched seed fast-forwards to this row.
                    born = [record_hash(serialize_row(spec, seed, maps))]
            hist = merge_history(born, (states.get(r["uid"]) or {}).get("history") or [], [h])
            hist_out[r["uid"]] = hist
            out.append(
                {"uid": r["uid"], "hash": h, "history": hist[-EXPORT_HISTORY:], "data": data}
            )
            if kind == "signature" and r["image_sha256"]:
                blob_shas.add(r["image_sha256"])
            if kind == "attachment":
                blob_shas.add(r["sha256"])
    blobs: dict[str, tuple[int, str]] = {}
    shas = sorted(blob_shas)
    bt = AttachmentBlob.__table__
    for i in range(0, len(shas), 500):
        for sha, size, mime in session.execute(
            select(bt.c.sha256, bt.c.size, bt.c.mime).where(bt.c.sha256.in_(shas[i : i + 500]))
        ):
            blobs[sha] = (size, mime)
    audit_events: list[dict[str, Any]] = []
    if flow == "results":
        uids = [
            rec["uid"]
            for kind in ("visit", "inspection", "signature", "attachment")
            for rec in records.get(kind, [])
        ]
        at = AuditEvent.__table__
        for i in range(0, len(uids), 500):
            for ev in session.execute(
                select(at).where(at.c.entity_uid.in_(uids[i : i + 500])).order_by(at.c.id)
            ).mappings():
                event = {
                    k: (v.isoformat(timespec="microseconds") if k == "at" else v)
                    for k, v in ev.items()
                    if k != "id"
                }
                audit_events.append({"uid": ev["hash"][:36], "data": event})
    kinds = set(records)
    tombstones = [
        {
            "uid": t.entity_uid,
            "data": {
                "entity": t.entity,
                "entity_uid": t.entity_uid,
                "deleted_at": t.deleted_at.isoformat(timespec="microseconds"),
                "note": t.note,
            },
        }
        for t in session.scalars(select(Tombstone).where(Tombstone.entity.in_(kinds or {""})))
    ]
    return _Payload(records, histories, blobs, audit_events, tombstones)


def _earlier_heads(s: Session, installation_id: str, limit: int = 64) -> list[str]:
    """The audit heads of this installation's last bundles, oldest first, that are still
    events of its chain (a rewritten or restored trail drops them, and the receiver sees it)."""
    heads: list[str] = []
    for report in s.scalars(
        select(Bundle.report)
        .where(Bundle.direction == "out", Bundle.producer == installation_id)
        .order_by(Bundle.id.desc())
        .limit(limit)
    ):
        head = (report or {}).get("audit_head")
        if isinstance(head, str) and head not in heads:
            heads.append(head)
    found = set(s.scalars(select(AuditEvent.hash).where(AuditEvent.hash.in_(heads or [""]))))
    return [h for h in reversed(heads) if h in found]


def _jsonl(items: list[dict[str, Any]]) -> bytes:
    return b"\n".join(json_bytes(x) for x in items) + b"\n"


_FILE_NAME = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


def _attachment_files(paths: Sequence[Path]) -> list[PayloadFile]:
    """Extra files for the platform (the publication workbook and notice written at 公示)."""
    out: list[PayloadFile] = []
    for path in paths:
        path = Path(path)
        if not path.is_file():
            raise NotFoundError(f"找不到要附带的文件 {path}。 / File not found: {path}.")
        if not _FILE_NAME.match(path.name):
            raise ValidationError(
                f"附带文件名只能含字母、数字和 . _ -：{path.name} / Use a plain ASCII file name."
            )
        data = path.read_bytes()
        out.append(PayloadFile(f"files/{path.name}", len(data), lambda d=data: d))
    return out


def export_bundle(
    ws: Workspace,
    flow: str,
    out: Path,
    *,
    recipient_key_id: str | None = None,
    task_no: str | None = None,
    inspector_cert: str | None = None,
    queue: bool = False,
    attach: Sequence[Path] = (),
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ExportResult:
    """Writes one flow's bundle to `out` (atomic); marks the records exported only afterwards."""
    ws.require(Permission.EXCHANGE)
    if flow not in FLOWS:
        raise ValidationError(
            f"未知的数据流 {flow}（可选 {', '.join(FLOWS)}）。 / Unknown flow {flow}."
        )
    out = Path(out)
    if out.is_dir():
        raise ValidationError(
            f"{out} 是文件夹，请给出数据包文件名。 / {out} is a folder; give a file name."
        )
    inst = keys.ensure_installation(ws)
    priv = keys.private_keys(inst)
    recipient = None
    if recipient_key_id:
        key = keys.trusted_key(ws, recipient_key_id)
        if key.revoked or not key.encryption_key:
            raise ValidationError(
                f"公钥 {recipient_key_id} 已吊销或没有加密公钥。 / Key revoked or without encryption key."
            )
        recipient = (key.key_id, bytes.fromhex(key.encryption_key))
    if progress:
        progress(0, 1, "收集数据 / collecting")
    if flow == "assignments":
        # Shipped templates get their rows (and uids) here before they travel, so a laptop
        # never seeds a second copy of a template the office already uses.
        with ws.db.session() as s:
            ensure_templates(s)
    with ws.db.read_session() as s:
        chosen, scope = _select(s, flow, task_no=task_no, inspector_cert=inspector_cert)
        payload = _build_payload(s, chosen, flow)
        stream = f"{flow}:{recipient_key_id or scope.get('inspector') or scope.get('task') or '*'}"
        last = s.execute(
            select(Bundle.sequence, Bundle.manifest_sha256)
            .where(
                Bundle.direction == "out",
                Bundle.flow == flow,
                Bundle.producer == inst.installation_id,
                Bundle.report["stream"].as_string() == stream,
            )
            .order_by(Bundle.sequence.desc())
            .limit(1)
        ).first()
        office = str(get_setting(s, "office.name", "") or "")
        audit_head = audit.chain_head(s)
        audit_extends = _earlier_heads(s, inst.installation_id)
        files: list[PayloadFile] = []
        counts: dict[str, int] = {}
        for kind, recs in payload.records.items():
            data = _jsonl(recs)
            files.append(PayloadFile(f"records/{kind}.jsonl", len(data), lambda d=data: d))
            counts[kind] = len(recs)
        for kind, recs in (
            ("audit_event", payload.audit_events),
            ("tombstone", payload.tombstones),
        ):
            if recs:
                data = _jsonl(recs)
                files.append(PayloadFile(f"records/{kind}.jsonl", len(data), lambda d=data: d))
                counts[kind] = len(recs)
        if payload.blobs:
            meta = [
                {"uid": sha[:36], "data": {"sha256": sha, "size": size, "mime": mime}}
                for sha, (size, mime) in sorted(payload.blobs.items())
            ]
            data = _jsonl(meta)
            files.append(PayloadFile("records/blob.jsonl", len(data), lambda d=data: d))
            counts["blob"] = len(meta)
            bt = AttachmentBlob.__table__

            order = sorted(payload.blobs)
            position = {sha: i for i, sha in enumerate(order)}
            cache: dict[str, bytes] = {}

            def load_blob(sha: str) -> bytes:
                if sha not in cache:  # fetch the next 200 blobs at once, in file order
                    part = order[position[sha] : position[sha] + 200]
                    cache.clear()
                    cache.update(
                        (k, bytes(v))
                        for k, v in s.execute(
                            select(bt.c.sha256, bt.c.data).where(bt.c.sha256.in_(part))
                        )
                    )
                return cache.pop(sha)

            for sha, (size, _mime) in sorted(payload.blobs.items()):
                files.append(
                    PayloadFile(
                        f"blobs/{sha}", size, lambda sha=sha: load_blob(sha), compress=False
                    )
                )
        notes: list[str] = []
        extra = _attachment_files(attach)
        if extra:
            files.extend(extra)
            counts["file"] = len(extra)
        elif flow == "platform":
            notes.append(
                "未附公示工作簿（可用 --attach 附上公示时生成的 xlsx/PDF）。 / No publication workbook attached."
            )
        if flow == "assignments":
            if scope.get("read_only_visits"):
                notes.append(
                    f"其中 {scope['read_only_visits']} 项检查已完成，随检查表只读发送（终端上不能再填写）。"
                    f" / {scope['read_only_visits']} visits already done are sent read-only with their forms."
                )
            notes.append(
                "检查终端须先信任本局公钥才能导入：在终端“导入数据包”时核对指纹"
                f" {keys.fingerprint(inst.signing_key)} 后信任（或先导入本局公钥文件）。"
                " / The laptop must trust this office's key first: compare this fingerprint when it imports."
            )
        sequence = (last[0] + 1) if last else 1
        bundle_id = str(uuid.uuid4())
        manifest = {
            "bundle_id": bundle_id,
            "flow": flow,
            "created_at": utcnow().isoformat(timespec="seconds") + "Z",
            "producer": {
                "installation_id": inst.installation_id,
                "key_id": inst.key_id,
                "office": office,
                "name": inst.name,
                "app_version": __version__,
                # The schema its records were written from: a receiver of another version
                # says so instead of misreading the records (_version_refusal).
                "schema": head_revision(),
                # The public keys, so a laptop can trust the office on first use after
                # comparing the fingerprint (keys.bundle_key_offer); never trusted by itself.
                "signing_key": inst.signing_key,
                "encryption_key": inst.encryption_key,
            },
            "stream": stream,
            "sequence": sequence,
            "prev_bundle_sha256": last[1] if last else None,
            "audit_head": audit_head,
            # Heads this installation showed in earlier bundles that its chain still contains:
            # the receiver refuses a head that does not extend the last one it saw.
            "audit_extends": audit_extends,
            "scope": scope,
            "counts": counts,
        }
        own = keys.signer_lookup(s, inst)

        def verify(path: Path) -> None:
            BundleReader(path, lookup_key=own).close()

        written = write_bundle(
            out,
            manifest=manifest,
            files=files,
            signing_key=priv.signing,
            key_id=inst.key_id,
            recipient=recipient,
            verify=verify,
            progress=progress,
            cancelled=cancelled,
        )
    # The file is on the medium: now (and only now) mark the records exported.
    with ws.db.session() as s:
        for kind, hist in payload.histories.items():
            save_states(s, kind, hist, load_states(s, kind, list(hist)), inst.installation_id)
        s.add(
            Bundle(
                bundle_uid=bundle_id,
                direction="out",
                flow=flow,
                producer=inst.installation_id,
                sequence=sequence,
                prev_hash=manifest["prev_bundle_sha256"],
                manifest_sha256=written.manifest_sha256,
                status=OutboxState.QUEUED if queue else OutboxState.DONE,
                recipient=recipient_key_id,
                path=str(written.path),
                size=written.size,
                report={
                    "stream": stream,
                    "counts": counts,
                    "scope": scope,
                    "audit_head": audit_head,
                },
            )
        )
        audit.log_event(
            s,
            ws.actor,
            "bundle.export",
            entity="bundle",
            entity_uid=bundle_id,
            summary=f"导出{FLOW_LABELS[flow]}数据包 #{sequence} → {out.name}",
            detail={
                "counts": counts,
                "recipient": recipient_key_id,
                "manifest_sha256": written.manifest_sha256,
            },
        )
    return ExportResult(
        written.path,
        bundle_id,
        flow,
        sequence,
        counts,
        recipient_key_id,
        written.size,
        written.manifest_sha256,
        tuple(notes),
    )


# -- verify and import ---------------------------------------------------------------------


def _open(
    ws: Workspace, s: Session, path: Path, progress: Progress | None
) -> tuple[BundleReader, keys.Installation]:
    inst = keys.ensure_installation_in(s)
    decrypt = None
    try:
        decrypt = (inst.key_id, keys.private_keys(inst).encryption)
    except AppError:
        decrypt = None  # integrity can still be checked without the private key
    reader = BundleReader(
        Path(path), lookup_key=keys.signer_lookup(s, inst), decrypt_key=decrypt, progress=progress
    )
    return reader, inst


def _producer_name(reader: BundleReader) -> str:
    """Who sent it, as this office named the key when it trusted it (the manifest's own
    name only for this installation's bundles)."""
    if reader.signer.role != "self" and reader.signer.name:
        return reader.signer.name
    return reader.manifest.office or reader.manifest.installation_id


def _already(s: Session, bundle_id: str) -> str | None:
    return s.scalar(
        select(Bundle.direction)
        .where(Bundle.bundle_uid == bundle_id)
        .order_by(Bundle.direction)
        .limit(1)
    )


def verify_bundle(ws: Workspace, path: Path, *, progress: Progress | None = None) -> BundleCheck:
    """Runs every check the import runs (signature, hashes, zip safety) and writes nothing."""
    ws.require(Permission.READ)
    with ws.db.session() as s:  # may create the installation key on first use
        reader, _inst = _open(ws, s, path, progress)
        with reader:
            m = reader.manifest
            return BundleCheck(
                m.bundle_id,
                m.flow,
                _producer_name(reader),
                reader.signer.role,
                m.sequence,
                m.created_at,
                dict(m.counts),
                m.recipient,
                reader.readable,
                reader.manifest_sha256,
                _already(s, m.bundle_id) is not None,
            )


def _gaps(
    s: Session, producer: str, stream: str, sequence: int, prev_hash: str | None
) -> tuple[list[int], list[str]]:
    rows = s.execute(
        select(Bundle.sequence, Bundle.manifest_sha256).where(
            Bundle.direction == "in",
            Bundle.producer == producer,
            Bundle.report["stream"].as_string() == stream,
        )
    ).all()
    seen = {r[0]: r[1] for r in rows}
    warnings: list[str] = []
    have = {*seen, sequence}
    gaps = missing_numbers(have)
    missing = max(have) - len(have)
    if missing > len(gaps):
        warnings.append(
            f"该来源共缺少 {missing} 个数据包，只列出前 {len(gaps)} 个。"
            f" / {missing} bundles missing from this producer; the first {len(gaps)} listed."
        )
    if sequence - 1 in seen and prev_hash is not None and seen[sequence - 1] != prev_hash:
        warnings.append(
            f"第 {sequence} 号数据包所记的前一包哈希与本机收到的第 {sequence - 1} 号不符。 / Previous-bundle hash mismatch."
        )
    return gaps, warnings


MAX_GAPS_LISTED = 50


def missing_numbers(have: set[int], limit: int = MAX_GAPS_LISTED) -> list[int]:
    """The first `limit` numbers from 1 up to max(have) that are not in `have`.

    Walks the numbers present, never the whole range: a bundle numbered 1,000,000 costs
    no more than one numbered 2 (the list and the report stay short)."""
    out: list[int] = []
    expected = 1
    for n in sorted(have):
        while expected < n and len(out) < limit:
            out.append(expected)
            expected += 1
        if len(out) >= limit:
            break
        expected = n + 1
    return out


class BundleRefused(BundleError):
    """A bundle carrying records its sender may not write: refused whole, nothing written;
    `details` names each refused record and why."""

    def __init__(self, message: str, refusals: Sequence[Refusal]) -> None:
        super().__init__(message, details=[r.line() for r in refusals])
        self.refusals = tuple(refusals)


def _sender_policy(s: Session, reader: BundleReader, maps: IdMaps) -> LaptopPolicy | None:
    """The per-record checks for this bundle's signer: a laptop key gets LaptopPolicy."""
    if reader.signer.role != "laptop":
        return None
    row = s.scalar(select(TrustedKey).where(TrustedKey.key_id == reader.signer.key_id))
    return LaptopPolicy(
        s,
        maps,
        key_name=reader.signer.name,
        inspector_uids=list((row.inspectors if row is not None else None) or []),
        key_id=reader.signer.key_id,
        public_key=reader.signer.signing_key,
    )


def _seen_heads(s: Session, producer: str) -> list[dict[str, Any]]:
    """Every audit chain head this producer has shown here, oldest first (Bundle.report)."""
    out = []
    for report in s.scalars(
        select(Bundle.report)
        .where(Bundle.direction == "in", Bundle.producer == producer)
        .order_by(Bundle.id)
    ):
        if report and report.get("audit_head"):
            out.append(report)
    return out


def _head_refusal(s: Session, m: Any, signer_name: str) -> str | None:
    """Why the producer's audit chain head does not extend the last one seen (None: it does)."""
    seen = _seen_heads(s, m.installation_id)
    if not seen:
        return None
    last = seen[-1]
    last_head = str(last["audit_head"])
    head = m.audit_head
    extends = m.raw.get("audit_extends") or []
    if not isinstance(extends, list):
        extends = []
    if head == last_head or last_head == audit.GENESIS or last_head in extends:
        return None
    if head and head in (last.get("audit_extends") or []):
        return None  # an older bundle arriving late: the last one seen extends it
    return (
        f"“{signer_name}”的审计链头 {str(head)[:16]}… 不是本局上次见到的链头 {last_head[:16]}… 的延续"
        "（该终端的审计记录可能被删改或数据库被替换），拒绝导入。请核查该终端。"
        f" / The producer's audit chain head {head} does not extend the last head seen here,"
        f" {last_head}; refused."
    )


def import_bundle(
    ws: Workspace,
    path: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    accept_allowed_part: bool = False,
) -> ImportReport:
    """Verifies everything, checks every record against what its sender may write, then
    merges in one transaction; a second import changes nothing.

    A bundle with any refused record is refused whole (BundleRefused, nothing written) unless
    a supervisor sets `accept_allowed_part`: then the allowed records are imported and the
    refused ones are listed in the report and kept with the bundle's record for review.
    """
    ws.require(Permission.EXCHANGE)
    with ws.db.read_session() as rs:
        inst = keys._installation_from(rs)
    if inst is None:
        keys.ensure_installation(ws)
    with ws.db.read_session() as rs:
        reader, inst = _open(ws, rs, path, progress)
        seen = _already(rs, reader.manifest.bundle_id)
    with reader:
        m = reader.manifest
        producer_name = _producer_name(reader)
        if m.flow != "assignments":
            # Results and publication data change what the office holds: a supervisor's
            # decision, as reviewing them would be (an inspector may import only assignments).
            ws.require(Permission.REVIEW)
        if m.installation_id == inst.installation_id and reader.signer.role != "self":
            raise BundleError(
                f"数据包声称来自本机（安装编号 {m.installation_id} 与本机相同），却由另一把密钥"
                f"“{reader.signer.name}”签发：可能是复制了本局数据库的终端。已拒绝，未导入任何数据；"
                "请在该终端重新生成安装编号和密钥后再交换。"
                " / The bundle claims this installation's id but is signed by another key; refused."
            )
        if seen is not None or m.installation_id == inst.installation_id:
            return ImportReport(
                m.bundle_id,
                m.flow,
                producer_name,
                m.sequence,
                already_imported=True,
                own_bundle=seen == "out" or m.installation_id == inst.installation_id,
            )
        if reader.signer.role not in ACCEPTED_SIGNERS[m.flow]:
            raise BundleError(
                f"{FLOW_LABELS[m.flow]}数据包须由{'/'.join(sorted(ACCEPTED_SIGNERS[m.flow] - {'self'}))}密钥签发，"
                f"而签发者 {reader.signer.name} 的角色是 {reader.signer.role}。 / Wrong signer role for this flow."
            )
        reader.require_readable()
        version_problem = _version_refusal(reader)
        if version_problem is not None:
            raise BundleError(version_problem)
        with ws.db.read_session() as rs:  # a laptop's trail must go on from what it showed
            head_problem = (
                _head_refusal(rs, m, producer_name) if reader.signer.role == "laptop" else None
            )
        if head_problem is not None:
            raise BundleError(head_problem)
        try:
            with ws.db.session() as s:
                if m.flow == "results":
                    # Forms pin the shipped checklist templates by code and version; an office
                    # that has not opened a checklist itself has not seeded them yet.
                    ensure_templates(s)
                report = _merge(ws, s, reader, inst, progress, cancelled, accept_allowed_part)
        except IntegrityError as exc:
            with ws.db.read_session() as rs:
                if _already(rs, m.bundle_id) is not None:
                    return ImportReport(
                        m.bundle_id, m.flow, producer_name, m.sequence, already_imported=True
                    )
            raise ConflictError(
                f"导入失败，数据未写入：{exc.orig} / Import failed; nothing written."
            ) from exc
    return report


def _version_refusal(reader: BundleReader) -> str | None:
    """A bundle written by another version of the program whose records have another shape
    (a laptop not yet upgraded when the office was, or the other way round): one plain refusal
    naming both versions, before anything else reads the records as changes of every field."""
    producer = reader.manifest.raw.get("producer") or {}
    theirs = str(producer.get("schema") or "0001")  # the first release did not write it
    ours = head_revision()
    if theirs == ours:
        return None
    for kind, spec in SPECS.items():
        for rec in reader.records(kind):
            data = rec.get("data")
            if not isinstance(data, dict):
                return None  # malformed: the merge refuses it with the record named
            missing = sorted(expected_keys(spec) - set(data))
            extra = sorted(set(data) - expected_keys(spec))
            if missing or extra:
                older = theirs < ours
                return (
                    f"数据包由{'较旧' if older else '较新'}版本的程序导出（数据结构版本 {theirs}，本机为 {ours}），"
                    f"记录格式不同（{kind}：{'缺少' if missing else '多出'} {'、'.join(missing or extra)}），"
                    "未导入任何数据。"
                    + (
                        "请先把导出它的电脑上的程序升级到与本机相同的版本，再重新导出数据包。"
                        if older
                        else "请先把本机程序升级到与导出方相同的版本，再导入。"
                    )
                    + f" / The bundle was written by {'an older' if older else 'a newer'} version"
                    f" (schema {theirs}, here {ours}); upgrade {'the sender' if older else 'this computer'}"
                    " and export again. Nothing imported."
                )
            break  # one record a kind shows its shape
    return None


def _merge(
    ws: Workspace,
    s: Session,
    reader: BundleReader,
    inst: keys.Installation,
    progress: Progress | None,
    cancelled: Cancelled | None,
    accept_allowed_part: bool = False,
) -> ImportReport:
    m = reader.manifest
    stream = str(m.raw.get("stream") or f"{m.flow}:*")
    maps = IdMaps(s)
    merger = Merger(
        s,
        bundle_uid=m.bundle_id,
        origin=m.installation_id,
        maps=maps,
        policy=_sender_policy(s, reader, maps),
    )
    tombstoned = set(s.scalars(select(Tombstone.entity_uid)))
    steps = [*ORDER, "blob", "tombstone", "audit_event"]
    for n, kind in enumerate(steps):
        if cancelled is not None and cancelled():
            raise AppError("已取消，未导入任何数据。 / Cancelled; nothing imported.")
        if progress:
            progress(n, len(steps), f"合并 / merging {kind}")
        records = list(reader.records(kind))
        if records and kind not in FLOW_KINDS[m.flow]:
            for rec in records:
                merger.refuse(
                    kind,
                    str(rec.get("uid")),
                    "add",
                    f"{FLOW_LABELS[m.flow]}数据包不能携带此类记录",
                    rec.get("data"),
                )
            continue
        try:
            if kind == "blob":
                merger.merge_blobs(reader, records)
            elif kind == "tombstone":
                merger.merge_tombstones(records)
            elif kind == "audit_event":
                merger.merge_audit_events(records, m.installation_id)
            else:
                merger.merge_kind(SPECS[kind], records, tombstoned)
        except (TypeError, ValueError, KeyError, AttributeError, OverflowError) as exc:
            # A signed record of a shape the merge does not expect: refused as a whole,
            # with the kind named; the transaction rolls back (nothing written).
            raise BundleError(
                f"数据包中的 {kind} 记录格式不正确（{type(exc).__name__}: {exc}），已拒绝，未写入任何数据。"
                f" / Malformed {kind} record; nothing imported."
            ) from exc
    if m.flow == "results":
        # Results from a laptop whose calendar lacked the year arrive without 公示期限: the
        # office's working-day calendar gives it (the office is the authority on deadlines).
        from app.core.services.results.calendar import calendar_from_session
        from app.core.services.results.results import fill_missing_due_dates

        fill_missing_due_dates(s, calendar_from_session(s))
    unknown = {p.split("/")[1].removesuffix(".jsonl") for p in reader.paths("records/")} - set(
        steps
    )
    gaps, warnings = _gaps(s, m.installation_id, stream, m.sequence, m.prev_bundle_sha256)
    if unknown:
        warnings.append(
            f"忽略了本程序不认识的记录类型：{', '.join(sorted(unknown))} / Unknown record kinds ignored."
        )
    t = merger.tally
    if t.refused and not accept_allowed_part:
        raise BundleRefused(
            f"数据包含 {len(t.refused)} 条发送方无权写入的记录，整包拒收，未导入任何数据："
            f"{t.refused[0].line()}"
            f" / {len(t.refused)} records the sender may not write; the bundle is refused whole,"
            " nothing imported.",
            t.refused,
        )
    report = ImportReport(
        m.bundle_id,
        m.flow,
        _producer_name(reader),
        m.sequence,
        added=dict(t.added),
        updated=dict(t.updated),
        unchanged=dict(t.unchanged),
        conflicts=dict(t.conflicts),
        deleted=dict(t.deleted),
        conflict_items=tuple(t.conflict_items),
        gaps=tuple(gaps),
        warnings=tuple(warnings),
        refused=tuple(t.refused),
    )
    s.add(
        Bundle(
            bundle_uid=m.bundle_id,
            direction="in",
            flow=m.flow,
            producer=m.installation_id,
            sequence=m.sequence,
            prev_hash=m.prev_bundle_sha256,
            manifest_sha256=reader.manifest_sha256,
            status=OutboxState.DONE,
            path=str(reader.path),
            report={
                "stream": stream,
                "producer_name": _producer_name(reader),
                "key_id": m.key_id,
                "audit_head": m.audit_head,
                "audit_extends": [
                    h for h in (m.raw.get("audit_extends") or []) if isinstance(h, str)
                ][-64:],
                "refused": [
                    {"kind": r.kind, "uid": r.uid, "op": r.op, "reason": r.reason, "data": r.data}
                    for r in t.refused
                ],
                "added": report.added,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "conflicts": report.conflicts,
                "deleted": report.deleted,
                "gaps": list(gaps),
                "warnings": list(warnings),
            },
        )
    )
    audit.log_event(
        s,
        ws.actor,
        "bundle.import",
        entity="bundle",
        entity_uid=m.bundle_id,
        summary=f"导入{FLOW_LABELS[m.flow]}数据包 #{m.sequence}（{_producer_name(reader)}）：{report.summary().splitlines()[0]}",
        detail={
            "manifest_sha256": reader.manifest_sha256,
            "producer": m.installation_id,
            "producer_audit_head": m.audit_head,
            "gaps": list(gaps),
            "refused": [r.line() for r in t.refused],
        },
    )
    if progress:
        progress(len(steps), len(steps), "完成 / done")
    return report


# -- history -----------------------------------------------------------------------------


@dataclass(frozen=True)
class BundleInfo:
    id: int
    bundle_id: str
    direction: str
    flow: str
    sequence: int
    status: str
    created_at: str
    counts: dict[str, int]
    path: str | None
    recipient: str | None
    attempts: int
    last_error: str | None
    producer_name: str


def list_bundles(
    ws: Workspace, *, direction: str | None = None, status: str | None = None
) -> list[BundleInfo]:
    with ws.db.read_session() as s:
        stmt = select(Bundle).order_by(Bundle.id.desc())
        if direction:
            stmt = stmt.where(Bundle.direction == direction)
        if status:
            stmt = stmt.where(Bundle.status == status)
        names = dict(s.execute(select(TrustedKey.key_id, TrustedKey.name)).all())
        out = []
        for b in s.scalars(stmt.limit(1000)):
            rep = b.report or {}
            counts = rep.get("counts") or {
                k: sum((rep.get(k) or {}).values())
                for k in ("added", "updated", "unchanged", "conflicts")
            }
            out.append(
                BundleInfo(
                    b.id,
                    b.bundle_uid,
                    b.direction,
                    b.flow,
                    b.sequence,
                    b.status,
                    fmt_time(b.created_at, seconds=True),
                    counts,
                    b.path,
                    b.recipient,
                    b.attempts or 0,
                    b.last_error,
                    rep.get("producer_name")
                    or names.get(rep.get("key_id", ""), "")
                    or ("本机" if b.direction == "out" else b.producer),
                )
            )
        return out


def open_conflict_count(ws: Workspace) -> int:

    with ws.db.read_session() as s:
        return int(
            s.scalar(
                select(func.count())
                .select_from(SyncConflict)
                .where(SyncConflict.status == ConflictState.OPEN)
            )
            or 0
        )


EXPORT_CHANGES = Changes.of(Area.BUNDLES, Area.SYNC)  # a bundle written (its sequence, the outbox)


def bundle_changes(report: ImportReport) -> Changes:
    return Changes.of(
        Area.TARGETS,
        Area.TASKS,
        Area.VISITS,
        Area.INSPECTIONS,
        Area.RESULTS,
        Area.CONFLICTS,
        Area.BUNDLES,
        message=report.summary(),
    )
