"""The checklist service on a real sample county: templates, drafts, completion, lock, corrections,
signatures, attachments and who may see what."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from PIL import Image
from sqlalchemy import select

from app.core.demo.inspection_data import fake_signature
from app.core.domain.errors import ConflictError, PermissionDenied, ValidationError
from app.core.domain.roles import Actor, Role
from app.core.services.checklist import attachments, checklists, inspections, signatures, visit_list
from app.core.services.kernel import blobs
from app.core.storage.models import Inspector, Result, Visit, VisitMember
from tests.conftest import run_app
from tests.helpers.inspection_helpers import SIG, fill_all, make_visit, sign_all


def test_sample_county_has_completed_signed_forms_and_a_draft(sample_workspace) -> None:
    done = visit_list.list_visits(sample_workspace, tab="done")
    drafts = visit_list.list_visits(sample_workspace, tab="drafts")
    assert len(done) >= 3 and drafts
    for row in done:
        assert inspections.verify_inspection(sample_workspace, row.inspection_id)
    refused = [inspections.get_form(sample_workspace, r.inspection_id) for r in done]
    assert any(any(g.refused for g in f.signatures) for f in refused)


def test_start_fills_header_from_registry_and_draw_and_pins_templates(sample_workspace) -> None:
    ws = sample_workspace
    visit_id, people = make_visit(ws)
    form = inspections.start_inspection(ws, visit_id)
    h = form.header
    assert (
        h["task_no"] == "五原市监抽查〔2026〕1号"
        and h["business"]["name"]
        and h["business"]["code"]
    )
    assert [m["inspector_id"] for m in h["inspectors"]] == people and all(
        m["cert_no"] for m in h["inspectors"]
    )
    assert {s.item_code for s in form.sections} == {"B07"}
    assert {s.template_code for s in form.sections} == {"T-SPJY"}
    assert form.status == "draft" and form.place
    # opening again returns the same draft
    assert inspections.start_inspection(ws, visit_id).id == form.id
    with ws.db.read_session() as s:
        assert s.scalars(select(Result.status).where(Result.visit_id == visit_id)).all() == [
            "检查中"
        ]


def test_a_new_template_version_does_not_change_a_started_form(sample_workspace) -> None:
    ws = sample_workspace
    visit_id, _ = make_visit(ws)
    form = inspections.start_inspection(ws, visit_id)
    old = checklists.get_template(ws, "T-SPJY")
    rows = [r.to_json() for r in old.rows] + [
        {"no": "99", "content": "新增：是否落实明厨亮灶", "method": "现场查看", "answer": "yesno"}
    ]
    new = checklists.update_template(ws, "T-SPJY", rows=rows, reason="2026年新要求")
    assert new.version_no == old.version_no + 1
    assert [
        t.version_no for t in checklists.list_templates(ws, include_old=True) if t.code == "T-SPJY"
    ] == [1, 2]
    again = inspections.get_form(ws, form.id)
    spjy = next(s for s in again.sections if s.template_code == "T-SPJY")
    assert spjy.template_version == old.version_no and all(r["no"] != "99" for r in spjy.rows)
    later_visit, _ = make_visit(ws)
    later = inspections.start_inspection(ws, later_visit)
    assert any(
        r["no"] == "99" for s in later.sections if s.template_code == "T-SPJY" for r in s.rows
    )


def test_template_edits_need_a_reason_and_valid_rows_and_a_supervisor(sample_workspace) -> None:
    ws = sample_workspace
    with pytest.raises(ValidationError):
        checklists.update_template(
            ws, "T-GSXX", rows=[{"no": "1", "content": "x", "answer": "yesno"}], reason=""
        )
    with pytest.raises(ValidationError) as bad:
        checklists.update_template(
            ws, "T-GSXX", rows=[{"no": "1", "content": "", "answer": "colour"}], reason="r"
        )
    assert any("第1行" in d for d in bad.value.details)
    inspector = ws.as_actor(Actor("li", Role.INSPECTOR, inspector_id=1))
    with pytest.raises(PermissionDenied):
        checklists.update_template(
            inspector, "T-GSXX", rows=[{"no": "1", "content": "x", "answer": "text"}], reason="r"
        )


def test_completion_is_refused_until_everything_is_there_then_locks(sample_workspace) -> None:
    ws = sample_workspace
    visit_id, _ = make_visit(ws)
    form = inspections.start_inspection(ws, visit_id)
    with pytest.raises(ValidationError) as err:
        inspections.complete_inspection(ws, form.id)
    details = "\n".join(err.value.details)
    assert "未填写" in details and "签名" in details
    fill_all(ws, form)
    sign_all(ws, form)
    assert inspections.check_inspection(ws, form.id) == []
    done = inspections.complete_inspection(ws, form.id, ended_at=datetime(2030, 1, 1, 12, 0))
    assert done.status == "completed" and len(done.content_hash) == 64
    assert inspections.verify_inspection(ws, form.id)
    with pytest.raises(ConflictError):
        inspections.save_draft(ws, form.id, data={"findings": "改一下"})
    with pytest.raises(ConflictError):
        signatures.add_signature(ws, form.id, role="party", signer_name="x", strokes=SIG)
    with ws.db.read_session() as s:
        r = s.scalars(select(Result).where(Result.visit_id == visit_id)).one()
        assert r.status == "已完成" and r.result_codes == ["1"] and r.inspection_id == form.id
        assert s.get(Visit, visit_id).status == "已完成"


def test_a_team_of_one_cannot_complete(sample_workspace) -> None:
    ws = sample_workspace
    visit_id, _ = make_visit(ws, members=1)
    form = inspections.start_inspection(ws, visit_id)
    fill_all(ws, form)
    sign_all(ws, form)
    with pytest.raises(ValidationError) as err:
        inspections.complete_inspection(ws, form.id)
    assert any("不少于2名" in d for d in err.value.details)


def test_a_refusal_with_witness_completes(sample_workspace) -> None:
    ws = sample_workspace
    visit_id, _ = make_visit(ws)
    form = inspections.start_inspection(ws, visit_id)
    fill_all(ws, form)
    sign_all(ws, form, refuse=True)
    done = inspections.complete_inspection(ws, form.id)
    roles = {(g.role, g.refused) for g in done.signatures}
    assert ("party", True) in roles and ("witness", False) in roles
    with pytest.raises(ValidationError):
        signatures.record_refusal(
            ws, form.id, reason="x", witness_name="王", witness_id_number="123", witness_strokes=SIG
        )


def test_correction_is_a_new_version_and_the_old_one_is_kept(sample_workspace) -> None:
    ws = sample_workspace
    visit_id, _ = make_visit(ws)
    form = inspections.start_inspection(ws, visit_id)
    fill_all(ws, form)
    sign_all(ws, form)
    v1 = inspections.complete_inspection(ws, form.id)
    with pytest.raises(ValidationError):
        inspections.start_correction(ws, v1.id, reason=" ")
    v2 = inspections.start_correction(ws, v1.id, reason="检查地点填写错误")
    assert v2.version_no == 2 and v2.previous_id == v1.id and v2.status == "draft"
    assert len(v2.signatures) == len(v1.signatures)
    inspections.save_draft(ws, v2.id, place="五原县隆兴昌镇新华街1号（更正）")
    v2 = inspections.complete_inspection(ws, v2.id)
    history = inspections.form_history(ws, visit_id)
    assert [(f.version_no, f.status) for f in history] == [(1, "superseded"), (2, "completed")]
    assert history[0].content_hash == v1.content_hash and history[1].content_hash != v1.content_hash
    assert history[0].place != history[1].place
    rows = visit_list.list_visits(ws, tab="done")
    assert next(r for r in rows if r.visit_id == visit_id).inspection_id == v2.id
    with pytest.raises(ConflictError):
        inspections.start_correction(ws, v1.id, reason="again")


def test_signature_round_trip_keeps_strokes_and_a_png(sample_workspace) -> None:
    ws = sample_workspace
    visit_id, _ = make_visit(ws)
    form = inspections.start_inspection(ws, visit_id)
    strokes = fake_signature(__import__("random").Random(1), "张三")
    view = signatures.add_signature(ws, form.id, role="party", signer_name="张三", strokes=strokes)
    assert signatures.signature_strokes(ws, view.id) == [
        [[round(p[0], 1), round(p[1], 1), p[2], p[3]] for p in st] for st in strokes
    ]
    png = blobs.blob_bytes(ws, view.image_sha256)
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG" and img.size == (600, 200)
    assert img.getextrema()[0] < 60  # there is ink
    again = signatures.add_signature(ws, form.id, role="party", signer_name="张三", strokes=strokes)
    assert again.image_sha256 == view.image_sha256  # same strokes → same image
    assert len([g for g in inspections.get_form(ws, form.id).signatures if g.role == "party"]) == 1
    with pytest.raises(ValidationError):
        signatures.add_signature(ws, form.id, role="party", signer_name="张三", strokes=[])


def test_photo_attachment_answers_its_row_and_is_stored_once(sample_workspace) -> None:
    ws = sample_workspace
    visit_id, _ = make_visit(ws)
    form = inspections.start_inspection(ws, visit_id)
    sec = next(s for s in form.sections if any(r["answer"] == "photo" for r in s.rows))
    row = next(r for r in sec.rows if r["answer"] == "photo")
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 10, 10)).save(buf, format="JPEG")
    a1 = attachments.add_attachment(
        ws,
        form.id,
        filename="门头.jpg",
        data=buf.getvalue(),
        item_code=sec.item_code,
        row_no=str(row["no"]),
    )
    a2 = attachments.add_attachment(ws, form.id, filename="门头2.jpg", data=buf.getvalue())
    assert a1.sha256 == a2.sha256 and a1.kind == "photo" and a1.mime == "image/jpeg"
    data = inspections.get_form(ws, form.id).data
    assert data.answers[sec.item_code][str(row["no"])] == [a1.sha256]
    attachments.remove_attachment(ws, a1.id)
    assert not inspections.get_form(ws, form.id).data.answers[sec.item_code][str(row["no"])]
    assert blobs.blob_bytes(ws, a1.sha256) == buf.getvalue()


def test_inspectors_see_and_edit_only_their_visits(sample_workspace) -> None:
    ws = sample_workspace
    visit_id, people = make_visit(ws)
    member = ws.as_actor(Actor("m", Role.INSPECTOR, inspector_id=people[0]))
    with ws.db.read_session() as s:
        outsider_id = s.scalars(
            select(Inspector.id).where(
                Inspector.id.not_in(
                    select(VisitMember.inspector_id).where(VisitMember.inspector_id.is_not(None))
                )
            )
        ).first()
    outsider = ws.as_actor(Actor("o", Role.INSPECTOR, inspector_id=outsider_id))
    assert visit_id in {v.visit_id for v in visit_list.list_visits(member)}
    assert visit_id not in {v.visit_id for v in visit_list.list_visits(outsider)}
    with pytest.raises(PermissionDenied):
        inspections.start_inspection(outsider, visit_id)
    form = inspections.start_inspection(member, visit_id)
    with pytest.raises(PermissionDenied):
        inspections.save_draft(outsider, form.id, data={"findings": "x"})
    observer = ws.as_actor(Actor("v", Role.OBSERVER))
    with pytest.raises(PermissionDenied):
        inspections.save_draft(observer, form.id, data={"findings": "x"})


def test_draft_saves_are_audited_and_search_finds_visits(sample_workspace) -> None:
    ws = sample_workspace
    visit_id, _ = make_visit(ws)
    form = inspections.start_inspection(ws, visit_id)
    v = inspections.save_draft(ws, form.id, data={"findings": "abc"})
    with pytest.raises(ConflictError):
        inspections.save_draft(ws, form.id, data={"findings": "stale"}, base_version=v - 1)
    from app.core.storage.models import AuditEvent

    with ws.db.read_session() as s:
        actions = s.scalars(
            select(AuditEvent.action).where(AuditEvent.entity_uid == form.uid)
        ).all()
    assert actions.count("inspection.save_draft") == 1 and "inspection.start" in actions
    name = form.header["business"]["name"]
    found = visit_list.list_visits(ws, search=name[3:7])
    assert visit_id in {r.visit_id for r in found}
    assert visit_list.list_visits(ws, search="不存在的企业名称XYZ") == []
    with pytest.raises(ValidationError):
        inspections.save_draft(ws, form.id, data={"colour": "red"})
    before = inspections.get_form(ws, form.id)
    for wrong in ({"methods": "1"}, {"answers": {"B07": "yes"}}, {"findings": ["x"]}):
        with pytest.raises(ValidationError, match="格式不对"):
            inspections.save_draft(ws, form.id, data=wrong)
    assert inspections.get_form(ws, form.id).data == before.data  # nothing written


def test_a_refusal_is_not_overwritten_and_a_witness_id_needs_its_check_digit(
    sample_workspace,
) -> None:
    ws = sample_workspace
    visit_id, _ = make_visit(ws)
    form = inspections.start_inspection(ws, visit_id)
    with pytest.raises(ValidationError, match="校验位应为7"):
        signatures.record_refusal(
            ws,
            form.id,
            reason="拒签",
            witness_name="王建华",
            witness_id_number="150821198503120318",
            witness_strokes=SIG,
        )
    signatures.record_refusal(
        ws,
        form.id,
        reason="拒签",
        witness_name="王建华",
        witness_id_number="150821198503120317",
        witness_strokes=SIG,
    )
    with pytest.raises(ConflictError, match="先撤销拒绝记录"):
        signatures.add_signature(ws, form.id, role="party", signer_name="法人", strokes=SIG)
    with pytest.raises(ConflictError, match="已记录当事人拒绝签字"):
        signatures.record_refusal(
            ws,
            form.id,
            reason="又拒签",
            witness_name="李",
            witness_id_number="150821198503120317",
            witness_strokes=SIG,
        )
    sigs = inspections.get_form(ws, form.id).signatures
    assert [(g.role, g.refused, g.refusal_reason) for g in sigs] == [
        ("party", True, "拒签"),
        ("witness", False, ""),
    ]


def test_a_result_under_correction_cannot_go_to_review_until_the_correction_is_done(
    sample_workspace, sample_db
) -> None:
    """The inspector opens a correction of a completed form; the supervisor's 提交审核 (here
    `results submit`) is refused while the draft is open, so the result is never reviewed and
    published from the superseded version (which would then refuse 完成检查 on the correction)."""
    ws = sample_workspace
    visit_id, _ = make_visit(ws)
    form = inspections.start_inspection(ws, visit_id)
    fill_all(ws, form)
    sign_all(ws, form)
    v1 = inspections.complete_inspection(ws, form.id)
    v2 = inspections.start_correction(ws, v1.id, reason="检查地点填写错误")
    with ws.db.read_session() as s:
        ids = [str(r.id) for r in s.scalars(select(Result).where(Result.visit_id == visit_id))]
    refused = run_app("--db", str(sample_db), "results", "submit", *ids)
    assert refused.returncode != 0
    assert "正在更正" in refused.stderr and "第2版" in refused.stderr, refused.stderr
    with ws.db.read_session() as s:
        assert {r.status for r in s.scalars(select(Result).where(Result.visit_id == visit_id))} == {
            "已完成"
        }
    inspections.complete_inspection(ws, v2.id)
    done = run_app("--db", str(sample_db), "results", "submit", *ids)
    assert done.returncode == 0, done.stderr
    with ws.db.read_session() as s:
        assert {r.status for r in s.scalars(select(Result).where(Result.visit_id == visit_id))} == {
            "待审核"
        }
