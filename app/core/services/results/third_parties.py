"""Third parties (大足 三(三), 贵阳 四(七)2): a registry of qualified bodies (检验检测, 审计,
咨询 …: name, USCC, qualifications, validity) and the commissions an office gives them for a
task or one visit — scope, dates and the report (kept as an attachment blob). A commission is
printed on the visit's sheet and counted in the statistics; a body whose qualification has
expired by the start date is refused. Every change is audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.core.domain.codes import check_uscc
from app.core.domain.errors import NotFoundError, ValidationError
from app.core.domain.ids import VisitId
from app.core.domain.localtime import local_today
from app.core.domain.normalize import check_visible
from app.core.domain.roles import Permission
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.blobs import sniff_mime, store_blob
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.services.results.results import task_by_no
from app.core.storage.models import Commission, ThirdParty, Visit

__all__ = [
    "ThirdPartyRow",
    "commission",
    "commission_lines",
    "list_third_parties",
    "save_third_party",
]

MAX_REPORT_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class ThirdPartyRow:
    id: int
    name: str
    uscc: str
    qualifications: tuple[str, ...]
    valid_until: date | None
    valid: bool  # qualification valid today


def save_third_party(
    ws: Workspace,
    *,
    name: str,
    uscc: str,
    qualifications: Sequence[str],
    valid_until: date | None,
    contact: str = "",
    phone: str = "",
) -> Changes:
    """Adds or updates (by USCC) a qualified body; the code's check character must hold."""
    ws.require(Permission.EDIT_REGISTRY)
    name = check_visible((name or "").strip(), "机构名称")
    if not name:
        raise ValidationError("机构名称：不能为空。 / The name is required.")
    check = check_uscc(uscc or "")
    if not check.ok:
        raise ValidationError(f"统一社会信用代码“{uscc}”无效：{check.reason} / Invalid USCC.")
    quals = [check_visible(str(q).strip(), "资质") for q in qualifications if str(q).strip()]
    if not quals:
        raise ValidationError(
            "资质：至少一项（如 检验检测、审计、咨询）。 / At least one qualification."
        )
    with ws.db.session() as s:
        row = s.scalar(select(ThirdParty).where(ThirdParty.uscc == check.normalized))
        before = None if row is None else {"name": row.name, "qualifications": row.qualifications}
        if row is None:
            row = ThirdParty(uscc=check.normalized, name=name)
            s.add(row)
        row.name, row.qualifications, row.valid_until = name, quals, valid_until
        row.contact, row.phone = contact.strip() or None, phone.strip() or None
        s.flush()
        log_event(
            s, ws.actor, "third_party.save", entity="third_party", entity_uid=row.uid,
            summary=f"第三方机构：{name}（{'、'.join(quals)}，有效期至{valid_until or '长期'}）",
            before=before, after={"name": name, "qualifications": quals},
        )  # fmt: skip
    return Changes.of(Area.THIRD_PARTIES, message="已保存第三方机构")


def list_third_parties(ws: Workspace) -> list[ThirdPartyRow]:
    today = local_today()
    with ws.db.read_session() as s:
        return [
            ThirdPartyRow(
                t.id,
                t.name,
                t.uscc,
                tuple(t.qualifications or []),
                t.valid_until,
                t.valid_until is None or t.valid_until >= today,
            )  # fmt: skip
            for t in s.scalars(select(ThirdParty).order_by(ThirdParty.name))
        ]


def commission(
    ws: Workspace,
    *,
    uscc: str,
    scope: str,
    start_on: date,
    end_on: date | None = None,
    task_no: str | None = None,
    visit_id: VisitId | None = None,
    report: Path | str | None = None,
) -> Changes:
    """委托 a body for a task or one visit, with the scope, dates and (optionally) its report."""
    ws.require(Permission.EDIT_PLANS)
    scope = check_visible((scope or "").strip(), "委托事项")
    if not scope:
        raise ValidationError("委托事项：请写明委托的范围。 / The scope is required.")
    if (task_no is None) == (visit_id is None):
        raise ValidationError(
            "委托须针对一个抽查任务或一个检查对象（二选一）。 / A task or a visit, not both."
        )
    if end_on is not None and end_on < start_on:
        raise ValidationError(f"委托结束日期{end_on}早于开始日期{start_on}。")
    data = None
    if report is not None:
        path = Path(report)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ValidationError(f"报告文件“{path.name}”无法读取：{exc.strerror}") from None
        if not data or len(data) > MAX_REPORT_BYTES:
            raise ValidationError(f"报告文件“{path.name}”为空或超过50 MB。")
    with ws.db.session() as s:
        body = s.scalar(select(ThirdParty).where(ThirdParty.uscc == (uscc or "").strip().upper()))
        if body is None:
            raise NotFoundError(f"第三方机构名录中没有统一社会信用代码为“{uscc}”的机构。")
        if body.valid_until is not None and body.valid_until < start_on:
            raise ValidationError(
                f"{body.name}的资质有效期至{body.valid_until}，早于委托开始日期{start_on}，不能委托。"
            )
        task_id = task_by_no(s, task_no).id if task_no is not None else None
        if visit_id is not None and s.get(Visit, visit_id) is None:
            raise NotFoundError(f"没有编号为{visit_id}的检查对象（走访）。")
        digest = (
            store_blob(s, data, mime=sniff_mime(data, str(report))) if data is not None else None
        )
        row = Commission(third_party_id=body.id, task_id=task_id, visit_id=visit_id, scope=scope,
                         start_on=start_on, end_on=end_on, report_sha256=digest,
                         report_name=Path(report).name if report is not None else None)  # fmt: skip
        s.add(row)
        s.flush()
        log_event(
            s, ws.actor, "third_party.commission", entity="commission", entity_uid=row.uid,
            summary=f"委托{body.name}：{scope}（{start_on}至{end_on or ''}）"
            + (f"，任务{task_no}" if task_no else f"，检查对象{visit_id}"),
            detail={"third_party": body.uscc, "report": digest},
        )  # fmt: skip
    return Changes.of(Area.THIRD_PARTIES, message="已登记委托")


def commission_lines(s: Session, visit: Visit) -> tuple[str, ...]:
    """委托专业机构 lines printed on the visit's sheet: for the visit or its task."""
    rows = s.execute(
        select(Commission, ThirdParty)
        .join(ThirdParty, ThirdParty.id == Commission.third_party_id)
        .where(or_(Commission.visit_id == visit.id, Commission.task_id == visit.task_id))
        .order_by(Commission.start_on, Commission.id)
    ).all()
    return tuple(
        f"{t.name}（{'、'.join(t.qualifications or [])}）：{c.scope}；{c.start_on}至{c.end_on or ''}"
        + (f"；报告：{c.report_name}" if c.report_name else "")
        for c, t in rows
    )


def commission_counts(s: Session, task_ids: Sequence[int]) -> dict[str, int]:
    """For statistics: commissions per body among these tasks (and their visits)."""
    visit_ids = select(Visit.id).where(Visit.task_id.in_(task_ids))
    out: dict[str, int] = {}
    for _c, t in s.execute(
        select(Commission, ThirdParty)
        .join(ThirdParty, ThirdParty.id == Commission.third_party_id)
        .where(or_(Commission.task_id.in_(task_ids), Commission.visit_id.in_(visit_ids)))
    ):
        out[t.name] = out.get(t.name, 0) + 1
    return out
