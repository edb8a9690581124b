"""Per-record merge of an incoming bundle inside the import's one transaction.

Rule (docs/bundle-format.md §Merge): same content → unchanged; an incoming state we had
before → unchanged (stale); our current state in the incoming history → updated
(fast-forward); otherwise changed on both sides → both kept in SyncConflict. A completed
form never merges. Never called outside services/bundles.import_bundle's session.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core.bundles.format import BundleError, sha256_hex
from app.core.bundles.reader import BundleReader
from app.core.domain.errors import ConflictError
from app.core.domain.states import ConflictState, FormState
from app.core.services.exchange.bundle_policy import KIND_LABELS, LaptopPolicy, Refusal
from app.core.services.exchange.bundle_records import (
    CHILDREN,
    SPECS,
    EntitySpec,
    IdMaps,
    deserialize,
    load_children,
    merge_history,
    record_hash,
    serialize_row,
)
from app.core.services.kernel import audit
from app.core.storage.models import (
    AttachmentBlob,
    AuditEvent,
    RemoteAuditEvent,
    SyncConflict,
    SyncState,
    TaskItem,
    Tombstone,
    VisitMember,
    table_of,
    utcnow,
)

CHUNK = 500


def touched(session: Session, table: Any, keys: Any) -> None:
    """Core writes on a server database are reported to the audit trail so they get sealed
    (on SQLite the trail's triggers see them by themselves)."""
    if session.get_bind().dialect.name != "sqlite":
        audit.mark_changed(session, table.name, list(keys))


@dataclass
class Tally:
    """What an import did, per kind."""

    added: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    unchanged: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    conflicts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    deleted: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    conflict_items: list[tuple[str, str, str]] = field(default_factory=list)  # kind, uid, reason
    refused: list[Refusal] = field(default_factory=list)  # writes the sender may not make


def _chunks(items: list[Any], n: int = CHUNK) -> Any:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def load_states(session: Session, kind: str, uids: list[str]) -> dict[str, dict[str, Any]]:
    t = table_of(SyncState)
    out: dict[str, dict[str, Any]] = {}
    for part in _chunks(uids):
        for r in session.execute(
            select(t).where(t.c.entity == kind, t.c.entity_uid.in_(part))
        ).mappings():
            out[r["entity_uid"]] = dict(r)
    return out


def save_states(
    session: Session,
    kind: str,
    new_histories: dict[str, list[str]],
    existing: dict[str, dict[str, Any]],
    origin: str | None,
) -> None:
    """Writes SyncState histories (bulk); `existing` as returned by load_states."""
    t = table_of(SyncState)
    inserts = [
        {"entity": kind, "entity_uid": uid, "history": h, "origin": origin}
        for uid, h in new_histories.items()
        if uid not in existing
    ]
    updates = [
        {"sid": existing[uid]["id"], "h": h}
        for uid, h in new_histories.items()
        if uid in existing and existing[uid]["history"] != h
    ]
    if inserts:
        touched(session, t, session.scalars(insert(t).returning(t.c.id), inserts).all())
    if updates:
        session.execute(
            update(t).where(t.c.id == bindparam("sid")).values(history=bindparam("h")), updates
        )
        touched(session, t, [u["sid"] for u in updates])


def _completed_locked(spec: EntitySpec, local: dict[str, Any], incoming: dict[str, Any]) -> bool:
    """A completed form never merges; the one change allowed is completed → superseded."""
    if spec.kind != "inspection" or local.get("status") != FormState.COMPLETED:
        return False
    if incoming.get("status") == FormState.SUPERSEDED:
        rest_local = {k: v for k, v in local.items() if k != "status"}
        rest_in = {k: v for k, v in incoming.items() if k != "status"}
        return rest_local != rest_in
    return True


class Merger:
    """Applies one verified bundle's records; every write goes through this session."""

    def __init__(
        self,
        session: Session,
        *,
        bundle_uid: str,
        origin: str,
        maps: IdMaps | None = None,
        policy: LaptopPolicy | None = None,
    ) -> None:
        self.s = session
        self.maps = maps or IdMaps(session)
        self.bundle_uid = bundle_uid
        self.origin = origin
        self.policy = policy  # None: the sender is the office (or this installation)
        self.tally = Tally()
        self.now = utcnow()
        self._open_conflicts: set[tuple[str, str, str]] | None = None

    # -- authorisation -------------------------------------------------------------------

    def refuse(self, kind: str, uid: str, op: str, reason: str, data: Any = None) -> None:
        """Records a write the sender may not make; nothing of it is written."""
        what = self.policy.describe(kind, str(uid), data) if self.policy is not None else ""
        self.tally.refused.append(Refusal(kind, str(uid), op, reason, data, what))

    def _refused(
        self,
        spec: EntitySpec,
        uid: str,
        op: str,
        data: dict[str, Any],
        local: dict[str, Any] | None = None,
        local_data: dict[str, Any] | None = None,
    ) -> bool:
        if self.policy is None:
            return False
        reason = self.policy.check(spec.kind, uid, op, data, local, local_data)
        if reason is None:
            return False
        self.refuse(spec.kind, uid, op, reason, data)
        return True

    # -- conflicts ---------------------------------------------------------------------

    def _conflict(
        self,
        kind: str,
        uid: str,
        local: dict[str, Any],
        h_local: str | None,
        incoming: dict[str, Any] | None,
        h_in: str,
        history: list[str],
        reason: str,
    ) -> None:
        if self._open_conflicts is None:
            t = table_of(SyncConflict)
            self._open_conflicts = {
                (r.entity, r.entity_uid, (r.incoming or {}).get("hash", ""))
                for r in self.s.execute(
                    select(t.c.entity, t.c.entity_uid, t.c.incoming).where(
                        t.c.status == ConflictState.OPEN
                    )
                )
            }
        self.tally.conflicts[kind] += 1
        self.tally.conflict_items.append((kind, uid, reason))
        key = (kind, uid, h_in)
        if key in self._open_conflicts:
            return
        self._open_conflicts.add(key)
        self.s.add(
            SyncConflict(
                entity=kind,
                entity_uid=uid,
                local={"data": local, "hash": h_local},
                incoming={"data": incoming, "hash": h_in, "history": history, "reason": reason},
                bundle_uid=self.bundle_uid,
                status=ConflictState.OPEN,
            )
        )

    # -- records -----------------------------------------------------------------------

    def _natural_index(self, spec: EntitySpec) -> dict[tuple[Any, ...], tuple[int, str]]:
        t = spec.table
        cols = [t.c[c] for c in spec.natural_key]
        index: dict[tuple[Any, ...], tuple[int, str]] = {}
        for r in self.s.execute(select(t.c.id, t.c.uid, *cols)):
            key = tuple(r[2:])
            if all(v is not None for v in key):
                index[key] = (r[0], r[1])
        return index

    def replace_children(
        self, kind: str, row_id: int, data: dict[str, Any] | None, uid: str
    ) -> None:
        """Replaces a row's embedded children (CHILDREN) with those in `data` (None: none)."""
        if kind not in CHILDREN:
            return
        children = (data or {}).get(CHILDREN[kind]) or []
        if not isinstance(children, list):
            raise BundleError(f"记录 {kind} {uid} 的子记录格式不正确。 / Bad child rows in {uid}.")
        if kind == "visit":
            self._replace_members(row_id, children, uid)
        else:
            self._replace_task_items(row_id, children, uid)

    def _replace_task_items(self, task_id: int, items: list[dict[str, Any]], uid: str) -> None:
        t = table_of(TaskItem)
        touched(
            self.s,
            t,
            self.s.scalars(delete(t).where(t.c.task_id == task_id).returning(t.c.id)).all(),
        )
        rows = []
        seen: set[int] = set()
        for m in items:
            item_id = (
                self.maps.id("inspection_item", m.get("item_uid")) if isinstance(m, dict) else None
            )
            ratio = m.get("ratio_permille") if isinstance(m, dict) else None
            if item_id is None or item_id in seen:
                raise BundleError(
                    f"任务 {uid} 的检查事项在本机和数据包中都不存在或重复。 / Unknown or duplicate item in task {uid}."
                )
            if ratio is not None and (not isinstance(ratio, int) or isinstance(ratio, bool)):
                raise BundleError(f"任务 {uid} 的抽查比例不正确。 / Bad ratio in task {uid}.")
            seen.add(item_id)
            rows.append({"task_id": task_id, "item_id": item_id, "ratio_permille": ratio})
        if rows:
            touched(self.s, t, self.s.scalars(insert(t).returning(t.c.id), rows).all())

    def _replace_members(self, visit_id: int, members: list[dict[str, Any]], uid: str) -> None:
        t = table_of(VisitMember)
        touched(
            self.s,
            t,
            self.s.scalars(delete(t).where(t.c.visit_id == visit_id).returning(t.c.id)).all(),
        )
        rows = []
        for m in members:
            if not isinstance(m, dict):
                raise BundleError(
                    f"检查组成员格式不正确（检查 {uid}）。 / Bad team member in visit {uid}."
                )
            insp = self.maps.id("inspector", m.get("inspector_uid"))
            expert = self.maps.id("expert", m.get("expert_uid"))
            if m.get("inspector_uid") and insp is None or m.get("expert_uid") and expert is None:
                raise BundleError(
                    f"检查 {uid} 的检查组成员在本机不存在。 / Unknown team member in visit {uid}."
                )
            rows.append(
                {
                    "visit_id": visit_id,
                    "inspector_id": insp,
                    "expert_id": expert,
                    "role": m.get("role") or "成员",
                    "position": int(m.get("position") or 0),
                    "source": m.get("source") or "draw",
                    "reason": m.get("reason"),
                }
            )
        if rows:
            touched(self.s, t, self.s.scalars(insert(t).returning(t.c.id), rows).all())

    def merge_kind(
        self, spec: EntitySpec, records: list[dict[str, Any]], tombstoned: set[str]
    ) -> None:
        if not records:
            return
        t = spec.table
        uids = []
        for rec in records:
            uid = rec.get("uid")
            if (
                not isinstance(uid, str)
                or not 1 <= len(uid) <= 36
                or not isinstance(rec.get("data"), dict)
            ):
                raise BundleError(
                    f"数据包中 {spec.kind} 记录缺少 uid 或 data。 / Malformed {spec.kind} record."
                )
            uids.append(uid)
        locals_: dict[str, dict[str, Any]] = {}
        for part in _chunks(uids):
            for r in self.s.execute(select(t).where(t.c.uid.in_(part))).mappings():
                locals_[r["uid"]] = dict(r)
        members = load_children(self.s, spec.kind, [r["id"] for r in locals_.values()], self.maps)
        states = load_states(self.s, spec.kind, uids)
        natural = self._natural_index(spec) if spec.natural_key else {}
        completed_parents: set[int] = set()
        if spec.kind in ("signature", "attachment"):
            it = SPECS["inspection"].table
            completed_parents = set(
                self.s.scalars(select(it.c.id).where(it.c.status == FormState.COMPLETED))
            )
        histories: dict[str, list[str]] = {}
        pending: list[tuple[dict[str, Any], dict[str, Any]]] = []
        pending_uids: set[str] = set()
        self_refs = [spec.key_for(c) for c, k in spec.refs.items() if k == spec.kind]

        def flush() -> None:
            if not pending:
                return
            ids = self.s.execute(
                insert(t).returning(t.c.id, t.c.uid, sort_by_parameter_order=True),
                [v for v, _m in pending],
            ).all()
            touched(self.s, t, [r[0] for r in ids])
            for (row_id, row_uid), (_v, data) in zip(ids, pending, strict=True):
                self.maps.add(spec.kind, row_id, row_uid)
                self.replace_children(spec.kind, row_id, data, row_uid)
            pending.clear()
            pending_uids.clear()

        for rec in records:
            uid, data = rec["uid"], rec["data"]
            h_in = record_hash(data)
            if rec.get("hash") != h_in:
                raise BundleError(
                    f"记录 {spec.kind} {uid} 的内容与其哈希不符。 / Record hash mismatch."
                )
            hist_in = [h for h in rec.get("history") or [] if isinstance(h, str)]
            state_hist = list((states.get(uid) or {}).get("history") or [])
            local = locals_.get(uid)
            local_uid = uid
            natural_match = False
            if any(data.get(k) in pending_uids for k in self_refs):
                flush()  # a reference to a row of this batch: insert the batch first
            if local is None:
                if uid in tombstoned or uid in pending_uids:
                    self.tally.unchanged[spec.kind] += 1
                    continue
                if self.policy is not None:
                    plain_key = all(c not in spec.refs for c in spec.natural_key)
                    known = (
                        spec.natural_key
                        and plain_key
                        and tuple(data.get(c) for c in spec.natural_key) in natural
                    )
                    if not known and self._refused(spec, uid, "add", data):
                        continue
                values = deserialize(spec, uid, data, self.maps)
                key = tuple(values[c] for c in spec.natural_key) if spec.natural_key else ()
                if key not in natural:
                    now = self.now
                    pending.append(
                        (
                            {
                                **values,
                                "uid": uid,
                                "version": 1,
                                "created_at": now,
                                "updated_at": now,
                            },
                            data,
                        )
                    )
                    pending_uids.add(uid)
                    if spec.natural_key:
                        natural[key] = (-1, uid)
                    if len(pending) >= CHUNK:
                        flush()
                    self.tally.added[spec.kind] += 1
                    histories[uid] = merge_history(state_hist, hist_in, [h_in])
                    continue
                # The same record under another uid (e.g. a shipped template both sides
                # seeded): merged with the local row by the same rules, under the local uid.
                flush()
                row_id, local_uid = natural[key]
                if row_id < 0:
                    raise BundleError(
                        f"数据包中 {spec.kind} 有重复的编号 {key}。 / Duplicate key in the bundle."
                    )
                self.maps.alias(spec.kind, uid, row_id)
                local = dict(self.s.execute(select(t).where(t.c.id == row_id)).mappings().one())
                members.update(load_children(self.s, spec.kind, [row_id], self.maps))
                if local_uid not in states:
                    states.update(load_states(self.s, spec.kind, [local_uid]))
                state_hist = merge_history(
                    (states.get(local_uid) or {}).get("history") or [], state_hist
                )
                natural_match = True
            local_data = serialize_row(spec, local, self.maps, members.get(local["id"]))
            h_local = record_hash(local_data)
            if h_local == h_in or h_in in state_hist:
                self.tally.unchanged[spec.kind] += 1
                histories[local_uid] = merge_history(state_hist, hist_in, [h_in], [h_local])
                continue
            locked = _completed_locked(spec, local_data, data) or (
                spec.kind in ("signature", "attachment")
                and local["inspection_id"] in completed_parents
            )
            if self._refused(spec, uid, "update", data, local, local_data):
                continue
            if h_local in hist_in and not locked:
                values = deserialize(spec, uid, data, self.maps)
                result = cast(
                    CursorResult[Any],  # an UPDATE's result: it counts the rows matched
                    self.s.execute(
                        update(t)
                        .where(t.c.id == local["id"], t.c.version == local["version"])
                        .values(**values, version=local["version"] + 1, updated_at=self.now)
                    ),
                )
                if result.rowcount != 1:
                    raise ConflictError(
                        "导入期间记录已被其他工作站修改，请重新导入。 / A record changed elsewhere during the import; import again."
                    )
                touched(self.s, t, [local["id"]])
                self.replace_children(spec.kind, local["id"], data, uid)
                self.tally.updated[spec.kind] += 1
                histories[local_uid] = merge_history(state_hist, hist_in, [h_local], [h_in])
                continue
            if locked:
                reason = "completed_form"
            elif natural_match:
                reason = "version_clash" if spec.kind == "inspection" else "natural_key"
            else:
                reason = "both_changed"
            self._conflict(spec.kind, uid, local_data, h_local, data, h_in, hist_in, reason)
        flush()
        save_states(self.s, spec.kind, histories, states, self.origin)

    # -- tombstones, blobs, audit events -----------------------------------------------

    def merge_tombstones(self, records: list[dict[str, Any]]) -> None:
        tt = table_of(Tombstone)
        have = set(self.s.scalars(select(tt.c.entity_uid)))
        for rec in records:
            data = rec.get("data") or {}
            kind, uid = data.get("entity"), data.get("entity_uid")
            if kind not in SPECS or not isinstance(uid, str):
                raise BundleError("删除记录（tombstone）格式不正确。 / Malformed tombstone.")
            spec = SPECS[kind]
            local = (
                self.s.execute(select(spec.table).where(spec.table.c.uid == uid)).mappings().first()
            )
            if local is None and uid in have:
                continue  # a deletion this installation already knows
            if self.policy is not None:
                reason = self.policy.check(
                    kind, uid, "delete", None, None if local is None else dict(local), None
                )
                if reason is not None:
                    label = KIND_LABELS.get(kind, kind)
                    self.refuse("tombstone", uid, "delete", f"{label}：{reason}", data)
                    continue
            if local is not None:
                state_hist = (load_states(self.s, kind, [uid]).get(uid) or {}).get("history") or []
                lm = load_children(self.s, kind, [local["id"]], self.maps).get(local["id"])
                local_data = serialize_row(spec, local, self.maps, lm)
                h_local = record_hash(local_data)
                if h_local not in state_hist or (
                    kind == "inspection" and local["status"] == FormState.COMPLETED
                ):
                    self._conflict(
                        kind, uid, local_data, h_local, None, "deleted", [], "deleted_there"
                    )
                    continue
                try:
                    with self.s.begin_nested():
                        self.replace_children(kind, local["id"], None, uid)
                        self.s.execute(delete(spec.table).where(spec.table.c.id == local["id"]))
                        touched(self.s, spec.table, [local["id"]])
                except IntegrityError:
                    self._conflict(
                        kind, uid, local_data, h_local, None, "deleted", [], "deleted_there_in_use"
                    )
                    continue
                self.tally.deleted[kind] += 1
            if uid not in have:
                deleted_at = data.get("deleted_at")
                touched(
                    self.s,
                    tt,
                    [
                        self.s.execute(
                            insert(tt)
                            .values(
                                entity=kind,
                                entity_uid=uid,
                                note=data.get("note"),
                                deleted_at=datetime.fromisoformat(deleted_at)
                                if isinstance(deleted_at, str)
                                else self.now,
                            )
                            .returning(tt.c.id)
                        ).scalar_one()
                    ],
                )
                have.add(uid)

    def merge_blobs(self, reader: BundleReader, records: list[dict[str, Any]]) -> None:
        bt = table_of(AttachmentBlob)
        wanted = [r.get("data", {}).get("sha256") for r in records]
        have: set[str] = set()
        for part in _chunks([w for w in wanted if isinstance(w, str)]):
            have.update(self.s.scalars(select(bt.c.sha256).where(bt.c.sha256.in_(part))))
        batch: list[dict[str, Any]] = []
        present = set(reader.paths("blobs/"))
        for rec in records:
            meta = rec.get("data") or {}
            sha = meta.get("sha256")
            if not isinstance(sha, str) or f"blobs/{sha}" not in present:
                raise BundleError(
                    f"附件 {sha} 不在数据包中。 / Attachment {sha} missing from the bundle."
                )
            if sha in have:
                self.tally.unchanged["blob"] += 1
                continue
            data = reader.read(f"blobs/{sha}")
            if sha256_hex(data) != sha:
                raise BundleError(
                    f"附件 {sha} 的内容与其名称不符。 / Attachment content does not match its hash."
                )
            batch.append(
                {
                    "sha256": sha,
                    "size": len(data),
                    "mime": str(meta.get("mime") or "application/octet-stream"),
                    "data": data,
                    "created_at": self.now,
                }
            )
            have.add(sha)
            self.tally.added["blob"] += 1
            if len(batch) >= 200:
                self.s.execute(insert(bt), batch)
                touched(self.s, bt, [b["sha256"] for b in batch])
                batch = []
        if batch:
            self.s.execute(insert(bt), batch)
            touched(self.s, bt, [b["sha256"] for b in batch])

    def merge_audit_events(self, records: list[dict[str, Any]], producer: str) -> None:
        rt, at = table_of(RemoteAuditEvent), table_of(AuditEvent)
        hashes = [r.get("data", {}).get("hash") for r in records]
        have: set[str] = set()
        for part in _chunks([h for h in hashes if isinstance(h, str)]):
            have.update(self.s.scalars(select(rt.c.hash).where(rt.c.hash.in_(part))))
            have.update(self.s.scalars(select(at.c.hash).where(at.c.hash.in_(part))))
        rows = []
        columns = {c.name for c in at.columns} - {"id"}
        for rec in records:
            d = rec.get("data") or {}
            try:
                fields = {k: d[k] for k in columns if k in d}
                fields["at"] = datetime.fromisoformat(d["at"])
                # The chain's own hashing, so a carried event stays verifiable as its producer made it.
                ok = audit._event_hash(AuditEvent(**fields)) == d["hash"]
            except (KeyError, TypeError, ValueError) as exc:
                raise BundleError("审计事件记录格式不正确。 / Malformed audit event.") from exc
            if not ok:
                raise BundleError(
                    f"审计事件 {d.get('hash')} 的哈希不符。 / Audit event hash mismatch."
                )
            if d["hash"] in have:
                self.tally.unchanged["audit_event"] += 1
                continue
            if self.policy is not None:
                reason = self.policy.check_audit_event(d)
                if reason is not None:
                    self.refuse("audit_event", d["hash"], "add", reason, d)
                    continue
            have.add(d["hash"])
            rows.append(
                {
                    "producer": producer,
                    "hash": d["hash"],
                    "prev_hash": d["prev_hash"],
                    "at": fields["at"],
                    "actor": d["actor"],
                    "action": d["action"],
                    "entity": d.get("entity"),
                    "entity_uid": d.get("entity_uid"),
                    "summary": d.get("summary"),
                    "event": d,
                    "bundle_uid": self.bundle_uid,
                }
            )
            self.tally.added["audit_event"] += 1
        for part in _chunks(rows):
            touched(self.s, rt, self.s.scalars(insert(rt).returning(rt.c.id), part).all())
