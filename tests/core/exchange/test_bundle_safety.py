"""Hostile and broken bundles are refused with a reason and nothing written; writes are atomic."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.core.bundles import writer
from app.core.bundles.format import BundleError
from app.core.domain.errors import AppError
from app.core.services.exchange import bundle_export, bundles
from app.core.services.kernel import keys
from app.core.services.kernel.workspace import Workspace, open_workspace
from app.core.storage.models import AuditEvent, Bundle, Inspection, SyncState, Visit
from tests.helpers.bundle_helpers import add_inspection, make_field_work, make_office, pair


@pytest.fixture
def setup(tmp_path: Path):
    office = make_office(tmp_path / "office.db")
    work = make_field_work(office)
    laptop = pair(office, tmp_path / "laptop.db", tmp_path)
    bundles.import_bundle(
        laptop,
        bundle_export.export_bundle(
            office, "assignments", tmp_path / "a.zip", inspector_cert=work.inspector_cert
        ).path,
    )
    add_inspection(laptop, work.visit_uids[0], status="completed")
    add_inspection(laptop, work.visit_uids[1])
    results = bundle_export.export_bundle(laptop, "results", tmp_path / "results.zip").path
    yield office, laptop, results, work
    office.db.dispose()
    laptop.db.dispose()


def snapshot(ws: Workspace) -> tuple[int, ...]:
    with ws.db.read_session() as s:
        return tuple(
            int(s.scalar(select(func.count()).select_from(m)) or 0)
            for m in (Inspection, Visit, AuditEvent, Bundle, SyncState)
        )


def rewrite(
    src: Path,
    dst: Path,
    *,
    change: dict[str, bytes] | None = None,
    add: dict[str, bytes] | None = None,
) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = (change or {}).get(info.filename, zin.read(info))
            zout.writestr(info.filename, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


def refused(ws: Workspace, path: Path, match: str) -> None:
    before = snapshot(ws)
    with pytest.raises(BundleError, match=match):
        bundles.import_bundle(ws, path)
    assert snapshot(ws) == before


def test_a_flipped_byte_in_any_file_is_refused(setup, tmp_path: Path) -> None:
    office, _laptop, results, _work = setup
    with zipfile.ZipFile(results) as zf:
        names = [i.filename for i in zf.infolist()]
        contents = {n: zf.read(n) for n in names}
    assert any(n.startswith("blobs/") for n in names) and "records/inspection.jsonl" in names
    for n, name in enumerate(names):
        data = bytearray(contents[name])
        data[len(data) // 2] ^= 0x01
        bad = rewrite(results, tmp_path / f"bad{n}.zip", change={name: bytes(data)})
        refused(office, bad, "签名|校验值|JSON|格式")
    # a flipped byte in the raw file (zip level) as well
    raw = bytearray(results.read_bytes())
    raw[len(raw) // 3] ^= 0xFF
    (tmp_path / "raw.zip").write_bytes(bytes(raw))
    refused(office, tmp_path / "raw.zip", "数据包|损坏|签名|校验")
    report = bundles.import_bundle(office, results)  # the untouched file still imports
    assert report.added["inspection"] == 2


def test_wrong_signature_and_unknown_or_revoked_key_are_refused(setup, tmp_path: Path) -> None:
    office, laptop, results, _work = setup
    with zipfile.ZipFile(results) as zf:
        manifest = zf.read("manifest.json")
    forged = manifest.replace(b'"flow":"results"', b'"flow":"results" ')
    refused(
        office,
        rewrite(results, tmp_path / "forged.zip", change={"manifest.json": forged}),
        "签名无效",
    )

    stranger = open_workspace(tmp_path / "stranger.db")
    try:
        make_field_work  # noqa: B018 — the stranger has no data; its bundle is simply signed by an unknown key
        keys.export_public_key(office, tmp_path / "o.pub")
        keys.trust_key(stranger, tmp_path / "o.pub", role="office")
        out = bundle_export.export_bundle(stranger, "results", tmp_path / "stranger.zip")
    finally:
        stranger.db.dispose()
    refused(office, out.path, "未受信任的密钥")

    laptop_key = keys.ensure_installation(laptop).key_id
    keys.revoke_key(office, laptop_key)
    refused(office, results, "已被吊销")


def test_zip_slip_symlink_and_unlisted_entries_are_refused(setup, tmp_path: Path) -> None:
    office, _laptop, results, _work = setup
    refused(office, rewrite(results, tmp_path / "slip.zip", add={"../x": b"evil"}), "不安全")
    refused(
        office, rewrite(results, tmp_path / "slip2.zip", add={"records/../../x": b"evil"}), "不安全"
    )
    refused(office, rewrite(results, tmp_path / "abs.zip", add={"/etc/x": b"evil"}), "不安全")
    link = tmp_path / "link.zip"
    rewrite(results, link)
    with zipfile.ZipFile(link, "a") as zf:
        info = zipfile.ZipInfo("files/link")
        info.external_attr = 0o120777 << 16
        zf.writestr(info, "/etc/passwd")
    refused(office, link, "符号链接")
    refused(
        office, rewrite(results, tmp_path / "extra.zip", add={"files/extra.txt": b"x"}), "清单之外"
    )


def test_a_zip_bomb_is_refused_before_decompressing(setup, tmp_path: Path) -> None:
    office, _laptop, results, _work = setup
    bomb = tmp_path / "bomb.zip"
    rewrite(results, bomb)
    with (
        zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as zf,
        zf.open("files/bomb.bin", "w", force_zip64=True) as fh,
    ):
        chunk = b"\0" * (1024 * 1024)
        for _ in range(300):  # 300 MB of zeros in about 300 KB
            fh.write(chunk)
    assert bomb.stat().st_size < 5 * 1024 * 1024
    refused(office, bomb, "压缩炸弹|过大")


def test_unsupported_format_version_is_refused(setup, tmp_path: Path) -> None:
    office, _laptop, results, _work = setup
    with zipfile.ZipFile(results) as zf:
        manifest = zf.read("manifest.json")
    newer = manifest.replace(b'"format_version":1', b'"format_version":99')
    refused(
        office,
        rewrite(results, tmp_path / "v99.zip", change={"manifest.json": newer}),
        "格式版本 99",
    )


def test_an_interrupted_write_leaves_no_complete_looking_file(
    setup, tmp_path: Path, monkeypatch
) -> None:
    _office, laptop, _results, _work = setup
    stick = tmp_path / "stick"
    stick.mkdir()
    before = snapshot(laptop)

    def pulled(fh) -> None:  # the stick is pulled while the file is flushed
        raise OSError(5, "Input/output error")

    with monkeypatch.context() as m:
        m.setattr(writer, "_fsync", pulled)
        with pytest.raises(BundleError, match="写出数据包失败"):
            bundle_export.export_bundle(laptop, "results", stick / "results.zip")
    assert list(stick.iterdir()) == []
    assert snapshot(laptop) == before  # records not marked exported, no bundle recorded

    calls = {"n": 0}

    def cancel_midway() -> bool:
        calls["n"] += 1
        return calls["n"] > 2

    with pytest.raises(AppError, match="已取消"):
        bundle_export.export_bundle(
            laptop, "results", stick / "results.zip", cancelled=cancel_midway
        )
    assert list(stick.iterdir()) == []
    assert snapshot(laptop) == before

    monkeypatch.setattr(writer, "_free_bytes", lambda folder: 100)
    with pytest.raises(AppError, match="空间不足"):
        bundle_export.export_bundle(laptop, "results", stick / "results.zip")
    assert list(stick.iterdir()) == []


def test_encrypted_bundle_keeps_the_manifest_readable(setup, tmp_path: Path) -> None:
    office, laptop, _results, work = setup
    laptop_key = keys.ensure_installation(laptop).key_id
    out = bundle_export.export_bundle(
        office,
        "assignments",
        tmp_path / "enc.zip",
        inspector_cert=work.inspector_cert,
        recipient_key_id=laptop_key,
    )
    with zipfile.ZipFile(out.path) as zf:
        assert b'"recipient_key_id"' in zf.read("manifest.json")
        target_names = zf.read("records/target.jsonl")
    assert "五原".encode() not in target_names and b'"uid"' not in target_names  # ciphertext
    check = bundles.verify_bundle(office, out.path)  # integrity without the recipient's key
    assert check.encrypted_for == laptop_key and not check.readable_here
    report = bundles.import_bundle(laptop, out.path)
    assert report.total("unchanged") > 0  # decrypted and merged

    third = open_workspace(tmp_path / "third.db")
    try:
        keys.export_public_key(office, tmp_path / "o2.pub")
        keys.trust_key(third, tmp_path / "o2.pub", role="office")
        before = snapshot(third)
        with pytest.raises(BundleError, match="已加密给密钥"):
            bundles.import_bundle(third, out.path)
        assert snapshot(third) == before
    finally:
        third.db.dispose()


def test_private_key_file_is_private(setup) -> None:
    office = setup[0]
    inst = keys.ensure_installation(office)
    path = keys.key_folder() / f"{inst.installation_id}.key.json"
    assert path.exists()
    if os.name == "posix":
        assert (path.stat().st_mode & 0o077) == 0
    with office.db.read_session() as s:
        from app.core.storage.models import Setting

        values = " ".join(str(v) for v in s.scalars(select(Setting.value)))
    assert path.read_text().split('"ed25519_private": "')[1][:64] not in values
