"""一单两库 tables: departments, code tables, targets, inspectors, experts, items, conflicts.

Columns only; the rules (check digits, eligibility, quotas) live in core.domain and services.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Synced, utcnow


class Department(Synced, Base):
    """部门 — a department taking part (市场监管, 应急管理 …); `short_name` numbers its tasks."""

    __tablename__ = "departments"
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    short_name: Mapped[str] = mapped_column(String(40))  # 文号简称, e.g. 五原市监
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # 审核层级, in order, before 公示 (e.g. ["组长审核", "分管领导审批"]); None = one level.
    review_levels: Mapped[list | None] = mapped_column()


class CodeEntry(Base):
    """A configurable code table row: result codes, dispositions, methods, grades, tags…

    `table` names the code table (result, disposal, method, credit, risk, qualification,
    target_kind, survival, tag_source, industry_extra); `public_text` is the wording shown
    in publications, `parent_code` builds trees (检查结果 A → 2 → B).
    """

    __tablename__ = "code_entries"
    __table_args__ = (UniqueConstraint("table", "code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    table: Mapped[str] = mapped_column(String(40), index=True)
    code: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(String(200))
    public_text: Mapped[str | None] = mapped_column(String(200))
    parent_code: Mapped[str | None] = mapped_column(String(40))
    exclusive: Mapped[bool] = mapped_column(Boolean, default=False)  # cannot combine with others
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    extra: Mapped[dict | None] = mapped_column()


class Target(Synced, Base):
    """检查对象 — an entry of the target registry (market entity or product/project/behaviour)."""

    __tablename__ = "targets"
    __table_args__ = (
        Index("ix_targets_township_status", "township", "status"),
        Index("ix_targets_credit_risk", "credit_grade", "risk_class"),
        # The registry tab's default order (active rows by name, then id) is read from this index
        # alone, on both engines (PostgreSQL would otherwise sort a million rows: 0012).
        Index("ix_targets_active_name", "is_active", "name", "id"),
    )
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)  # 统一社会信用代码
    reg_no: Mapped[str | None] = mapped_column(String(15), unique=True)  # legacy 注册号
    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="企业")
    legal_rep: Mapped[str | None] = mapped_column(String(60))
    phone: Mapped[str | None] = mapped_column(String(40))
    liaison: Mapped[str | None] = mapped_column(String(60))
    liaison_phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(String(300))
    township: Mapped[str | None] = mapped_column(String(60))  # 属地
    supervising_unit: Mapped[str | None] = mapped_column(String(100), index=True)  # 管辖单位
    registration_authority: Mapped[str | None] = mapped_column(String(100))  # 登记机关
    industry_code: Mapped[str | None] = mapped_column(String(5), index=True)
    credit_grade: Mapped[str | None] = mapped_column(String(10))
    risk_class: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default="存续")  # 存续/吊销/注销/无经营迹象
    established_on: Mapped[date | None] = mapped_column(Date)
    last_inspected_on: Mapped[date | None] = mapped_column(Date)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    accepted_warnings: Mapped[str | None] = mapped_column(
        Text
    )  # check-digit warnings a user overrode
    notes: Mapped[str | None] = mapped_column(Text)
    # Normalised "code name address" for substring search (see services/search).
    search_text: Mapped[str] = mapped_column(Text, default="")


class TargetTag(Base):
    """重点对象 / 问题对象 tag on a target, with its source (投诉举报, 转办交办, 立案, 数据监测)."""

    __tablename__ = "target_tags"
    __table_args__ = (UniqueConstraint("target_id", "tag", "source"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id", ondelete="CASCADE"), index=True)
    tag: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str | None] = mapped_column(Text)
    since: Mapped[date | None] = mapped_column(Date)


class Licence(Synced, Base):
    """专项库: a business's entry in a special pool (食品生产企业库, 特种设备使用单位库 …) with the
    licence that puts it there. A task may draw from pools (pool_filter "special_pools"): the
    businesses whose licence in one of them has not expired on the draw day."""

    __tablename__ = "licences"
    __table_args__ = (UniqueConstraint("target_id", "pool"),)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id", ondelete="CASCADE"), index=True)
    pool: Mapped[str] = mapped_column(String(100), index=True)  # 专项库 (监管标签)
    licence_name: Mapped[str | None] = mapped_column(String(100))  # 许可证名称
    licence_no: Mapped[str | None] = mapped_column(String(100))  # 许可证编号
    issued_on: Mapped[date | None] = mapped_column(Date)  # 许可批准日期
    expires_on: Mapped[date | None] = mapped_column(Date)  # 有效期至 (9999-12-31: 长期)
    authority: Mapped[str | None] = mapped_column(String(100))  # 许可发证机关


class TargetClaim(Base):
    """签收认领 — a department claims a target as one it supervises."""

    __tablename__ = "target_claims"
    __table_args__ = (UniqueConstraint("target_id", "department_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    claimed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Inspector(Synced, Base):
    """执法检查人员 — an enforcement officer; `cert_no` (执法证号) is the draw id."""

    __tablename__ = "inspectors"
    cert_no: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(60), index=True)
    sex: Mapped[str | None] = mapped_column(String(2))
    id_number: Mapped[str | None] = mapped_column(String(18))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    unit: Mapped[str | None] = mapped_column(String(100))
    position: Mapped[str | None] = mapped_column(String(60))
    phone: Mapped[str | None] = mapped_column(String(40))
    cert_expires_on: Mapped[date | None] = mapped_column(Date)
    cert_issuer: Mapped[str | None] = mapped_column(String(100))
    qualifications: Mapped[list] = mapped_column(default=list)  # codes, e.g. 食品, 特种设备
    expertise: Mapped[list] = mapped_column(default=list)
    is_expert: Mapped[bool] = mapped_column(Boolean, default=False)
    is_leader: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(10), default="在岗")  # 在岗 / 失效
    accepted_warnings: Mapped[str | None] = mapped_column(Text)
    # From the provincial roster: 具体职务, the expert types its 是否专家 column names
    # (保化组长, 药品GSP …) and 执法事项范围 (the items the person may check, "A01.直销…").
    duty: Mapped[str | None] = mapped_column(String(60))
    expert_types: Mapped[list | None] = mapped_column()
    item_scope: Mapped[list | None] = mapped_column()
    # 外借: an officer of a neighbouring area registered here for joint work (大足 三(三)); drawn
    # only by tasks that allow external members, and only until `external_until`.
    external_area: Mapped[str | None] = mapped_column(String(100))
    external_until: Mapped[date | None] = mapped_column(Date)


class EnforcementUnit(Base):
    """执法单位 — a unit below a department (城关市场监管所, 食品安全监管科, 执法大队, 消保分局);
    a roster's 所在业务部门（机构） may name one: the person then belongs to its department."""

    __tablename__ = "enforcement_units"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Expert(Synced, Base):
    """专家 — an outside or in-house expert who may join a team through the draw."""

    __tablename__ = "experts"
    code: Mapped[str] = mapped_column(String(40), unique=True)  # 专家编号: the draw id
    name: Mapped[str] = mapped_column(String(60), index=True)
    unit: Mapped[str | None] = mapped_column(String(100))
    expertise: Mapped[list] = mapped_column(default=list)
    service_domain: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10), default="在岗")


class InspectionItem(Synced, Base):
    """抽查事项 — one version of an item of the list; an adjustment is a new row, same code.

    `kind` 重点 has no ratio cap; 一般 carries `ratio_cap_permille` (rules.md #3).
    """

    __tablename__ = "inspection_items"
    __table_args__ = (UniqueConstraint("code", "version_no"),)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    category: Mapped[str | None] = mapped_column(String(100))
    code: Mapped[str] = mapped_column(String(40), index=True)
    name: Mapped[str] = mapped_column(String(200))
    sub_item: Mapped[str | None] = mapped_column(String(200))
    target_kinds: Mapped[list] = mapped_column(default=list)
    kind: Mapped[str] = mapped_column(String(4), default="一般")  # 重点 / 一般
    ratio_cap_permille: Mapped[int | None] = mapped_column(Integer)
    frequency: Mapped[str | None] = mapped_column(String(100))
    method: Mapped[str | None] = mapped_column(String(100))
    legal_basis: Mapped[str | None] = mapped_column(Text)
    content: Mapped[str | None] = mapped_column(Text)
    inspector_requirements: Mapped[str | None] = mapped_column(Text)
    template_code: Mapped[str | None] = mapped_column(String(40))
    version_no: Mapped[int] = mapped_column(Integer, default=1)
    effective_from: Mapped[date | None] = mapped_column(Date)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    change_reason: Mapped[str | None] = mapped_column(Text)
    # The published list's own wording where it is text (抽查对象 "食品生产企业", 抽查比例
    # "根据实际情况确定", 抽查主体 "市、县级市场监督管理部门"), beside the structured values.
    target_text: Mapped[str | None] = mapped_column(Text)
    ratio_text: Mapped[str | None] = mapped_column(String(200))
    subject_text: Mapped[str | None] = mapped_column(String(200))


class Conflict(Synced, Base):
    """回避 — a declared inspector–target relationship that keeps the inspector off its team."""

    __tablename__ = "conflicts"
    __table_args__ = (UniqueConstraint("inspector_id", "target_id"),)
    inspector_id: Mapped[int] = mapped_column(ForeignKey("inspectors.id"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    declared_on: Mapped[date | None] = mapped_column(Date)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class ExpertConflict(Synced, Base):
    """回避 of an expert — like an inspector's: keeps the expert off that target's team."""

    __tablename__ = "expert_conflicts"
    __table_args__ = (UniqueConstraint("expert_id", "target_id"),)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    declared_on: Mapped[date | None] = mapped_column(Date)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class ThirdParty(Synced, Base):
    """第三方机构 — a qualified body (检验检测, 审计, 咨询 …) an office may commission."""

    __tablename__ = "third_parties"
    name: Mapped[str] = mapped_column(String(100))
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    qualifications: Mapped[list] = mapped_column(default=list)  # e.g. ["检验检测", "CMA"]
    valid_until: Mapped[date | None] = mapped_column(Date)
    contact: Mapped[str | None] = mapped_column(String(60))
    phone: Mapped[str | None] = mapped_column(String(40))


class Commission(Synced, Base):
    """委托: a third party engaged for a task or one visit — scope, dates, its report."""

    __tablename__ = "commissions"
    third_party_id: Mapped[int] = mapped_column(ForeignKey("third_parties.id"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"), index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"), index=True)
    scope: Mapped[str] = mapped_column(Text)
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    report_sha256: Mapped[str | None] = mapped_column(String(64))  # the report, in attachment_blobs
    report_name: Mapped[str | None] = mapped_column(String(260))


class ChecklistTemplate(Synced, Base):
    """检查表模板 — one version of the checklist rows for an inspection item.

    `rows`: [{"no", "content", "method", "answer": yesno|number|text|date|photo,
    "yes_text", "no_text"}]; a form keeps the version it was started with.
    """

    __tablename__ = "checklist_templates"
    __table_args__ = (UniqueConstraint("code", "version_no"),)
    code: Mapped[str] = mapped_column(String(40), index=True)
    name: Mapped[str] = mapped_column(String(200))
    version_no: Mapped[int] = mapped_column(Integer, default=1)
    rows: Mapped[list] = mapped_column(default=list)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    change_reason: Mapped[str | None] = mapped_column(Text)


class RegistryChange(Base):
    """变更记录 — one change to a registry row (field → [before, after]), for its history view.

    Written by services.registry in the same transaction as the change and its audit event;
    bulk imports write one row per updated record, so a row's history survives re-imports.
    """

    __tablename__ = "registry_changes"
    __table_args__ = (Index("ix_registry_changes_entity", "entity", "entity_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(20))  # target / inspector / expert / item / conflict
    entity_id: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(
        String(20)
    )  # 新增 / 修改 / 停用 / 启用 / 导入新增 / 导入更新
    changes: Mapped[dict] = mapped_column(default=dict)
    note: Mapped[str | None] = mapped_column(Text)
