"""Hand-off bundles read back: verify a file, import one in a single transaction, the history.

Flows: assignments (office → laptop), results (laptop → office), platform (office → platform).
Everything is verified before anything is written. Writing a bundle is bundle_export.py;
merge rules live in bundle_merge.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core.bundles.format import BundleError
from app.core.bundles.reader import BundleReader
from app.core.domain.errors import AppError, ConflictError
from app.core.domain.localtime import fmt_time
from app.core.domain.roles import Permission
from app.core.domain.states import OutboxState
from app.core.services.checklist.checklists import ensure_templates
from app.core.services.exchange.bundle_merge import Merger
from app.core.services.exchange.bundle_policy import FLOW_KINDS, FLOW_LABELS, LaptopPolicy, Refusal
from app.core.services.exchange.bundle_records import (
    ORDER,
    SPECS,
    IdMaps,
    expected_keys,
)
from app.core.services.kernel import audit, keys
from app.core.services.kernel.workspace import Area, Changes, Done, Workspace
from app.core.services.results.calendar import calendar_from_session
from app.core.services.results.due_dates import fill_missing_due_dates
from app.core.storage.migrate import head_revision
from app.core.storage.models import (
    Bundle,
    Tombstone,
    TrustedKey,
)

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]
ACCEPTED_SIGNERS = {
    "assignments": {"office", "self"},
    "results": {"laptop", "office", "self"},
    "platform": {"office", "self"},
}


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


def imported(report: ImportReport) -> Done[ImportReport]:
    """An import's report with the areas it changed, for a front end's runner (the import
    dialog shows the report itself, in the UI's language: no message here)."""
    return Changes(bundle_changes(report).areas).carrying(report)


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
