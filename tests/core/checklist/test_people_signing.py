"""Signing by the rules (五原 第二十二条), through the checklist services on the sample county:
a 书面检查 or 网络监测 completes with the inspectors' signatures only, a 实地检查 still needs the
party; the party may seal instead of signing (a photo of the impression, printed in its box);
a refusal's witness may give no ID number when the reason is recorded."""

from __future__ import annotations

import io
import subprocess

import pytest
from PIL import Image, ImageDraw

from app.core.domain.errors import ValidationError
from app.core.services.checklist import inspections, sheets, signatures
from tests.helpers.inspection_helpers import SIG, fill_all, make_visit


def _inspectors_sign(ws, form) -> None:
    for m in form.header["inspectors"]:
        signatures.add_signature(
            ws,
            form.id,
            role="inspector",
            signer_name=m["name"],
            inspector_id=m["inspector_id"],
            strokes=SIG,
        )


def _method_codes(ws) -> dict[str, str]:
    return {text: code for code, text in inspections.form_codes(ws).methods}


def _pdf_text(ws, form_id: int) -> str:
    out = ws.db.path.parent / f"sheet-{form_id}.pdf"
    sheets.export_sheet_pdf(ws, form_id, out)
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    return "".join(text.split())


def _seal_png() -> bytes:
    img = Image.new("RGB", (240, 240), "white")
    d = ImageDraw.Draw(img)
    d.ellipse((10, 10, 230, 230), outline="red", width=8)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


@pytest.mark.parametrize("method", ["书面检查", "网络监测"])
def test_written_or_online_check_completes_with_inspector_signatures_only(
    sample_workspace, method
) -> None:
    ws = sample_workspace
    visit_id, _ = make_visit(ws)
    form = inspections.start_inspection(ws, visit_id)
    fill_all(ws, form)
    inspections.save_draft(ws, form.id, data={"methods": [_method_codes(ws)[method]]})
    _inspectors_sign(ws, form)
    assert inspections.check_inspection(ws, form.id) == []
    done = inspections.complete_inspection(ws, form.id)
    assert done.status == "completed"
    assert "无需当事人签字" in _pdf_text(ws, done.id)


def test_on_site_check_still_needs_the_party(sample_workspace) -> None:
    ws = sample_workspace
    visit_id, _ = make_visit(ws)
    form = inspections.start_inspection(ws, visit_id)
    fill_all(ws, form)
    codes = _method_codes(ws)
    inspections.save_draft(ws, form.id, data={"methods": [codes["实地检查"], codes["书面检查"]]})
    _inspectors_sign(ws, form)
    problems = inspections.check_inspection(ws, form.id)
    assert any("未签字或盖章" in p for p in problems)


def test_party_seals_instead_of_signing_and_the_sheet_shows_the_seal(sample_workspace) -> None:
    ws = sample_workspace
    visit_id, _ = make_visit(ws)
    form = inspections.start_inspection(ws, visit_id)
    fill_all(ws, form)
    _inspectors_sign(ws, form)
    with pytest.raises(ValidationError, match="JPEG 或 PNG"):
        signatures.add_party_seal(ws, form.id, signer_name="某某公司", photo=b"not an image")
    view = signatures.add_party_seal(ws, form.id, signer_name="某某公司", photo=_seal_png())
    assert view.is_seal and view.image_sha256
    assert inspections.check_inspection(ws, form.id) == []
    done = inspections.complete_inspection(ws, form.id)
    assert "（盖章）" in _pdf_text(ws, done.id)
    doc = sheets.sheet_document(ws, done.id)
    images = [op for page in doc.pages for op in page.ops if type(op).__name__ == "Image"]
    assert view.image_sha256 in {op.key for op in images}


def test_witness_without_id_number_needs_the_reason(sample_workspace) -> None:
    ws = sample_workspace
    visit_id, _ = make_visit(ws)
    form = inspections.start_inspection(ws, visit_id)
    fill_all(ws, form)
    _inspectors_sign(ws, form)
    with pytest.raises(ValidationError, match="说明未提供的原因"):
        signatures.record_refusal(
            ws,
            form.id,
            reason="拒绝签字",
            witness_name="王建华",
            witness_id_number="",
            witness_strokes=SIG,
        )
    signatures.record_refusal(
        ws,
        form.id,
        reason="拒绝签字",
        witness_name="王建华",
        witness_id_number="",
        witness_strokes=SIG,
        no_id_reason="见证人为社区网格员，未随身携带身份证",
    )
    assert inspections.check_inspection(ws, form.id) == []
    done = inspections.complete_inspection(ws, form.id)
    assert "未随身携带身份证" in _pdf_text(ws, done.id)


def test_a_correction_keeps_the_seal(sample_workspace) -> None:
    ws = sample_workspace
    visit_id, _ = make_visit(ws)
    form = inspections.start_inspection(ws, visit_id)
    fill_all(ws, form)
    _inspectors_sign(ws, form)
    signatures.add_party_seal(ws, form.id, signer_name="某某公司", photo=_seal_png())
    done = inspections.complete_inspection(ws, form.id)
    draft = inspections.start_correction(ws, done.id, reason="更正检查地点")
    party = [g for g in draft.signatures if g.role == "party"]
    assert party and party[0].is_seal
