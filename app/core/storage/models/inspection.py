"""The field checklist and what follows it: forms, signatures, attachments, results, follow-ups.

Columns only; validation, locking and the review flow live in services.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.core.domain.states import FollowUpState, PenaltyStage, ResultState

from .base import Base, Synced, utcnow


class Inspection(Synced, Base):
    """随机抽查检查表 — one version of the form for a visit.

    A completed form is locked; a correction is a new row (`version_no` + 1, `previous_id`)
    with a reason, and the old row becomes `superseded`. `data` holds the answers keyed by
    item and row, 核查方式, 检查结果 codes, 发现问题情况, 后续处置; `templates` pins the
    checklist template versions the form was started with; `header` is the snapshot of
    business and team printed on the sheet.
    """

    __tablename__ = "inspections"
    __table_args__ = (UniqueConstraint("visit_id", "version_no"),)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id"), index=True)
    version_no: Mapped[int] = mapped_column(Integer, default=1)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id"))
    status: Mapped[str] = mapped_column(String(12), default="draft")  # draft/completed/superseded
    header: Mapped[dict] = mapped_column(default=dict)
    templates: Mapped[list] = mapped_column(
        default=list
    )  # [{"item_code", "template_code", "version_no"}]
    data: Mapped[dict] = mapped_column(default=dict)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    place: Mapped[str | None] = mapped_column(String(300))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    completed_by: Mapped[str | None] = mapped_column(String(60))
    correction_reason: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64))  # printed in the sheet's QR code
    # The keyed seal of a completed form: the content hash, visit, inspector and form version
    # signed with the completing installation's Ed25519 key (services/checklist/form_seal.py).
    seal: Mapped[dict | None] = mapped_column()


class Signature(Synced, Base):
    """A signature on a form (法定代表人/负责人, 检查人员, 见证人), or a documented refusal.

    `strokes`: [[[x, y, pressure, t_ms], ...], ...] in pad coordinates; `image_sha256`
    names the rendered PNG in `attachment_blobs`.
    """

    __tablename__ = "signatures"
    inspection_id: Mapped[int] = mapped_column(
        ForeignKey("inspections.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(12))  # party / inspector / witness
    signer_name: Mapped[str] = mapped_column(String(60))
    signer_id_number: Mapped[str | None] = mapped_column(String(18))
    inspector_id: Mapped[int | None] = mapped_column(ForeignKey("inspectors.id"))
    strokes: Mapped[list] = mapped_column(default=list)
    image_sha256: Mapped[str | None] = mapped_column(String(64))
    signed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    refused: Mapped[bool] = mapped_column(Boolean, default=False)
    refusal_reason: Mapped[str | None] = mapped_column(Text)
    is_seal: Mapped[bool | None] = mapped_column(
        Boolean
    )  # the party sealed (盖章): a photo of the impression
    no_id_reason: Mapped[str | None] = mapped_column(Text)  # a witness without an ID number: why


class AttachmentBlob(Base):
    """Content-addressed bytes (photos, documents, signature images, printed PDFs)."""

    __tablename__ = "attachment_blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    mime: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Attachment(Synced, Base):
    """An attachment of a form: a name and a kind pointing at a blob by its hash."""

    __tablename__ = "attachments"
    inspection_id: Mapped[int] = mapped_column(
        ForeignKey("inspections.id", ondelete="CASCADE"), index=True
    )
    sha256: Mapped[str] = mapped_column(ForeignKey("attachment_blobs.sha256"))
    filename: Mapped[str] = mapped_column(String(260))
    kind: Mapped[str] = mapped_column(String(12), default="photo")  # photo / document
    caption: Mapped[str | None] = mapped_column(Text)
    # The checklist row a photo answers (photo rows of a template), else None.
    item_code: Mapped[str | None] = mapped_column(String(40))
    row_no: Mapped[str | None] = mapped_column(String(10))


class Result(Synced, Base):
    """检查结果 of one department for one visit — reviewed and published by that department.

    status: 待检查 检查中 已完成 待审核 退回 通过 已公示 (谁检查、谁录入、谁公示).
    """

    __tablename__ = "results"
    __table_args__ = (UniqueConstraint("visit_id", "department_id"),)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id"))
    status: Mapped[str] = mapped_column(String(8), default=ResultState.WAITING, index=True)
    result_codes: Mapped[list] = mapped_column(default=list)
    item_results: Mapped[list] = mapped_column(
        default=list
    )  # [{"item_code", "result", "findings", "disposal"}]
    remark: Mapped[str | None] = mapped_column(Text)
    completed_on: Mapped[date | None] = mapped_column(Date, index=True)
    publish_due_on: Mapped[date | None] = mapped_column(Date, index=True)
    reviewed_by: Mapped[str | None] = mapped_column(String(60))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    review_note: Mapped[str | None] = mapped_column(Text)
    published_on: Mapped[date | None] = mapped_column(Date)
    # 结果互认: this result adopts another department's recent result for the same business.
    adopted_from_id: Mapped[int | None] = mapped_column(ForeignKey("results.id"))
    withheld_reason: Mapped[str | None] = mapped_column(Text)  # 不予公示 (商业秘密、个人隐私…)


class ResultEvent(Base):
    """Who moved a result from which state to which, when, and why."""

    __tablename__ = "result_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("results.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(8))
    to_status: Mapped[str] = mapped_column(String(8))
    actor: Mapped[str | None] = mapped_column(String(60))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)


class PenaltyCase(Synced, Base):
    """立案 → 处罚决定 → 结案 of a business after a check: the case number and the outcome,
    recorded under the business (and the result that led to it)."""

    __tablename__ = "penalty_cases"
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id"), index=True)
    result_id: Mapped[int | None] = mapped_column(ForeignKey("results.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    case_no: Mapped[str] = mapped_column(String(60))  # 案号, e.g. 五原市监处罚〔2026〕12号
    stage: Mapped[str] = mapped_column(
        String(8), default=PenaltyStage.FILED
    )  # 立案 / 处罚决定 / 结案
    filed_on: Mapped[date] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date)
    decision: Mapped[str | None] = mapped_column(Text)  # 处罚决定: what was decided
    closed_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)


class ReviewDecision(Base):
    """One level of a result's review (组长审核, 分管领导审批 …): who decided what, when, why.

    `round` counts the result's submissions (a return starts a new round of levels).
    """

    __tablename__ = "review_decisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("results.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    level_no: Mapped[int] = mapped_column(Integer)  # 1-based
    level_name: Mapped[str] = mapped_column(String(40))
    decision: Mapped[str] = mapped_column(String(8))  # 通过 / 退回
    actor: Mapped[str] = mapped_column(String(60))
    actor_name: Mapped[str] = mapped_column(String(60))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)


class FollowUp(Synced, Base):
    """后续处置 — 移送 (to a department or the judicial authorities), 责令改正 with a due date."""

    __tablename__ = "follow_ups"
    result_id: Mapped[int] = mapped_column(ForeignKey("results.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # 移送 / 移送司法 / 责令改正 / 抄告 / 其他
    to_party: Mapped[str | None] = mapped_column(String(100))
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8), default=FollowUpState.OPEN)  # 未完结 / 已完结
    completed_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
