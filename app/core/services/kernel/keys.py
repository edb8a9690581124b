"""This installation's key pair and the list of keys it trusts (its office, laptops, platform).

Private keys live only in the user's data folder (mode 0600), never in the database: a copied
or shared database (office server) carries the public half and the installation id only.
"""

from __future__ import annotations

import json
import os
import platform
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.appdirs import data_dir
from app.core.bundles.format import (
    MANIFEST_PATH,
    BundleError,
    key_id_for,
    parse_manifest,
    public_bytes,
)
from app.core.bundles.reader import BundleReader, Signer
from app.core.domain.errors import NotFoundError, StorageError, ValidationError
from app.core.domain.jsonlimits import loads_bounded
from app.core.domain.localtime import fmt_time
from app.core.domain.roles import Permission
from app.core.services.kernel import audit
from app.core.services.kernel.reference import get_setting, set_setting
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.storage.models import Inspector, TrustedKey, utcnow

ROLES = ("office", "laptop", "platform")
KEY_CHANGES = Changes.of(Area.KEYS)  # a key trusted or revoked, for the front ends
ROLE_LABELS = {
    "office": "机构（局机关）",
    "laptop": "检查终端（笔记本）",
    "platform": "县级平台",
    "self": "本机",
}
PUBLIC_KEY_FORMAT = "shuangsuiji-public-key"


@dataclass(frozen=True)
class Installation:
    """本机 — this installation: its id, key id and public keys (hex)."""

    installation_id: str
    key_id: str
    name: str
    signing_key: str
    encryption_key: str


@dataclass(frozen=True)
class KeyInfo:
    key_id: str
    role: str
    name: str
    signing_key: str
    encryption_key: str | None
    revoked: bool
    added_at: str
    inspectors: tuple[str, ...] = ()  # a laptop key: uids of the inspectors it was issued for
    holders: tuple[str, ...] = ()  # those inspectors as people read them (list_keys)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


@dataclass(frozen=True)
class PrivateKeys:
    signing: Ed25519PrivateKey
    encryption: X25519PrivateKey


def key_folder() -> Path:
    path = data_dir() / "keys"
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(path, 0o700)
    return path


def fingerprint(signing_key_hex: str) -> str:
    """A key's fingerprint as people compare it aloud: its key id in groups of four."""
    kid = key_id_for(bytes.fromhex(signing_key_hex))
    return " ".join(kid[i : i + 4] for i in range(0, len(kid), 4))


def _key_file(installation_id: str) -> Path:
    return key_folder() / f"{installation_id}.key.json"


def _raw_private(key: Ed25519PrivateKey | X25519PrivateKey) -> str:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()).hex()


def _write_private(path: Path, payload: dict[str, str]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(payload, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _installation_from(session: Session) -> Installation | None:
    iid = get_setting(session, "installation.id")
    if not iid:
        return None
    return Installation(
        installation_id=str(iid),
        key_id=str(get_setting(session, "installation.key_id")),
        name=str(get_setting(session, "installation.name", "") or ""),
        signing_key=str(get_setting(session, "installation.signing_key")),
        encryption_key=str(get_setting(session, "installation.encryption_key")),
    )


def ensure_installation_in(session: Session) -> Installation:
    """The installation identity, made (with a new key pair) the first time it is needed."""
    found = _installation_from(session)
    if found is not None:
        return found
    iid = str(uuid.uuid4())
    signing = Ed25519PrivateKey.generate()
    encryption = X25519PrivateKey.generate()
    sign_pub = public_bytes(signing.public_key())
    office = str(get_setting(session, "office.name", "") or "")
    name = f"{office or '未命名机构'} · {platform.node() or 'pc'}"
    _write_private(
        _key_file(iid),
        {
            "installation_id": iid,
            "ed25519_private": _raw_private(signing),
            "x25519_private": _raw_private(encryption),
        },
    )
    values = {
        "installation.id": iid,
        "installation.key_id": key_id_for(sign_pub),
        "installation.name": name,
        "installation.signing_key": sign_pub.hex(),
        "installation.encryption_key": public_bytes(encryption.public_key()).hex(),
    }
    for key, value in values.items():
        set_setting(session, key, value)
    session.flush()
    found = _installation_from(session)
    assert found is not None
    return found


def ensure_installation(ws: Workspace) -> Installation:
    with ws.db.session() as s:
        return ensure_installation_in(s)


def private_keys(inst: Installation) -> PrivateKeys:
    """This installation's private keys from the data folder; a clear error if this PC lacks them."""
    path = _key_file(inst.installation_id)
    try:
        payload = json.loads(path.read_text("utf-8"))
        signing = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(payload["ed25519_private"]))
        encryption = X25519PrivateKey.from_private_bytes(bytes.fromhex(payload["x25519_private"]))
    except FileNotFoundError as exc:
        raise StorageError(
            f"本工作站没有本机构的私钥文件（{path.name}）。服务器模式下请从创建密钥的工作站复制该文件到 {path.parent}。"
            f" / This workstation lacks the installation's private key file {path.name}."
        ) from exc
    except (ValueError, KeyError) as exc:
        raise StorageError(f"私钥文件 {path} 已损坏。 / The private key file is corrupt.") from exc
    if public_bytes(signing.public_key()).hex() != inst.signing_key:
        raise StorageError(
            f"私钥文件 {path} 与数据库中的本机公钥不符。 / Private key does not match."
        )
    return PrivateKeys(signing, encryption)


def _info(row: TrustedKey) -> KeyInfo:
    return KeyInfo(
        key_id=row.key_id,
        role=row.role,
        name=row.name,
        signing_key=row.signing_key,
        encryption_key=row.encryption_key,
        revoked=bool(row.revoked),
        added_at=fmt_time(row.added_at, seconds=True),
        inspectors=tuple(row.inspectors or ()),
    )


def signer_lookup(session: Session, inst: Installation):  # type: ignore[no-untyped-def]
    """A reader's `lookup_key`: trusted keys from the table, plus this installation's own key."""

    def lookup(key_id: str) -> Signer | None:
        if key_id == inst.key_id:
            return Signer(key_id, "self", inst.name, bytes.fromhex(inst.signing_key))
        row = session.scalar(select(TrustedKey).where(TrustedKey.key_id == key_id))
        if row is None:
            return None
        return Signer(
            row.key_id, row.role, row.name, bytes.fromhex(row.signing_key), bool(row.revoked)
        )

    return lookup


def export_public_key(ws: Workspace, out: Path) -> Installation:
    """Writes this installation's public key file (to hand to the office or a laptop)."""
    ws.require(Permission.EXCHANGE)
    with ws.db.session() as s:
        inst = ensure_installation_in(s)
        audit.log_event(
            s,
            ws.actor,
            "key.export",
            entity="installation",
            entity_uid=inst.installation_id,
            summary=f"导出本机公钥 {inst.key_id} → {Path(out).name}",
        )
    payload = {
        "format": PUBLIC_KEY_FORMAT,
        "installation_id": inst.installation_id,
        "key_id": inst.key_id,
        "name": inst.name,
        "signing_key": inst.signing_key,
        "encryption_key": inst.encryption_key,
    }
    Path(out).write_text(json.dumps(payload, ensure_ascii=False, indent=2), "utf-8")
    return inst


def read_public_key_file(path: Path) -> dict[str, str]:
    try:
        payload = loads_bounded(
            Path(path).read_bytes(),
            what=str(path),
            max_bytes=64 * 1024,
            max_depth=4,
            max_containers=64,
        )
    except FileNotFoundError as exc:
        raise NotFoundError(f"找不到公钥文件 {path}。 / Key file not found.") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationError(f"{path} 不是公钥文件。 / Not a public key file.") from exc
    if not isinstance(payload, dict) or payload.get("format") != PUBLIC_KEY_FORMAT:
        raise ValidationError(f"{path} 不是本程序的公钥文件。 / Not a public key file of this app.")
    try:
        sign_pub = bytes.fromhex(str(payload["signing_key"]))
        enc_pub = bytes.fromhex(str(payload["encryption_key"]))
    except (KeyError, ValueError) as exc:
        raise ValidationError(f"{path} 的公钥字段不正确。 / Malformed key fields.") from exc
    if len(sign_pub) != 32 or len(enc_pub) != 32:
        raise ValidationError(f"{path} 的公钥长度不正确。 / Wrong key length.")
    if key_id_for(sign_pub) != payload.get("key_id"):
        raise ValidationError(f"{path} 的密钥编号与公钥不符。 / key_id does not match the key.")
    return {
        k: str(payload.get(k) or "")
        for k in ("key_id", "name", "signing_key", "encryption_key", "installation_id")
    }


def _inspector_uids(session: Session, certs: Sequence[str]) -> list[str]:
    """The uids of the inspectors with these 执法证号 (a clear error naming an unknown one)."""
    out: list[str] = []
    for cert in certs:
        cert = str(cert).strip()
        uid = session.scalar(select(Inspector.uid).where(Inspector.cert_no == cert))
        if uid is None:
            raise NotFoundError(
                f"没有执法证号为 {cert} 的检查人员。 / No inspector with certificate {cert}."
            )
        if uid not in out:
            out.append(uid)
    return out


def trust_key(
    ws: Workspace,
    path: Path,
    *,
    role: str,
    name: str | None = None,
    inspectors: Sequence[str] = (),
) -> KeyInfo:
    """Adds (or re-enables, with a new role) a public key this installation accepts bundles from.

    A laptop key is issued for inspectors (`inspectors`: their 执法证号): its results bundles
    may carry only those inspectors' forms. The name given here is the name its bundles show.
    """
    ws.require(Permission.ADMINISTER)
    if role not in ROLES:
        raise ValidationError(f"角色必须是 {'/'.join(ROLES)}。 / role must be one of {ROLES}.")
    if inspectors and role != "laptop":
        raise ValidationError(
            "只有检查终端（laptop）的公钥才指定检查人员。 / Only a laptop key is issued for inspectors."
        )
    return _trust(ws, read_public_key_file(path), role=role, name=name, inspectors=inspectors)


def _trust(
    ws: Workspace,
    payload: dict[str, str],
    *,
    role: str,
    name: str | None,
    inspectors: Sequence[str] = (),
    how: str = "",
) -> KeyInfo:
    with ws.db.session() as s:
        inst = ensure_installation_in(s)
        if payload["key_id"] == inst.key_id:
            raise ValidationError(
                "这是本机自己的公钥，无需信任。 / This is this installation's own key."
            )
        if payload.get("installation_id") and payload["installation_id"] == inst.installation_id:
            raise ValidationError(
                "该公钥声称的安装编号与本机相同（可能是复制的数据库或私钥），不能信任。"
                " / The key claims this installation's id; it cannot be trusted."
            )
        inspector_uids = _inspector_uids(s, inspectors)
        row = s.scalar(select(TrustedKey).where(TrustedKey.key_id == payload["key_id"]))
        before = None if row is None else _info(row).__dict__
        if row is None:
            row = TrustedKey(key_id=payload["key_id"], signing_key=payload["signing_key"])
            s.add(row)
        row.role = role
        row.name = name or payload["name"] or payload["key_id"]
        row.encryption_key = payload["encryption_key"] or None
        row.revoked = False
        row.inspectors = inspector_uids if role == "laptop" else None
        row.added_at = row.added_at or utcnow()
        s.flush()
        info = _info(row)
        audit.log_event(
            s,
            ws.actor,
            "key.trust",
            entity="trusted_key",
            entity_uid=info.key_id[:36],
            summary=f"信任公钥 {info.name}（{ROLE_LABELS[role]}）{how}",
            before=before,
            after=info.__dict__,
        )
        return info


@dataclass(frozen=True)
class KeyOffer:
    """The signer of a bundle this installation does not trust yet, read from the bundle
    (its manifest carries the producer's public keys) and checked against it."""

    key_id: str
    name: str
    office: str
    installation_id: str
    fingerprint: str
    signing_key: str
    encryption_key: str
    role: str  # the role it would be trusted as (an assignments bundle: office)


def bundle_key_offer(ws: Workspace, path: Path) -> KeyOffer | None:
    """Trust on first use, for a laptop importing its first assignments: the office key the
    bundle was signed with, with its fingerprint to compare with the office's. None when the
    signer is already known here, or the bundle is not an assignments bundle carrying its
    key. The whole bundle must verify with that key (signature, every file's hash)."""

    try:
        with zipfile.ZipFile(Path(path)) as zf:
            info = zf.getinfo(MANIFEST_PATH)
            if info.file_size > 1024 * 1024:
                return None
            manifest = parse_manifest(zf.read(info))
    except (OSError, KeyError, zipfile.BadZipFile, BundleError):
        return None
    producer = manifest.raw.get("producer") or {}
    signing = str(producer.get("signing_key") or "")
    encryption = str(producer.get("encryption_key") or "")
    try:
        key_ok = (
            len(bytes.fromhex(signing)) == 32
            and key_id_for(bytes.fromhex(signing)) == manifest.key_id
        )
    except ValueError:
        key_ok = False
    if manifest.flow != "assignments" or not key_ok:
        return None
    with ws.db.read_session() as s:
        inst = _installation_from(s)
        if inst is not None and manifest.key_id == inst.key_id:
            return None
        if s.scalar(select(TrustedKey.id).where(TrustedKey.key_id == manifest.key_id)):
            return None  # known (trusted or revoked): no offer
    name = str(producer.get("name") or manifest.office or manifest.key_id)
    offered = Signer(manifest.key_id, "office", name, bytes.fromhex(signing))
    BundleReader(
        Path(path), lookup_key=lambda kid: offered if kid == offered.key_id else None
    ).close()
    return KeyOffer(
        manifest.key_id,
        name,
        manifest.office,
        manifest.installation_id,
        fingerprint(signing),
        signing,
        encryption,
        "office",
    )


def trust_bundle_signer(
    ws: Workspace, path: Path, *, fingerprint_seen: str, name: str | None = None
) -> KeyInfo:
    """Trusts the key an assignments bundle was signed with, after the user compared its
    fingerprint with the one the office gave them (`fingerprint_seen` must match)."""
    ws.require(Permission.ADMINISTER)
    offer = bundle_key_offer(ws, path)
    if offer is None:
        raise ValidationError(
            "此数据包没有可信任的新密钥（不是任务分派数据包、未携带公钥，或其密钥已在本机列表中）。"
            " / This bundle offers no new key to trust."
        )
    if "".join(fingerprint_seen.split()).lower() != "".join(offer.fingerprint.split()):
        raise ValidationError(
            f"指纹不符：数据包的密钥指纹是 {offer.fingerprint}。请与局里核对后再信任。"
            " / The fingerprint does not match; nothing trusted."
        )
    payload = {
        "key_id": offer.key_id,
        "name": offer.name,
        "signing_key": offer.signing_key,
        "encryption_key": offer.encryption_key,
        "installation_id": offer.installation_id,
    }
    return _trust(ws, payload, role=offer.role, name=name, how="（首次使用时核对指纹后信任）")


def list_keys(ws: Workspace) -> list[KeyInfo]:
    """This installation's own key first, then the trusted keys by name."""
    with ws.db.session() as s:
        inst = ensure_installation_in(s)
        rows = s.scalars(
            select(TrustedKey).order_by(TrustedKey.revoked, TrustedKey.role, TrustedKey.name)
        ).all()
        own = KeyInfo(
            inst.key_id, "self", inst.name, inst.signing_key, inst.encryption_key, False, ""
        )
        people = {
            uid: f"{name}（{cert}）"
            for uid, name, cert in s.execute(
                select(Inspector.uid, Inspector.name, Inspector.cert_no)
            )
        }
        out = [own]
        for r in rows:
            info = _info(r)
            holders = tuple(people.get(u, u) for u in info.inspectors)
            out.append(replace(info, holders=holders))
        return out


def revoke_key(ws: Workspace, key_id: str) -> Changes:
    """Stops accepting bundles signed by this key (kept in the list, marked revoked)."""
    ws.require(Permission.ADMINISTER)
    with ws.db.session() as s:
        row = s.scalar(select(TrustedKey).where(TrustedKey.key_id == key_id))
        if row is None:
            raise NotFoundError(f"没有编号为 {key_id} 的受信任公钥。 / No trusted key {key_id}.")
        before = _info(row).__dict__
        row.revoked = True
        audit.log_event(
            s,
            ws.actor,
            "key.revoke",
            entity="trusted_key",
            entity_uid=key_id[:36],
            summary=f"吊销公钥 {row.name}",
            before=before,
            after=_info(row).__dict__,
        )
    return Changes(KEY_CHANGES.areas, "已吊销 / revoked")


def trusted_key(ws: Workspace, key_id: str) -> KeyInfo:
    with ws.db.read_session() as s:
        row = s.scalar(select(TrustedKey).where(TrustedKey.key_id == key_id))
        if row is None:
            raise NotFoundError(f"没有编号为 {key_id} 的受信任公钥。 / No trusted key {key_id}.")
        return _info(row)
