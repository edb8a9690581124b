"""Records changed on both sides: list them side by side, and let a supervisor decide which stands.

Keeping the incoming version of a completed form creates a new version (a correction);
it never rewrites the signed one. Both hashes enter the row's history, so the next
exchange fast-forwards instead of raising the same conflict again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from app.core.domain.errors import ConflictError, NotFoundError, StaleEditError, ValidationError
from app.core.domain.localtime import fmt_time
from app.core.domain.roles import Permission
from app.core.domain.states import ConflictState, FormState, transition
from app.core.services.checklist.visit_results import rederive_results
from app.core.services.exchange import conflict_texts
from app.core.services.exchange.bundle_merge import Merger, load_states, save_states, touched
from app.core.services.exchange.bundle_records import SPECS, deserialize, merge_history
from app.core.services.exchange.conflict_texts import FieldDiff
from app.core.services.kernel import audit
from app.core.services.kernel.concurrency import last_change, stale_message
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.storage.models import Inspection, SyncConflict, Tombstone, Visit, new_uid, utcnow

REASONS = {
    "both_changed": "两边都修改了此记录",
    "completed_form": "已完成（已签名）的检查表不能合并，采用对方版本将另存为更正版本",
    "natural_key": "编号相同但来源不同的记录",
    "version_clash": "两边各自新建了同一版本号的检查表",
    "deleted_there": "对方已删除，本机有修改",
    "deleted_there_in_use": "对方已删除，本机仍有引用",
}
# Where the general wording would puzzle a supervisor, the record kind says it plainly.
ENTITY_REASONS = {
    ("result", "natural_key"): "本机和对方各自记录了这次检查的结果（检查结果随所采用的检查表确定）",
    ("result", "both_changed"): "两边都修改了这次检查的结果（检查结果随所采用的检查表确定）",
}
KIND_LABELS = {
    "department": "部门",
    "inspector": "检查人员",
    "expert": "专家",
    "target": "检查对象",
    "checklist_template": "检查表模板",
    "inspection_item": "检查事项",
    "task": "抽查任务",
    "visit": "检查",
    "inspection": "检查表",
    "signature": "签名",
    "attachment": "附件",
    "result": "检查结果",
}
HIDDEN_FIELDS = {"members", "items", "strokes", "search_text"}


@dataclass(frozen=True)
class ConflictView:
    id: int
    entity: str
    entity_label: str
    entity_uid: str
    reason: str
    reason_text: str
    status: str
    local: dict[str, Any]
    incoming: dict[str, Any] | None
    changed_fields: tuple[str, ...]
    bundle_uid: str
    title: str
    business: str = ""  # 检查对象 the record belongs to, when it belongs to one
    task: str = ""  # 任务编号 任务名称
    rows: tuple[FieldDiff, ...] = ()  # the side-by-side diff in the user's words
    resolved_by: str = ""
    resolved_at: str = ""  # local time


def _title(kind: str, data: dict[str, Any]) -> str:
    for key in ("name", "signer_name", "filename", "task_no", "cert_no"):
        if data.get(key):
            return str(data[key])
    header = data.get("header")
    if isinstance(header, dict) and header.get("target_name"):
        return str(header["target_name"])
    if kind == "inspection":
        status = conflict_texts.FORM_STATUS.get(str(data.get("status")), str(data.get("status")))
        return f"第{data.get('version_no')}版检查表（{status}）"
    return ""


def _view(c: SyncConflict, s: Any = None) -> ConflictView:
    """The conflict; with a session also its business, task and diff rows in the user's words."""
    local = (c.local or {}).get("data") or {}
    incoming = (c.incoming or {}).get("data")
    reason = (c.incoming or {}).get("reason", "both_changed")
    keys = sorted(set(local) | set(incoming or {}))
    changed = tuple(k for k in keys if incoming is None or local.get(k) != incoming.get(k))
    extra: dict[str, Any] = {}
    if s is not None:
        where = conflict_texts.context(s, c.entity, local, incoming)
        extra = {
            "business": where.business,
            "task": where.task,
            "rows": conflict_texts.describe(s, c.entity, local, incoming),
            "resolved_by": c.resolved_by or "",
            "resolved_at": fmt_time(c.resolved_at),
        }
    title = _title(c.entity, local or incoming or {})
    if not title or c.entity == "result":
        title = extra.get("business") or title
    return ConflictView(
        c.id,
        c.entity,
        KIND_LABELS.get(c.entity, c.entity),
        c.entity_uid,
        reason,
        ENTITY_REASONS.get((c.entity, reason)) or REASONS.get(reason, reason),
        c.status,
        local,
        incoming,
        changed,
        c.bundle_uid,
        title,
        **extra,
    )


def list_conflicts(ws: Workspace, *, status: str = "open") -> list[ConflictView]:
    with ws.db.read_session() as s:
        stmt = select(SyncConflict).order_by(SyncConflict.id)
        if status != "all":
            stmt = stmt.where(SyncConflict.status == status)
        return [_view(c, s) for c in s.scalars(stmt)]


def resolve_conflict(ws: Workspace, conflict_id: int, *, keep: str) -> Changes:
    """`keep` is "local" (this installation's version stands) or "incoming" (the other side's)."""
    ws.require(Permission.EXCHANGE)
    ws.require(Permission.REVIEW)
    if keep not in ("local", "incoming"):
        raise ValidationError("请选择保留本机版本或对方版本。 / keep must be local or incoming.")
    with ws.db.session() as s:
        c = s.get(SyncConflict, conflict_id)
        if c is None:
            raise NotFoundError(
                f"没有编号为 {conflict_id} 的同步冲突。 / No conflict {conflict_id}."
            )
        if c.status != ConflictState.OPEN:
            raise ConflictError("此冲突已被处理。 / This conflict was already resolved.")
        view = _view(c)
        _apply(s, ws, c, view, keep)
        visit_id = _visit_of(s, view) if c.entity in ("inspection", "result") else None
        if visit_id is not None:
            if c.entity == "inspection":
                # The form decided; its visit's result conflicts follow it (no stale result
                # version can be put back over the one derived from the chosen form).
                for other in _open_result_conflicts(s, visit_id):
                    _apply(s, ws, other, _view(other), "local", note="随检查表裁决一并处理")
            rederive_results(s, ws.actor, visit_id)
    return Changes.of(
        Area.CONFLICTS,
        Area.INSPECTIONS,
        Area.VISITS,
        Area.RESULTS,
        Area.TARGETS,
        message="已处理冲突 / conflict resolved",
    )


def _visit_of(s: Any, view: ConflictView) -> int | None:
    for data in (view.local, view.incoming or {}):
        uid = data.get("visit_uid") if isinstance(data, dict) else None
        if uid:
            found = s.scalar(select(Visit.id).where(Visit.uid == uid))
            if found is not None:
                return int(found)
    return None


def _open_result_conflicts(s: Any, visit_id: int) -> list[SyncConflict]:
    rows = s.scalars(
        select(SyncConflict).where(
            SyncConflict.status == ConflictState.OPEN, SyncConflict.entity == "result"
        )
    ).all()
    return [c for c in rows if _visit_of(s, _view(c)) == visit_id]


def _apply(
    s: Any, ws: Workspace, c: SyncConflict, view: ConflictView, keep: str, note: str = ""
) -> None:
    """One conflict's decision inside the caller's transaction (rows, history, audit)."""
    spec = SPECS[c.entity]
    t = spec.table
    h_local, h_in = (c.local or {}).get("hash"), (c.incoming or {}).get("hash")
    hist_in = (c.incoming or {}).get("history") or []
    merger = Merger(s, bundle_uid=c.bundle_uid, origin="")
    if keep == "incoming":
        local_row = s.execute(select(t).where(t.c.uid == c.entity_uid)).mappings().first()
        if view.incoming is None:  # deleted on the other side
            if local_row is not None:
                try:
                    with s.begin_nested():
                        merger.replace_children(c.entity, local_row["id"], None, c.entity_uid)
                        s.execute(delete(t).where(t.c.id == local_row["id"]))
                        touched(s, t, [local_row["id"]])
                except IntegrityError as exc:
                    raise ConflictError(
                        "该记录仍被其他记录引用，无法删除。 / Still referenced; cannot delete."
                    ) from exc
            if s.scalar(select(Tombstone.id).where(Tombstone.entity_uid == c.entity_uid)) is None:
                s.add(
                    Tombstone(
                        entity=c.entity,
                        entity_uid=c.entity_uid,
                        note="同步冲突裁决：采用对方删除",
                    )
                )
        else:
            incoming = dict(view.incoming)
            if (
                c.entity == "result"
                and incoming.get("inspection_uid")
                and (
                    s.scalar(
                        select(Inspection.id).where(Inspection.uid == incoming["inspection_uid"])
                    )
                    is None
                )
            ):
                # The laptop's form became another version here (or was not taken): the
                # result is re-derived from the form that stands right after this.
                mine = local_row["inspection_id"] if local_row is not None else None
                incoming["inspection_uid"] = (
                    s.scalar(select(Inspection.uid).where(Inspection.id == mine)) if mine else None
                )
            values = deserialize(spec, c.entity_uid, incoming, merger.maps)
            if view.reason in ("completed_form", "version_clash"):
                _new_version(s, t, values, c.entity_uid, view.reason, local_row)
            elif local_row is None and view.reason == "natural_key":
                key = {k: values[k] for k in spec.natural_key}
                target = (
                    s.execute(select(t).where(*(t.c[k] == v for k, v in key.items())))
                    .mappings()
                    .one()
                )
                _update(s, t, target, values)
                merger.replace_children(c.entity, target["id"], view.incoming, c.entity_uid)
            elif local_row is None:
                now = utcnow()
                touched(
                    s,
                    t,
                    [
                        s.execute(
                            insert(t)
                            .values(
                                **values,
                                uid=c.entity_uid,
                                version=1,
                                created_at=now,
                                updated_at=now,
                            )
                            .returning(t.c.id)
                        ).scalar_one()
                    ],
                )
            else:
                _update(s, t, local_row, values)
                merger.replace_children(c.entity, local_row["id"], view.incoming, c.entity_uid)
        history = [h for h in (h_local, h_in) if isinstance(h, str) and h != "deleted"]
    else:
        history = [h for h in (h_in, h_local) if isinstance(h, str) and h != "deleted"]
    states = load_states(s, c.entity, [c.entity_uid])
    old = (states.get(c.entity_uid) or {}).get("history") or []
    save_states(s, c.entity, {c.entity_uid: merge_history(old, hist_in, history)}, states, None)
    c.status = transition(ConflictState, c.status, keep)
    c.resolved_by = ws.actor.username
    c.resolved_at = utcnow()
    audit.log_event(
        s,
        ws.actor,
        "sync.conflict.resolve",
        entity=c.entity,
        entity_uid=c.entity_uid,
        summary=f"同步冲突裁决（{view.entity_label} {view.title}）：采用{'本机' if keep == 'local' else '对方'}版本"
        + (f"（{note}）" if note else ""),
        before=view.local,
        after=view.incoming if keep == "incoming" else view.local,
    )


def _update(s: Any, t: Any, row: Any, values: dict[str, Any]) -> None:
    result = s.execute(
        update(t)
        .where(t.c.id == row["id"], t.c.version == row["version"])
        .values(**values, version=row["version"] + 1, updated_at=utcnow())
    )
    if result.rowcount != 1:  # changed since the conflict was listed: the gate's refusal
        raise StaleEditError(stale_message("此记录", last_change(s, t.name, row["id"])))
    touched(s, t, [row["id"]])


def _new_version(
    s: Any, t: Any, values: dict[str, Any], uid: str, reason: str, local_row: Any
) -> None:
    """The other side's form becomes the next version; the one it collides with is superseded."""
    visit_id = values["visit_id"]
    top = s.execute(
        select(t.c.id, t.c.version, t.c.status, t.c.version_no)
        .where(t.c.visit_id == visit_id)
        .order_by(t.c.version_no.desc())
        .limit(1)
    ).first()
    max_no = int(s.scalar(select(func.max(t.c.version_no)).where(t.c.visit_id == visit_id)) or 0)
    now = utcnow()
    new = dict(values)
    new.update(
        version_no=max_no + 1,
        previous_id=top[0] if top else None,
        correction_reason=(values.get("correction_reason") or "")
        + "同步冲突裁决：采用对方版本 / conflict resolved",
    )
    row_uid = uid if reason == "version_clash" and local_row is None else new_uid()
    touched(
        s,
        t,
        [
            s.execute(
                insert(t)
                .values(**new, uid=row_uid, version=1, created_at=now, updated_at=now)
                .returning(t.c.id)
            ).scalar_one()
        ],
    )
    if top is not None and top[2] in (FormState.COMPLETED, FormState.DRAFT):
        result = s.execute(
            update(t)
            .where(t.c.id == top[0], t.c.version == top[1])
            .values(
                status=transition(FormState, top[2], FormState.SUPERSEDED),
                version=top[1] + 1,
                updated_at=now,
            )
        )
        if result.rowcount != 1:
            raise StaleEditError(stale_message("此检查表", last_change(s, t.name, top[0])))
        touched(s, t, [top[0]])
