"""Printing the checklist: signed sheets (one, or a task's batch) and the 随机抽查通知书.

Builds the reports' read models from the forms and hands them to core.reports; reads only.
The same `Document` pages feed the PDF and the in-app preview.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.core.domain.checklist import ItemNotes, answer_text, party_signature_required
from app.core.domain.errors import AppError, NotFoundError, ValidationError
from app.core.domain.ids import InspectionId, VisitId
from app.core.domain.localtime import fmt_time_cn, local_today, zone_label
from app.core.reports.layout import Box, Document, Image, Line, Qr, Rect, Text, printable
from app.core.reports.notice_pdf import NoticeData, layout_notice, notice_template
from app.core.reports.sheet_pdf import (
    TITLE,
    SheetData,
    SheetItem,
    SheetRow,
    SheetSigner,
    layout_sheet,
)
from app.core.services.checklist.form_header import build_header, visit_items
from app.core.services.checklist.form_seal import SealCheck, check_seal
from app.core.services.checklist.inspection_views import (
    FormView,
    check_access,
    form_codes_from_session,
    form_view,
    load_inspection,
    load_visit,
    local_time,
)
from app.core.services.kernel.audit_trail import log_export
from app.core.services.kernel.reference import get_setting
from app.core.services.kernel.workspace import NO_CHANGES, Changes, Workspace
from app.core.services.results.reviews import review_decisions
from app.core.services.results.third_parties import commission_lines
from app.core.storage.models import (
    AttachmentBlob,
    Department,
    Inspection,
    Inspector,
    Result,
    Task,
    Visit,
    VisitMember,
    VisitTask,
)

# The page operations, re-exported for the front ends' preview (they import services only).
PAGE_OPS = (Box, Image, Line, Qr, Rect, Text)
__all__ = [
    "Box",
    "Document",
    "Image",
    "Line",
    "Qr",
    "Rect",
    "Text",
    "printable",
    "export_notice_pdf",
    "export_sheet_pdf",
    "export_task_sheets",
    "log_printed",
    "notice_document",
    "sheet_document",
    "task_inspection_ids",
]

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


def _fmt_dt(value: datetime | None) -> str:
    return (
        f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
        if value
        else "    年  月  日  时  分"
    )


def _fmt_date(value: datetime | date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def form_number(s: Session, visit_id: int, task_no: str) -> str:
    """表单编号 on the sheet: the task's number and the visit's place among the task's visits
    (in the order they were drawn; replaced ones keep theirs), e.g. "…〔2026〕1号-013"."""
    visit = s.get(Visit, visit_id)
    if visit is None:
        return ""
    n = s.scalar(
        select(func.count(Visit.id)).where(Visit.task_id == visit.task_id, Visit.id <= visit.id)
    )
    return f"{task_no}-{int(n or 0):03d}" if task_no else f"{int(n or 0):03d}"


def sheet_data(s: Session, form: FormView, *, images: dict[str, bytes] | None = None) -> SheetData:
    """The printed sheet of a form version (images loaded from the blob store unless given)."""
    codes = form_codes_from_session(s)
    data, header = form.data, form.header
    items = []
    for sec in form.sections:
        given = data.answers.get(sec.item_code, {})
        rows = tuple(
            SheetRow(
                str(r["no"]),
                r.get("content", ""),
                r.get("method", ""),
                answer_text(r, given.get(str(r["no"]))),
            )
            for r in sec.rows
        )
        notes = data.items.get(sec.item_code, ItemNotes())
        items.append(
            SheetItem(
                sec.item_code, sec.item_name, sec.department, rows, notes.findings, notes.disposal
            )
        )
    chosen = data.result_codes
    parents = {c.code: c.parent_code for c in codes.results}

    def depth(code: str) -> int:
        n, p = 0, parents.get(code)
        while p:
            n, p = n + 1, parents.get(p)
        return n

    results = tuple((c.text, c.code in chosen, depth(c.code)) for c in codes.results)
    summary = "、".join(c.text for c in codes.results if c.code in chosen)
    methods = tuple((t, c in data.methods) for c, t in codes.methods)
    disposals = tuple((t, c in data.disposals) for c, t in codes.disposals)
    party = witness = None
    refusal = ""
    sealed = False
    inspectors: list[SheetSigner] = []
    certs = {m.get("inspector_id"): m.get("cert_no", "") for m in header.get("inspectors", [])}
    for g in form.signatures:
        day = _fmt_date(local_time(g.signed_at))
        if g.role == "party":
            party = SheetSigner(g.signer_name, "", g.image_sha256, day)
            refusal = g.refusal_reason if g.refused else ""
            sealed = g.is_seal
        elif g.role == "witness":
            detail = g.signer_id_number or (f"未提供（{g.no_id_reason}）" if g.no_id_reason else "")
            witness = SheetSigner(g.signer_name, detail, g.image_sha256, day)
        else:
            inspectors.append(
                SheetSigner(
                    g.signer_name, f"执法证号：{certs.get(g.inspector_id, '')}", g.image_sha256, day
                )
            )
    keys = [g.image_sha256 for g in form.signatures if g.image_sha256]
    if images is None:
        images = (
            {
                b.sha256: bytes(b.data)
                for b in s.scalars(select(AttachmentBlob).where(AttachmentBlob.sha256.in_(keys)))
            }
            if keys
            else {}
        )
    else:
        images = {k: images[k] for k in keys if k in images}
    biz = header.get("business", {})
    row = s.get(Inspection, form.id)
    seal = check_seal(s, row) if row is not None else SealCheck("invalid", "检查表不存在")
    # 检查时间 is the wall-clock time the inspector recorded, in the office's zone, named on
    # the printed sheet like every official time.
    span = f"{_fmt_dt(form.started_at)} 至 {_fmt_dt(form.ended_at)}" + (
        f"（{zone_label()}）" if form.started_at or form.ended_at else ""
    )
    return SheetData(
        form_no=form_number(s, form.visit_id, header.get("task_no", "")),
        form_id=form.id,
        version_no=form.version_no,
        status=form.status,
        content_hash=form.content_hash or "",
        office=header.get("office", ""),
        task_no="、".join(t["task_no"] for t in header.get("tasks", []))
        or header.get("task_no", ""),
        task_name="；".join(t["name"] for t in header.get("tasks", []))
        or header.get("task_name", ""),
        departments="、".join(header.get("departments", [])),
        business_name=biz.get("name", ""),
        business_code=biz.get("code", ""),
        code_kind=biz.get("code_kind", ""),
        address=biz.get("address", ""),
        legal_rep=biz.get("legal_rep", ""),
        phone=biz.get("phone", ""),
        liaison=biz.get("liaison", ""),
        liaison_phone=biz.get("liaison_phone", ""),
        place=form.place,
        time_span=span,
        inspectors=tuple(
            (
                m["name"]
                + ("（指定）" if m.get("assigned") else "")
                + (f"（外借：{m['external']}）" if m.get("external") else ""),
                m.get("cert_no", ""),
                m.get("department", ""),
            )
            for m in header.get("inspectors", [])
        ),
        experts=tuple(e["name"] for e in header.get("experts", [])),
        items=tuple(items),
        methods=methods,
        results=results,
        result_summary=summary,
        findings=data.findings,
        disposals=disposals,
        disposal_other=data.disposal_other,
        party_opinion=data.party_opinion,
        party=party,
        refusal_reason=refusal,
        witness=witness,
        inspector_signers=tuple(inspectors),
        correction_reason=form.correction_reason,
        printed_on=_fmt_date(local_today()),
        images=images,
        seal_state=seal.state,
        seal_text=seal.text,
        reviews=review_lines(s, form.visit_id),
        commissions=_commissions(s, form.visit_id),
        party_sealed=sealed,
        party_note=""
        if party_signature_required([t for c, t in codes.methods if c in data.methods])
        else "书面检查/网络监测，无需当事人签字",
    )


def _commissions(s: Session, visit_id: int) -> tuple[str, ...]:
    visit = s.get(Visit, visit_id)
    return commission_lines(s, visit) if visit is not None else ()


def review_lines(s: Session, visit_id: int) -> tuple[tuple[str, str], ...]:
    """Each review level decided on the visit's results in their latest round, as the sheet
    prints it: (组长审核意见, "通过。记录完整（赵组长，2026-12-04 10:31）")."""

    rows = list(s.scalars(select(Result).where(Result.visit_id == visit_id).order_by(Result.id)))
    depts = {d.id: d.short_name or d.name for d in s.scalars(select(Department))}
    out = []
    for r in rows:
        decided = review_decisions(s, r.id)
        if not decided:
            continue
        last_round = max(d.round for d in decided)
        for d in decided:
            if d.round != last_round:
                continue
            label = f"{d.level_name}意见" + (
                f"（{depts.get(r.department_id, '')}）" if len(rows) > 1 else ""
            )
            why = f"。{d.note}" if d.note else ""
            out.append((label, f"{d.decision}{why}（{d.actor_name}，{fmt_time_cn(d.at)}）"))
    return tuple(out)


def sheet_document(ws: Workspace, inspection_id: InspectionId) -> Document:
    """The laid-out pages of one sheet (for the in-app preview and printing)."""
    with ws.db.read_session() as s:
        insp = load_inspection(s, inspection_id)
        check_access(s, ws.actor, insp.visit_id)
        return layout_sheet(sheet_data(s, form_view(s, insp)))


def export_sheet_pdf(ws: Workspace, inspection_id: InspectionId, out: str | Path) -> int:
    """Writes one form's sheet as a PDF; returns the page count."""
    doc = sheet_document(ws, inspection_id)
    from app.core.reports.pdf_canvas import write_pdf  # on use: reportlab stays out of start-up

    pages = write_pdf([doc], out, title=doc.title)
    log_export(
        ws,
        "sheet.export",
        out,
        what="检查表（页）",
        count=pages,
        entity="inspection",
        detail={"inspection_id": inspection_id},
    )
    return pages


def log_printed(
    ws: Workspace,
    doc: Document,
    *,
    inspection_id: InspectionId | None = None,
    visit_id: VisitId | None = None,
) -> Changes:
    """A sheet (or a 通知书) sent to a printer from the preview: one audit event, like a PDF
    (nothing a screen shows changes)."""
    if inspection_id is not None:
        log_export(
            ws,
            "sheet.print",
            None,
            what=f"检查表“{doc.title}”（页）",
            count=len(doc.pages),
            entity="inspection",
            detail={"inspection_id": inspection_id},
        )
    else:
        log_export(
            ws,
            "notice.print",
            None,
            what=f"“{doc.title}”（页）",
            count=len(doc.pages),
            entity="visit",
            detail={"visit_id": visit_id},
        )
    return NO_CHANGES


def task_inspection_ids(
    ws: Workspace, task_no: str, *, include_drafts: bool = False
) -> list[InspectionId]:
    """The current form of each visit of a task (completed ones; drafts on request)."""
    with ws.db.read_session() as s:
        task = s.scalars(select(Task).where(Task.task_no == task_no.strip())).first()
        if task is None:
            raise NotFoundError(f"没有任务编号为“{task_no}”的抽查任务。 / No task {task_no}.")
        visits = select(Visit.id).where(
            or_(
                Visit.task_id == task.id,
                Visit.id.in_(select(VisitTask.visit_id).where(VisitTask.task_id == task.id)),
            ),
            ~Visit.is_cancelled,
        )
        if ws.actor.role == "inspector":
            visits = visits.where(
                Visit.id.in_(
                    select(VisitMember.visit_id).where(
                        VisitMember.inspector_id == (ws.actor.inspector_id or -1)
                    )
                )
            )
        newest = (
            select(Inspection.visit_id, func.max(Inspection.version_no).label("v"))
            .where(Inspection.visit_id.in_(visits))
            .group_by(Inspection.visit_id)
            .subquery()
        )
        q = (
            select(Inspection.id, Inspection.status)
            .join(
                newest,
                (newest.c.visit_id == Inspection.visit_id) & (newest.c.v == Inspection.version_no),
            )
            .order_by(Inspection.visit_id)
        )
        return [
            InspectionId(i)
            for i, st in s.execute(q)
            if st == "completed" or (include_drafts and st == "draft")
        ]


def export_task_sheets(
    ws: Workspace,
    task_no: str,
    out: str | Path,
    *,
    include_drafts: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """批量打印: every completed sheet of a task into one PDF; returns the number of sheets."""
    ids = task_inspection_ids(ws, task_no, include_drafts=include_drafts)
    if not ids:
        raise ValidationError(
            f"任务“{task_no}”还没有已完成的检查表可打印。 / No completed sheets for this task."
        )
    out_path = Path(out)
    tmp = out_path.with_name(out_path.name + ".part")
    from app.core.reports.pdf_canvas import PdfWriter  # on use: reportlab stays out of start-up

    writer = PdfWriter(tmp, title=f"{TITLE}（{task_no}）")
    with ws.db.read_session() as s:
        for n, iid in enumerate(ids):
            if cancelled is not None and cancelled():
                tmp.unlink(missing_ok=True)
                raise AppError("已取消打印。 / Cancelled.")
            if progress is not None:
                progress(n, len(ids), f"第{n + 1}份，共{len(ids)}份")
            insp = load_inspection(s, iid)
            writer.add(layout_sheet(sheet_data(s, form_view(s, insp))))
    writer.save()
    tmp.replace(out_path)
    log_export(
        ws,
        "sheet.export",
        out_path,
        what=f"检查表（{task_no}，份）",
        count=len(ids),
        detail={"task_no": task_no, "include_drafts": include_drafts},
    )
    if progress is not None:
        progress(len(ids), len(ids), "完成")
    return len(ids)


def notice_data(s: Session, visit: Visit) -> NoticeData:
    """随机抽查通知书 of a visit: addressee, items, dates, methods, materials, contact."""
    items = visit_items(s, visit)
    header = build_header(s, visit, items)
    task = s.get(Task, visit.task_id)
    assert task is not None
    tpl = notice_template()
    materials: list[str] = list(tpl.get("materials", []))
    for code in (i.code for i, _ in items):
        materials += [
            m for m in tpl.get("materials_by_item", {}).get(code, []) if m not in materials
        ]
    leader = header["inspectors"][0] if header["inspectors"] else None
    phone = ""
    if leader:
        person = s.get(Inspector, leader["inspector_id"])
        phone = person.phone or "" if person else ""
    biz = header["business"]
    span = (
        f"{_fmt_date(task.start_on)}至{_fmt_date(task.end_on)}"
        if task.start_on and task.end_on
        else ""
    )
    return NoticeData(
        office=header.get("office") or str(get_setting(s, "office.name", "") or ""),
        task_no=task.task_no,
        task_name=task.name,
        business_name=biz["name"],
        business_code=biz["code"],
        code_kind=biz["code_kind"],
        items=tuple(f"{i['code']} {i['name']}" for i in header["items"]),
        time_span=span,
        methods=str(tpl.get("methods", "")),
        materials=tuple(materials),
        contact=leader["name"] if leader else "",
        contact_phone=phone,
        year=task.year,
        issued_on=_fmt_date(local_today()),
        visit_id=visit.id,
        template=tpl,
    )


def notice_document(ws: Workspace, visit_id: VisitId) -> Document:
    with ws.db.read_session() as s:
        visit = load_visit(s, visit_id)
        check_access(s, ws.actor, visit.id)
        return layout_notice(notice_data(s, visit))


def export_notice_pdf(ws: Workspace, visit_id: VisitId, out: str | Path) -> int:
    """Writes the 随机抽查通知书 of a visit; returns the page count."""
    doc = notice_document(ws, visit_id)
    from app.core.reports.pdf_canvas import write_pdf  # on use: reportlab stays out of start-up

    pages = write_pdf([doc], out, title=doc.title)
    log_export(
        ws,
        "notice.export",
        out,
        what="随机抽查通知书（页）",
        count=pages,
        entity="visit",
        detail={"visit_id": visit_id},
    )
    return pages
