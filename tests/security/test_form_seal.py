"""A completed form's keyed seal: an insider who edits a form and recomputes its content hash,
or copies a signed form onto another visit, is caught, and the printed sheet says so plainly.
Forms without a seal (completed before seals existed) still print, marked as unkeyed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select, update

from app.core.domain.canonical import content_hash
from app.core.services.checklist import inspections, sheets, visit_list
from app.core.services.checklist.form_seal import _payload, hashed_content
from app.core.storage.models import Inspection, Visit


def _done_form(ws) -> int:  # type: ignore[no-untyped-def]
    rows = visit_list.list_visits(ws, tab="done")
    assert rows
    return rows[0].inspection_id


def _sheet_text(ws, form_id: int, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    pdf = tmp_path / f"sheet-{form_id}.pdf"
    sheets.export_sheet_pdf(ws, form_id, pdf)
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _rehash(ws, form_id: int, **changes) -> None:  # type: ignore[no-untyped-def]
    """What an insider with the database can do: change the row and recompute its hash with
    the app's own function, so the unkeyed check passes."""
    with ws.db.session() as s:
        s.execute(update(Inspection).where(Inspection.id == form_id).values(**changes))
        insp = s.get(Inspection, form_id)
        s.refresh(insp)
        insp.content_hash = content_hash(hashed_content(s, insp))


def test_a_completed_form_is_sealed_with_the_installation_key(sample_workspace, tmp_path) -> None:
    ws = sample_workspace
    form_id = _done_form(ws)
    check = inspections.seal_check(ws, form_id)
    assert check.state == "ok", check.text
    with ws.db.read_session() as s:
        insp = s.get(Inspection, form_id)
        visit_uid = s.scalar(select(Visit.uid).where(Visit.id == insp.visit_id))
        assert insp.seal["visit"] == visit_uid and insp.seal["version_no"] == insp.version_no
        assert insp.seal["content_hash"] == insp.content_hash and insp.seal["alg"] == "Ed25519"
    assert "密钥封记有效" in _sheet_text(ws, form_id, tmp_path)


def test_an_edited_and_rehashed_form_fails_and_the_sheet_says_so(
    sample_workspace, tmp_path
) -> None:
    ws = sample_workspace
    form_id = _done_form(ws)
    with ws.db.read_session() as s:
        data = dict(s.get(Inspection, form_id).data)
    data["findings"] = "（事后添加）发现问题已责令改正"
    _rehash(ws, form_id, data=data)
    assert not inspections.verify_inspection(ws, form_id)
    check = inspections.seal_check(ws, form_id)
    assert check.state == "invalid" and "内容哈希" in check.text
    text = _sheet_text(ws, form_id, tmp_path)
    assert "封记无法验证" in text and "封记无效" in text


def test_a_form_copied_onto_another_visit_fails(sample_workspace) -> None:
    ws = sample_workspace
    form_id = _done_form(ws)
    with ws.db.read_session() as s:
        insp = s.get(Inspection, form_id)
        other = s.scalar(
            select(Visit.id).where(
                Visit.id != insp.visit_id, Visit.id.not_in(select(Inspection.visit_id))
            )
        )
        header = {**insp.header, "visit_uid": s.get(Visit, other).uid}
    _rehash(ws, form_id, visit_id=other, header=header)
    check = inspections.seal_check(ws, form_id)
    assert check.state == "invalid", check.text
    assert "所属检查" in check.text or "签名" in check.text


def test_a_seal_by_a_key_nobody_trusts_fails(sample_workspace) -> None:
    ws = sample_workspace
    form_id = _done_form(ws)
    stranger = Ed25519PrivateKey.generate()
    with ws.db.session() as s:
        insp = s.get(Inspection, form_id)
        seal = {**insp.seal, "key_id": "f" * 32}
        seal["signature"] = stranger.sign(_payload(seal)).hex()
        insp.seal = seal
    check = inspections.seal_check(ws, form_id)
    assert check.state == "invalid" and "不是本机或受信任的密钥" in check.text


def test_an_older_unkeyed_form_still_prints_marked_as_such(sample_workspace, tmp_path) -> None:
    ws = sample_workspace
    form_id = _done_form(ws)
    with ws.db.session() as s:
        s.get(Inspection, form_id).seal = None
    check = inspections.seal_check(ws, form_id)
    assert check.state == "unkeyed"
    assert inspections.verify_inspection(ws, form_id)  # its content hash still holds
    text = _sheet_text(ws, form_id, tmp_path)
    assert "没有密钥封记" in text and "封记无法验证" not in text


@pytest.mark.parametrize("field", ["version_no", "completed_by"])
def test_the_seal_binds_the_version_and_who_completed(sample_workspace, field: str) -> None:
    ws = sample_workspace
    form_id = _done_form(ws)
    with ws.db.read_session() as s:
        insp = s.get(Inspection, form_id)
        value = insp.version_no + 5 if field == "version_no" else "someone_else"
    _rehash(ws, form_id, **{field: value})
    assert inspections.seal_check(ws, form_id).state == "invalid"
