"""Draw outputs: the 抽取结果 notice PDF (digests, seed, QR code) and the drawn-target xlsx.

Fed with read models only; the record itself is the JSON the service saves. No sessions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from app.core.domain.localtime import zone_label
from app.core.reports.plan_reports import esc, grid_style, grid_table, styles, write_sheet


@dataclass(frozen=True)
class DrawnTargetRow:
    """One drawn (or replacement) target as published: 企业名称, 代码, 登记机关, 管辖单位, items, team."""

    stratum: str
    name: str
    code: str
    registration_authority: str
    supervising_unit: str
    items: str
    team: str
    source: str  # 随机抽取 / 必查对象 / 备选递补
    note: str = ""


@dataclass(frozen=True)
class StratumLine:
    code: str
    label: str
    rule: str
    eligible: int
    mandatory: int
    k: int
    reserve: int


@dataclass(frozen=True)
class DrawNotice:
    office: str
    task_no: str
    task_name: str
    kind_text: str
    attempt: int
    status_text: str
    locked_at: str
    finished_at: str
    operator: str
    signed_off_by: str
    manifest_digest: str
    commitment: str
    seed: str
    record_digest: str
    observers: tuple[tuple[str, str], ...]  # (name, input)
    public_value: str
    strata: tuple[StratumLine, ...]
    targets: tuple[DrawnTargetRow, ...]
    error: str = ""
    protocol: str = "DRAW-v1"
    public_value_source: str = ""  # declared before the lock (DRAW-v1.1 §10)
    audit_head: str = ""  # the audit chain head's short form when the notice was made
    # Where the record and verify.html are published (setting draw.publish_place); "" = beside this notice.
    publish_place: str = ""
    # Every mandatory target (重点/问题对象) and where it went: (name, code, where) — never silent.
    mandatory: tuple[tuple[str, str, str], ...] = ()
    cap_exception: str = ""  # a supervisor's recorded exception to a 一般 item's cap

    @property
    def qr_text(self) -> str:
        return f"{self.protocol} {self.task_no} record:{self.record_digest} manifest:{self.manifest_digest}"


RECORD_FILE = "record.json"  # the names a draw's publication uses (draw_results.export_draw)
PAGE_FILE = "verify.html"


def _qr(text: str, size: float) -> Drawing:
    widget = QrCodeWidget(text, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    d = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    d.add(widget)
    return d


def write_draw_notice_pdf(notice: DrawNotice, path: Path) -> Path:
    st = styles()
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=f"{notice.task_no} 抽取结果",
    )
    story: list = [
        Paragraph(esc(f"{notice.task_name}{notice.kind_text}结果公告"), st["title"]),
        Paragraph(
            esc(
                f"{notice.office} · {notice.task_no} · 第{notice.attempt}次抽取 · {notice.status_text}"
            ),
            st["sub"],
        ),
    ]
    if notice.error:
        story.append(
            Paragraph(
                esc(
                    "本次抽取无效（无法按规则组队），结果不得使用；须以新的输入重新组织抽取，本记录保留备查。"
                    " This draw is void and must not be used."
                ),
                st["body"],
            )
        )
        story.append(Spacer(1, 3 * mm))
    facts = [
        (f"锁定时间（{zone_label()}）", notice.locked_at),
        (f"完成时间（{zone_label()}）", notice.finished_at),
        ("操作人", notice.operator),
        ("签认", notice.signed_off_by or "（待签认）"),
        ("清单摘要 manifest digest", notice.manifest_digest),
        ("承诺值 commitment", notice.commitment),
        ("随机种子 seed", notice.seed),
        ("记录摘要 record digest", notice.record_digest),
    ]
    facts += [(f"观察员 {name}", value) for name, value in notice.observers]
    if notice.public_value_source:
        facts.append(("公开数值来源（锁定前声明）", notice.public_value_source))
    facts.append(("公开数值 public value", notice.public_value or "（无）"))
    facts.append(("规则 protocol", notice.protocol))
    if notice.audit_head:
        facts.append(("审计链头 audit head", notice.audit_head))
    if notice.error:
        facts.append(("无效原因", notice.error))
    fact_table = Table(
        [[Paragraph(esc(k), st["cell"]), Paragraph(esc(v), st["mono"])] for k, v in facts],
        colWidths=[42 * mm, 90 * mm],
    )
    fact_table.setStyle(grid_style(header_rows=0))
    top = Table([[fact_table, _qr(notice.qr_text, 44 * mm)]], colWidths=[134 * mm, 48 * mm])
    top.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP")])
    story += [top, Spacer(1, 4 * mm)]
    if notice.strata:
        t = grid_table(
            ("分层", "规则", "可抽户数", "必查", "抽取户数", "备选"),
            (
                (f"{s.label}（{s.code}）", s.rule, s.eligible, s.mandatory, s.k, s.reserve)
                for s in notice.strata
            ),
            widths=[44 * mm, 26 * mm, 26 * mm, 20 * mm, 26 * mm, 20 * mm],
            style=st["cell"],
        )
        story += [t, Spacer(1, 4 * mm)]
    if notice.cap_exception:
        story += [
            Paragraph(esc(f"一般事项抽查比例上限例外：{notice.cap_exception}"), st["body"]),
            Spacer(1, 3 * mm),
        ]
    if notice.mandatory:
        story.append(
            Paragraph(
                esc(f"必查对象（重点对象、问题对象）共 {len(notice.mandatory)} 户及去向"),
                st["body"],
            )
        )
        story += [
            grid_table(
                ("序号", "名称", "代码", "去向"),
                ((i, n, c, w) for i, (n, c, w) in enumerate(notice.mandatory, start=1)),
                widths=[10 * mm, 70 * mm, 42 * mm, 60 * mm],
                style=st["cell"],
            ),
            Spacer(1, 4 * mm),
        ]
    rows = (
        (
            i,
            r.name,
            r.code,
            r.supervising_unit,
            r.team,
            r.source + (f"（{r.note}）" if r.note else ""),
        )
        for i, r in enumerate(notice.targets, start=1)
    )
    t = grid_table(
        ("序号", "企业名称", "统一社会信用代码/注册号", "管辖单位", "检查人员", "来源"),
        rows,
        widths=[10 * mm, 52 * mm, 38 * mm, 28 * mm, 34 * mm, 20 * mm],
        style=st["cell"],
    )
    story += [
        t,
        Spacer(1, 4 * mm),
        Paragraph(
            esc(
                f"抽取记录 {RECORD_FILE} 与核验页 {PAGE_FILE} 随本公告一同公布"
                + (f"于{notice.publish_place}" if notice.publish_place else "（与本公告在同一处）")
                + f"。任何人用手机或电脑的浏览器打开 {PAGE_FILE}，不需安装任何程序、不需联网，即可重算本次抽取"
                "并显示“PASS”（一致）或“FAIL”（不一致）及第一处不一致；请核对页面上的清单指纹、记录指纹与本公告"
                f"及二维码一致。也可用只需 Python 标准库的 verifier.py 核对：python verifier.py {RECORD_FILE}。"
                f" The record {RECORD_FILE} and the page {PAGE_FILE} are published with this notice"
                + (f" at {notice.publish_place}" if notice.publish_place else "")
                + f"; open {PAGE_FILE} in any browser, offline, to recompute this draw (PASS or FAIL),"
                " and compare its digests with this notice and its QR code."
            ),
            st["body"],
        ),
        Spacer(1, 10 * mm),
        Paragraph(
            esc(
                "操作人签字：______________　　公证/监督人签字：______________　　日期：__________"
            ),
            st["body"],
        ),
    ]
    doc.build(story)
    return path


def write_drawn_targets_xlsx(notice: DrawNotice, path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "抽查名单"
    headers = (
        "序号",
        "企业名称",
        "统一社会信用代码/注册号",
        "登记机关",
        "管辖单位",
        "检查事项",
        "检查人员",
        "分层",
        "来源",
        "备注",
    )
    rows = [
        (
            i,
            r.name,
            r.code,
            r.registration_authority,
            r.supervising_unit,
            r.items,
            r.team,
            r.stratum,
            r.source,
            r.note,
        )
        for i, r in enumerate(notice.targets, start=1)
    ]
    write_sheet(ws, headers, rows, (6, 36, 24, 22, 18, 36, 24, 8, 10, 20))
    info = wb.create_sheet("抽取信息")
    write_sheet(
        info,
        ("项目", "内容"),
        [
            ("任务编号", notice.task_no),
            ("任务名称", notice.task_name),
            ("抽取", f"第{notice.attempt}次 {notice.status_text}"),
            ("清单摘要", notice.manifest_digest),
            ("随机种子", notice.seed),
            ("记录摘要", notice.record_digest),
        ],
        (14, 70),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
