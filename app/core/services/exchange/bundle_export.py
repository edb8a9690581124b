"""Writing a hand-off bundle: which rows a flow carries (assignments office → laptop,
results laptop → office, platform office → platform), their payload with attachments and
the sender's recent chain heads, signed and written to the medium; records are marked
exported only after the file is safely there. Reading one back is services/exchange/bundles.py.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.bundles.format import FLOWS, json_bytes
from app.core.bundles.reader import BundleReader
from app.core.bundles.writer import PayloadFile, write_bundle
from app.core.domain.errors import NotFoundError, ValidationError
from app.core.domain.roles import Permission
from app.core.domain.states import FormState, OutboxState, ResultState
from app.core.services.checklist.checklists import GENERIC_CODE, ensure_templates, shipped_seed
from app.core.services.exchange.bundle_merge import load_states, save_states
from app.core.services.exchange.bundle_policy import FLOW_LABELS
from app.core.services.exchange.bundle_records import (
    ORDER,
    SPECS,
    IdMaps,
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
    Task,
    TaskItem,
    Tombstone,
    Visit,
    VisitMember,
    VisitTask,
    utcnow,
)
from app.version import __version__

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]
EXPORT_HISTORY = 8  # hashes per record in a bundle: enough for fast-forward, small on disk
EXPORT_CHANGES = Changes.of(Area.BUNDLES, Area.SYNC)  # a bundle written (its sequence, the outbox)


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
        out.append(PayloadFile(f"files/{path.name}", len(data), partial(bytes, data)))
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
            files.append(PayloadFile(f"records/{kind}.jsonl", len(data), partial(bytes, data)))
            counts[kind] = len(recs)
        for kind, recs in (
            ("audit_event", payload.audit_events),
            ("tombstone", payload.tombstones),
        ):
            if recs:
                data = _jsonl(recs)
                files.append(PayloadFile(f"records/{kind}.jsonl", len(data), partial(bytes, data)))
                counts[kind] = len(recs)
        if payload.blobs:
            meta = [
                {"uid": sha[:36], "data": {"sha256": sha, "size": size, "mime": mime}}
                for sha, (size, mime) in sorted(payload.blobs.items())
            ]
            data = _jsonl(meta)
            files.append(PayloadFile("records/blob.jsonl", len(data), partial(bytes, data)))
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
                    PayloadFile(f"blobs/{sha}", size, partial(load_blob, sha), compress=False)
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
