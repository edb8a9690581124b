"""What a draw produced, for people: drawn-target rows (with replacements), the notice and xlsx.

Reads only, apart from the audit event an export writes. The record JSON is draws.py's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.domain.errors import ConflictError, NotFoundError
from app.core.domain.ids import DrawSessionId, TaskId, VisitId
from app.core.domain.states import DrawState
from app.core.services.draw import draw_views, draws
from app.core.services.draw.draw_files import verify_page_beside
from app.core.services.draw.draw_views import KIND_TEXT, SOURCE_TEXT, STATUS_TEXT, view_of
from app.core.services.kernel.audit import log_event, short_head
from app.core.services.kernel.office import PUBLISH_PLACE
from app.core.services.kernel.reference import get_setting
from app.core.services.kernel.workspace import Workspace
from app.core.services.plan.pools import CATCH_ALL
from app.core.services.plan.task_views import find_task
from app.core.storage.models import (
    DrawSession,
    Expert,
    InspectionItem,
    Inspector,
    Plan,
    Target,
    TargetTag,
    Task,
    TaskItem,
    Visit,
    VisitMember,
    VisitTask,
)

if TYPE_CHECKING:
    from app.core.reports import draw_reports


@dataclass(frozen=True)
class DrawableTask:
    """A task as the draw tab lists it: can it be drawn now, and what happened so far."""

    id: int
    task_no: str
    name: str
    plan_status: str
    task_status: str
    attempts: int
    open_session_id: int | None
    ok_session_id: int | None
    needs_inspector_draw: bool
    needs_expert_draw: bool


@dataclass(frozen=True)
class VisitRow:
    visit_id: VisitId
    row: draw_reports.DrawnTargetRow
    cancelled: bool


def drawable_tasks(ws: Workspace) -> list[DrawableTask]:
    with ws.db.read_session() as s:
        out = []
        for t in s.scalars(select(Task).order_by(Task.year.desc(), Task.short_name, Task.seq_no)):
            plan = s.get(Plan, t.plan_id) if t.plan_id else None
            rows = list(
                s.scalars(
                    select(DrawSession).where(DrawSession.task_id == t.id).order_by(DrawSession.id)
                )
            )
            open_row = next((r for r in rows if r.status == DrawState.LOCKED), None)
            ok_targets = next(
                (r for r in rows if r.kind == "targets" and r.status == DrawState.OK), None
            )
            has_ok = {r.kind for r in rows if r.status == DrawState.OK}
            out.append(
                DrawableTask(
                    id=t.id,
                    task_no=t.task_no,
                    name=t.name,
                    plan_status=plan.status if plan else "临时任务",
                    task_status=t.status,
                    attempts=len(rows),
                    open_session_id=open_row.id if open_row else None,
                    ok_session_id=ok_targets.id if ok_targets else None,
                    needs_inspector_draw=bool(
                        ok_targets
                        and ok_targets.manifest.get("team") is None
                        and "inspectors" not in has_ok
                    ),
                    needs_expert_draw=bool(
                        ok_targets
                        and (t.expert_rule or {}).get("count")
                        and "experts" not in has_ok
                    ),
                )
            )
        return out


def _items_text(session: Session, task_ids: list[int]) -> str:
    rows = session.execute(
        select(InspectionItem.code, InspectionItem.name)
        .join(TaskItem, TaskItem.item_id == InspectionItem.id)
        .where(TaskItem.task_id.in_(task_ids))
        .order_by(InspectionItem.code)
    ).all()
    seen: dict[str, str] = {}
    for code, name in rows:
        seen.setdefault(code, name)
    return "；".join(f"{c}.{n}" for c, n in seen.items())


def team_text(session: Session, visit_id: int) -> str:
    names = []
    for m in session.scalars(
        select(VisitMember).where(VisitMember.visit_id == visit_id).order_by(VisitMember.position)
    ):
        if m.inspector_id is not None:
            p = session.get(Inspector, m.inspector_id)
            names.append(
                f"{p.name}（{m.role}）" if p and m.role == "组长" else (p.name if p else "?")
            )
        elif m.expert_id is not None:
            e = session.get(Expert, m.expert_id)
            names.append(f"{e.name}（专家）" if e else "专家")
    return "、".join(names)


def visit_rows(ws: Workspace, session_id: DrawSessionId) -> list[VisitRow]:
    """The targets a targets draw produced as they stand now (replacements included)."""
    with ws.db.read_session() as s:
        return _visit_rows(s, session_id)


def _visit_rows(s: Session, session_id: int) -> list[VisitRow]:
    from app.core.reports import draw_reports  # on use: keeps openpyxl/reportlab out of start-up

    row = s.get(DrawSession, session_id)
    if row is None:
        raise NotFoundError(f"抽取记录 {session_id} 不存在。 / Draw session not found.")
    base_id = row.based_on_id if row.kind != "targets" and row.based_on_id else row.id
    out = []
    for v, t in s.execute(
        select(Visit, Target)
        .join(Target, Target.id == Visit.target_id)
        .where(Visit.draw_session_id == base_id)
        .order_by(Visit.stratum, Visit.id)
    ):
        task_ids = [
            v.task_id,
            *s.scalars(select(VisitTask.task_id).where(VisitTask.visit_id == v.id)),
        ]
        note = ""
        if v.is_cancelled:
            note = f"已替换：{v.replaced_reason or ''}"
        elif v.replaces_visit_id:
            old = s.get(Visit, v.replaces_visit_id)
            old_t = s.get(Target, old.target_id) if old else None
            note = f"递补 {old_t.name if old_t else ''}"
        if v.joint_key and not v.is_cancelled and len(task_ids) > 1:
            note = (note + "；" if note else "") + "联合检查"
        out.append(
            VisitRow(
                visit_id=VisitId(v.id),
                cancelled=v.is_cancelled,
                row=draw_reports.DrawnTargetRow(
                    stratum=v.stratum or "",
                    name=t.name,
                    code=t.uscc or t.reg_no or "",
                    registration_authority=t.registration_authority or "",
                    supervising_unit=t.supervising_unit or "",
                    items=_items_text(s, task_ids),
                    team=team_text(s, v.id),
                    source=SOURCE_TEXT.get(v.source, v.source),
                    note=note,
                ),
            )
        )
    return out


def draw_notice(ws: Workspace, session_id: DrawSessionId) -> draw_reports.DrawNotice:
    from app.core.reports import draw_reports  # on use: keeps openpyxl/reportlab out of start-up

    with ws.db.read_session() as s:
        row = s.get(DrawSession, session_id)
        if row is None:
            raise NotFoundError(f"抽取记录 {session_id} 不存在。 / Draw session not found.")
        if row.record is None:
            raise ConflictError("这次抽取没有结果（未计算或已中止）。 / No record.")
        view = view_of(s, row)
        rec = row.record
        strata = tuple(
            draw_reports.StratumLine(
                code=z.code,
                label=z.label,
                rule=z.rule,
                eligible=e["eligible"],
                mandatory=len(e["mandatory"]),
                k=e["k"],
                reserve=len(e["reserve"]),
            )
            for z, e in zip(view.strata, rec["selection"], strict=True)
        )
        if row.status == DrawState.OK:
            rows = tuple(r.row for r in _visit_rows(s, row.id))
        else:
            names = {t["id"]: t["name"] for t in row.population["targets"]}
            rows = tuple(
                draw_reports.DrawnTargetRow(
                    stratum=e["stratum"],
                    name=names.get(tid, tid),
                    code=tid,
                    registration_authority="",
                    supervising_unit="",
                    items="",
                    team="",
                    source="无效",
                    note="本次抽取无效，不得使用",
                )
                for e in rec["selection"]
                for tid in e["selected"]
            )
        return draw_reports.DrawNotice(
            office=str(get_setting(s, "office.name", "") or ""),
            task_no=view.task_no,
            task_name=view.task_name,
            kind_text=KIND_TEXT[row.kind],
            attempt=row.attempt,
            status_text=STATUS_TEXT[row.status],
            locked_at=view.locked_at,
            finished_at=view.finished_at,
            operator=view.operator,
            signed_off_by=view.signed_off_by,
            manifest_digest=view.manifest_digest,
            commitment=view.commitment,
            seed=view.seed,
            record_digest=view.record_digest,
            observers=tuple(zip(view.observers, view.observer_inputs, strict=True)),
            public_value=view.public_value,
            strata=strata,
            targets=rows,
            error=view.error,
            protocol=view.protocol,
            public_value_source=view.public_value_source,
            publish_place=str(get_setting(s, PUBLISH_PLACE, "") or ""),
            mandatory=_mandatory_lines(s, row),
            cap_exception=_exception_text(s, row),
            audit_head=short_head(s),
        )


def _exception_text(session: Session, row: DrawSession) -> str:
    task = session.get(Task, row.task_id)
    exc = (task.cap_exception or {}) if task is not None else {}
    if not exc.get("reason"):
        return ""
    figures = "；".join(exc.get("violations") or [])
    return f"{exc['reason']}（{exc.get('by', '')} 登记于 {exc.get('at', '')}；{figures}）"


def _mandatory_lines(session: Session, row: DrawSession) -> tuple[tuple[str, str, str], ...]:
    """Each mandatory target of the draw and where it went: drawn in its stratum or in the
    catch-all stratum, or excluded (a deregistered business cannot be visited)."""

    if row.kind != "targets":
        return ()
    names = {t["id"]: t["name"] for t in row.population.get("targets", [])}
    out: list[tuple[str, str, str]] = []
    for entry in row.manifest.get("strata", []):
        code = entry["code"]
        where = (
            "不属于任何分层，列入“必查兜底”分层，抽中"
            if code == CATCH_ALL
            else f"分层 {code}，抽中"
        )
        out += [(names.get(t, t), t, where) for t in entry.get("mandatory", [])]
    task = session.get(Task, row.task_id)
    rule = (task.mandatory or {}) if task is not None else {}
    explicit = set(rule.get("target_ids") or [])
    tags = list(rule.get("tags") or [])
    excluded = [
        (t, e["code"]) for e in row.manifest.get("strata", []) for t in e.get("excluded", [])
    ]
    if excluded and (tags or explicit):
        tagged: set[str] = set()
        if tags:
            q = select(Target.uscc, Target.reg_no, Target.uid).where(
                Target.id.in_(select(TargetTag.target_id).where(TargetTag.tag.in_(tags)))
            )
            tagged = {u or r or i for u, r, i in session.execute(q)}
        for tid, code in excluded:
            if tid in explicit or tid in tagged:
                out.append(
                    (names.get(tid, tid), tid, f"分层 {code}，已排除（登记状态等原因不能检查）")
                )
    return tuple(out)


def _log_export(ws: Workspace, session_id: DrawSessionId, what: str, path: Path) -> None:
    with ws.db.session() as s:
        row = s.get(DrawSession, session_id)
        assert row is not None
        log_event(
            s,
            ws.actor,
            "draw.export",
            entity="draw_session",
            entity_uid=row.uid,
            summary=f"{what} → {path.name}",
            detail={"record_digest": row.record_digest},
        )


def export_draw_notice_pdf(ws: Workspace, *, session_id: DrawSessionId, path: str | Path) -> Path:
    """The 抽取结果 notice: digests, seed, QR code, strata and the drawn targets with teams;
    verify.html (the record embedded) is written beside it, as the notice says."""
    from app.core.reports import draw_reports  # on use: keeps openpyxl/reportlab out of start-up

    out = draw_reports.write_draw_notice_pdf(draw_notice(ws, session_id), Path(path))
    verify_page_beside(out, draw_views.draw_record_of(ws, session_id))
    _log_export(ws, session_id, "抽取结果公告 PDF", out)
    return out


def export_draw(
    ws: Workspace,
    *,
    task_ref: int | str,
    directory: str | Path,
    kind: str = "targets",
    attempt: int | None = None,
) -> list[Path]:
    """A draw's whole publication into `directory`: record.json, notice.pdf, drawn-targets.xlsx
    and verify.html (the record embedded). The task's latest computed attempt of `kind` (ok or
    void) unless `attempt` is given. Returns the paths written."""
    from app.core.reports import draw_reports  # on use: keeps openpyxl/reportlab out of start-up

    with ws.db.read_session() as s:
        task = find_task(s, task_ref)
        q = select(DrawSession).where(
            DrawSession.task_id == task.id,
            DrawSession.kind == kind,
            DrawSession.record.is_not(None),
        )
        if attempt is not None:
            q = q.where(DrawSession.attempt == attempt)
        row = s.scalars(q.order_by(DrawSession.attempt.desc(), DrawSession.id.desc())).first()
        if row is None:
            which = f"第{attempt}次" if attempt is not None else "已完成的"
            raise NotFoundError(
                f"任务“{task.task_no}”没有{which}{KIND_TEXT.get(kind, kind)}结果可导出。"
                f" / No computed {kind} draw to export."
            )
        session_id = DrawSessionId(row.id)
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    record = draws.save_draw_record(
        ws, session_id=session_id, path=folder / draw_reports.RECORD_FILE
    )
    notice = export_draw_notice_pdf(ws, session_id=session_id, path=folder / "notice.pdf")
    drawn = export_drawn_targets_xlsx(ws, session_id=session_id, path=folder / "drawn-targets.xlsx")
    return [record, notice, drawn, folder / draw_reports.PAGE_FILE]


def export_drawn_targets_xlsx(
    ws: Workspace, *, session_id: DrawSessionId, path: str | Path
) -> Path:
    """The published list: 企业名称, 统一社会信用代码/注册号, 登记机关, 管辖单位, items, team."""
    from app.core.reports import draw_reports  # on use: keeps openpyxl/reportlab out of start-up

    out = draw_reports.write_drawn_targets_xlsx(draw_notice(ws, session_id), Path(path))
    _log_export(ws, session_id, "抽查名单 xlsx", out)
    return out


def count_visits(ws: Workspace, task_id: TaskId) -> int:
    with ws.db.read_session() as s:
        return int(
            s.scalar(
                select(func.count())
                .select_from(Visit)
                .where(Visit.task_id == task_id, ~Visit.is_cancelled)
            )
            or 0
        )
