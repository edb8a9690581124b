"""What a reviewer looks at before 审核通过: the result, the signed form it rests on (answers,
findings, signatures), the printed sheet and the photos — one read for the review queue.

`result_evidence` also says whether the result agrees with its signed form (form_results), so
an inconsistent pair is visible before anyone tries to approve it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.core.domain.checklist import NO, answer_text
from app.core.domain.errors import NotFoundError
from app.core.domain.ids import InspectionId, ResultId
from app.core.domain.localtime import fmt_time
from app.core.domain.roles import Permission
from app.core.domain.states import FormState
from app.core.services.checklist.inspection_views import (
    AttachmentView,
    attachment_views,
    check_access,
    form_view,
)
from app.core.services.kernel.users import names_by_login
from app.core.services.kernel.workspace import Workspace
from app.core.services.results.form_results import contradiction, current_completed_form
from app.core.services.results.results import ResultRow, _rows, code_texts, describe_codes
from app.core.storage.models import Inspection, Result

SIGNER_ROLE = {"party": "当事人", "witness": "见证人", "inspector": "检查人员"}


@dataclass(frozen=True)
class EvidenceLine:
    label: str
    text: str
    problem: bool = False  # an answer that found a problem (否), shown marked


@dataclass(frozen=True)
class Evidence:
    result: ResultRow
    inspection_id: InspectionId | None  # the signed form shown (None: no completed form)
    form_title: str  # 第2版检查表（2026-05-12 10:30 完成，张三）
    form_result: str  # 检查结果 as the form says it
    findings: str
    answers: tuple[EvidenceLine, ...]
    signatures: tuple[EvidenceLine, ...]
    photos: tuple[AttachmentView, ...]
    problem: str  # why the result contradicts its form; "" when they agree
    correction_reason: str = ""


def result_evidence(ws: Workspace, result_id: ResultId) -> Evidence:
    """The evidence behind one result (the visit's current signed form)."""
    ws.require(Permission.READ)
    with ws.db.read_session() as s:
        r = s.get(Result, result_id)
        if r is None:
            raise NotFoundError(f"没有编号为 {result_id} 的检查结果。 / No result {result_id}.")
        check_access(s, ws.actor, r.visit_id)
        [row] = _rows(s, [r])
        insp = current_completed_form(s, r.visit_id)
        if insp is None:
            return Evidence(row, None, "尚无已签名的检查表", "", "", (), (), (), "")
        form = form_view(s, insp)
        texts = code_texts(s)
        answers: list[EvidenceLine] = []
        for sec in form.sections:
            mine = form.data.answers.get(sec.item_code) or {}
            for rule in sec.rows:
                value = mine.get(str(rule["no"]))
                answers.append(
                    EvidenceLine(
                        f"{sec.item_name} 第{rule['no']}项：{rule.get('content', '')}",
                        answer_text(rule, value) or "（未填）",
                        value == NO,
                    )
                )
        per_item = form.data.items
        findings = [form.data.findings] + [
            f"{sec.item_name}：{per_item[sec.item_code].findings}"
            for sec in form.sections
            if sec.item_code in per_item and per_item[sec.item_code].findings
        ]
        signatures = tuple(
            EvidenceLine(
                SIGNER_ROLE.get(g.role, g.role),
                (f"{g.signer_name} 拒绝签字：{g.refusal_reason}" if g.refused else g.signer_name)
                + f"（{fmt_time(g.signed_at)}）",
            )
            for g in form.signatures
        )
        photos = tuple(a for a in attachment_views(s, insp.id) if a.mime.startswith("image/"))
        return Evidence(
            result=row,
            inspection_id=InspectionId(insp.id),
            form_title=f"第{insp.version_no}版检查表（{fmt_time(insp.completed_at)} 完成"
            + (
                f"，{names_by_login(s).get(insp.completed_by, insp.completed_by)}"
                if insp.completed_by
                else ""
            )
            + "）",
            form_result=describe_codes(list(form.data.result_codes), texts, public=False),
            findings="\n".join(f for f in findings if f),
            answers=tuple(answers),
            signatures=signatures,
            photos=photos,
            problem=contradiction(s, r) or "",
            correction_reason=insp.correction_reason or "",
        )


def result_ids_with_forms(ws: Workspace, result_ids: list[int]) -> set[int]:
    """Which of these results have a signed form to show."""

    with ws.db.read_session() as s:
        visits = dict(
            s.execute(select(Result.id, Result.visit_id).where(Result.id.in_(result_ids))).all()
        )
        have = set(
            s.scalars(
                select(Inspection.visit_id).where(
                    Inspection.visit_id.in_(set(visits.values())),
                    Inspection.status == FormState.COMPLETED,
                )
            )
        )
        return {rid for rid, vid in visits.items() if vid in have}
