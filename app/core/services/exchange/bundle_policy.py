"""Who may send what in a bundle: each flow's record kinds and operations, checked per record.

The office checks every record of a bundle signed by a laptop key against that key, the
inspectors the key was issued for (TrustedKey.inspectors) and what the same change would
need in the app. A laptop's inspectors hold FILL_FORMS for their own visits only, so its
`results` bundle may add or update the forms, signatures and attachments of visits assigned
to those inspectors while the visits are open to them (not cancelled, no result under review
or published), plus the two things completing a form moves in the app: the visit's status and
the inspector's part of its results (never their review state), and the business's
last-inspected date. Everything else — visits, teams, targets, inspectors, tasks, items,
templates, departments, review or publication, deletions of office rows, audit events not
about those forms — is refused with a reason per record. Nothing here writes; the Merger
(bundle_merge.py) asks before every write and bundles.import_bundle refuses the bundle whole.
Bundles signed by an office key (or this installation's own) are the office's authority and
are checked only against their flow's kinds. Design and the attacks tested: docs/security.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.domain.localtime import local_today
from app.core.domain.states import VISIT_STATES, FormState, ResultState
from app.core.services.checklist.form_seal import bound_mismatch, seal_signature_valid
from app.core.services.exchange.bundle_records import IdMaps
from app.core.storage.models import (
    Attachment,
    Inspection,
    Result,
    Signature,
    Target,
    Visit,
    VisitMember,
)

# The record kinds each flow may carry (whoever signs it). Reference kinds travel with the
# rows that point at them; for a laptop they must arrive unchanged (see LAPTOP_WRITES).
_ASSIGNMENT_KINDS = frozenset(
    {
        "department",
        "inspector",
        "expert",
        "target",
        "checklist_template",
        "inspection_item",
        "task",
        "visit",
        "inspection",
        "signature",
        "attachment",
        "result",
        "blob",
        "tombstone",
        "audit_event",
    }
)
# Each flow in words, for the trail and the screens.
FLOW_LABELS = {
    "assignments": "任务分派（局→检查终端）",
    "results": "检查结果（检查终端→局）",
    "platform": "公示数据（局→平台）",
}
FLOW_KINDS: dict[str, frozenset[str]] = {
    "assignments": _ASSIGNMENT_KINDS,
    # A laptop's results carry no checklist templates; a platform file carries no audit trail.
    "results": _ASSIGNMENT_KINDS - {"checklist_template"},
    "platform": _ASSIGNMENT_KINDS - {"checklist_template", "audit_event"},
}

# What a laptop's results bundle may write, per kind: the operations, each limited further
# by the checks below. A kind not named here may only arrive unchanged.
LAPTOP_WRITES: dict[str, frozenset[str]] = {
    "inspection": frozenset({"add", "update", "delete"}),
    "signature": frozenset({"add", "update", "delete"}),
    "attachment": frozenset({"add", "update", "delete"}),
    "result": frozenset({"add", "update"}),  # the inspector's part only
    "visit": frozenset({"update"}),  # its status only, as completing a form moves it
    "target": frozenset({"update"}),  # its last-inspected date only, never backwards
}
KIND_LABELS = {
    "department": "部门",
    "inspector": "检查人员",
    "expert": "专家",
    "target": "检查对象名录",
    "checklist_template": "检查表模板",
    "inspection_item": "检查事项",
    "task": "抽查任务",
    "visit": "抽查检查（抽中的对象与检查组）",
    "inspection": "检查表",
    "signature": "签名",
    "attachment": "附件",
    "result": "检查结果",
    "tombstone": "删除",
    "audit_event": "审计事件",
}
OP_LABELS = {"add": "新增", "update": "修改", "delete": "删除"}
# The statuses an inspector moves a result through (FILL_FORMS); the rest need REVIEW/PUBLISH.
INSPECTOR_RESULT_STATES = frozenset(
    {ResultState.WAITING, ResultState.CHECKING, ResultState.DONE, ResultState.IN_REVIEW}
)
CLOSED_RESULT_STATES = frozenset(
    {ResultState.IN_REVIEW, ResultState.APPROVED, ResultState.PUBLISHED}
)
REVIEW_FIELDS = ("reviewed_by", "reviewed_at", "review_note", "published_on")
RESULT_INSPECTOR_FIELDS = frozenset(
    {
        "status",
        "inspection_uid",
        "result_codes",
        "item_results",
        "remark",
        "completed_on",
        "publish_due_on",
    }
)
# The audit actions of filling a form (services/checklist/inspections.py).
FORM_ACTIONS = ("inspection.",)


@dataclass(frozen=True)
class Refusal:
    """One refused record: what it is and why, for the per-record report."""

    kind: str
    uid: str
    op: str
    reason: str
    data: Any = field(default=None, compare=False, repr=False)  # kept for review
    what: str = ""  # the business or name the record is about, for people

    def line(self) -> str:
        about = f"（{self.what}）" if self.what else ""
        return (
            f"{KIND_LABELS.get(self.kind, self.kind)} {self.uid}{about}"
            f"［{OP_LABELS.get(self.op, self.op)}］：{self.reason}"
            f" / {self.kind} {self.uid} ({self.op}) refused"
        )


FIELD_LABELS = {
    "members": "检查组成员",
    "target_uid": "检查对象",
    "task_uid": "抽查任务",
    "visit_uid": "所属检查",
    "is_cancelled": "取消标记",
    "replaced_reason": "替换原因",
    "replaces_visit_uid": "替换关系",
    "stratum": "抽取层",
    "source": "来源",
    "joint_key": "联合检查",
    "credit_grade": "信用等级",
    "risk_class": "风险分类",
    "uscc": "统一社会信用代码",
    "name": "名称",
    "status": "状态",
    "items": "检查事项",
    "pool_filter": "抽取范围",
    "reviewed_by": "审核人",
    "reviewed_at": "审核时间",
    "review_note": "审核意见",
    "published_on": "公示日期",
    "department_uid": "部门",
}


def _diff(local: dict[str, Any], incoming: dict[str, Any]) -> set[str]:
    return {k for k in set(local) | set(incoming) if local.get(k) != incoming.get(k)}


def _fields(keys: set[str]) -> str:
    return "、".join(sorted(FIELD_LABELS.get(k, k) for k in keys))


class LaptopPolicy:
    """The checks for one bundle signed by a laptop key issued for `inspector_uids`."""

    def __init__(
        self,
        session: Session,
        maps: IdMaps,
        *,
        key_name: str,
        inspector_uids: list[str],
        key_id: str = "",
        public_key: bytes = b"",
    ) -> None:
        self.s = session
        self.maps = maps
        self.key_name = key_name
        self.key_id = key_id
        self.public_key = public_key
        self.inspector_ids = {
            i for i in (maps.id("inspector", u) for u in inspector_uids) if i is not None
        }
        self._assigned = (
            set(
                session.scalars(
                    select(VisitMember.visit_id).where(
                        VisitMember.inspector_id.in_(self.inspector_ids)
                    )
                )
            )
            if self.inspector_ids
            else set()
        )
        self._cancelled = set(session.scalars(select(Visit.id).where(Visit.is_cancelled)))
        self._closed = set(
            session.scalars(select(Result.visit_id).where(Result.status.in_(CLOSED_RESULT_STATES)))
        )
        self._form_visit: dict[int, int] = dict(
            session.execute(select(Inspection.id, Inspection.visit_id)).all()  # type: ignore[arg-type]
        )
        self._form_status: dict[int, str] = dict(
            session.execute(select(Inspection.id, Inspection.status)).all()  # type: ignore[arg-type]
        )
        self._new_form_visit: dict[str, int] = {}  # forms of this bundle not yet inserted
        self.form_uids: set[str] = set()  # entity uids whose audit events may travel

    # -- visits ---------------------------------------------------------------------------

    def _visit_refusal(self, visit_id: int | None) -> str | None:
        """Why a form of this visit may not be written by this laptop (None: it may)."""
        if not self.inspector_ids:
            return f"检查终端公钥“{self.key_name}”未指定检查人员（信任公钥时须指定它发给谁）"
        if visit_id is None:
            return "所属的抽查检查或检查表在本局不存在或已被拒收（结果数据包不能新增检查）"
        if visit_id not in self._assigned:
            return f"该检查未分派给检查终端“{self.key_name}”的检查人员"
        if visit_id in self._cancelled:
            return "该检查已被取消或替换"
        if visit_id in self._closed:
            return (
                "该检查的结果已提交审核、审核通过或公示，检查人员不能再修改（需先由审核人员退回）"
            )
        return None

    def _form_visit_id(self, inspection_uid: Any) -> int | None:
        if not isinstance(inspection_uid, str):
            return None
        if inspection_uid in self._new_form_visit:
            return self._new_form_visit[inspection_uid]
        form_id = self.maps.id("inspection", inspection_uid)
        return None if form_id is None else self._form_visit.get(form_id)

    # -- records --------------------------------------------------------------------------

    def check(
        self,
        kind: str,
        uid: str,
        op: str,
        incoming: dict[str, Any] | None,
        local_row: dict[str, Any] | None,
        local_data: dict[str, Any] | None,
    ) -> str | None:
        """The reason this write is refused, or None. `op`: add / update / delete; for an
        update `local_data` is the office's record and `incoming` the laptop's."""
        ops = LAPTOP_WRITES.get(kind, frozenset())
        if op not in ops:
            if op == "delete":
                return "检查终端不能删除本局的数据"
            return f"检查终端的结果数据包不能{OP_LABELS[op]}{KIND_LABELS.get(kind, kind)}"
        changed = _diff(local_data or {}, incoming or {}) if op == "update" else set()
        if kind == "visit":
            extra = changed - {"status"}
            if extra:
                return f"检查终端不能修改抽查检查的{_fields(extra)}（只可随检查表改变状态）"
            if (incoming or {}).get("status") not in VISIT_STATES:
                return "抽查检查的状态不正确"
            return self._visit_refusal(local_row["id"] if local_row else None)
        if kind == "target":
            extra = changed - {"last_inspected_on"}
            if extra:
                return f"检查终端不能修改检查对象名录（{_fields(extra)}）"
            new, old = (
                (incoming or {}).get("last_inspected_on"),
                (local_data or {}).get("last_inspected_on"),
            )
            try:
                new_day = date.fromisoformat(new) if isinstance(new, str) else None
            except ValueError:
                new_day = None
            if (
                new_day is None
                or (old is not None and new < old)
                or new_day > local_today() + timedelta(days=1)
            ):
                return "上次检查日期只能随完成的检查表向后推，不能清空、提前或写成将来的日期"
            target_id = local_row["id"] if local_row else None
            mine = self.s.scalars(select(Visit.id).where(Visit.target_id == target_id)).all()
            if not any(self._visit_refusal(v) is None for v in mine):
                return f"该检查对象没有分派给检查终端“{self.key_name}”且仍可检查的检查"
            return None
        if kind == "inspection":
            return self._check_form(uid, op, incoming, local_row)
        if kind in ("signature", "attachment"):
            return self._check_child(kind, op, incoming, local_row)
        if kind == "result":
            return self._check_result(op, incoming, local_row, local_data, changed)
        return f"检查终端不能写入{KIND_LABELS.get(kind, kind)}"

    def _check_form(
        self, uid: str, op: str, incoming: dict[str, Any] | None, local_row: dict[str, Any] | None
    ) -> str | None:
        if op == "delete":
            if local_row is None:
                return None
            if local_row["status"] != FormState.DRAFT:
                return "已完成的检查表不能删除"
            return self._visit_refusal(local_row["visit_id"])
        visit_id = self.maps.id("visit", (incoming or {}).get("visit_uid"))
        if local_row is not None and visit_id != local_row["visit_id"]:
            return "检查终端不能把检查表改挂到另一项检查"
        reason = self._visit_refusal(visit_id) or self._seal_refusal(uid, incoming or {})
        if reason is None and op == "add":
            self._new_form_visit[uid] = visit_id  # type: ignore[assignment]
        if reason is None:
            self.form_uids.add(uid)
        return reason

    def _seal_refusal(self, uid: str, data: dict[str, Any]) -> str | None:
        """A completed form's keyed seal, if it has one, must be this laptop's, over this
        form, visit and version (a form sealed elsewhere and copied here is refused)."""
        seal = data.get("seal")
        if data.get("status") == FormState.DRAFT or not seal:
            return None  # a draft, or a form completed before seals existed
        if not isinstance(seal, dict) or seal.get("key_id") != self.key_id:
            return f"检查表的密钥封记不是检查终端“{self.key_name}”的密钥所签"
        if not seal_signature_valid(seal, self.public_key):
            return "检查表的密钥封记无法验证（封记或检查表被改动）"
        wrong = bound_mismatch(
            seal,
            form=uid,
            visit=data.get("visit_uid"),
            version_no=data.get("version_no"),  # type: ignore[arg-type]
            completed_by=data.get("completed_by"),
            digest=data.get("content_hash"),
        )
        if wrong:
            return f"检查表与其密钥封记不符（{'、'.join(wrong)}）：检查表被复制或改动"
        return None

    def _check_child(
        self,
        kind: str,
        op: str,
        incoming: dict[str, Any] | None,
        local_row: dict[str, Any] | None,
    ) -> str | None:
        if local_row is not None:
            form_id = local_row["inspection_id"]
            visit_id = self._form_visit.get(form_id)
            if op == "delete" and self._form_status.get(form_id) != "draft":
                return "已完成检查表的签名和附件不能删除"
            if op == "update":
                parent = self.maps.id("inspection", (incoming or {}).get("inspection_uid"))
                if parent != form_id:
                    return "检查终端不能把签名或附件改挂到另一份检查表"
        elif op == "delete":
            return None
        else:
            visit_id = self._form_visit_id((incoming or {}).get("inspection_uid"))
        reason = self._visit_refusal(visit_id)
        if reason is None and kind == "signature" and incoming and incoming.get("inspector_uid"):
            signer = self.maps.id("inspector", incoming["inspector_uid"])
            team = set(
                self.s.scalars(
                    select(VisitMember.inspector_id).where(VisitMember.visit_id == visit_id)
                )
            )
            if signer not in team:
                reason = "签名的检查人员不是该检查的检查组成员"
        return reason

    def _check_result(
        self,
        op: str,
        incoming: dict[str, Any] | None,
        local_row: dict[str, Any] | None,
        local_data: dict[str, Any] | None,
        changed: set[str],
    ) -> str | None:
        data = incoming or {}
        if data.get("status") not in INSPECTOR_RESULT_STATES:
            return f"检查终端不能把检查结果设为“{data.get('status')}”（审核、公示须在局里进行）"
        if op == "add":
            if any(data.get(f) is not None for f in REVIEW_FIELDS):
                return "检查终端不能填写审核或公示信息"
            visit_id = self.maps.id("visit", data.get("visit_uid"))
        else:
            extra = changed - RESULT_INSPECTOR_FIELDS
            if extra:
                return f"检查终端不能修改检查结果的{_fields(extra)}（审核、公示信息只能在局里填写）"
            visit_id = local_row["visit_id"] if local_row else None
        form = data.get("inspection_uid")
        if form is not None and self._form_visit_id(form) not in (None, visit_id):
            return "检查结果指向另一项检查的检查表"
        return self._visit_refusal(visit_id)

    def describe(self, kind: str, uid: str, data: Any) -> str:
        """The business (or name) a refused record is about, so a person can find it."""
        data = data if isinstance(data, dict) else {}
        if kind in ("target", "inspector", "task", "checklist_template", "department"):
            return str(data.get("name") or "")
        visit_id: int | None = None
        if kind in ("visit",):
            visit_id = self.maps.id("visit", uid)
        elif kind in ("inspection", "result"):
            visit_id = self.maps.id("visit", data.get("visit_uid"))
        elif kind in ("signature", "attachment"):
            visit_id = self._form_visit_id(data.get("inspection_uid"))
        if visit_id is None and kind == "visit":
            target = self.maps.id("target", data.get("target_uid"))
        else:
            target = self.s.scalar(select(Visit.target_id).where(Visit.id == visit_id))
        if target is None:
            return ""
        return str(self.s.scalar(select(Target.name).where(Target.id == target)) or "")

    def check_audit_event(self, event: dict[str, Any]) -> str | None:
        """A carried audit event must be the trail of filling one of this laptop's forms."""
        action = str(event.get("action") or "")
        if not action.startswith(FORM_ACTIONS):
            return f"检查终端只能带来填写检查表的审计事件，不能带来“{action}”"
        uid = event.get("entity_uid")
        if uid in self.form_uids:
            return None
        visit_id: int | None = None
        if isinstance(uid, str):
            visit_id = self._form_visit_id(uid)
            if visit_id is None:
                for kind, model in (("signature", Signature), ("attachment", Attachment)):
                    row_id = self.maps.id(kind, uid)
                    if row_id is not None:
                        form_id = self.s.scalar(
                            select(model.inspection_id).where(model.id == row_id)
                        )
                        visit_id = self._form_visit.get(form_id) if form_id else None
                        break
        if visit_id is None or visit_id not in self._assigned:
            return f"审计事件所涉的检查表不属于检查终端“{self.key_name}”的检查人员"
        return None
