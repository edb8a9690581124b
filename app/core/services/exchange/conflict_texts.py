"""A sync conflict in the user's words: which business and task, each field by its label, each
value as the text a person knows (未发现问题, not ["1"]; 是/否, not yes/no; Beijing time, not ISO
UTC; 第2版检查表, not a uid). Hashes, uids and form internals stay out of sight.

`describe` turns one conflict's two record versions into rows for the side-by-side diff.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.domain.checklist import answer_text
from app.core.domain.localtime import fmt_time
from app.core.services.results.results import code_texts
from app.core.storage.models import (
    ChecklistTemplate,
    Department,
    Inspection,
    Inspector,
    Target,
    Task,
    Visit,
)

LABELS = {
    "status": "状态",
    "name": "名称",
    "version_no": "版本",
    "signer_name": "签名人",
    "signer_id_number": "签名人身份证号",
    "role": "签名身份",
    "signed_at": "签名时间",
    "refused": "拒绝签字",
    "refusal_reason": "拒签理由",
    "completed_at": "完成时间",
    "completed_by": "完成人",
    "started_at": "检查开始时间",
    "ended_at": "检查结束时间",
    "place": "检查地点",
    "correction_reason": "更正原因",
    "previous_uid": "更正自",
    "visit_uid": "检查对象",
    "target_uid": "检查对象",
    "task_uid": "抽查任务",
    "inspection_uid": "依据的检查表",
    "department_uid": "部门",
    "inspector_uid": "检查人员",
    "result_codes": "检查结果",
    "item_results": "各事项结果",
    "remark": "备注",
    "completed_on": "检查完成日期",
    "publish_due_on": "公示期限",
    "reviewed_by": "审核人",
    "reviewed_at": "审核时间",
    "review_note": "审核意见",
    "published_on": "公示日期",
    "conclusion": "结论",
    "cert_no": "执法证号",
    "task_no": "任务编号",
    "address": "地址",
    "phone": "电话",
    "filename": "文件名",
    "caption": "说明",
    "kind": "类型",
    "stratum": "分层",
    "source": "来源",
    "is_cancelled": "已取消",
    "legal_rep": "法定代表人",
    "code": "代码",
}
DATA_LABELS = {
    "methods": "检查方式",
    "result_codes": "检查结果",
    "disposals": "后续处置",
    "disposal_other": "其他处置",
    "findings": "发现的问题",
    "party_opinion": "当事人意见",
}
# Never shown: machine fields (hashes, pinned template ids, the header copied from the registry).
HIDDEN = {
    "members",
    "items",
    "strokes",
    "search_text",
    "header",
    "templates",
    "content_hash",
    "image_sha256",
    "sha256",
    "uid",
    "version",
    "seal",
}
FORM_STATUS = {"draft": "草稿", "completed": "已签名完成", "superseded": "已被更正版本取代"}
SIGNER_ROLE = {"party": "当事人", "witness": "见证人", "inspector": "检查人员"}
LOCAL_WALL_CLOCK = {"started_at", "ended_at"}  # typed by the inspector in local time


@dataclass(frozen=True)
class FieldDiff:
    key: str  # "status", "data.answers.B07.3": for finding a row, never shown
    label: str
    local: str
    incoming: str
    changed: bool


@dataclass(frozen=True)
class Context:
    business: str
    task: str


def _visit(s: Session, data: dict[str, Any]) -> Visit | None:
    uid = data.get("visit_uid")
    if not uid and data.get("inspection_uid"):
        insp = s.scalars(select(Inspection).where(Inspection.uid == data["inspection_uid"])).first()
        return s.get(Visit, insp.visit_id) if insp else None
    return s.scalars(select(Visit).where(Visit.uid == uid)).first() if uid else None


def context(
    s: Session, entity: str, local: dict[str, Any], incoming: dict[str, Any] | None
) -> Context:
    """The business and task a conflicting record belongs to, as people name them."""
    for data in (local, incoming or {}):
        visit = _visit(s, data)
        if visit is not None:
            target = s.get(Target, visit.target_id)
            task = s.get(Task, visit.task_id)
            return Context(
                target.name if target else "", f"{task.task_no} {task.name}" if task else ""
            )
        header = data.get("header")
        if isinstance(header, dict) and isinstance(header.get("business"), dict):
            return Context(str(header["business"].get("name", "")), str(header.get("task_no", "")))
        if entity == "target" and data.get("name"):
            return Context(str(data["name"]), "")
        if entity == "task" and data.get("task_no"):
            return Context("", f"{data['task_no']} {data.get('name', '')}".strip())
    return Context("", "")


class _Texts:
    """Lookups shared by the rows of one conflict."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self.codes = {t: code_texts(s, t) for t in ("result", "method", "disposal")}

    def codes_text(self, table: str, value: Any) -> str:
        if not isinstance(value, list):
            return self.plain(value)
        if not value:
            return "（未选）"
        texts = self.codes[table]
        return "、".join(texts.get(str(c), (str(c), ""))[0] for c in value)

    def ref(self, key: str, uid: Any) -> str:
        if not uid:
            return ""
        s = self.s
        if key == "inspection_uid" or key == "previous_uid":
            insp = s.scalars(select(Inspection).where(Inspection.uid == uid)).first()
            if insp is None:
                return "对方的检查表（本机没有此版本）"
            return f"第{insp.version_no}版检查表（{FORM_STATUS.get(insp.status, insp.status)}）"
        model: Any
        attr: str | None
        model, attr = {
            "visit_uid": (Visit, None),
            "target_uid": (Target, "name"),
            "task_uid": (Task, "task_no"),
            "department_uid": (Department, "name"),
            "inspector_uid": (Inspector, "name"),
        }.get(key, (None, None))
        if model is None:
            return "（其他记录）"
        row = s.scalars(select(model).where(model.uid == uid)).first()
        if row is None:
            return "（本机没有此记录）"
        if model is Visit:
            target = s.get(Target, row.target_id)
            return target.name if target else ""
        return str(getattr(row, attr or "uid"))

    @staticmethod
    def plain(value: Any) -> str:
        if value is None or value == "":
            return ""
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, list):
            return "、".join(_Texts.plain(v) for v in value)
        if isinstance(value, dict):
            return "；".join(f"{k}：{_Texts.plain(v)}" for k, v in value.items())
        return str(value)

    def value(self, entity: str, key: str, value: Any) -> str:
        if value is None or value == "":
            return ""
        if key.endswith("_uid"):
            return self.ref(key, value)
        if key == "result_codes":
            return self.codes_text("result", value)
        if key == "status" and entity == "inspection":
            return FORM_STATUS.get(str(value), str(value))
        if key == "role" and entity == "signature":
            return SIGNER_ROLE.get(str(value), str(value))
        if key.endswith("_at") and isinstance(value, str):
            if key in LOCAL_WALL_CLOCK:
                return value.replace("T", " ")[:16]
            return fmt_time(value, seconds=True)
        if key == "item_results" and isinstance(value, list):
            return "；".join(
                f"{i.get('item_name', i.get('item_code', ''))}：{i.get('result', '')}"
                + (f"（{i['findings']}）" if i.get("findings") else "")
                for i in value
                if isinstance(i, dict)
            )
        return self.plain(value)


def _row_specs(
    s: Session, local: dict[str, Any], incoming: dict[str, Any]
) -> dict[tuple[str, str], tuple[str, dict]]:
    """(item code, row no) → (item name, template row) for a form's answers."""
    out: dict[tuple[str, str], tuple[str, dict]] = {}
    for data in (local, incoming):
        names = {
            i.get("code"): i.get("name", "")
            for i in ((data.get("header") or {}).get("items") or [])
            if isinstance(i, dict)
        }
        for pin in data.get("templates") or []:
            if not isinstance(pin, dict):
                continue
            tpl = s.scalars(
                select(ChecklistTemplate).where(
                    ChecklistTemplate.code == pin.get("template_code"),
                    ChecklistTemplate.version_no == pin.get("version_no"),
                )
            ).first()
            for row in (tpl.rows if tpl else []) or []:
                key = (str(pin.get("item_code")), str(row.get("no")))
                out.setdefault(
                    key, (names.get(pin.get("item_code"), str(pin.get("item_code"))), row)
                )
    return out


def _form_data_rows(
    s: Session, texts: _Texts, local: dict[str, Any], incoming: dict[str, Any] | None
) -> list[FieldDiff]:
    given_a, given_b = local.get("data"), (incoming or {}).get("data")
    a: dict[str, Any] = given_a if isinstance(given_a, dict) else {}
    b: dict[str, Any] = given_b if isinstance(given_b, dict) else {}
    specs = _row_specs(s, local, incoming or {})
    rows: list[FieldDiff] = []
    ans_a, ans_b = a.get("answers") or {}, b.get("answers") or {}
    for item in sorted(set(ans_a) | set(ans_b), key=str):
        ia, ib = ans_a.get(item) or {}, ans_b.get(item) or {}
        for no in sorted(set(ia) | set(ib), key=lambda n: (len(str(n)), str(n))):
            name, row = specs.get((str(item), str(no)), (str(item), {}))
            content = str(row.get("content", "")) if row else ""
            label = f"{name} 第{no}项" + (f"：{content}" if content else "")
            rows.append(
                FieldDiff(
                    f"data.answers.{item}.{no}",
                    label,
                    answer_text(row, ia.get(no)),
                    answer_text(row, ib.get(no)),
                    incoming is None or ia.get(no) != ib.get(no),
                )
            )
    tables = {"methods": "method", "result_codes": "result", "disposals": "disposal"}
    for key, label in DATA_LABELS.items():
        va, vb = a.get(key), b.get(key)
        if va is None and vb is None:
            continue
        table = tables.get(key)
        ta, tb = (
            (texts.codes_text(table, va), texts.codes_text(table, vb))
            if table
            else (texts.plain(va), texts.plain(vb))
        )
        rows.append(FieldDiff(f"data.{key}", label, ta, tb, incoming is None or va != vb))
    known = {"answers", "items", *DATA_LABELS}
    for key in sorted((set(a) | set(b)) - known, key=str):  # any other entry, by itself
        va, vb = a.get(key), b.get(key)
        rows.append(
            FieldDiff(
                f"data.{key}",
                f"检查内容 › {key}",
                texts.plain(va),
                texts.plain(vb),
                incoming is None or va != vb,
            )
        )
    per_a, per_b = a.get("items") or {}, b.get("items") or {}
    for item in sorted(set(per_a) | set(per_b), key=str):
        name = next((n for (code, _no), (n, _r) in specs.items() if code == str(item)), str(item))
        for sub, what in (("findings", "发现的问题"), ("disposal", "处置")):
            va, vb = (per_a.get(item) or {}).get(sub), (per_b.get(item) or {}).get(sub)
            if va or vb:
                rows.append(
                    FieldDiff(
                        f"data.items.{item}.{sub}",
                        f"{name} {what}",
                        texts.plain(va),
                        texts.plain(vb),
                        incoming is None or va != vb,
                    )
                )
    return rows


def describe(
    s: Session, entity: str, local: dict[str, Any], incoming: dict[str, Any] | None
) -> tuple[FieldDiff, ...]:
    """The side-by-side rows of one conflict, changed rows first, in the user's words."""
    texts = _Texts(s)
    other = incoming or {}
    rows: list[FieldDiff] = []
    for key in sorted((set(local) | set(other)) - HIDDEN):
        if key == "data" and entity == "inspection":
            rows.extend(_form_data_rows(s, texts, local, incoming))
            continue
        a, b = local.get(key), other.get(key)
        ta, tb = texts.value(entity, key, a), texts.value(entity, key, b)
        # A difference people cannot see (two completion times a few microseconds apart) is
        # not shown as one: the highlighted rows are the ones whose texts differ.
        changed = incoming is None or (a != b and ta != tb)
        rows.append(FieldDiff(key, LABELS.get(key, key), ta, tb, changed))
    order = {k: i for i, k in enumerate(LABELS)}
    return tuple(sorted(rows, key=lambda r: (not r.changed, order.get(r.key, len(order)))))
