"""随机抽查检查表: opening and starting a visit's form, drafts, 完成检查, corrections.

Every change is a durable draft save (one small transaction, one audit event); a completed
form is locked with a content hash and only a new version (更正) can change it. An
inspector sees and edits only the visits whose team they are on (enforced here).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.domain.canonical import content_hash
from app.core.domain.checklist import FORM_FIELDS, FormData, form_problems
from app.core.domain.errors import ConflictError, ValidationError
from app.core.domain.ids import InspectionId, VisitId
from app.core.domain.localtime import local_now
from app.core.domain.roles import Permission
from app.core.domain.states import FormState, ResultState, VisitState, transition
from app.core.services.checklist.checklists import current_template
from app.core.services.checklist.form_header import build_header, visit_items
from app.core.services.checklist.form_seal import SealCheck, check_seal, hashed_content, make_seal
from app.core.services.checklist.inspection_views import (
    FormCodes,
    FormView,
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
from app.core.services.checklist.visit_results import (
    RESULT_STATE_WORDS,
    complete_results,
    results_of,
)
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.concurrency import check_version
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.services.results.results import move_result
from app.core.storage.models import (
    Attachment,
    Inspection,
    Result,
    Signature,
    Visit,
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
    "open_form",
    "save_draft",
    "start_correction",
    "start_inspection",
    "verify_inspection",
    "seal_check",
]

# What storing a form changes, for the front ends: its first save moves the visit's results to
# 检查中; completing it enters them, with their deadlines.
STARTED_CHANGES = Changes.of(Area.RESULTS)
COMPLETED_CHANGES = Changes.of(Area.INSPECTIONS, Area.RESULTS, Area.DEADLINES)
# 更正: a new draft version of a completed form; the visit is 检查中 again.
CORRECTION_CHANGES = Changes.of(Area.INSPECTIONS, Area.RESULTS)


# -- starting a form ---------------------------------------------------------------------------


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


def open_form(ws: Workspace, visit_id: VisitId) -> FormView:
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
    ws: Workspace,
    visit_id: VisitId,
    *,
    place: str | None = None,
    started_at: datetime | None = None,
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
        for r in results_of(s, visit, header):
            if r.status == ResultState.WAITING:
                move_result(s, ws.actor, r, ResultState.CHECKING, note="开始填写检查表")
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


def get_form(ws: Workspace, inspection_id: InspectionId) -> FormView:
    with ws.db.read_session() as s:
        insp = load_inspection(s, inspection_id)
        check_access(s, ws.actor, insp.visit_id)
        return form_view(s, insp)


def current_form(ws: Workspace, visit_id: VisitId) -> FormView | None:
    """The newest version of a visit's form, or None before it was started."""
    with ws.db.read_session() as s:
        load_visit(s, visit_id)
        check_access(s, ws.actor, visit_id)
        insp = _newest_form(s, visit_id)
        return None if insp is None else form_view(s, insp)


def form_history(ws: Workspace, visit_id: VisitId) -> list[FormView]:
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
    inspection_id: InspectionId,
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


def check_inspection(ws: Workspace, inspection_id: InspectionId) -> list[str]:
    """What still stops 完成检查 (empty when the form can be completed)."""
    with ws.db.read_session() as s:
        insp = load_inspection(s, inspection_id)
        check_access(s, ws.actor, insp.visit_id)
        return _problems(s, insp)


def complete_inspection(
    ws: Workspace,
    inspection_id: InspectionId,
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
        complete_results(s, ws.actor, visit, insp)
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
    s: Session,
    model: type[Signature] | type[Attachment],
    *,
    old_id: int,
    new_id: int,
    columns: tuple[str, ...],
) -> None:
    """Copies a form's signatures or attachments (in their order) onto its new version."""
    for row in s.scalars(select(model).where(model.inspection_id == old_id).order_by(model.id)):
        s.add(model(inspection_id=new_id, **{c: getattr(row, c) for c in columns}))


def start_correction(ws: Workspace, inspection_id: InspectionId, *, reason: str) -> FormView:
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
                    f"检查结果{RESULT_STATE_WORDS.get(r.status, r.status)}，需先由审核人员退回才能更正。"
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


def verify_inspection(ws: Workspace, inspection_id: InspectionId) -> bool:
    """True when a completed form's content matches its hash and its keyed seal verifies
    (a form completed before seals existed: its content hash alone)."""
    return seal_check(ws, inspection_id).state in ("ok", "unkeyed")


def seal_check(ws: Workspace, inspection_id: InspectionId) -> SealCheck:
    """The verdict on a form's seal, in words (services/checklist/form_seal.py)."""
    with ws.db.read_session() as s:
        insp = load_inspection(s, inspection_id)
        check_access(s, ws.actor, insp.visit_id)
        return check_seal(s, insp)
