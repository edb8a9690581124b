"""Opens a bundle and verifies EVERYTHING before a caller may use a byte of it.

Zip safety, format version, the manifest signature by a trusted, non-revoked key, every
file's SHA-256 and size. Never writes anything; the database side lives in services/bundles.
"""

from __future__ import annotations

import hashlib
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.core.domain.jsonlimits import loads_bounded

from .format import (
    MANIFEST_PATH,
    MAX_ENTRIES,
    MAX_MANIFEST_BYTES,
    MAX_RATIO,
    MAX_RECORD_CONTAINERS,
    MAX_RECORD_DEPTH,
    MAX_SIGNATURE_BYTES,
    MAX_TOTAL_BYTES,
    RATIO_FLOOR,
    SHA256_HEX,
    SIGNATURE_PATH,
    BundleError,
    Manifest,
    PayloadCipher,
    check_signature,
    parse_manifest,
    sha256_hex,
    signature_key_id,
)

Progress = Callable[[int, int, str], None]
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Signer:
    """A public key the reader may accept a signature from."""

    key_id: str
    role: str  # office / laptop / platform / self
    name: str
    signing_key: bytes
    revoked: bool = False


def check_entry_name(info: zipfile.ZipInfo) -> None:
    """Refuses names that could escape a folder or are not plain files (zip-slip, symlinks)."""
    name = info.filename
    reason = None
    if not name or "\x00" in name:
        reason = "空文件名"
    elif name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        reason = "绝对路径"
    elif "\\" in name:
        reason = "反斜杠路径"
    elif ".." in PurePosixPath(name).parts or "." in PurePosixPath(name).parts:
        reason = "路径含 .. 或 ."
    elif info.is_dir():
        reason = "目录条目"
    elif stat.S_ISLNK(info.external_attr >> 16):
        reason = "符号链接"
    elif info.flag_bits & 0x1:
        reason = "zip 加密条目"
    if reason:
        raise BundleError(
            f"数据包含有不安全的条目 {name!r}（{reason}），已拒绝。 / Unsafe zip entry {name!r}."
        )


def check_zip_layout(zf: zipfile.ZipFile, *, max_total_bytes: int = MAX_TOTAL_BYTES) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise BundleError(f"数据包条目过多（{len(infos)}）。 / Too many entries in the bundle.")
    names: set[str] = set()
    total = 0
    for info in infos:
        check_entry_name(info)
        if info.filename in names:
            raise BundleError(f"数据包含有重复条目 {info.filename!r}。 / Duplicate entry.")
        names.add(info.filename)
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise BundleError(
                f"条目 {info.filename!r} 压缩比异常（疑似压缩炸弹），已拒绝。 / Suspicious compression ratio (zip bomb)."
            )
    if total > max_total_bytes:
        raise BundleError(
            f"数据包解压后过大（{total} 字节，上限 {max_total_bytes}），已拒绝。 / Bundle too large when uncompressed."
        )


def _envelope_problem(rec: Any) -> str | None:
    """What is wrong with one record's envelope ({uid, data, hash?, history?}), or None."""
    if not isinstance(rec, dict):
        return "不是对象 / not an object"
    uid = rec.get("uid")
    if not isinstance(uid, str) or not 1 <= len(uid) <= 64 or not uid.isprintable():
        return "uid"
    if not isinstance(rec.get("data"), dict):
        return "data 不是对象 / data is not an object"
    h = rec.get("hash")
    if h is not None and not (isinstance(h, str) and SHA256_HEX.match(h)):
        return "hash"
    history = rec.get("history")
    if history is not None and not (
        isinstance(history, list)
        and all(isinstance(x, str) and SHA256_HEX.match(x) for x in history)
    ):
        return "history"
    return None


class BundleReader:
    """A verified bundle: construct it (verification runs), then read files or records.

    Reads re-check each file's hash, so a file changed on the stick after verification
    fails the import's transaction instead of slipping in.
    """

    def __init__(
        self,
        path: Path,
        *,
        lookup_key: Callable[[str], Signer | None],
        decrypt_key: tuple[str, X25519PrivateKey] | None = None,
        max_total_bytes: int = MAX_TOTAL_BYTES,
        progress: Progress | None = None,
    ) -> None:
        self.path = Path(path)
        try:
            self._zf = zipfile.ZipFile(self.path)
        except FileNotFoundError as exc:
            raise BundleError(f"找不到文件 {path}。 / File not found.") from exc
        except (zipfile.BadZipFile, OSError) as exc:
            raise BundleError(
                f"{self.path.name} 不是完整的数据包（zip 损坏或不完整）。 / Not a complete bundle: {exc}"
            ) from exc
        try:
            self._verify(lookup_key, decrypt_key, max_total_bytes, progress)
        except BaseException:
            self._zf.close()
            raise

    def _read_member(self, name: str, limit: int | None = None) -> bytes:
        try:
            info = self._zf.getinfo(name)
        except KeyError as exc:
            raise BundleError(f"数据包缺少 {name}。 / {name} is missing.") from exc
        if limit is not None and info.file_size > limit:
            raise BundleError(f"{name} 过大。 / {name} is too large.")
        try:
            return self._zf.read(info)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
            raise BundleError(f"{name} 已损坏：{exc} / {name} is corrupt.") from exc

    def _verify(
        self,
        lookup_key: Callable[[str], Signer | None],
        decrypt_key: tuple[str, X25519PrivateKey] | None,
        max_total_bytes: int,
        progress: Progress | None,
    ) -> None:
        check_zip_layout(self._zf, max_total_bytes=max_total_bytes)
        manifest_bytes = self._read_member(MANIFEST_PATH, MAX_MANIFEST_BYTES)
        signature_bytes = self._read_member(SIGNATURE_PATH, MAX_SIGNATURE_BYTES)
        self.manifest_bytes = manifest_bytes
        self.manifest_sha256 = sha256_hex(manifest_bytes)
        manifest = parse_manifest(manifest_bytes)
        signer_id = signature_key_id(signature_bytes)
        if signer_id != manifest.key_id:
            raise BundleError(
                "签名密钥与清单中的生产者不符。 / Signature key does not match the producer."
            )
        signer = lookup_key(signer_id)
        if signer is None:
            raise BundleError(
                f"数据包由未受信任的密钥 {signer_id} 签名（{manifest.office or '未知机构'}），已拒绝。"
                f"请先由管理员导入并信任该公钥。 / Signed by an unknown key {signer_id}."
            )
        if signer.revoked:
            raise BundleError(
                f"签名密钥 {signer_id}（{signer.name}）已被吊销，已拒绝。 / The signing key is revoked."
            )
        check_signature(manifest_bytes, signature_bytes, signer.signing_key)
        self.manifest: Manifest = manifest
        self.signer = signer
        listed = {f.path: f for f in manifest.files}
        present = {i.filename for i in self._zf.infolist()} - {MANIFEST_PATH, SIGNATURE_PATH}
        if present - listed.keys():
            extra = sorted(present - listed.keys())[0]
            raise BundleError(f"数据包含有清单之外的文件 {extra!r}。 / Unlisted file {extra!r}.")
        if listed.keys() - present:
            missing = sorted(listed.keys() - present)[0]
            raise BundleError(f"数据包缺少清单所列文件 {missing!r}。 / Missing file {missing!r}.")
        total = len(manifest.files)
        for n, entry in enumerate(manifest.files):
            info = self._zf.getinfo(entry.path)
            if info.file_size != entry.size:
                raise BundleError(
                    f"文件 {entry.path} 的大小与清单不符。 / Size mismatch: {entry.path}."
                )
            digest = hashlib.sha256()
            size = 0
            try:
                with self._zf.open(info) as fh:
                    while chunk := fh.read(CHUNK):
                        size += len(chunk)
                        if size > entry.size:
                            break
                        digest.update(chunk)
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
                raise BundleError(
                    f"文件 {entry.path} 已损坏：{exc} / Corrupt file {entry.path}."
                ) from exc
            if size != entry.size or digest.hexdigest() != entry.sha256:
                raise BundleError(
                    f"文件 {entry.path} 的校验值与清单不符（内容被改动或损坏），已拒绝。 / Hash mismatch: {entry.path}."
                )
            if progress is not None and (n % 200 == 0 or n == total - 1):
                progress(n + 1, total, "校验 / verifying")
        self._entries = listed
        self._cipher: PayloadCipher | None = None
        if manifest.encryption is not None and decrypt_key is not None:
            key_id, private = decrypt_key
            if manifest.recipient == key_id:
                self._cipher = PayloadCipher.for_reader(
                    bundle_id=manifest.bundle_id, header=manifest.encryption, private=private
                )

    @property
    def encrypted(self) -> bool:
        return self.manifest.encryption is not None

    @property
    def readable(self) -> bool:
        """False when the payload is encrypted to another installation's key."""
        return not self.encrypted or self._cipher is not None

    def require_readable(self) -> None:
        if not self.readable:
            raise BundleError(
                f"数据包已加密给密钥 {self.manifest.recipient}，本机无法解密。"
                f" / The bundle is encrypted for key {self.manifest.recipient}."
            )

    def paths(self, prefix: str = "") -> list[str]:
        return [f.path for f in self.manifest.files if f.path.startswith(prefix)]

    def read(self, path: str) -> bytes:
        """A payload file's plain bytes, re-checked against the manifest."""
        self.require_readable()
        entry = self._entries.get(path)
        if entry is None:
            raise BundleError(f"数据包中没有 {path}。 / No {path} in the bundle.")
        data = self._read_member(path)
        if len(data) != entry.size or sha256_hex(data) != entry.sha256:
            raise BundleError(
                f"文件 {path} 在校验后被改动，已中止。 / {path} changed after verification."
            )
        return self._cipher.decrypt(path, data) if self._cipher is not None else data

    def records(self, kind: str) -> Iterator[dict[str, Any]]:
        path = f"records/{kind}.jsonl"
        if path not in self._entries:
            return
        for lineno, line in enumerate(self.read(path).splitlines(), start=1):
            if not line.strip():
                continue
            rec = loads_bounded(
                line,
                what=f"{path} 第 {lineno} 行 / line {lineno}",
                max_bytes=len(line),
                max_depth=MAX_RECORD_DEPTH,
                max_containers=MAX_RECORD_CONTAINERS,
                error=BundleError,
            )
            reason = _envelope_problem(rec)
            if reason is not None:
                raise BundleError(
                    f"{path} 第 {lineno} 行格式不正确：{reason}。 / Bad record at {path}:{lineno}: {reason}."
                )
            yield rec

    def close(self) -> None:
        self._zf.close()

    def __enter__(self) -> BundleReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
