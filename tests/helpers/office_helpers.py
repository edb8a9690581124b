"""Test helpers for the office side of issue 21: one visit completed differently at the office
(未发现问题, not yet submitted: a submitted one refuses the laptop's form) and on a laptop (发现问题已责令改正), the laptop's results
imported back — a form conflict and a result conflict, built through the real services."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app.core.services.checklist import attachments, inspections
from app.core.services.exchange import bundle_export, bundles
from app.core.services.kernel.workspace import Workspace
from app.core.storage.models import Inspector, Visit
from tests.helpers.bundle_helpers import pair
from tests.helpers.inspection_helpers import fill_all, make_visit, sign_all


def photo_png(text: str = "灭火器") -> bytes:
    """A real 320×240 PNG photo stand-in (a coloured scene with a label)."""
    import io

    from PIL import Image, ImageDraw

    img = Image.new("RGB", (320, 240), (90, 140, 200))
    draw = ImageDraw.Draw(img)
    draw.rectangle((110, 60, 210, 220), fill=(200, 30, 30))
    draw.text((10, 10), text.encode("ascii", "ignore").decode() or "photo", fill=(255, 255, 255))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def complete_form(
    ws: Workspace,
    visit_id: int,
    codes: list[str],
    findings: str = "",
    *,
    photo: bytes | None = None,
) -> int:
    """Fills, signs and completes the visit's form with these 检查结果 codes (and a photo);
    its id."""
    form = inspections.start_inspection(ws, visit_id)
    fill_all(ws, form)
    inspections.save_draft(ws, form.id, data={"result_codes": codes, "findings": findings})
    if photo is not None:
        attachments.add_attachment(
            ws, form.id, filename="现场.png", data=photo, caption="现场照片：灭火器"
        )
    form = inspections.current_form(ws, visit_id)
    sign_all(ws, form)
    return inspections.complete_inspection(ws, form.id).id


def conflicting_round_trip(
    office: Workspace, tmp_path: Path, *, visits: int = 1
) -> tuple[Workspace, int, str]:
    """(laptop workspace — dispose it, the first visit's office id, its uid) after the import;
    each of `visits` visits has a form conflict and a result conflict."""
    made = [make_visit(office) for _ in range(visits)]
    with office.db.read_session() as s:
        cert = s.get(Inspector, made[0][1][0]).cert_no
        uids = [s.get(Visit, v).uid for v, _team in made]
    laptop = pair(office, tmp_path / "laptop.db", tmp_path)
    a = bundle_export.export_bundle(office, "assignments", tmp_path / "a.zip", inspector_cert=cert)
    bundles.import_bundle(laptop, a.path)
    for (visit_id, _team), uid in zip(made, uids, strict=True):
        with laptop.db.read_session() as s:
            laptop_visit = s.scalar(select(Visit.id).where(Visit.uid == uid))
        complete_form(laptop, laptop_visit, ["E"], "灭火器过期，已当场责令改正")
        complete_form(office, visit_id, ["1"])
    out = bundle_export.export_bundle(laptop, "results", tmp_path / "r.zip")
    rep = bundles.import_bundle(office, out.path)
    assert rep.conflicts.get("inspection") == visits, rep.conflicts
    return laptop, made[0][0], uids[0]
