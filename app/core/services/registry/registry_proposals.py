"""Results that say a business's registry entry is out of date propose the change to a supervisor.

检查结果 F (未发现开展本次抽查涉及的经营活动), 7 (已关闭停业或正在组织清算), 9 (已注销),
10 (被吊销), 11 (被撤销) and 12 (已迁出) mean the registry's survival status (贵阳 四(二)4: the
registry is kept dynamic) should change. The app never changes it by itself: each such result
is a proposal a supervisor applies with one click (audited, in the target's change history) or
dismisses with a reason.

检查结果 6 (通过登记的住所（经营场所）无法联系) proposes 列入经营异常名录 instead: applied by a
supervisor it tags the business (问题对象 tag 经营异常名录, source 检查结果6) so later draws and
the registry show it; the status stays as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import object_session

from app.core.domain.errors import ConflictError, NotFoundError, ValidationError
from app.core.domain.ids import ResultId, TargetId
from app.core.domain.roles import Permission
from app.core.domain.states import RESULT_DONE
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.reference import get_setting, set_setting
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.services.registry.history import record_change
from app.core.storage.models import Result, Target, TargetTag, Visit

ABNORMAL = "列入经营异常名录"  # result 6: a proposal for the list, not a survival status
# result code → the registry status it proposes ("" with is_active False: leaves the registry)
PROPOSED_STATUS = {
    "F": "无经营迹象",
    "7": "无经营迹象",
    "9": "注销",
    "10": "吊销",
    "11": "注销",
    "12": "",
    "6": ABNORMAL,
}
CODE_TEXT = {
    "F": "未发现开展本次抽查涉及的经营活动",
    "7": "已关闭停业或正在组织清算",
    "9": "已注销",
    "10": "被吊销",
    "11": "被撤销",
    "12": "已迁出",
    "6": "通过登记的住所（经营场所）无法联系",
}
DISMISSED_KEY = "registry.dismissed_proposals"  # result uids a supervisor dismissed


@dataclass(frozen=True)
class Proposal:
    result_id: ResultId
    target_id: TargetId
    name: str
    code: str
    result_code: str
    result_text: str
    current: str
    proposed: str  # 注销 / 吊销 / 无经营迹象 / 停用（迁出）
    completed_on: str


def _proposal_of(result: Result, target: Target) -> Proposal | None:
    codes = [c for c in result.result_codes or [] if c in PROPOSED_STATUS]
    if not codes:
        return None
    code = codes[0]
    status = PROPOSED_STATUS[code]
    if status == ABNORMAL:
        session = object_session(target)
        if session is not None and session.scalar(
            select(TargetTag.id).where(
                TargetTag.target_id == target.id, TargetTag.tag == "经营异常名录"
            )
        ):
            return None
        return Proposal(
            ResultId(result.id), TargetId(target.id), target.name, target.uscc or target.reg_no or target.uid, code,
            CODE_TEXT[code], target.status, ABNORMAL,
            result.completed_on.isoformat() if result.completed_on else "",
        )  # fmt: skip
    if status == "" and not target.is_active:
        return None
    if status and target.status == status:
        return None
    proposed = status or "停用（迁出本辖区）"
    return Proposal(
        ResultId(result.id),
        TargetId(target.id),
        target.name,
        target.uscc or target.reg_no or target.uid,
        code,
        CODE_TEXT[code],
        target.status + ("" if target.is_active else "（已停用）"),
        proposed,
        result.completed_on.isoformat() if result.completed_on else "",
    )


def list_proposals(ws: Workspace) -> list[Proposal]:
    """Open proposals: results with such a code whose target's registry entry still differs."""
    with ws.db.read_session() as s:
        dismissed = set(get_setting(s, DISMISSED_KEY, []) or [])
        out = []
        rows = s.execute(
            select(Result, Target)
            .join(Visit, Visit.id == Result.visit_id)
            .join(Target, Target.id == Visit.target_id)
            .where(Result.status.in_(RESULT_DONE), ~Visit.is_cancelled)
            .order_by(Result.completed_on, Result.id)
        ).all()
        for result, target in rows:
            if result.uid in dismissed:
                continue
            p = _proposal_of(result, target)
            if p is not None:
                out.append(p)
        return out


def _load(s, result_id: int) -> tuple[Result, Target, Proposal]:  # type: ignore[no-untyped-def]
    result = s.get(Result, result_id)
    if result is None:
        raise NotFoundError(f"检查结果 {result_id} 不存在。 / Result not found.")
    visit = s.get(Visit, result.visit_id)
    target = s.get(Target, visit.target_id) if visit else None
    if target is None:
        raise NotFoundError("检查结果没有对应的检查对象。 / No target.")
    p = _proposal_of(result, target)
    if p is None or result.status not in RESULT_DONE:
        raise ConflictError("这条检查结果没有待处理的名录状态变更。 / Nothing to apply.")
    return result, target, p


def apply_proposal(ws: Workspace, result_id: ResultId) -> Changes:
    """One click by a supervisor: the registry takes the status the result says, audited."""
    ws.require(Permission.REVIEW)
    with ws.db.session() as s:
        result, target, p = _load(s, result_id)
        status = PROPOSED_STATUS[p.result_code]
        if status == ABNORMAL:
            s.add(TargetTag(target_id=target.id, tag="经营异常名录", source="检查结果6",
                            note=f"住所（经营场所）无法联系，{p.completed_on}", since=result.completed_on))  # fmt: skip
            changes = {"tags": ["", "经营异常名录"]}
        elif status:
            before, target.status = target.status, status
            changes = {"status": [before, status]}
        else:
            target.is_active = False
            changes = {"is_active": ["在册", "已停用"]}
        note = f"检查结果 {p.result_code}（{p.result_text}），{p.completed_on}"
        record_change(
            s,
            entity="target",
            entity_id=target.id,
            actor=ws.actor.username,
            action="修改",
            changes=changes,
            note=note,
        )
        log_event(
            s,
            ws.actor,
            "target.status_from_result",
            entity="target",
            entity_uid=target.uid,
            summary=f"{target.name}：名录状态 {p.current} → {p.proposed}（{note}）",
            before={"status": p.current},
            after={"status": p.proposed},
            detail={"result": result.uid, "code": p.result_code},
        )
    return Changes.of(Area.TARGETS, message=f"{p.name}：{p.current} → {p.proposed}")


def dismiss_proposal(ws: Workspace, result_id: ResultId, *, reason: str) -> Changes:
    """The supervisor keeps the registry as it is (e.g. the business moved within the county)."""
    ws.require(Permission.REVIEW)
    if not reason.strip():
        raise ValidationError("不采纳的理由：不能为空。 / Reason required.")
    with ws.db.session() as s:
        result, target, p = _load(s, result_id)
        dismissed = list(get_setting(s, DISMISSED_KEY, []) or [])
        set_setting(s, DISMISSED_KEY, sorted({*dismissed, result.uid}))
        log_event(
            s,
            ws.actor,
            "target.status_proposal_dismissed",
            entity="target",
            entity_uid=target.uid,
            summary=f"{target.name}：不采纳名录状态变更（{p.proposed}）：{reason.strip()}",
            detail={"result": result.uid, "code": p.result_code, "reason": reason.strip()},
        )
    return Changes.of(Area.TARGETS, message="已不采纳")
