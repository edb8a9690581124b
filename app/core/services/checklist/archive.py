"""一次一档: one archive package per check, the PDF the 案卷 room files.

A visit gets an archive number (档案号) from a configurable pattern the first time it is
archived (kept afterwards, audited). The package is built from the existing page writers —
the 通知书 (reports.notice_pdf), every signed sheet version (reports.sheet_pdf), then a record
part laid out here: the photos, the signatures, each review level's decision, the status moves,
the publication line and the audit chain head at the time of archiving.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.domain.errors import ValidationError
from app.core.domain.ids import VisitId
from app.core.domain.localtime import fmt_time_cn
from app.core.domain.roles import Permission
from app.core.domain.states import FormState, ResultState
from app.core.reports.layout import Document, Flow, Image, Text
from app.core.reports.notice_pdf import layout_notice
from app.core.reports.sheet_pdf import layout_sheet
from app.core.services.checklist.inspection_views import check_access, form_view, load_visit
from app.core.services.checklist.sheets import notice_data, sheet_data
from app.core.services.kernel.audit import chain_head, log_event
from app.core.services.kernel.audit_trail import log_export
from app.core.services.kernel.concurrency import check_version
from app.core.services.kernel.reference import get_setting, set_setting
from app.core.services.kernel.users import names_by_login
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.services.results.results import task_by_no, task_visit_ids
from app.core.services.results.reviews import review_decisions
from app.core.storage.models import (
    AttachmentBlob,
    Department,
    Inspection,
    Result,
    ResultEvent,
    Target,
    Task,
    Visit,
    utcnow,
)

__all__ = [
    "DEFAULT_PATTERN",
    "ArchiveReport",
    "archive_number",
    "archive_pattern",
    "set_archive_pattern",
    "write_archive",
    "write_task_archives",
]

PATTERN_KEY = "archive.pattern"
# {year} task year · {dept} initiating department's short name · {task_seq} task number in
# the year · {seq} the visit's place in the task (3 digits) · {task_no} the task's number.
DEFAULT_PATTERN = "{dept}档〔{year}〕{task_seq}-{seq}"
TOKENS = ("year", "dept", "task_seq", "seq", "task_no")


@dataclass(frozen=True)
class ArchiveReport:
    visit_id: VisitId
    archive_no: str
    pages: int
    path: Path


def _check_pattern(pattern: str) -> str:
    pattern = (pattern or "").strip()
    used = re.findall(r"{([^{}]*)}", pattern)
    unknown = [u for u in used if u not in TOKENS]
    if not pattern or "seq" not in used or unknown or len(pattern) > 40:
        raise ValidationError(
            "档案号格式须含 {seq}，只能用 "
            + "、".join("{" + t + "}" for t in TOKENS)
            + (f"（不认识：{'、'.join(unknown)}）" if unknown else "")
            + "，最多40个字符。 / The archive number pattern needs {seq} and known fields only."
        )
    return pattern


def archive_pattern(ws: Workspace) -> str:
    with ws.db.read_session() as s:
        return str(get_setting(s, PATTERN_KEY, "") or DEFAULT_PATTERN)


def set_archive_pattern(ws: Workspace, pattern: str) -> Changes:
    """The office's archive number pattern (numbers already given are kept). Audited."""
    ws.require(Permission.ADMINISTER)
    pattern = _check_pattern(pattern)
    with ws.db.session() as s:
        before = str(get_setting(s, PATTERN_KEY, "") or DEFAULT_PATTERN)
        set_setting(s, PATTERN_KEY, pattern)
        log_event(
            s,
            ws.actor,
            "settings.archive_pattern",
            entity="setting",
            summary=f"档案号格式：{pattern}",
            before={"pattern": before},
            after={"pattern": pattern},
        )
    return Changes.of(Area.SETTINGS, message="档案号格式已保存")


def archive_number(s: Session, visit: Visit) -> str:
    """The visit's archive number: the stored one, else a new one from the pattern (stored
    through the stale-save gate and audited by the caller's transaction)."""
    if visit.archive_no:
        return visit.archive_no
    task = s.get(Task, visit.task_id)
    assert task is not None
    dept = s.get(Department, task.initiating_department_id)
    seq = s.scalar(
        select(func.count(Visit.id)).where(Visit.task_id == visit.task_id, Visit.id <= visit.id)
    )
    pattern = _check_pattern(str(get_setting(s, PATTERN_KEY, "") or DEFAULT_PATTERN))
    number = pattern.format(
        year=task.year,
        dept=(dept.short_name or dept.name) if dept else "",
        task_seq=f"{task.seq_no:02d}" if task.seq_no is not None else "",
        seq=f"{int(seq or 0):03d}",
        task_no=task.task_no,
    )
    taken = s.scalar(select(Visit.id).where(Visit.archive_no == number, Visit.id != visit.id))
    if taken is not None:
        number = f"{number}-{visit.id}"  # a pattern that does not tell two visits apart
    check_version(s, visit, None, what=f"检查对象（走访 {visit.id}）")
    visit.archive_no = number
    return number


def _record_part(
    s: Session, visit: Visit, archive_no: str, forms: list[Inspection], head: str
) -> Document:
    """The archive's own pages: cover facts, photos, signatures, review, publication, audit."""
    target = s.get(Target, visit.target_id)
    task = s.get(Task, visit.task_id)
    assert target is not None and task is not None
    depts = {d.id: d for d in s.scalars(select(Department))}
    names = names_by_login(s)
    flow = Flow(top=40, bottom=60)
    flow.text("抽查档案（一次一档）", size=16, align="center", gap=6)
    for label, value in (
        ("档案号", archive_no),
        ("抽查任务", f"{task.task_no} {task.name}"),
        ("被检查单位", f"{target.name}（{target.uscc or target.reg_no or ''}）"),
        (
            "检查表版本",
            "、".join(f"第{f.version_no}版（{_form_state(f.status)}）" for f in forms)
            or "尚未填写",
        ),
        ("归档时间", fmt_time_cn(utcnow())),
        ("审计链头（归档时）", head),
    ):
        flow.text(f"{label}：{value}", size=10, gap=1)
    flow.text(
        "本档案依次包括：随机抽查通知书、检查表（含签名）、现场照片、签名记录、审核记录、公示情况、审计链头。",
        size=9,
        gap=8,
    )

    # 现场照片
    flow.text("一、现场照片及附件", size=12, gap=3)
    images: dict[str, bytes] = {}
    newest = forms[-1] if forms else None
    atts = form_view(s, newest).attachments if newest is not None else ()
    if not atts:
        flow.text("（无）", size=9.5, gap=4)
    for a in atts:
        if a.mime in ("image/png", "image/jpeg"):
            blob = s.get(AttachmentBlob, a.sha256)
            if blob is not None:
                images[a.sha256] = bytes(blob.data)
                flow.ensure(200)
                flow.page.ops.append(Image(flow.left, flow.y, 260, 180, a.sha256))
                flow.y += 184
        flow.text(f"{a.filename}　{a.caption}　SHA-256：{a.sha256[:16]}…", size=8.5, gap=4)

    # 签名记录
    flow.text("二、签名记录", size=12, gap=3)
    roles = {"party": "被检查单位", "inspector": "检查人员", "witness": "见证人"}
    sigs = form_view(s, newest).signatures if newest is not None else ()
    if not sigs:
        flow.text("（无）", size=9.5, gap=4)
    for g in sigs:
        how = (
            "拒绝签字：" + g.refusal_reason
            if g.refused
            else ("盖章（印章照片）" if g.is_seal else "签名")
        )
        ident = g.signer_id_number or (
            f"未提供身份证号（{g.no_id_reason}）" if g.no_id_reason else ""
        )
        flow.text(
            f"{roles.get(g.role, g.role)}　{g.signer_name}　{how}　{ident}　{fmt_time_cn(g.signed_at)}",
            size=9,
            gap=1,
        )
    flow.y += 4

    # 审核记录 and 状态变化, per department
    flow.text("三、审核记录", size=12, gap=3)
    results = list(s.scalars(select(Result).where(Result.visit_id == visit.id).order_by(Result.id)))
    for r in results:
        dept = depts.get(r.department_id)
        flow.text(f"【{dept.name if dept else ''}】当前状态：{r.status}", size=10, gap=1)
        decided = review_decisions(s, r.id)
        if not decided:
            flow.text("尚无审核决定", size=9, indent=12, gap=1)
        for d in decided:
            flow.text(
                f"第{d.round}轮 {d.level_name}：{d.decision}　{d.actor_name}（{d.actor}）"
                f"　{fmt_time_cn(d.at)}　{d.note or ''}",
                size=9,
                indent=12,
                gap=1,
            )
        for e in s.scalars(
            select(ResultEvent)
            .where(ResultEvent.result_id == r.id)
            .order_by(ResultEvent.at, ResultEvent.id)
        ):
            flow.text(
                f"状态 {e.from_status or '—'} → {e.to_status}　{_who(names, e.actor)}"
                f"　{fmt_time_cn(e.at)}　{e.note or ''}",
                size=8.5,
                indent=12,
                gap=0,
            )
        flow.y += 4

    # 公示情况
    flow.text("四、公示情况", size=12, gap=3)
    for r in results:
        dept = depts.get(r.department_id)
        if r.withheld_reason:
            line = f"不予公示：{r.withheld_reason}"
        elif r.status == ResultState.PUBLISHED:
            line = f"已公示（{r.published_on.isoformat() if r.published_on else ''}）"
        else:
            due = f"，公示期限{r.publish_due_on.isoformat()}" if r.publish_due_on else ""
            line = f"尚未公示（{r.status}）{due}"
        flow.text(f"{dept.name if dept else ''}：{line}", size=9.5, gap=1)
    flow.y += 4
    flow.text("五、审计链头", size=12, gap=3)
    flow.text(f"归档时审计链头：{head}（可用“audit verify”核对）", size=9, gap=2)
    total = len(flow.pages)
    for n, page in enumerate(flow.pages, start=1):
        page.ops.append(
            Text(42, 842 - 30, f"档案号：{archive_no}　档案记录 第{n}页 共{total}页", 8)
        )
    return Document(flow.pages, images, title=f"抽查档案 {archive_no}")


def _who(names: dict[str, str], login: str | None) -> str:
    """A person as the archive names them: 姓名（登录名）, as its review lines do."""
    if not login:
        return ""
    name = names.get(login, login)
    return name if name == login else f"{name}（{login}）"


def _form_state(status: str) -> str:
    words: dict[str, str] = {
        FormState.DRAFT: "草稿",
        FormState.COMPLETED: "已完成",
        FormState.SUPERSEDED: "已更正",
    }
    return words.get(status, status)


def _package(s: Session, ws: Workspace, visit_id: int) -> tuple[str, list[Document]]:
    visit = load_visit(s, visit_id)
    check_access(s, ws.actor, visit.id)
    new = visit.archive_no is None
    number = archive_number(s, visit)
    s.flush()
    if new:
        log_event(
            s,
            ws.actor,
            "visit.archive_no",
            entity="visit",
            entity_uid=visit.uid,
            summary=f"编档案号 {number}",
            after={"archive_no": number},
        )
    forms = [
        f
        for f in s.scalars(
            select(Inspection)
            .where(Inspection.visit_id == visit.id)
            .order_by(Inspection.version_no)
        )
        if f.status != FormState.DRAFT
    ]
    docs = [layout_notice(notice_data(s, visit))]
    docs += [layout_sheet(sheet_data(s, form_view(s, f))) for f in forms]
    docs.append(_record_part(s, visit, number, forms, chain_head(s)))
    return number, docs


def write_archive(
    ws: Workspace,
    visit_id: VisitId,
    out: str | Path | None = None,
    *,
    out_dir: str | Path | None = None,
) -> ArchiveReport:
    """One PDF package for one visit (notice, signed sheets, photos, signatures, review
    decisions, publication line, audit head); gives the visit its archive number. Written to
    `out`, or into `out_dir` named by the archive number."""
    ws.require(Permission.READ)
    from app.core.reports.pdf_canvas import write_pdf  # on use: reportlab stays out of start-up

    if out is not None and Path(out).suffix.lower() != ".pdf":
        raise ValidationError(f"档案文件应以 .pdf 结尾：{Path(out).name}")
    with ws.db.session() as s:
        number, docs = _package(s, ws, visit_id)
        path = (
            Path(out)
            if out is not None
            else Path(out_dir or ".") / (re.sub(r'[\\/:*?"<>|]', "_", number) + ".pdf")
        )
        tmp = path.with_name(path.name + ".part")
        pages = write_pdf(docs, tmp, title=f"抽查档案 {number}")
    out = path
    tmp.replace(out)
    log_export(
        ws,
        "archive.export",
        out,
        what=f"抽查档案 {number}（页）",
        count=pages,
        entity="visit",
        detail={"visit_id": visit_id, "archive_no": number},
    )
    return ArchiveReport(visit_id, number, pages, out)


def write_task_archives(ws: Workspace, task_no: str, out_dir: str | Path) -> list[ArchiveReport]:
    """The batch: one archive PDF per visit of the task with a completed form, named by its
    archive number, in `out_dir`."""
    ws.require(Permission.READ)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with ws.db.read_session() as s:
        task = task_by_no(s, task_no)
        ids = [
            v
            for (v,) in s.execute(
                select(Visit.id)
                .where(Visit.id.in_(task_visit_ids(task.id)), ~Visit.is_cancelled)
                .where(
                    Visit.id.in_(
                        select(Inspection.visit_id).where(Inspection.status == FormState.COMPLETED)
                    )
                )
                .order_by(Visit.id)
            )
        ]
    if not ids:
        raise ValidationError(
            f"任务“{task_no}”还没有已完成检查的对象可归档。 / Nothing to archive."
        )
    return [write_archive(ws, VisitId(visit_id), out_dir=out_dir) for visit_id in ids]
