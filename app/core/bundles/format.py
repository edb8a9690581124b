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
from app.core.domain.jsonlimits import loads_bounded

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
MAX_MANIFEST_DEPTH = 8  # a manifest nests 3 deep (object → files → entry); room for growth
MAX_SIGNATURE_BYTES = 64 * 1024
# A bundle's number in its producer's stream; 1,000,000 is 100 bundles a day for 27 years.
# Bounded so a signed manifest cannot make the receiver list or store millions of "gaps".
MAX_SEQUENCE = 1_000_000
MAX_RECORD_DEPTH = 32  # one record line of records/*.jsonl
MAX_RECORD_CONTAINERS = 100_000
MAX_TEXT = 200  # ids, names and labels in the manifest
# Each payload file is read whole into memory on import, so each kind has its own cap, far
# above real use (10,000 forms make a 20 MB records file; an attachment is at most 30 MB in
# the app, services/kernel/blobs.MAX_BYTES) and far below what would exhaust a laptop.
MAX_FILE_BYTES = {"records/": 512 * 1024**2, "blobs/": 64 * 1024**2, "files/": 512 * 1024**2}
MAX_RATIO = 200  # uncompressed / compressed, checked for entries over RATIO_FLOOR
RATIO_FLOOR = 1024**2

# Every payload path a bundle may hold; anything else is refused.
PAYLOAD_PATH = re.compile(
    r"^(records/[a-z_]{1,40}\.jsonl|blobs/[0-9a-f]{64}|files/[A-Za-z0-9._-]{1,100})$"
)
SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
X25519_HEX = re.compile(r"^[0-9a-f]{64}$")


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


def _text(value: Any, *, empty: bool = False) -> bool:
    """A short single-line text, as ids, names and labels in a manifest are."""
    return (
        isinstance(value, str)
        and (empty or bool(value))
        and len(value) <= MAX_TEXT
        and value.isprintable()
    )


def _need(cond: bool, what: str) -> None:
    if not cond:
        raise BundleError(f"数据包清单格式不正确：{what} / Malformed manifest: {what}")


def parse_manifest(data: bytes) -> Manifest:
    """Parses and shape-checks manifest.json; refuses another format or a newer version."""
    raw = loads_bounded(
        data,
        what="数据包清单 manifest.json",
        max_bytes=MAX_MANIFEST_BYTES,
        max_depth=MAX_MANIFEST_DEPTH,
        max_containers=MAX_ENTRIES + 100,
        error=BundleError,
    )
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
        _need(isinstance(size, int) and not isinstance(size, bool) and size >= 0, f"size of {path}")
        cap = MAX_FILE_BYTES[path.split("/", 1)[0] + "/"]
        _need(size <= cap, f"{path} 过大（{size} 字节，上限 {cap}） / {path} too large")
        _need(path not in seen, f"duplicate {path}")
        seen.add(path)
        entries.append(FileEntry(path, digest, size))
    counts = raw.get("counts", {})
    _need(isinstance(counts, dict) and all(isinstance(v, int) for v in counts.values()), "counts")
    flow = raw.get("flow")
    _need(flow in FLOWS, f"flow {flow!r}")
    seq = raw.get("sequence")
    _need(
        isinstance(seq, int) and not isinstance(seq, bool) and 1 <= seq <= MAX_SEQUENCE,
        f"sequence（须为 1…{MAX_SEQUENCE} 的整数 / an integer 1…{MAX_SEQUENCE}）",
    )
    enc = raw.get("encryption")
    if enc is not None:
        _need(isinstance(enc, dict) and enc.get("alg") == ENCRYPTION_ALG, "encryption.alg")
        _need(_text(enc.get("recipient_key_id")), "encryption.recipient_key_id")
        eph = enc.get("ephemeral_public")
        _need(isinstance(eph, str) and bool(X25519_HEX.match(eph)), "encryption.ephemeral_public")
    for k in ("bundle_id", "created_at"):
        _need(_text(raw.get(k)), k)
    for k in ("installation_id", "key_id"):
        _need(_text(producer.get(k)), f"producer.{k}")
    for k in ("office", "name", "app_version"):
        _need(producer.get(k) is None or _text(producer.get(k), empty=True), f"producer.{k}")
    prev = raw.get("prev_bundle_sha256")
    _need(
        prev is None or (isinstance(prev, str) and bool(SHA256_HEX.match(prev))),
        "prev_bundle_sha256",
    )
    for k in ("audit_head", "stream"):
        _need(raw.get(k) is None or _text(raw.get(k), empty=True), k)
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


def _signature_object(signature_json: bytes) -> Any:
    return loads_bounded(
        signature_json,
        what="签名文件 signature.json",
        max_bytes=MAX_SIGNATURE_BYTES,
        max_depth=2,
        max_containers=4,
        error=BundleError,
    )


def check_signature(manifest_bytes: bytes, signature_json: bytes, public_key: bytes) -> None:
    sig = _signature_object(signature_json)
    try:
        if not isinstance(sig, dict) or sig.get("alg") != SIGNATURE_ALG:
            raise ValueError("alg")
        Ed25519PublicKey.from_public_bytes(public_key).verify(
            bytes.fromhex(str(sig["signature"])), manifest_bytes
        )
    except (InvalidSignature, ValueError, KeyError, TypeError) as exc:
        raise BundleError(
            "数据包签名无效：清单被改动，或不是由所称的机构签发。 / Invalid bundle signature."
        ) from exc


def signature_key_id(signature_json: bytes) -> str:
    sig = _signature_object(signature_json)
    try:
        key_id = sig["key_id"]
        if not _text(key_id):
            raise ValueError(key_id)
        return str(key_id)
    except (ValueError, KeyError, TypeError) as exc:
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
        try:
            eph_pub = bytes.fromhex(header["ephemeral_public"])
            peer = X25519PublicKey.from_public_bytes(eph_pub)
        except (KeyError, TypeError, ValueError) as exc:
            raise BundleError(
                "数据包的加密头格式不正确（临时公钥）。 / Malformed encryption header."
            ) from exc
        recipient = public_bytes(private.public_key())
        shared = private.exchange(peer)
        return cls(_derive_key(shared, bundle_id=bundle_id, ephemeral=eph_pub, recipient=recipient))

    def encrypt(self, path: str, data: bytes) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, data, path.encode("utf-8"))

    def decrypt(self, path: str, data: bytes) -> bytes:
        try:
            if len(data) < 12 + 16:  # nonce + tag
                raise InvalidTag
            return self._aead.decrypt(data[:12], data[12:], path.encode("utf-8"))
        except InvalidTag as exc:
            raise BundleError(
                f"无法解密 {path}（密钥不符或内容被改动）。 / Cannot decrypt {path}."
            ) from exc
