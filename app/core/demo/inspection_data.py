"""Sample checklist forms for 五原县: completed and signed sheets (one refusal + witness) and a draft.

Works on the visits of task 1 made by the draw sample; without them it makes a handful of
visits itself (source "manual", reason "sample", a two-person team). Goes through the
services, so the forms are exactly what an inspector would have produced.
"""

from __future__ import annotations

import io
import math
import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from PIL import Image, ImageDraw
from sqlalchemy import select

from app.core.demo.sample import COMPLETED
from app.core.demo.visits import add_sample_visit
from app.core.domain.ids import VisitId
from app.core.domain.localtime import to_utc
from app.core.services.checklist import attachments, inspections, signatures
from app.core.services.kernel.audit import log_event
from app.core.storage.models import Inspector, Result, Target, Task, Visit

if TYPE_CHECKING:
    from app.core.services.kernel.workspace import Workspace

    from .sample import SampleSpec


WITNESS = ("王建华", "150821198503120317")


def fake_signature(rng: random.Random, name: str) -> list[list[list[float]]]:
    """Pen strokes that look like a quick handwritten signature (one loop group per character)."""
    strokes: list[list[list[float]]] = []
    t = 0
    for n, _ch in enumerate(name):
        x0 = 40 + n * 150
        for k in range(rng.randint(2, 3)):
            pts: list[list[float]] = []
            amp = rng.uniform(25, 45)
            phase = rng.uniform(0, math.pi)
            for i in range(28):
                u = i / 27
                x = x0 + u * rng.uniform(90, 120) + 10 * math.sin(5 * u + phase)
                y = 100 + amp * math.sin(2 * math.pi * u * (1 + k * 0.6) + phase) - 20 * k + 10 * u
                pts.append(
                    [round(x, 1), round(y, 1), round(0.35 + 0.5 * math.sin(math.pi * u), 3), t]
                )
                t += 12
            strokes.append(pts)
    return strokes


def fake_photo(rng: random.Random, caption: str) -> bytes:
    """A small JPEG standing in for a site photo (a shop front with a sign)."""
    img = Image.new(
        "RGB",
        (480, 320),
        (rng.randrange(150, 200), rng.randrange(160, 210), rng.randrange(170, 220)),
    )
    d = ImageDraw.Draw(img)
    d.rectangle((40, 60, 440, 300), fill=(120, 90, 70))
    d.rectangle((60, 20, 420, 70), fill=(180, 30, 30))
    d.rectangle((90, 120, 200, 300), fill=(60, 60, 70))
    d.rectangle((240, 120, 410, 230), fill=(200, 220, 235))
    d.text((70, 32), caption.encode("ascii", "ignore").decode() or "PHOTO", fill=(255, 255, 255))
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=70)
    return out.getvalue()


def _visits(ws: Workspace, rng: random.Random) -> list[VisitId]:
    with ws.db.session() as s:
        task = s.scalars(select(Task).order_by(Task.seq_no)).first()
        if task is None:
            return []
        ids = list(
            s.scalars(
                select(Visit.id)
                .where(Visit.task_id == task.id, ~Visit.is_cancelled)
                .order_by(Visit.id)
            )
        )
        if not ids:
            dept_id = task.initiating_department_id
            people = list(
                s.scalars(
                    select(Inspector)
                    .where(
                        Inspector.department_id == dept_id,
                        Inspector.status == "在岗",
                    )
                    .order_by(Inspector.id)
                )
            )
            people = [
                p for p in people if p.cert_expires_on is None or p.cert_expires_on.year >= 2026
            ]
            kinds = task.target_kinds or ["企业"]
            pool = list(
                s.scalars(
                    select(Target.id)
                    .where(Target.status == "存续", Target.kind.in_(kinds))
                    .order_by(Target.id)
                    .limit(400)
                )
            )
            for target_id in rng.sample(pool, k=min(12, len(pool))):
                visit = add_sample_visit(
                    s, rng, task_id=task.id, target_id=target_id, people=people, reason="sample"
                )
                ids.append(visit.id)
            log_event(
                s,
                ws.actor,
                "demo.visits",
                summary=f"示例检查表：补充{len(ids)}户检查对象（sample）",
            )
        # Results for every visit, as the results sample expects (one per initiating department).
        have = set(s.scalars(select(Result.visit_id)))
        for visit in s.scalars(select(Visit).where(~Visit.is_cancelled).order_by(Visit.id)):
            if visit.id not in have:
                t = s.get(Task, visit.task_id)
                s.add(Result(visit_id=visit.id, department_id=t.initiating_department_id))  # type: ignore[union-attr]
        # The draft goes on the newest visit of all: the results sample leaves the last ones open.
        newest = s.scalar(
            select(Visit.id).where(~Visit.is_cancelled).order_by(Visit.id.desc()).limit(1)
        )
        if newest is not None and newest not in ids[:COMPLETED]:
            ids = [*[i for i in ids if i != newest], newest]
        return [VisitId(i) for i in ids]


def _answer(rng: random.Random, row: dict[str, Any], problem: bool) -> Any:
    kind = row.get("answer", "yesno")
    if kind == "yesno":
        return "no" if problem else "yes"
    if kind == "number":
        unit = row.get("unit", "")
        return {"℃": round(rng.uniform(2, 6), 1), "人": rng.randint(2, 9)}.get(
            unit, rng.randint(1, 6)
        )
    if kind == "date":
        return f"2026-0{rng.randint(1, 4)}-{rng.randint(10, 28)}"
    if kind == "text":
        return rng.choice(["GB 2760-2014", "Q/WY 0001S-2025", "现场未见异常"])
    return "na"


def fill_form(
    ws: Workspace,
    form: inspections.FormView,
    rng: random.Random,
    *,
    with_problem: bool,
    start: datetime,
) -> None:
    """Answers every row, then methods, result, findings and disposal, like an inspector would."""
    answers: dict[str, dict[str, Any]] = {}
    problem_at: tuple[str, str] | None = None
    if with_problem:
        sec = form.sections[0]
        yesno = [r for r in sec.rows if r.get("answer") == "yesno"]
        problem_at = (sec.item_code, str(yesno[len(yesno) // 2]["no"]))
    for sec in form.sections:
        given: dict[str, Any] = {}
        for row in sec.rows:
            given[str(row["no"])] = _answer(rng, row, problem_at == (sec.item_code, str(row["no"])))
        answers[sec.item_code] = given
        # Each change is saved as it is made — here one save per item.
        inspections.save_draft(ws, form.id, data={"answers": dict(answers)})
    photo_rows = [
        (sec.item_code, str(r["no"]))
        for sec in form.sections
        for r in sec.rows
        if r.get("answer") == "photo"
    ]
    if photo_rows:
        item, row_no = photo_rows[0]
        attachments.add_attachment(
            ws,
            form.id,
            filename="现场照片1.jpg",
            data=fake_photo(rng, "SHOP"),
            item_code=item,
            row_no=row_no,
            caption="经营场所门头",
        )
    data: dict[str, Any] = {"methods": ["1", "2"]}
    if with_problem:
        data.update(
            result_codes=["E"],
            findings="散装食品未标明生产日期和保质期，现场已责令改正。",
            disposals=["3"],
            items={
                form.sections[0].item_code: {
                    "findings": "散装食品标识不全",
                    "disposal": "已当场责令改正",
                }
            },
            party_opinion="已知悉，立即整改。",
        )
    else:
        data.update(result_codes=["1"], findings="", disposals=["1"], party_opinion="无异议。")
    inspections.save_draft(
        ws,
        form.id,
        data=data,
        started_at=start,
        ended_at=start + timedelta(minutes=rng.randint(40, 90)),
    )


def sign_form(
    ws: Workspace, form: inspections.FormView, rng: random.Random, *, refuse: bool, at: datetime
) -> None:
    when = to_utc(at)  # the office's wall time → stored UTC (whatever the machine's zone)
    for member in form.header["inspectors"][:2]:
        signatures.add_signature(
            ws,
            form.id,
            role="inspector",
            signer_name=member["name"],
            inspector_id=member["inspector_id"],
            strokes=fake_signature(rng, member["name"]),
            signed_at=when,
        )
    party = form.header["business"]["legal_rep"] or "负责人"
    if refuse:
        signatures.record_refusal(
            ws,
            form.id,
            reason="负责人称需请示公司总部，拒绝在检查表上签字",
            witness_name=WITNESS[0],
            witness_id_number=WITNESS[1],
            witness_strokes=fake_signature(rng, WITNESS[0]),
            signed_at=when,
        )
    else:
        signatures.add_signature(
            ws,
            form.id,
            role="party",
            signer_name=party,
            strokes=fake_signature(rng, party),
            signed_at=when,
        )


def populate_inspections(ws: Workspace, rng: random.Random, spec: SampleSpec) -> None:
    del spec
    rng = random.Random(rng.random())
    ids = _visits(ws, rng)
    if len(ids) < 2:
        return
    done = ids[: min(COMPLETED, len(ids) - 1)]  # the last visit stays a draft, however few
    for n, visit_id in enumerate(done):
        start = datetime(2026, 5, 11 + n, 9, 30)
        form = inspections.start_inspection(ws, visit_id, started_at=start)
        fill_form(ws, form, rng, with_problem=n == 1, start=start)
        sign_form(ws, form, rng, refuse=n == 2, at=start + timedelta(minutes=35))
        inspections.complete_inspection(ws, form.id)
    # The newest visit: a draft left half-way (the battery died).
    draft = inspections.start_inspection(ws, ids[-1], started_at=datetime(2026, 5, 15, 14, 0))
    sec = draft.sections[0]
    half = {
        str(r["no"]): "yes" for r in sec.rows[: len(sec.rows) // 2] if r.get("answer") == "yesno"
    }
    inspections.save_draft(ws, draft.id, data={"answers": {sec.item_code: half}})


STEPS = [("检查表 / inspections", populate_inspections)]
