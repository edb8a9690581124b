"""The hand-off bundle format (docs/bundle-format.md): layout, manifest schema, keys, crypto.

Pure format code: no database, no file system policy (see writer.py / reader.py for those).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.core.domain.errors import ValidationError

FORMAT_NAME = "shuangsuiji-bundle"
FORMAT_VERSION = 1
MANIFEST_PATH = "manifest.json"
SIGNATURE_PATH = "signature.json"
FLOWS = ("assignments", "results", "platform")
ENCRYPTION_ALG = "X25519-HKDF-SHA256-ChaCha20Poly1305"
SIGNATURE_ALG = "Ed25519"

# Reader limits: a bundle beyond them is refused before anything is decompressed.
MAX_ENTRIES = 250_000
MAX_TOTAL_BYTES = 4 * 1024**3
MAX_MANIFEST_BYTES = 64 * 1024**2
MAX_RATIO = 200  # uncompressed / compressed, checked for entries over RATIO_FLOOR
RATIO_FLOOR = 1024**2

# Every payload path a bundle may hold; anything else is refused.
PAYLOAD_PATH = re.compile(
    r"^(records/[a-z_]{1,40}\.jsonl|blobs/[0-9a-f]{64}|files/[A-Za-z0-9._-]{1,100})$"
)
SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


class BundleError(ValidationError):
    """A bundle that cannot be read or trusted; the message says why. Nothing was written."""


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def key_id_for(signing_public: bytes) -> str:
    """A key's short, stable name: the first 32 hex digits of SHA-256 of its Ed25519 key."""
    return sha256_hex(signing_public)[:32]


def public_bytes(key: Ed25519PublicKey | X25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def json_bytes(value: Any) -> bytes:
    """Stable JSON (sorted keys, UTF-8) for the manifest and records."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


@dataclass(frozen=True)
class FileEntry:
    path: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    """What manifest.json says, checked for shape (not yet for truth)."""

    raw: dict[str, Any]
    bundle_id: str
    flow: str
    created_at: str
    installation_id: str
    key_id: str
    office: str
    sequence: int
    prev_bundle_sha256: str | None
    audit_head: str | None
    counts: dict[str, int]
    files: tuple[FileEntry, ...]
    encryption: dict[str, str] | None

    @property
    def recipient(self) -> str | None:
        return None if self.encryption is None else self.encryption["recipient_key_id"]


def _need(cond: bool, what: str) -> None:
    if not cond:
        raise BundleError(f"数据包清单格式不正确：{what} / Malformed manifest: {what}")


def parse_manifest(data: bytes) -> Manifest:
    """Parses and shape-checks manifest.json; refuses another format or a newer version."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BundleError(f"数据包清单不是有效的 JSON：{exc} / manifest.json is not JSON") from exc
    _need(isinstance(raw, dict), "not an object")
    if raw.get("format") != FORMAT_NAME:
        raise BundleError("不是本程序的数据包（格式名不符）。 / Not a bundle of this app.")
    version = raw.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION or version < 1:
        raise BundleError(
            f"数据包格式版本 {version} 不受支持（本程序支持 {FORMAT_VERSION}），请升级程序。"
            f" / Unsupported bundle format version {version}."
        )
    producer = raw.get("producer")
    _need(isinstance(producer, dict), "producer")
    files = raw.get("files")
    _need(isinstance(files, list), "files")
    entries: list[FileEntry] = []
    seen: set[str] = set()
    for item in files:
        _need(isinstance(item, dict), "files[]")
        path, digest, size = item.get("path"), item.get("sha256"), item.get("size")
        _need(isinstance(path, str) and bool(PAYLOAD_PATH.match(path)), f"file path {path!r}")
        _need(isinstance(digest, str) and bool(SHA256_HEX.match(digest)), f"sha256 of {path}")
        _need(isinstance(size, int) and size >= 0, f"size of {path}")
        _need(path not in seen, f"duplicate {path}")
        seen.add(path)
        entries.append(FileEntry(path, digest, size))
    counts = raw.get("counts", {})
    _need(isinstance(counts, dict) and all(isinstance(v, int) for v in counts.values()), "counts")
    flow = raw.get("flow")
    _need(flow in FLOWS, f"flow {flow!r}")
    seq = raw.get("sequence")
    _need(isinstance(seq, int) and seq >= 1, "sequence")
    enc = raw.get("encryption")
    if enc is not None:
        _need(isinstance(enc, dict) and enc.get("alg") == ENCRYPTION_ALG, "encryption.alg")
        for k in ("recipient_key_id", "ephemeral_public"):
            _need(isinstance(enc.get(k), str), f"encryption.{k}")
    for k in ("bundle_id", "created_at"):
        _need(isinstance(raw.get(k), str), k)
    for k in ("installation_id", "key_id"):
        _need(isinstance(producer.get(k), str), f"producer.{k}")
    return Manifest(
        raw=raw,
        bundle_id=raw["bundle_id"],
        flow=flow,
        created_at=raw["created_at"],
        installation_id=producer["installation_id"],
        key_id=producer["key_id"],
        office=str(producer.get("office") or ""),
        sequence=seq,
        prev_bundle_sha256=raw.get("prev_bundle_sha256"),
        audit_head=raw.get("audit_head"),
        counts=dict(counts),
        files=tuple(entries),
        encryption=enc,
    )


def sign(manifest_bytes: bytes, key: Ed25519PrivateKey, key_id: str) -> bytes:
    """signature.json: the Ed25519 signature over the exact manifest.json bytes."""
    return json_bytes(
        {"alg": SIGNATURE_ALG, "key_id": key_id, "signature": key.sign(manifest_bytes).hex()}
    )


def check_signature(manifest_bytes: bytes, signature_json: bytes, public_key: bytes) -> None:
    try:
        sig = json.loads(signature_json.decode("utf-8"))
        if not isinstance(sig, dict) or sig.get("alg") != SIGNATURE_ALG:
            raise ValueError("alg")
        Ed25519PublicKey.from_public_bytes(public_key).verify(
            bytes.fromhex(str(sig["signature"])), manifest_bytes
        )
    except (InvalidSignature, ValueError, KeyError, UnicodeDecodeError) as exc:
        raise BundleError(
            "数据包签名无效：清单被改动，或不是由所称的机构签发。 / Invalid bundle signature."
        ) from exc


def signature_key_id(signature_json: bytes) -> str:
    try:
        sig = json.loads(signature_json.decode("utf-8"))
        return str(sig["key_id"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise BundleError("数据包签名文件格式不正确。 / Malformed signature.json.") from exc


def _derive_key(shared: bytes, *, bundle_id: str, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=bundle_id.encode("utf-8"),
        info=b"shuangsuiji-bundle-v1" + ephemeral + recipient,
    ).derive(shared)


class PayloadCipher:
    """Encrypts each payload file to a recipient's X25519 key (AEAD; the path is the AAD)."""

    def __init__(self, key: bytes) -> None:
        self._aead = ChaCha20Poly1305(key)

    @classmethod
    def for_recipient(
        cls, *, bundle_id: str, recipient_public: bytes, recipient_key_id: str
    ) -> tuple[PayloadCipher, dict[str, str]]:
        eph = X25519PrivateKey.generate()
        eph_pub = public_bytes(eph.public_key())
        shared = eph.exchange(X25519PublicKey.from_public_bytes(recipient_public))
        key = _derive_key(
            shared, bundle_id=bundle_id, ephemeral=eph_pub, recipient=recipient_public
        )
        header = {
            "alg": ENCRYPTION_ALG,
            "recipient_key_id": recipient_key_id,
            "ephemeral_public": eph_pub.hex(),
        }
        return cls(key), header

    @classmethod
    def for_reader(
        cls, *, bundle_id: str, header: dict[str, str], private: X25519PrivateKey
    ) -> PayloadCipher:
        eph_pub = bytes.fromhex(header["ephemeral_public"])
        recipient = public_bytes(private.public_key())
        shared = private.exchange(X25519PublicKey.from_public_bytes(eph_pub))
        return cls(_derive_key(shared, bundle_id=bundle_id, ephemeral=eph_pub, recipient=recipient))

    def encrypt(self, path: str, data: bytes) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, data, path.encode("utf-8"))

    def decrypt(self, path: str, data: bytes) -> bytes:
        try:
            return self._aead.decrypt(data[:12], data[12:], path.encode("utf-8"))
        except InvalidTag as exc:
            raise BundleError(
                f"无法解密 {path}（密钥不符或内容被改动）。 / Cannot decrypt {path}."
            ) from exc
