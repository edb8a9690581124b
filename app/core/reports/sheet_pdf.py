"""市场监管领域随机抽查情况记录表 — the signed sheet, laid out once for PDF and preview.

Fed with `SheetData` (plain values built by services.checklist.sheets); lays out A4 pages: header,
item rows, 核查方式, 检查结果, 后续处置, signatures with the captured images, refusal and
witness, dates, "第N页 共M页" and a QR code carrying the form's id and content hash.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from app.core.domain.canonical import check_code
from app.core.domain.states import FormState

from .layout import (
    PAGE_H,
    PAGE_W,
    Document,
    Flow,
    Image,
    Line,
    Qr,
    Rect,
    Text,
    qr_modules,
    table_row,
    wrap,
)

TITLE = "市场监管领域随机抽查情况记录表"


@dataclass(frozen=True)
class SheetRow:
    no: str
    content: str
    method: str
    answer: str  # as printed: 符合 / 不涉及 / 3.5℃ …


@dataclass(frozen=True)
class SheetItem:
    code: str
    name: str
    department: str
    rows: tuple[SheetRow, ...]
    findings: str = ""
    disposal: str = ""


@dataclass(frozen=True)
class SheetSigner:
    name: str
    detail: str = ""  # 执法证号 / 身份证号
    image_key: str | None = None
    date: str = ""


@dataclass(frozen=True)
class SheetData:
    """Everything printed on one form's sheet, as plain text and image keys."""

    form_id: int
    version_no: int
    status: str  # draft / completed / superseded
    content_hash: str
    office: str
    task_no: str
    task_name: str
    departments: str
    business_name: str
    business_code: str
    code_kind: str
    address: str
    legal_rep: str
    phone: str
    liaison: str
    liaison_phone: str
    place: str
    time_span: str
    inspectors: tuple[tuple[str, str, str], ...]  # (name, cert_no, department)
    experts: tuple[str, ...]
    items: tuple[SheetItem, ...]
    methods: tuple[tuple[str, bool], ...]
    results: tuple[tuple[str, bool, int], ...]  # (text, checked, depth)
    result_summary: str
    findings: str
    disposals: tuple[tuple[str, bool], ...]
    disposal_other: str
    party_opinion: str
    party: SheetSigner | None
    refusal_reason: str
    witness: SheetSigner | None
    inspector_signers: tuple[SheetSigner, ...]
    correction_reason: str = ""
    printed_on: str = ""
    form_no: str = ""  # 表单编号 a person reads: the task and the visit's number in it
    images: dict[str, bytes] = field(default_factory=dict)
    seal_state: str = ""  # ok / unkeyed / invalid / draft (services/form_seal.check_seal)
    seal_text: str = ""  # the verdict in words, printed on every page
    # Recorded review decisions, one per level (label, decision in words with who/when/why);
    # empty → the two boxes are left to be signed on paper.
    reviews: tuple[tuple[str, str], ...] = ()
    party_sealed: bool = False  # the party's box holds a photo of the seal impression
    party_note: str = ""  # why no party signature is asked (书面检查 / 网络监测)
    commissions: tuple[str, ...] = ()  # 委托专业机构: body, scope, dates, report

    @property
    def qr_payload(self) -> str:
        """What the QR code carries: the form's id and content hash (matched to the record)."""
        return f"SSJ:{self.form_id}:{self.content_hash or 'DRAFT'}"


LABEL_W = 92.0


def _header(flow: Flow, d: SheetData) -> None:
    w = flow.width
    half = (w - 2 * LABEL_W) / 2
    wide = w - LABEL_W
    rows: list[list[tuple[float, str]]] = [
        [(LABEL_W, "任务名称"), (wide, d.task_name)],
        [(LABEL_W, "任务编号"), (half, d.task_no), (LABEL_W, "检查部门"), (half, d.departments)],
        [(LABEL_W, "被检查单位"), (wide, d.business_name)],
        [
            (LABEL_W, "统一社会信用代码/注册号"),
            (half, d.business_code),
            (LABEL_W, "检查地点"),
            (half, d.place),
        ],
        [(LABEL_W, "住所地址"), (wide, d.address)],
        [
            (LABEL_W, "法定代表人（负责人）/电话"),
            (half, " / ".join(x for x in (d.legal_rep, d.phone) if x)),
            (LABEL_W, "联络员/电话"),
            (half, " / ".join(x for x in (d.liaison, d.liaison_phone) if x)),
        ],
        [(LABEL_W, "检查时间"), (wide, d.time_span)],
        [
            (LABEL_W, "检查人员"),
            (
                wide,
                "；".join(f"{n}（执法证号：{c}，{dep}）" for n, c, dep in d.inspectors)
                + (f"；专家：{'、'.join(d.experts)}" if d.experts else ""),
            ),
        ],
    ]
    for cells in rows:
        table_row(flow, cells, size=9.0, min_h=17)
    flow.y += 4


def _item_table_head(flow: Flow) -> list[float]:
    w = flow.width
    widths = [30.0, w * 0.40, w * 0.33, 0.0]
    widths[3] = w - sum(widths[:3])
    table_row(
        flow,
        list(zip(widths, ["序号", "检查内容", "检查方法/要领", "检查情况"], strict=True)),
        size=9.0,
        fill=0.92,
        align="center",
    )
    return widths


def _items(flow: Flow, d: SheetData) -> None:
    flow.text("一、检查事项及检查情况", size=11, gap=2)
    for n, item in enumerate(d.items, start=1):
        flow.ensure(60)
        flow.text(f"{n}. {item.code} {item.name}（{item.department}）", size=10, gap=2)
        widths = _item_table_head(flow)
        for row in item.rows:
            before = len(flow.pages)
            cells = list(zip(widths, [row.no, row.content, row.method, row.answer], strict=True))
            # a row that would start a page repeats the table head first
            lines = max(len(wrap(t, w - 6, 8.5)) for w, t in cells)
            if flow.ensure(lines * 8.5 * 1.35 + 6):
                _item_table_head(flow)
            table_row(flow, cells, size=8.5)
            del before
        if item.findings or item.disposal:
            flow.y += 2
            flow.text(
                f"发现问题情况：{item.findings or '无'}；处置情况：{item.disposal or '无'}",
                size=9,
                gap=2,
            )
        flow.y += 4


def _choices(flow: Flow, d: SheetData) -> None:
    flow.ensure(80)
    flow.text("二、核查方式", size=11, gap=1)
    flow.checks(d.methods, indent=10)
    flow.ensure(60)
    flow.text("三、检查结果", size=11, gap=1)
    flow.text(f"本次检查结果：{d.result_summary or '（未选择）'}", size=10, indent=10, gap=2)
    top = [(t, c) for t, c, depth in d.results if depth == 0]
    sub = [(t, c) for t, c, depth in d.results if depth > 0]
    flow.checks(top, size=9, indent=10, gap=0)
    if sub:
        flow.checks(sub, size=9, indent=28, gap=2)
    flow.text(f"发现问题情况：{d.findings or '无'}", size=10, indent=10, gap=4)
    flow.ensure(60)
    flow.text("四、后续处置措施", size=11, gap=1)
    flow.checks(d.disposals, size=9, indent=10, gap=0)
    if d.disposal_other:
        flow.text(f"其他：{d.disposal_other}", size=9.5, indent=10, gap=2)
    flow.y += 4


def _signer_block(
    flow: Flow, x: float, y: float, w: float, signer: SheetSigner | None, label: str
) -> None:
    ops = flow.page.ops
    ops.append(Text(x + 4, y + 12, label, 9))
    if signer is not None:
        if signer.image_key:
            ops.append(Image(x + 4, y + 15, min(w - 8, 140), 40, signer.image_key))
        ops.append(
            Text(
                x + 4,
                y + 63,
                f"{signer.name}{('  ' + signer.detail) if signer.detail else ''}",
                8.5,
            )
        )
        ops.append(Text(x + w - 4, y + 75, signer.date or "     年   月   日", 9, "right"))
    else:
        ops.append(Text(x + w - 4, y + 75, "     年   月   日", 9, "right"))


def _signatures(flow: Flow, d: SheetData) -> None:
    w = flow.width
    block_h = 80.0
    flow.ensure(24 + block_h)
    flow.text("五、签字确认", size=11, gap=2)
    # 被检查单位意见 + 法定代表人（负责人）签字, or the refusal with its witness.
    if d.refusal_reason:
        text = f"被检查单位法定代表人（负责人）{d.party.name if d.party else ''}拒绝签字。拒绝原因：{d.refusal_reason}"
        lines = wrap(text, w - 10, 9.5)
        h = len(lines) * 14 + block_h + 8
        flow.ensure(h)
        y0 = flow.y
        flow.page.ops.append(Rect(flow.left, y0, w, h))
        for i, line in enumerate(lines):
            flow.page.ops.append(Text(flow.left + 5, y0 + 14 + i * 14, line, 9.5))
        _signer_block(flow, flow.left, y0 + len(lines) * 14 + 6, w / 2, d.witness, "见证人签名：")
        wit = d.witness
        if wit is not None:
            flow.page.ops.append(
                Text(flow.left + w / 2 + 6, y0 + len(lines) * 14 + 24, f"见证人：{wit.name}", 9.5)
            )
            flow.page.ops.append(
                Text(
                    flow.left + w / 2 + 6,
                    y0 + len(lines) * 14 + 42,
                    f"身份证号码：{wit.detail}",
                    9.5,
                )
            )
        flow.page.ops.append(
            Text(
                flow.left + w / 2 + 6,
                y0 + len(lines) * 14 + 60,
                "（当事人拒绝签字，由见证人签名见证）",
                8.5,
            )
        )
        flow.y += h
    else:
        flow.text(f"被检查单位意见：{d.party_opinion or ''}", size=9.5, gap=2)
    # One grid, three columns: the party's signature (unless refused), then every inspector.
    cells: list[tuple[SheetSigner | None, str]] = []
    if not d.refusal_reason:
        party = d.party
        if party is not None:
            party = SheetSigner(
                party.name, "（盖章）" if d.party_sealed else "", party.image_key, party.date
            )
        elif d.party_note:
            party = SheetSigner(d.party_note, "", None, "")
        cells.append((party, "法定代表人（负责人）（签字或盖章）："))
    signers = list(d.inspector_signers) or [SheetSigner("")]
    cells += [(s if s.name else None, "检查人员签名：") for s in signers]
    per_row = 3
    col_w = w / per_row
    for start in range(0, len(cells), per_row):
        flow.ensure(block_h)
        y0 = flow.y
        for k, (signer, label) in enumerate(cells[start : start + per_row]):
            flow.page.ops.append(Rect(flow.left + k * col_w, y0, col_w, block_h))
            _signer_block(flow, flow.left + k * col_w, y0, col_w, signer, label)
        flow.y += block_h
    if d.reviews:
        _reviews(flow, d.reviews)
        return
    # 组长审核意见 / 结果公示审批意见 (signed on paper at the office)
    flow.ensure(38)
    y0 = flow.y
    for k, label in enumerate(("组长审核意见：", "结果公示审批意见：")):
        x = flow.left + k * w / 2
        flow.page.ops.append(Rect(x, y0, w / 2, 36))
        flow.page.ops.append(Text(x + 4, y0 + 12, label, 9))
        flow.page.ops.append(
            Text(x + w / 2 - 4, y0 + 31, "签字：          年   月   日", 9, "right")
        )
    flow.y += 40


def _reviews(flow: Flow, reviews: tuple[tuple[str, str], ...]) -> None:
    """The recorded review levels in the boxes, two a row: level, decision, who, when, why."""
    w = flow.width
    col_w = w / 2
    for start in range(0, len(reviews), 2):
        pair = reviews[start : start + 2]
        wrapped = [wrap(text, col_w - 8, 9) for _label, text in pair]
        h = 18 + 13 * max(len(lines) for lines in wrapped) + 4
        flow.ensure(h)
        y0 = flow.y
        for k, ((label, _text), lines) in enumerate(zip(pair, wrapped, strict=True)):
            x = flow.left + k * col_w
            flow.page.ops.append(Rect(x, y0, col_w, h))
            flow.page.ops.append(Text(x + 4, y0 + 12, f"{label}：", 9))
            for i, line in enumerate(lines):
                flow.page.ops.append(Text(x + 4, y0 + 26 + i * 13, line, 9))
        flow.y += h + 2
    flow.y += 2


def layout_sheet(d: SheetData) -> Document:
    """The sheet's pages, with page numbers and the QR code on every page."""
    flow = Flow(top=36, bottom=82)
    flow.text(TITLE, size=16, align="center", gap=0)
    sub = f"表单编号：{d.form_no or d.form_id}　版本：第{d.version_no}版"
    if d.office:
        sub = f"检查机关：{d.office}　" + sub
    flow.text(sub, size=8.5, align="center", gap=4)
    if d.correction_reason:
        flow.text(f"更正说明：{d.correction_reason}", size=9, gap=4)
    _header(flow, d)
    _items(flow, d)
    _choices(flow, d)
    for line in d.commissions:
        flow.text(f"委托专业机构：{line}", size=9.5, gap=2)
    _signatures(flow, d)
    pages = flow.pages
    modules = qr_modules(d.qr_payload)
    total = len(pages)
    for n, page in enumerate(pages, start=1):
        ops = page.ops
        ops.append(Line(42, PAGE_H - 78, PAGE_W - 42, PAGE_H - 78, 0.4))
        ops.append(Text(PAGE_W / 2, PAGE_H - 34, f"第{n}页 共{total}页", 9, "center"))
        ops.append(Text(42, PAGE_H - 64, f"被检查单位：{d.business_name}", 8))
        hash_text = (
            f"核对码：{check_code(d.content_hash)}（完整内容哈希见二维码）"
            if d.content_hash
            else "草稿：尚未完成检查，不作为正式记录"
        )
        if d.seal_text and d.status != FormState.DRAFT:
            # The keyed seal's verdict (services/checklist/form_seal.py): an invalid one in black.
            mark = "【封记无效】" if d.seal_state == "invalid" else ""
            hash_text += f"　{mark}{d.seal_text}"
        gray = 0.0 if d.seal_state == "invalid" else 0.3
        ops.append(Text(42, PAGE_H - 53, hash_text, 8, gray=gray))
        if d.printed_on:
            ops.append(Text(42, PAGE_H - 42, f"打印日期：{d.printed_on}", 8, gray=0.3))
        ops.append(Qr(PAGE_W - 42 - 66, PAGE_H - 74, 66, modules))
        if d.status != FormState.COMPLETED:
            mark = "草　稿" if d.status == FormState.DRAFT else "已被更正版本取代"
            ops.insert(0, Text(PAGE_W / 2, PAGE_H / 2, mark, 60, "center", gray=0.88))
        if d.seal_state == "invalid":  # plain on every page: this sheet is not the record
            ops.insert(0, Text(PAGE_W / 2, PAGE_H / 2 - 80, "封记无法验证", 48, "center", gray=0.8))
    return Document(pages=pages, images=dict(d.images), title=f"{TITLE} {d.business_name}")


def write_sheets(sheets: list[SheetData], out: str | Path | BinaryIO, *, title: str = TITLE) -> int:
    """Writes sheets into one PDF (a batch keeps one font and image cache); returns pages."""
    from .pdf_canvas import PdfWriter  # on use: reportlab stays out of start-up

    writer = PdfWriter(out, title=title)
    for d in sheets:
        writer.add(layout_sheet(d))
    writer.save()
    return writer.pages
