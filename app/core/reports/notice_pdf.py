"""市场监管领域随机抽查通知书 — the notice to a drawn business, from a text template.

The wording lives in resources/templates/notice/notice.json (placeholders in braces), so
an office can adjust it without code. Fed with `NoticeData`; never reads storage.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from app.core.domain.resources import resource_path

from .layout import PAGE_H, PAGE_W, Document, Flow, Text


@dataclass(frozen=True)
class NoticeData:
    office: str
    task_no: str
    task_name: str
    business_name: str
    business_code: str
    code_kind: str
    items: tuple[str, ...]
    time_span: str
    methods: str
    materials: tuple[str, ...]
    contact: str
    contact_phone: str
    year: int
    issued_on: str
    visit_id: int
    template: dict[str, Any] = field(default_factory=dict)


@cache
def notice_template() -> dict[str, Any]:
    return json.loads(resource_path("templates", "notice", "notice.json").read_text("utf-8"))


class _Values(dict):  # missing placeholders print empty instead of failing
    def __missing__(self, key: str) -> str:
        return ""


def layout_notice(d: NoticeData) -> Document:
    t = d.template or notice_template()
    values = _Values(
        office=d.office,
        task_no=d.task_no,
        task_name=d.task_name,
        business_name=d.business_name,
        business_code=d.business_code,
        code_kind=d.code_kind,
        time_span=d.time_span or "按任务安排",
        methods=d.methods,
        contact=d.contact,
        contact_phone=d.contact_phone,
        year=d.year,
    )

    def fill(key: str) -> str:
        return str(t.get(key, "")).format_map(values)

    flow = Flow(top=56, bottom=70, left=64, right=64)
    flow.text(fill("title"), size=18, align="center", gap=6)
    flow.text(fill("number"), size=10.5, align="center", gap=14)
    flow.text(fill("salutation"), size=12, gap=6)
    flow.text("　　" + fill("opening"), size=12, gap=8)
    flow.text(fill("section_items"), size=12, gap=2)
    for n, item in enumerate(d.items, start=1):
        flow.text(f"{n}. {item}", size=12, indent=24, gap=1)
    flow.y += 6
    flow.text(fill("section_time"), size=12, gap=2)
    flow.text(fill("time_text"), size=12, indent=24, gap=1)
    flow.text(fill("methods_text"), size=12, indent=24, gap=8)
    flow.text(fill("section_materials"), size=12, gap=2)
    for n, item in enumerate(d.materials, start=1):
        flow.text(f"{n}. {item}", size=12, indent=24, gap=1)
    flow.y += 6
    flow.text("　　" + fill("warning"), size=12, gap=10)
    flow.text(fill("contact"), size=12, gap=28)
    flow.ensure(60)
    flow.text(fill("seal"), size=12, align="right", gap=4)
    flow.text(d.issued_on, size=12, align="right", gap=30)
    flow.text(fill("receipt"), size=10.5, gap=2)
    total = len(flow.pages)
    for n, page in enumerate(flow.pages, start=1):
        page.ops.append(Text(PAGE_W / 2, PAGE_H - 36, f"第{n}页 共{total}页", 9, "center"))
    return Document(flow.pages, {}, title=f"{fill('title')} {d.business_name}")
