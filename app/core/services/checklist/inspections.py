"""随机抽查检查表: the inspector's visit list, starting a form, drafts, 完成检查, corrections.

Every change is a durable draft save (one small transaction, one audit event); a completed
form is locked with a content hash and only a new version (更正) can change it. An
inspector sees and edits only the visits whose team they are on (enforced here).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.core.domain.canonical import content_hash
from app.core.domain.checklist import FORM_FIELDS, NO, FormData, ItemNotes, form_problems
from app.core.domain.errors import ConflictError, ValidationError
from app.core.domain.localtime import local_now
from app.core.domain.roles import Actor, Permission, Role
from app.core.domain.states import FormState, ResultState, VisitState, transition
from app.core.services.checklist.checklists import current_template
from app.core.services.checklist.form_seal import SealCheck, check_seal, make_seal
from app.core.services.checklist.inspection_views import (
    FormCodes,
    FormView,
    InspectionId,
    VisitId,
    VisitRow,
    check_access,
    editable_draft,
    form_codes_from_session,
    form_view,
    load_inspection,
    load_visit,
    sections_of,
    signature_views,
)
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.concurrency import check_version
from app.core.services.kernel.reference import get_setting
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.services.results import results as results_service
from app.core.services.results.calendar import calendar_from_session
from app.core.services.results.deadlines import settings_from_session
from app.core.services.results.form_results import (
    business_name,
    codes_of,
    current_completed_form,
)
from app.core.services.results.results import move_result
from app.core.storage.models import (
    Attachment,
    Department,
    Expert,
    Inspection,
    InspectionItem,
    Inspector,
    Result,
    Signature,
    Target,
    Task,
    TaskItem,
    Visit,
    VisitMember,
    VisitTask,
    utcnow,
)

__all__ = [
    "FormCodes",
    "FormView",
    "InspectionId",
    "VisitId",
    "VisitRow",
    "check_inspection",
    "complete_inspection",
    "current_form",
    "form_codes",
    "form_history",
    "get_form",
    "list_visits",
    "open_form",
    "save_draft",
    "start_correction",
    "start_inspection",
    "verify_inspection",
    "seal_check",
    "visit_counts",
]

TABS = ("todo", "drafts", "done")
# What storing a form changes, for the front ends: its first save moves the visit's results to
# 检查中; completing it enters them, with their deadlines.
STARTED_CHANGES = Changes.of(Area.RESULTS)
COMPLETED_CHANGES = Changes.of(Area.INSPECTIONS, Area.RESULTS, Area.DEADLINES)


# -- the visit list --------------------------------------------------------------------------


def _current_inspections():  # type: ignore[no-untyped-def]
    """Subquery: the newest version of each visit's form."""
    newest = (
        select(Inspection.visit_id, func.max(Inspection.version_no).label("v"))
        .group_by(Inspection.visit_id)
        .subquery()
    )
    return (
        select(
            Inspection.id,
            Inspection.visit_id,
            Inspection.version_no,
            Inspection.status,
            Inspection.updated_at,
        )
        .join(
            newest,
            (newest.c.visit_id == Inspection.visit_id) & (newest.c.v == Inspection.version_no),
        )
        .subquery()
    )


def _visible_visits(actor: Actor):  # type: ignore[no-untyped-def]
    q = select(Visit.id).where(~Visit.is_cancelled)
    if actor.role == Role.INSPECTOR:
        q = q.join(VisitMember, VisitMember.visit_id == Visit.id).where(
            VisitMember.inspector_id == (actor.inspector_id or -1)
        )
    return q


def _visits_query(actor: Actor, *, tab: str | None, search: str, task_no: str | None):  # type: ignore[no-untyped-def]
    """The rows of the actor's visit list (one filter for the list and for its counts)."""
    if tab is not None and tab not in TABS:
        raise ValidationError(f"未知的列表“{tab}”。 / Unknown tab.")
    cur = _current_inspections()
    q = (
        select(
            Visit,
            Task.task_no,
            Task.name,
            Target,
            cur.c.id,
            cur.c.version_no,
            cur.c.status,
            cur.c.updated_at,
        )
        .join(Task, Task.id == Visit.task_id)
        .join(Target, Target.id == Visit.target_id)
        .outerjoin(cur, cur.c.visit_id == Visit.id)
        .where(Visit.id.in_(_visible_visits(actor)))
    )
    if tab == "todo":
        q = q.where(cur.c.id.is_(None))
    elif tab == "drafts":
        q = q.where(cur.c.status == FormState.DRAFT)
    elif tab == "done":
        q = q.where(cur.c.status == FormState.COMPLETED)
    if task_no:
        q = q.where(
            or_(
                Task.task_no == task_no.strip(),
                Visit.id.in_(
                    select(VisitTask.visit_id)
                    .join(Task, Task.id == VisitTask.task_id)
                    .where(Task.task_no == task_no.strip())
                ),
            )
        )
    for word in search.split():
        pattern = f"%{word}%"
        q = q.where(
            or_(
                Target.name.like(pattern),
                Target.uscc.like(pattern),
                Target.reg_no.like(pattern),
                Target.address.like(pattern),
                Task.task_no.like(pattern),
                Target.legal_rep.like(pattern),
            )
        )
    return q


def list_visits(
    ws: Workspace,
    *,
    tab: str | None = None,
    search: str = "",
    task_no: str | None = None,
    limit: int = 5000,
) -> list[VisitRow]:
    """The current user's visits: 待检查 (`todo`), 草稿 (`drafts`), 已完成 (`done`) or all.

    `search` matches business name, code, address, task number (substring).
    """
    q = _visits_query(ws.actor, tab=tab, search=search, task_no=task_no)
    with ws.db.read_session() as s:
        q = q.order_by(Task.task_no, Visit.id).limit(limit)
        rows = s.execute(q).all()
        teams = _team_names(s, [r[0].id for r in rows])
        return [
            VisitRow(
                visit_id=v.id,
                task_no=tno,
                task_name=tname,
                business_name=t.name,
                business_code=t.uscc or t.reg_no or "",
                address=t.address or "",
                status={
                    FormState.DRAFT: VisitState.CHECKING,
                    FormState.COMPLETED: VisitState.DONE,
                }.get(st or "", v.status),
                inspection_id=iid,
                version_no=ver,
                form_status=st,
                team=teams.get(v.id, ""),
                updated_at=upd,
            )
            for v, tno, tname, t, iid, ver, st, upd in rows
        ]


def _team_names(s: Session, visit_ids: Sequence[int]) -> dict[int, str]:
    out: dict[int, list[str]] = {}
    for chunk in range(0, len(visit_ids), 500):
        ids = visit_ids[chunk : chunk + 500]
        for vid, name, source, area in s.execute(
            select(
                VisitMember.visit_id, Inspector.name, VisitMember.source, Inspector.external_area
            )
            .join(Inspector, Inspector.id == VisitMember.inspector_id)
            .where(VisitMember.visit_id.in_(ids))
            .order_by(VisitMember.visit_id, VisitMember.position)
        ):
            marks = ("（指定）" if source == "assigned" else "") + (
                f"（外借：{area}）" if area else ""
            )
            out.setdefault(vid, []).append(name + marks)
    return {k: "、".join(v) for k, v in out.items()}


def visit_counts(ws: Workspace, *, search: str = "") -> dict[str, int]:
    """How many of the current user's visits each tab holds (the tab labels, the status bar)."""
    with ws.db.read_session() as s:
        return {
            tab: int(
                s.scalar(
                    select(func.count()).select_from(
                        _visits_query(ws.actor, tab=tab, search=search, task_no=None).subquery()
                    )
                )
                or 0
            )
            for tab in TABS
        }


# -- starting a form ---------------------------------------------------------------------------


def visit_items(s: Session, visit: Visit) -> list[tuple[InspectionItem, Department]]:
    task_ids = [
        visit.task_id,
        *s.scalars(select(VisitTask.task_id).where(VisitTask.visit_id == visit.id)),
    ]
    rows = s.execute(
        select(InspectionItem, Department)
        .join(TaskItem, TaskItem.item_id == InspectionItem.id)
        .join(Department, Department.id == InspectionItem.department_id)
        .where(TaskItem.task_id.in_(task_ids))
        .order_by(Department.sort_order, InspectionItem.code)
    ).all()
    seen: dict[str, tuple[InspectionItem, Department]] = {}
    for item, dept in rows:
        seen.setdefault(item.code, (item, dept))
    return list(seen.values())


def build_header(
    s: Session, visit: Visit, items: list[tuple[InspectionItem, Department]]
) -> dict[str, Any]:
    """The snapshot printed on the sheet: task, business, team, items (registry + draw)."""
    task = s.get(Task, visit.task_id)
    assert task is not None
    extra = list(
        s.scalars(
            select(Task)
            .join(VisitTask, VisitTask.task_id == Task.id)
            .where(VisitTask.visit_id == visit.id)
        )
    )
    target = s.get(Target, visit.target_id)
    assert target is not None
    team: list[dict[str, Any]] = []
    experts: list[dict[str, Any]] = []
    for m in s.scalars(
        select(VisitMember)
        .where(VisitMember.visit_id == visit.id)
        .order_by(VisitMember.position, VisitMember.id)
    ):
        if m.inspector_id:
            insp = s.get(Inspector, m.inspector_id)
            dept = s.get(Department, insp.department_id) if insp else None
            if insp:
                team.append(
                    {
                        "inspector_id": insp.id,
                        "name": insp.name,
                        "cert_no": insp.cert_no,
                        "department": dept.name if dept else "",
                        "unit": insp.unit or "",
                        "role": m.role,
                        # 指定 (direct assignment) is said on every output; only then the key.
                        **({"assigned": True} if m.source == "assigned" else {}),
                        # 外借: borrowed from a neighbouring area, said on every output too.
                        **({"external": insp.external_area} if insp.external_area else {}),
                    }
                )
        elif m.expert_id:
            ex = s.get(Expert, m.expert_id)
            if ex:
                experts.append(
                    {"expert_id": ex.id, "name": ex.name, "code": ex.code, "unit": ex.unit or ""}
                )
    departments = list(dict.fromkeys(d.name for _, d in items))
    office = str(get_setting(s, "office.name", "") or "")
    return {
        "task_no": task.task_no,
        "task_name": task.name,
        "tasks": [{"task_no": t.task_no, "name": t.name} for t in [task, *extra]],
        "office": office,
        "departments": departments,
        "business": {
            "name": target.name,
            "code": target.uscc or target.reg_no or "",
            "code_kind": "统一社会信用代码" if target.uscc else "注册号",
            "address": target.address or "",
            "legal_rep": target.legal_rep or "",
            "phone": target.phone or "",
            "liaison": target.liaison or "",
            "liaison_phone": target.liaison_phone or "",
            "kind": target.kind,
        },
        "inspectors": team,
        "experts": experts,
        "items": [
            {
                "code": i.code,
                "name": i.name,
                "department": d.name,
                "department_code": d.code,
                "department_id": d.id,
                "legal_basis": i.legal_basis or "",
            }
            for i, d in items
        ],
        "visit_uid": visit.uid,
        "target_uid": target.uid,
    }


_RESULT_STATE_WORDS = {
    ResultState.IN_REVIEW: "已提交审核",
    ResultState.APPROVED: "已审核通过",
    ResultState.PUBLISHED: "已公示",
}


def _move_result(
    s: Session, actor: Actor, result: Result, new: str, note: str | None = None
) -> None:

    move_result(s, actor, result, new, note=note)


def _results_of(s: Session, visit: Visit, header: dict[str, Any]) -> list[Result]:
    """Each department of the visit's items has its own result (谁检查、谁录入、谁公示)."""
    out: list[Result] = []
    for dept_id in dict.fromkeys(i["department_id"] for i in header.get("items", [])):
        r = s.scalars(
            select(Result).where(Result.visit_id == visit.id, Result.department_id == dept_id)
        ).first()
        if r is None:
            r = Result(visit_id=visit.id, department_id=dept_id, status=ResultState.WAITING)
            s.add(r)
            s.flush()
        out.append(r)
    return out


def _new_form(
    s: Session, visit: Visit, *, place: str | None, started_at: datetime | None
) -> Inspection:
    """A visit's first form (not yet added): header from the registry and the draw, the
    current template of each item pinned."""
    if visit.is_cancelled:
        raise ConflictError("该检查对象已被替换或取消，不能检查。 / The visit was cancelled.")
    items = visit_items(s, visit)
    if not items:
        raise ValidationError(
            "该抽查任务没有检查事项，无法生成检查表。 / The task has no inspection items."
        )
    header = build_header(s, visit, items)
    pins = []
    for item, _dept in items:
        tpl = current_template(s, item.template_code)
        pins.append(
            {"item_code": item.code, "template_code": tpl.code, "version_no": tpl.version_no}
        )
    return Inspection(
        visit_id=visit.id,
        version_no=1,
        status=FormState.DRAFT,
        header=header,
        templates=pins,
        data=FormData(methods=("1",)).stored(),  # 核查方式 实地检查 ticked to start with
        started_at=started_at,
        ended_at=None,
        place=place if place is not None else header["business"]["address"],
    )


def _newest_form(s: Session, visit_id: int) -> Inspection | None:
    return s.scalars(
        select(Inspection)
        .where(Inspection.visit_id == visit_id)
        .order_by(Inspection.version_no.desc())
    ).first()


def open_form(ws: Workspace, visit_id: int) -> FormView:
    """What the form shows when a visit is opened; opening is not editing, so it stores
    nothing: the newest version if the visit has one, else an `unsaved` blank form (no
    检查时间 yet) that `start_inspection` stores on the first change."""
    ws.require(Permission.FILL_FORMS)
    with ws.db.read_session() as s:
        visit = load_visit(s, visit_id)
        check_access(s, ws.actor, visit.id)
        existing = _newest_form(s, visit.id)
        if existing is not None:
            return form_view(s, existing)
        blank = _new_form(s, visit, place=None, started_at=None)
        view = form_view(s, blank)
        return replace(view, id=InspectionId(0), uid="", row_version=0, unsaved=True)


def start_inspection(
    ws: Workspace, visit_id: int, *, place: str | None = None, started_at: datetime | None = None
) -> FormView:
    """Stores the visit's form on its first change (the visit becomes 检查中, a draft): the
    current version if there is one, else a new draft whose 检查时间 starts now (or at
    `started_at`). Idempotent: a second call returns the form the first one stored."""
    ws.require(Permission.FILL_FORMS)
    with ws.db.session() as s:
        visit = load_visit(s, visit_id)
        check_access(s, ws.actor, visit.id)
        existing = _newest_form(s, visit.id)
        if existing is not None:
            return form_view(s, existing)
        insp = _new_form(
            s,
            visit,
            place=place,
            started_at=started_at or local_now().replace(second=0, microsecond=0),
        )
        header, pins = insp.header, insp.templates
        s.add(insp)
        s.flush()
        if visit.status == VisitState.WAITING:
            visit.status = transition(VisitState, visit.status, VisitState.CHECKING)
        for r in _results_of(s, visit, header):
            if r.status == ResultState.WAITING:
                _move_result(s, ws.actor, r, ResultState.CHECKING, note="开始填写检查表")
            r.inspection_id = insp.id
        log_event(
            s,
            ws.actor,
            "inspection.start",
            entity="inspection",
            entity_uid=insp.uid,
            summary=f"开始检查：{header['business']['name']}（{header['task_no']}）",
            after={"visit": visit.uid, "templates": pins},
        )
        return form_view(s, insp)


def get_form(ws: Workspace, inspection_id: int) -> FormView:
    with ws.db.read_session() as s:
        insp = load_inspection(s, inspection_id)
        check_access(s, ws.actor, insp.visit_id)
        return form_view(s, insp)


def current_form(ws: Workspace, visit_id: int) -> FormView | None:
    """The newest version of a visit's form, or None before it was started."""
    with ws.db.read_session() as s:
        load_visit(s, visit_id)
        check_access(s, ws.actor, visit_id)
        insp = s.scalars(
            select(Inspection)
            .where(Inspection.visit_id == visit_id)
            .order_by(Inspection.version_no.desc())
        ).first()
        return None if insp is None else form_view(s, insp)


def form_history(ws: Workspace, visit_id: int) -> list[FormView]:
    """Every version of a visit's form, oldest first (corrections keep the old ones)."""
    with ws.db.read_session() as s:
        check_access(s, ws.actor, visit_id)
        return [
            form_view(s, i)
            for i in s.scalars(
                select(Inspection)
                .where(Inspection.visit_id == visit_id)
                .order_by(Inspection.version_no)
            )
        ]


def form_codes(ws: Workspace) -> FormCodes:
    with ws.db.read_session() as s:
        return form_codes_from_session(s)


# -- drafts ------------------------------------------------------------------------------------


def _clean_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a save, each of its field's shape (FormData); anything else refused."""
    unknown = set(data) - set(FORM_FIELDS)
    if unknown:
        raise ValidationError(
            f"检查表数据含未知字段：{'、'.join(sorted(unknown))} / unknown fields"
        )
    for key, value in data.items():
        if key in ("answers", "items"):
            ok = isinstance(value, dict) and all(isinstance(v, dict) for v in value.values())
        elif key in ("methods", "result_codes", "disposals"):
            ok = isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
        else:
            ok = isinstance(value, str)
        if not ok:
            raise ValidationError(f"检查表数据的“{key}”格式不对 / field {key} has the wrong shape")
    return dict(data)


def _form_name(insp: Inspection) -> str:
    business = (insp.header or {}).get("business") or {}
    return f"{business.get('name') or ''}的检查表（第{insp.version_no}版）"


def save_draft(
    ws: Workspace,
    inspection_id: int,
    *,
    data: FormData | Mapping[str, Any] | None = None,
    place: str | None = None,
    started_at: datetime | None = None,
    ended_at: datetime | None = None,
    base_version: int | None = None,
) -> int:
    """Saves the form as it is now (called on every change); durable when it returns.

    `data`: the whole form (FormData, as the screen saves it) or some of its fields by name
    (the others kept). Returns the new row version. With `base_version`, a save over someone
    else's newer save is refused instead of overwriting it.
    """
    ws.require(Permission.FILL_FORMS)
    with ws.db.session() as s:
        insp = editable_draft(s, ws.actor, inspection_id)
        changed: list[str] = []
        if data is not None:
            given = data.stored() if isinstance(data, FormData) else _clean_data(data)
            insp.data = FormData.of({**insp.data, **given}).stored()
            changed.append("data")
        if place is not None:
            insp.place = place
            changed.append("place")
        if started_at is not None:
            insp.started_at = started_at
            changed.append("started_at")
        if ended_at is not None:
            insp.ended_at = ended_at
            changed.append("ended_at")
        if not changed:
            return insp.version
        check_version(s, insp, base_version, what=_form_name(insp))
        s.flush()
        # One light audit event per save: the hash of the draft, not the draft itself.
        log_event(
            s,
            ws.actor,
            "inspection.save_draft",
            entity="inspection",
            entity_uid=insp.uid,
            after={"data": insp.data, "place": insp.place},
            detail={"fields": changed, "v": insp.version},
        )
        return insp.version


# -- completing and correcting -----------------------------------------------------------------


def _problems(s: Session, insp: Inspection) -> list[str]:
    codes = form_codes_from_session(s)
    sections = sections_of(s, insp)
    sigs = signature_views(s, insp.id)
    team = [m["inspector_id"] for m in insp.header.get("inspectors", []) if m.get("inspector_id")]
    data = FormData.of(insp.data)
    return form_problems(
        sections=[x.spec() for x in sections],
        data=data,
        codes=codes.results,
        signatures=[g.facts() for g in sigs],
        team_inspector_ids=team,
        started_at=insp.started_at,
        ended_at=insp.ended_at,
        place=insp.place,
        method_texts=[text for code, text in codes.methods if code in data.methods],
    )


def check_inspection(ws: Workspace, inspection_id: int) -> list[str]:
    """What still stops 完成检查 (empty when the form can be completed)."""
    with ws.db.read_session() as s:
        insp = load_inspection(s, inspection_id)
        check_access(s, ws.actor, insp.visit_id)
        return _problems(s, insp)


def hashed_content(s: Session, insp: Inspection) -> dict[str, Any]:
    """What the content hash covers: the form as printed, its signatures and attachments."""
    sigs = s.scalars(
        select(Signature).where(Signature.inspection_id == insp.id).order_by(Signature.id)
    )
    atts = s.scalars(
        select(Attachment).where(Attachment.inspection_id == insp.id).order_by(Attachment.id)
    )
    return {
        "form": insp.uid,
        "visit": insp.header.get("visit_uid"),
        "version_no": insp.version_no,
        "header": insp.header,
        "templates": insp.templates,
        "data": insp.data,
        "started_at": insp.started_at,
        "ended_at": insp.ended_at,
        "place": insp.place,
        "correction_reason": insp.correction_reason,
        "signatures": [
            {
                "role": g.role,
                "name": g.signer_name,
                "id_number": g.signer_id_number,
                "inspector_id": g.inspector_id,
                "image": g.image_sha256,
                "strokes": content_hash(g.strokes),
                "refused": g.refused,
                "reason": g.refusal_reason,
                "signed_at": g.signed_at,
                # Only when set, so forms completed before seals existed keep their hash.
                **({"seal": True} if g.is_seal else {}),
                **({"no_id_reason": g.no_id_reason} if g.no_id_reason else {}),
            }
            for g in sigs
        ],
        "attachments": [
            {
                "sha256": a.sha256,
                "filename": a.filename,
                "kind": a.kind,
                "item": a.item_code,
                "row": a.row_no,
            }
            for a in atts
        ],
    }


def complete_inspection(
    ws: Workspace,
    inspection_id: int,
    *,
    ended_at: datetime | None = None,
    base_version: int | None = None,
) -> FormView:
    """完成检查: validates, then locks the form with its content hash and marks results 已完成.
    `base_version`: the row version the form on screen was saved as (a stale one is refused)."""
    ws.require(Permission.FILL_FORMS)
    with ws.db.session() as s:
        insp = editable_draft(s, ws.actor, inspection_id)
        check_version(s, insp, base_version, what=_form_name(insp))
        if ended_at is not None:
            insp.ended_at = ended_at
        elif insp.ended_at is None:
            insp.ended_at = local_now().replace(second=0, microsecond=0)
        problems = _problems(s, insp)
        if problems:
            raise ValidationError(
                f"检查表还有{len(problems)}处未完成，不能完成检查。第一处：{problems[0]}",
                details=problems,
            )
        insp.status = transition(FormState, insp.status, FormState.COMPLETED)
        insp.completed_at = utcnow()
        insp.completed_by = ws.actor.username
        s.flush()
        insp.content_hash = content_hash(hashed_content(s, insp))
        # Keyed: the hash bound to this visit, inspector and version, signed with this
        # installation's key, so a form edited and re-hashed or copied elsewhere is caught.
        insp.seal = make_seal(s, insp, ws.actor)
        visit = load_visit(s, insp.visit_id)
        if visit.status != VisitState.DONE:
            visit.status = transition(VisitState, visit.status, VisitState.DONE)
        if insp.previous_id is not None:
            prev = s.get(Inspection, insp.previous_id)
            if prev is not None and prev.status == FormState.COMPLETED:
                prev.status = transition(FormState, prev.status, FormState.SUPERSEDED)
        _complete_results(s, ws.actor, visit, insp)
        log_event(
            s,
            ws.actor,
            "inspection.complete",
            entity="inspection",
            entity_uid=insp.uid,
            summary=f"完成检查：{insp.header['business']['name']}（第{insp.version_no}版）",
            after={"content_hash": insp.content_hash},
            detail={"content_hash": insp.content_hash},
        )
        return form_view(s, insp)


def _item_results(insp: Inspection, dept_code: str) -> list[dict[str, Any]]:
    data = FormData.of(insp.data)
    out = []
    for item in insp.header.get("items", []):
        if item.get("department_code") != dept_code:
            continue
        notes = data.items.get(item["code"], ItemNotes())
        issues = sum(1 for v in (data.answers.get(item["code"]) or {}).values() if v == NO)
        out.append(
            {
                "item_code": item["code"],
                "item_name": item["name"],
                "result": "发现问题" if issues else "未发现问题",
                "findings": notes.findings,
                "disposal": notes.disposal,
            }
        )
    return out


def _complete_results(s: Session, actor: Actor, visit: Visit, insp: Inspection) -> None:
    today = (insp.ended_at or local_now()).date()
    for r in _results_of(s, visit, insp.header):
        dept = s.get(Department, r.department_id)
        if r.adopted_from_id is not None:
            # 结果互认: this department took another's recent result instead of checking; the
            # form neither overwrites it nor waits for it (it may be published already).
            continue
        if r.status in (ResultState.IN_REVIEW, ResultState.APPROVED, ResultState.PUBLISHED):
            raise ConflictError(
                f"{dept.name if dept else ''}的检查结果{_RESULT_STATE_WORDS.get(r.status, r.status)}，需先退回才能更正。"
                " / The result is under review or published; return it first."
            )
        r.inspection_id = insp.id
        r.result_codes = list(FormData.of(insp.data).result_codes)
        r.item_results = _item_results(insp, dept.code if dept else "")
        _record_completion(s, actor, r, today)


def _record_completion(s: Session, actor: Actor, r: Result, completed_on: Any) -> None:
    """Hands the result to the results service (due date by the working-day calendar)."""
    results_service.record_result_completion(
        s,
        actor,
        r,
        completed_on,
        calendar=calendar_from_session(s),
        publication_days=settings_from_session(s).publication,
    )


_SIGNATURE_COPY = (
    "role",
    "signer_name",
    "signer_id_number",
    "inspector_id",
    "strokes",
    "image_sha256",
    "signed_at",
    "refused",
    "refusal_reason",
    "is_seal",
    "no_id_reason",
)
_ATTACHMENT_COPY = ("sha256", "filename", "kind", "caption", "item_code", "row_no")


def _copy_children(
    s: Session, model: type, *, old_id: int, new_id: int, columns: tuple[str, ...]
) -> None:
    """Copies a form's signatures or attachments (in their order) onto its new version."""
    for row in s.scalars(select(model).where(model.inspection_id == old_id).order_by(model.id)):
        s.add(model(inspection_id=new_id, **{c: getattr(row, c) for c in columns}))


def start_correction(ws: Workspace, inspection_id: int, *, reason: str) -> FormView:
    """更正: a new draft version of a completed form, with the reason; the old one stays as it is
    until the correction is completed, then becomes `superseded`. Signatures carry over."""
    ws.require(Permission.FILL_FORMS)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("更正检查表必须填写更正原因。 / A correction needs a reason.")
    with ws.db.session() as s:
        old = load_inspection(s, inspection_id)
        check_access(s, ws.actor, old.visit_id)
        if old.status != FormState.COMPLETED:
            raise ConflictError(
                "只有已完成的检查表才能更正。 / Only a completed form can be corrected."
            )
        newer = s.scalar(
            select(func.max(Inspection.version_no)).where(Inspection.visit_id == old.visit_id)
        )
        if newer != old.version_no:
            raise ConflictError("该检查表已有更新的版本。 / A newer version exists.")
        for r in s.scalars(select(Result).where(Result.visit_id == old.visit_id)):
            if r.status in (ResultState.IN_REVIEW, ResultState.APPROVED, ResultState.PUBLISHED):
                raise ConflictError(
                    f"检查结果{_RESULT_STATE_WORDS.get(r.status, r.status)}，需先由审核人员退回才能更正。"
                    " / The result is under review or published; it must be returned first."
                )
        new = Inspection(
            visit_id=old.visit_id,
            version_no=old.version_no + 1,
            previous_id=old.id,
            status=FormState.DRAFT,
            header=dict(old.header),
            templates=list(old.templates),
            data=dict(old.data),
            started_at=old.started_at,
            ended_at=old.ended_at,
            place=old.place,
            correction_reason=reason,
        )
        s.add(new)
        s.flush()
        _copy_children(s, Signature, old_id=old.id, new_id=new.id, columns=_SIGNATURE_COPY)
        _copy_children(s, Attachment, old_id=old.id, new_id=new.id, columns=_ATTACHMENT_COPY)
        visit = load_visit(s, old.visit_id)
        if visit.status == VisitState.DONE:
            visit.status = transition(VisitState, visit.status, VisitState.CHECKING)
        log_event(
            s,
            ws.actor,
            "inspection.correct",
            entity="inspection",
            entity_uid=new.uid,
            summary=f"更正检查表（第{new.version_no}版）：{reason}",
            before={"id": old.id, "content_hash": old.content_hash},
            after={"id": new.id},
        )
        s.flush()
        return form_view(s, new)


def verify_inspection(ws: Workspace, inspection_id: int) -> bool:
    """True when a completed form's content matches its hash and its keyed seal verifies
    (a form completed before seals existed: its content hash alone)."""
    return seal_check(ws, inspection_id).state in ("ok", "unkeyed")


def seal_check(ws: Workspace, inspection_id: int) -> SealCheck:
    """The verdict on a form's seal, in words (services/checklist/form_seal.py)."""
    with ws.db.read_session() as s:
        insp = load_inspection(s, inspection_id)
        check_access(s, ws.actor, insp.visit_id)
        return check_seal(s, insp)


# A visit's results follow its current signed form (results/form_results.py says why).
REDERIVED_NOTE = "所采用的检查表与原结果不同，已按检查表重新生成，需重新提交审核"


def rederive_results(s: Session, actor: Actor, visit_id: int) -> int:
    """Makes each result of the visit say what its current completed form says (same
    transaction as the caller). A result under review or approved that changes goes back
    (退回 → 已完成) to be reviewed again; a published one that would change is refused.
    Returns how many results changed."""
    form = current_completed_form(s, visit_id)
    if form is None:
        return 0
    visit = s.get(Visit, visit_id)
    assert visit is not None
    completed_on = (form.ended_at or form.completed_at or form.updated_at).date()
    changed = 0
    for r in _results_of(s, visit, form.header):
        dept = s.get(Department, r.department_id)
        codes = codes_of(list(FormData.of(form.data).result_codes))
        items = _item_results(form, dept.code if dept else "")
        if (
            r.inspection_id == form.id
            and codes_of(r.result_codes) == codes
            and r.item_results == items
        ):
            continue
        if r.status == ResultState.PUBLISHED:
            raise ConflictError(
                f"{business_name(s, visit_id)}的检查结果已公示，与所采用的检查表（第{form.version_no}版）不一致，"
                "不能自动改写；请保留已公示的版本，或先按规定更正公示。"
                " / The published result would change; keep the published version."
            )
        if r.status in (ResultState.IN_REVIEW, ResultState.APPROVED):
            move_result(s, actor, r, ResultState.RETURNED, note=REDERIVED_NOTE)
        r.inspection_id = form.id
        r.result_codes = codes
        r.item_results = items
        if (
            r.status in (ResultState.WAITING, ResultState.CHECKING, ResultState.RETURNED)
            or r.completed_on is None
            or r.publish_due_on is None
        ):
            _record_completion(s, actor, r, completed_on)
        changed += 1
    if visit.status != VisitState.DONE and not visit.is_cancelled:
        visit.status = transition(VisitState, visit.status, VisitState.DONE)
    return changed
