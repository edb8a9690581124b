"""检查表模板: the checklist templates of the inspection items, seeded from resources/templates.

Supervisors edit a template by saving a new version; a form keeps the version it was started
with (inspections pin `templates`). Nothing here touches forms.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.domain.errors import NotFoundError, ValidationError
from app.core.domain.resources import resource_path
from app.core.domain.roles import Permission
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.concurrency import check_version, stale_error
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.storage.models import ChecklistTemplate

ANSWER_TYPES = ("yesno", "number", "text", "date", "photo")
ANSWER_LABELS = {
    "yesno": "是/否/不涉及",
    "number": "数值",
    "text": "文字",
    "date": "日期",
    "photo": "照片",
}
GENERIC_CODE = "T-TY"  # used for an item that has no template of its own


@dataclass(frozen=True)
class TemplateRow:
    """一行检查内容: what to check, how (检查方法/要领), and the kind of answer."""

    no: str
    content: str
    method: str
    answer: str
    yes_text: str = "是"
    no_text: str = "否"
    allow_na: bool = True
    unit: str = ""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "no": self.no,
            "content": self.content,
            "method": self.method,
            "answer": self.answer,
        }
        if self.answer == "yesno":
            out.update(yes_text=self.yes_text, no_text=self.no_text)
        if not self.allow_na:
            out["na"] = False
        if self.unit:
            out["unit"] = self.unit
        return out


@dataclass(frozen=True)
class Template:
    """检查表模板 — one version of an item's checklist."""

    id: int
    code: str
    name: str
    version_no: int
    is_current: bool
    rows: tuple[TemplateRow, ...]
    change_reason: str | None = None


def row_from_json(raw: dict[str, Any]) -> TemplateRow:
    return TemplateRow(
        no=str(raw.get("no", "")),
        content=str(raw.get("content", "")),
        method=str(raw.get("method", "")),
        answer=str(raw.get("answer", "yesno")),
        yes_text=str(raw.get("yes_text") or "是"),
        no_text=str(raw.get("no_text") or "否"),
        allow_na=bool(raw.get("na", True)),
        unit=str(raw.get("unit") or ""),
    )


def template_from_row(row: ChecklistTemplate) -> Template:
    return Template(
        id=row.id,
        code=row.code,
        name=row.name,
        version_no=row.version_no,
        is_current=row.is_current,
        rows=tuple(row_from_json(r) for r in row.rows),
        change_reason=row.change_reason,
    )


def validate_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Checks and normalises template rows; raises naming the row, field and reason."""
    if not rows:
        raise ValidationError("检查表至少需要一行检查内容。 / A checklist needs at least one row.")
    problems: list[str] = []
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    if not isinstance(rows, list):
        raise ValidationError("检查表的行必须是一个列表。 / The rows must be a list.")
    for i, raw in enumerate(rows, start=1):
        if not isinstance(raw, dict):
            problems.append(f"第{i}行：不是一行检查内容（应为对象） / row {i}: not a row object")
            continue
        row = row_from_json(raw)
        no = row.no.strip() or str(i)
        if no in seen:
            problems.append(f"第{i}行：序号“{no}”重复 / row {i}: duplicate number")
        seen.add(no)
        if not row.content.strip():
            problems.append(f"第{i}行：检查内容为空 / row {i}: content is empty")
        if row.answer not in ANSWER_TYPES:
            problems.append(f"第{i}行：答案类型“{row.answer}”无效 / row {i}: unknown answer type")
        if row.answer == "yesno" and (not row.yes_text.strip() or not row.no_text.strip()):
            problems.append(f"第{i}行：是/否的表述不能为空 / row {i}: yes/no wording is empty")
        out.append(
            TemplateRow(
                no,
                row.content.strip(),
                row.method.strip(),
                row.answer,
                row.yes_text.strip(),
                row.no_text.strip(),
                row.allow_na,
                row.unit.strip(),
            ).to_json()
        )
    if problems:
        raise ValidationError(
            "检查表模板有误，未保存。 / The template was not saved.", details=problems
        )
    return out


@cache
def shipped_templates() -> dict[str, dict[str, Any]]:
    """The templates shipped in resources/templates, by code."""
    folder = resource_path("templates")
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        found[data["code"]] = data
    return found


SHIPPED_REASON = "随程序提供的模板 / shipped template"


def shipped_seed(code: str) -> dict[str, Any] | None:
    """The columns a shipped template is seeded with (the same on every installation)."""
    data = shipped_templates().get(code)
    if data is None:
        return None
    return {
        "code": code,
        "name": data["name"],
        "version_no": 1,
        "rows": validate_rows(data["rows"]),
        "is_current": True,
        "change_reason": SHIPPED_REASON,
    }


def ensure_templates(session: Session) -> int:
    """Seeds shipped templates whose code is not in the database yet (first use); returns how many."""
    have = set(session.scalars(select(ChecklistTemplate.code).distinct()))
    added = 0
    for code in shipped_templates():
        if code in have:
            continue
        seed = shipped_seed(code)
        assert seed is not None
        session.add(ChecklistTemplate(**seed))
        added += 1
    if added:
        session.flush()
    return added


def current_template(session: Session, code: str | None) -> ChecklistTemplate:
    """The current version of a template, falling back to the generic one for a missing code."""
    ensure_templates(session)
    for wanted in (code, GENERIC_CODE):
        if not wanted:
            continue
        row = session.scalars(
            select(ChecklistTemplate)
            .where(ChecklistTemplate.code == wanted, ChecklistTemplate.is_current)
            .order_by(ChecklistTemplate.version_no.desc())
        ).first()
        if row is not None:
            return row
    raise NotFoundError(f"找不到检查表模板 {code}。 / No checklist template {code}.")


def template_version(session: Session, code: str, version_no: int) -> ChecklistTemplate:
    row = session.scalars(
        select(ChecklistTemplate).where(
            ChecklistTemplate.code == code, ChecklistTemplate.version_no == version_no
        )
    ).first()
    if row is None:
        raise NotFoundError(
            f"找不到检查表模板 {code} 第{version_no}版。 / No template {code} v{version_no}."
        )
    return row


def list_templates(ws: Workspace, *, include_old: bool = False) -> list[Template]:
    """The templates (current versions, or every version)."""
    with ws.db.session() as s:  # a write session: seeding on first use
        ensure_templates(s)
        q = select(ChecklistTemplate).order_by(ChecklistTemplate.code, ChecklistTemplate.version_no)
        if not include_old:
            q = q.where(ChecklistTemplate.is_current)
        return [template_from_row(r) for r in s.scalars(q)]


def get_template(ws: Workspace, code: str, version_no: int | None = None) -> Template:
    with ws.db.session() as s:
        row = (
            current_template(s, code)
            if version_no is None
            else template_version(s, code, version_no)
        )
        if version_no is None and row.code != code:
            raise NotFoundError(f"找不到检查表模板 {code}。 / No checklist template {code}.")
        return template_from_row(row)


def update_template(
    ws: Workspace,
    code: str,
    *,
    rows: list[dict[str, Any]],
    reason: str,
    name: str | None = None,
    base_version_no: int | None = None,
) -> Template:
    """Saves an edited template as a new version (监管人员); forms already started keep theirs.
    `base_version_no`: the version the editor started from; when another workstation saved a
    newer one meanwhile, the save is refused instead of silently replacing it."""
    ws.require(Permission.EDIT_REGISTRY)
    if not reason.strip():
        raise ValidationError("请填写修改检查表模板的原因。 / Give a reason for the change.")
    clean = validate_rows(rows)
    with ws.db.session() as s:
        old = current_template(s, code)
        if old.code != code:
            raise NotFoundError(f"找不到检查表模板 {code}。 / No checklist template {code}.")
        what = f"检查表模板 {code}（第{base_version_no or old.version_no}版）"
        if base_version_no is not None and old.version_no != base_version_no:
            raise stale_error(s, old, what)
        check_version(s, old, None, what=what)
        if clean == old.rows and (name is None or name == old.name):
            raise ValidationError("检查表没有改动。 / Nothing changed.")
        old.is_current = False
        new = ChecklistTemplate(
            code=code,
            name=name or old.name,
            version_no=old.version_no + 1,
            rows=clean,
            is_current=True,
            change_reason=reason.strip(),
        )
        s.add(new)
        s.flush()
        log_event(
            s,
            ws.actor,
            "checklist_template.update",
            entity="checklist_template",
            entity_uid=new.uid,
            summary=f"{code} 第{new.version_no}版：{reason.strip()}",
            before={"version_no": old.version_no, "rows": old.rows},
            after={"version_no": new.version_no, "rows": clean},
        )
        return template_from_row(new)


def template_changes() -> Changes:
    return Changes.of(Area.TEMPLATES)
