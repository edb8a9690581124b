"""Writes a signed (optionally encrypted) bundle atomically: temp name, fsync, read back, rename.

A stick pulled mid-write leaves at most a hidden `.part` file, never one that looks
complete. Knows nothing about the database: callers mark records exported afterwards.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import uuid
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.core.domain.errors import AppError

from .format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST_PATH,
    SIGNATURE_PATH,
    BundleError,
    PayloadCipher,
    json_bytes,
    sign,
)

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]
SPACE_MARGIN = 1024 * 1024


@dataclass(frozen=True)
class PayloadFile:
    """One file to put in the bundle; `load` is called once, while writing."""

    path: str
    size_hint: int
    load: Callable[[], bytes]
    compress: bool = True


@dataclass(frozen=True)
class WrittenBundle:
    path: Path
    manifest: dict[str, Any]
    manifest_sha256: str
    size: int


def _free_bytes(folder: Path) -> int:
    return shutil.disk_usage(folder).free


def _fsync(fh: Any) -> None:
    fh.flush()
    os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows has no directory fsync; the rename is journalled by NTFS.
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_bundle(
    target: Path,
    *,
    manifest: dict[str, Any],
    files: Sequence[PayloadFile],
    signing_key: Ed25519PrivateKey,
    key_id: str,
    recipient: tuple[str, bytes] | None = None,
    verify: Callable[[Path], None],
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> WrittenBundle:
    """Writes `target` atomically. `manifest` holds everything but files/format/encryption.

    `verify(path)` reads the finished temp file back (the full reader checks) before the
    rename; any failure removes the temp file and leaves `target` untouched.
    """
    target = Path(target)
    folder = target.parent
    if not folder.is_dir():
        raise AppError(f"目标文件夹不存在：{folder} / Folder not found.")
    needed = sum(f.size_hint for f in files) + SPACE_MARGIN
    free = _free_bytes(folder)
    if free < needed:
        raise AppError(
            f"目标磁盘空间不足：需要约 {needed // 1024} KB，可用 {free // 1024} KB。"
            f" / Not enough free space on the target ({needed} bytes needed, {free} free)."
        )
    bundle_id = str(manifest["bundle_id"])
    cipher = None
    encryption = None
    if recipient is not None:
        cipher, encryption = PayloadCipher.for_recipient(
            bundle_id=bundle_id, recipient_public=recipient[1], recipient_key_id=recipient[0]
        )
    tmp = folder / f".{target.name}.{uuid.uuid4().hex[:8]}.part"
    stamp = datetime.now().timetuple()[:6]
    try:
        with open(tmp, "xb") as raw, zipfile.ZipFile(raw, "w", allowZip64=True) as zf:
            entries = []
            for n, pf in enumerate(files):
                if cancelled is not None and cancelled():
                    raise AppError("已取消，未写出数据包。 / Cancelled; no bundle written.")
                data = pf.load()
                if cipher is not None:
                    data = cipher.encrypt(pf.path, data)
                info = zipfile.ZipInfo(pf.path, date_time=stamp)
                info.compress_type = (
                    zipfile.ZIP_DEFLATED if pf.compress and cipher is None else zipfile.ZIP_STORED
                )
                info.external_attr = 0o644 << 16
                zf.writestr(info, data, compresslevel=6)
                entries.append(
                    {"path": pf.path, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                )
                if progress is not None and (n % 200 == 0 or n == len(files) - 1):
                    progress(n + 1, len(files) + 2, "写出 / writing")
            full = {
                "format": FORMAT_NAME,
                "format_version": FORMAT_VERSION,
                **manifest,
                "encryption": encryption,
                "files": entries,
            }
            manifest_bytes = json_bytes(full)
            for name, data in (
                (MANIFEST_PATH, manifest_bytes),
                (SIGNATURE_PATH, sign(manifest_bytes, signing_key, key_id)),
            ):
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, data)
            zf.close()
            _fsync(raw)
        if progress is not None:
            progress(len(files) + 1, len(files) + 2, "回读校验 / verifying")
        verify(tmp)  # read back from the medium before it gets its real name
        if cancelled is not None and cancelled():
            raise AppError("已取消，未写出数据包。 / Cancelled; no bundle written.")
        os.replace(tmp, target)
        _fsync_dir(folder)
    except BaseException as exc:
        with contextlib.suppress(OSError):  # the stick is gone: a hidden .part is all that remains
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise BundleError(
                f"写出数据包失败：{exc}。未生成数据包。 / Writing the bundle failed: {exc}"
            ) from exc
        raise
    if progress is not None:
        progress(len(files) + 2, len(files) + 2, "完成 / done")
    return WrittenBundle(
        path=target,
        manifest=full,
        manifest_sha256=hashlib.sha256(manifest_bytes).hexdigest(),
        size=target.stat().st_size,
    )
