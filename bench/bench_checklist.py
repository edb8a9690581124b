"""Checklist benchmarks: signed one-page sheets per second into one PDF, and draft-save latency.

Baselines in the same run: 1,000 bare reportlab pages with the same embedded CJK font and
one line of text; a bare sqlite3 commit of the same draft JSON (WAL, synchronous=FULL).
"""

from __future__ import annotations

import json
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

SHEETS = 1000
SAVES = 200


def _sheets(n: int) -> list:
    from app.core.demo.inspection_data import fake_signature
    from app.core.reports.sheet_pdf import SheetData, SheetItem, SheetRow, SheetSigner
    from app.core.reports.signature_png import render_signature_png
    from app.core.services.checklist.checklists import shipped_templates

    rng = random.Random(7)
    rows = shipped_templates()["T-GSXX"]["rows"][:4]
    # 300 distinct signature images (3 per sheet for the first 100 sheets, then reused):
    # the same inspectors sign many sheets of a task; each image is decoded once per PDF.
    images = {}
    keys = []
    for i in range(300):
        png = render_signature_png(fake_signature(rng, "张三丰"))
        key = f"sig{i:04d}"
        images[key] = png
        keys.append(key)
    out = []
    for i in range(n):
        k = keys[(3 * i) % 300 : (3 * i) % 300 + 3]
        out.append(
            SheetData(
                form_id=i + 1,
                version_no=1,
                status="completed",
                content_hash=f"{rng.getrandbits(256):064x}",
                office="五原县市场监督管理局",
                task_no="五原市监抽查〔2026〕2号",
                task_name="2026年度企业公示信息随机抽查",
                departments="五原县市场监督管理局",
                business_name=f"五原县隆兴昌第{i}号商贸有限公司",
                business_code="91150821MA0N1234X5",
                code_kind="统一社会信用代码",
                address="内蒙古自治区巴彦淖尔市五原县隆兴昌镇新华街18号",
                legal_rep="张三",
                phone="13800000000",
                liaison="李四",
                liaison_phone="13900000000",
                place="经营场所",
                time_span="2026年5月11日 09:30 至 2026年5月11日 10:30",
                inspectors=(
                    ("刘静明", "15082000008", "五原县市场监督管理局"),
                    ("毛芳博", "15082000003", "五原县市场监督管理局"),
                ),
                experts=(),
                items=(
                    SheetItem(
                        "A07",
                        "企业公示信息抽查",
                        "五原县市场监督管理局",
                        tuple(
                            SheetRow(r["no"], r["content"], r["method"], r.get("yes_text", "是"))
                            for r in rows
                        ),
                    ),
                ),
                methods=(("实地检查", True), ("书面检查", True), ("网络监测", False)),
                results=(
                    ("未发现问题", True, 0),
                    ("发现问题待后续处理", False, 0),
                    ("发现问题已责令改正", False, 0),
                ),
                result_summary="未发现问题",
                findings="",
                disposals=(("无需后续处置", True), ("责令改正", False)),
                disposal_other="",
                party_opinion="无异议",
                party=SheetSigner("张三", "", k[0], "2026年5月11日"),
                refusal_reason="",
                witness=None,
                inspector_signers=(
                    SheetSigner("刘静明", "执法证号：15082000008", k[1], "2026年5月11日"),
                    SheetSigner("毛芳博", "执法证号：15082000003", k[2], "2026年5月11日"),
                ),
                images={key: images[key] for key in k},
            )
        )
    return out


def _bench_sheets(tmp: Path) -> list[dict]:
    from reportlab.pdfgen.canvas import Canvas

    from app.core.reports.fonts import CJK_FONT as FONT
    from app.core.reports.fonts import register_cjk_font as register_font
    from app.core.reports.sheet_pdf import write_sheets

    sheets = _sheets(SHEETS)
    register_font()
    t0 = time.perf_counter()
    pages = write_sheets(sheets, tmp / "sheets.pdf")
    elapsed = time.perf_counter() - t0
    assert pages == SHEETS, f"expected one page per sheet, got {pages} pages"
    t0 = time.perf_counter()
    c = Canvas(str(tmp / "bare.pdf"))
    for i in range(SHEETS):
        c.setFont(FONT, 16)
        c.drawString(100, 700, f"市场监管领域随机抽查情况记录表 {i}")
        c.showPage()
    c.save()
    bare = time.perf_counter() - t0
    return [
        {
            "name": f"{SHEETS} signed one-page sheets → one PDF ({SHEETS / elapsed:.0f}/s)",
            "seconds": elapsed,
            "baseline_name": f"{SHEETS} bare reportlab pages, same font",
            "baseline_seconds": bare,
            "goal": "≥ 40 sheets/s",
        }
    ]


def _bench_drafts(tmp: Path) -> list[dict]:
    from app.core.demo.county import create_sample_county
    from app.core.services.checklist import inspections, visit_list
    from app.core.services.kernel.workspace import open_workspace

    db = tmp / "county.db"
    create_sample_county(db, targets=600)
    ws = open_workspace(db, backup=False)
    try:
        visit = next(v for v in visit_list.list_visits(ws, tab="todo"))
        form = inspections.start_inspection(ws, visit.visit_id)
        answers: dict = {s.item_code: {} for s in form.sections}
        times = []
        rows = [(s.item_code, str(r["no"])) for s in form.sections for r in s.rows]
        for i in range(SAVES):
            item, no = rows[i % len(rows)]
            answers[item][no] = "yes" if i % 3 else "no"
            t0 = time.perf_counter()
            inspections.save_draft(
                ws, form.id, data={"answers": answers, "findings": f"第{i}次修改"}
            )
            times.append(time.perf_counter() - t0)
        median = statistics.median(times)
        payload = json.dumps({"answers": answers}, ensure_ascii=False)
    finally:
        ws.db.dispose()
    raw = sqlite3.connect(tmp / "bare.db", isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=FULL")
    raw.execute("CREATE TABLE d (id INTEGER PRIMARY KEY, data TEXT)")
    raw.execute("INSERT INTO d VALUES (1, '')")
    base = []
    for i in range(SAVES):
        t0 = time.perf_counter()
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("UPDATE d SET data=? WHERE id=1", (payload + str(i),))
        raw.execute("COMMIT")
        base.append(time.perf_counter() - t0)
    raw.close()
    return [
        {
            "name": f"save a draft after a change (median of {SAVES})",
            "seconds": median,
            "baseline_name": "bare sqlite3 commit of the same JSON",
            "baseline_seconds": statistics.median(base),
            "goal": "≤ 20 ms median",
        }
    ]


def measures() -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        return _bench_sheets(Path(tmp)) + _bench_drafts(Path(tmp))
