"""Online sync: send queued bundles and fetch new ones over HTTPS (docs/sync-protocol.md).

The bytes sent are the bundle files exactly as written for a USB stick, and fetched ones go
through `bundles.import_bundle` — one code path. Retries with backoff; the queue is visible.
"""

from __future__ import annotations

import hashlib
import re
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.core.appdirs import data_dir
from app.core.bundles.receiver import MAX_BODY, BundleReceiver
from app.core.domain.errors import AppError, ValidationError
from app.core.domain.jsonlimits import loads_bounded
from app.core.domain.roles import Permission
from app.core.domain.states import OutboxState, transition
from app.core.services.exchange import bundle_export, bundles
from app.core.services.kernel import audit, keys
from app.core.services.kernel.reference import get_setting, set_setting
from app.core.services.kernel.workspace import Area, Changes, Done, Workspace
from app.core.storage.models import Bundle, utcnow

TIMEOUT = 30
MAX_DELAY = 3600


@dataclass(frozen=True)
class SyncSettings:
    url: str
    token: str
    ca_cert: str

    @property
    def configured(self) -> bool:
        return bool(self.url)


@dataclass(frozen=True)
class SyncReport:
    sent: int = 0
    failed: int = 0
    received: tuple[bundles.ImportReport, ...] = ()
    errors: tuple[str, ...] = field(default_factory=tuple)

    def summary(self) -> str:
        added = sum(r.total("added") + r.total("updated") for r in self.received)
        conflicts = sum(r.total("conflicts") for r in self.received)
        text = f"发送 {self.sent}，失败 {self.failed}，收到 {len(self.received)}（新增/更新 {added}，冲突 {conflicts}）"
        return text + f" / sent {self.sent}, failed {self.failed}, received {len(self.received)}"


class _Transient(Exception):
    """A failure worth retrying (network down, timeout, server error)."""


def get_settings(ws: Workspace) -> SyncSettings:
    with ws.db.read_session() as s:
        return SyncSettings(
            str(get_setting(s, "sync.url", "") or ""),
            str(get_setting(s, "sync.token", "") or ""),
            str(get_setting(s, "sync.ca_cert", "") or ""),
        )


def configure_sync(ws: Workspace, *, url: str, token: str = "", ca_cert: str = "") -> Changes:
    """Sets (or with url="" clears) the sync address; only https:// is accepted."""
    ws.require(Permission.ADMINISTER)
    if url and not url.startswith("https://"):
        raise ValidationError("同步地址必须以 https:// 开头。 / The sync address must be https://.")
    if ca_cert and not Path(ca_cert).is_file():
        raise ValidationError(f"找不到证书文件 {ca_cert}。 / Certificate file not found.")
    with ws.db.session() as s:
        before = {
            "url": get_setting(s, "sync.url", ""),
            "ca_cert": get_setting(s, "sync.ca_cert", ""),
        }
        set_setting(s, "sync.url", url.rstrip("/"))
        set_setting(s, "sync.token", token)
        set_setting(s, "sync.ca_cert", ca_cert)
        if before["url"] != url.rstrip("/"):
            set_setting(s, "sync.cursor", 0)
        audit.log_event(
            s,
            ws.actor,
            "sync.configure",
            entity="setting",
            entity_uid="sync.url",
            summary=f"设置同步地址 {url or '（无）'}",
            before=before,
            after={"url": url, "ca_cert": ca_cert},
        )
    return Changes.of(Area.SYNC, message="已保存 / saved")


def outbox_dir() -> Path:
    path = data_dir() / "outbox"
    path.mkdir(parents=True, exist_ok=True)
    return path


def inbox_dir() -> Path:
    path = data_dir() / "inbox"
    path.mkdir(parents=True, exist_ok=True)
    return path


def queue_export(ws: Workspace, flow: str, **kwargs: Any) -> bundle_export.ExportResult:
    """Exports a bundle into the outbox and queues it for the next sync."""
    name = f"{flow}-{utcnow().strftime('%Y%m%d-%H%M%S-%f')}.zip"
    return bundle_export.export_bundle(ws, flow, outbox_dir() / name, queue=True, **kwargs)


def queue_file(ws: Workspace, bundle_id: str) -> Changes:
    """Puts an already written outgoing bundle (e.g. one made for a USB stick) in the queue too."""
    ws.require(Permission.EXCHANGE)
    with ws.db.session() as s:
        b = s.scalar(
            select(Bundle).where(Bundle.bundle_uid == bundle_id, Bundle.direction == "out")
        )
        if b is None or not b.path or not Path(b.path).is_file():
            raise ValidationError("找不到该数据包文件，无法加入发送队列。 / Bundle file not found.")
        b.status = transition(OutboxState, b.status, OutboxState.QUEUED)
        b.next_attempt_at, b.last_error = None, None
        audit.log_event(
            s, ws.actor, "sync.queue", entity="bundle", entity_uid=bundle_id, summary="加入发送队列"
        )
    return Changes.of(Area.BUNDLES)


def _context(settings: SyncSettings) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=settings.ca_cert or None)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx


def _request(
    settings: SyncSettings,
    method: str,
    path: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes, dict[str, str]]:
    req = urllib.request.Request(settings.url + path, data=body, method=method)
    if settings.token:
        req.add_header("Authorization", f"Bearer {settings.token}")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT, context=_context(settings)) as resp:
            data = resp.read(MAX_BODY + 1)
            if len(data) > MAX_BODY:  # a server sending without end: refused, not buffered on
                raise AppError(
                    f"同步服务器发来的数据超过 {MAX_BODY} 字节，已拒绝。 / The server sent too much."
                )
            return resp.status, data, dict(resp.headers)
    except urllib.error.HTTPError as exc:
        if exc.code >= 500 or exc.code == 429:
            raise _Transient(f"服务器错误 {exc.code}") from exc
        return exc.code, exc.read(64 * 1024), dict(exc.headers or {})
    except ssl.SSLError as exc:
        raise AppError(f"同步服务器的证书不受信任或连接不安全：{exc} / TLS error: {exc}") from exc
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, ssl.SSLError):
            raise AppError(f"同步服务器的证书不受信任：{reason} / TLS error: {reason}") from exc
        raise _Transient(f"无法连接同步服务器：{reason}") from exc


def _with_retries(fn: Any, *, retries: int, backoff: float) -> Any:
    for attempt in range(retries + 1):
        try:
            return fn()
        except _Transient:
            if attempt == retries:
                raise
            time.sleep(backoff * (2**attempt))
    raise AssertionError("unreachable")


def sync_now(
    ws: Workspace,
    *,
    force: bool = False,
    retries: int = 2,
    backoff: float = 1.0,
    progress: Any = None,
    cancelled: Any = None,
) -> SyncReport:
    """Sends what is due in the queue, then fetches and imports new bundles for this installation."""
    ws.require(Permission.EXCHANGE)
    settings = get_settings(ws)
    if not settings.configured:
        raise ValidationError("尚未设置同步地址。 / No sync address configured.")
    inst = keys.ensure_installation(ws)
    sent = failed = 0
    errors: list[str] = []
    now = utcnow()
    with ws.db.read_session() as s:
        due = [
            (b.id, b.bundle_uid, b.path, b.attempts or 0)
            for b in s.scalars(
                select(Bundle)
                .where(Bundle.direction == "out", Bundle.status == OutboxState.QUEUED)
                .order_by(Bundle.id)
            )
            if force or b.next_attempt_at is None or b.next_attempt_at <= now
        ]
    for n, (row_id, bundle_id, path, attempts) in enumerate(due):
        if cancelled is not None and cancelled():
            break
        if progress:
            progress(n, len(due), "发送 / sending")
        error = None
        try:
            data = Path(path or "").read_bytes()
            sha = hashlib.sha256(data).hexdigest()
            code, body, _h = _with_retries(
                lambda data=data, sha=sha, bid=bundle_id: _request(
                    settings,
                    "PUT",
                    f"/v1/bundles/{bid}",
                    body=data,
                    headers={"Content-Type": "application/zip", "X-Content-SHA256": sha},
                ),
                retries=retries,
                backoff=backoff,
            )
            if code not in (200, 201):
                error = f"服务器拒绝（{code}）：{body[:200].decode('utf-8', 'replace')}"
        except _Transient as exc:
            error = str(exc)
        except OSError as exc:
            error = f"读取数据包文件失败：{exc}"
        with ws.db.session() as s:
            b = s.get(Bundle, row_id)
            assert b is not None
            if error is None:
                b.status = transition(OutboxState, b.status, OutboxState.SENT)
                b.sent_at, b.last_error = utcnow(), None
                sent += 1
                audit.log_event(
                    s,
                    ws.actor,
                    "sync.send",
                    entity="bundle",
                    entity_uid=bundle_id,
                    summary="已发送数据包",
                )
            else:
                b.attempts = attempts + 1
                b.last_error = error
                b.next_attempt_at = utcnow() + timedelta(seconds=min(60 * 2**attempts, MAX_DELAY))
                failed += 1
                errors.append(f"{bundle_id}: {error}")
    received: list[bundles.ImportReport] = []
    try:
        received = _fetch(
            ws, settings, inst, retries=retries, backoff=backoff, errors=errors, cancelled=cancelled
        )
    except _Transient as exc:
        errors.append(str(exc))
    return SyncReport(sent, failed, tuple(received), tuple(errors))


def _fetch(
    ws: Workspace,
    settings: SyncSettings,
    inst: keys.Installation,
    *,
    retries: int,
    backoff: float,
    errors: list[str],
    cancelled: Any,
) -> list[bundles.ImportReport]:
    with ws.db.read_session() as s:
        cursor = int(get_setting(s, "sync.cursor", 0) or 0)
    out: list[bundles.ImportReport] = []
    while True:
        code, body, _h = _with_retries(
            lambda c=cursor: _request(settings, "GET", f"/v1/bundles?after={c}&for={inst.key_id}"),
            retries=retries,
            backoff=backoff,
        )
        if code != 200:
            raise AppError(
                f"同步服务器拒绝列出数据包（{code}）。 / The server refused to list bundles ({code})."
            )
        items = _listing(body)
        for item in items:
            if cancelled is not None and cancelled():
                return out
            bid = str(item["bundle_id"])
            code, data, _h = _with_retries(
                lambda bid=bid: _request(settings, "GET", f"/v1/bundles/{bid}"),
                retries=retries,
                backoff=backoff,
            )
            if code != 200 or hashlib.sha256(data).hexdigest() != item.get("sha256"):
                errors.append(f"{bid}: 下载不完整 / incomplete download")
                return out  # the cursor stays: the next sync tries this bundle again
            path = inbox_dir() / f"{bid}.zip"
            path.write_bytes(data)
            try:
                out.append(bundles.import_bundle(ws, path))  # the same import as a USB stick
            except AppError as exc:
                errors.append(f"{bid}: {exc}（文件保留在 {path}）")
            with ws.db.session() as s:
                set_setting(s, "sync.cursor", int(item["cursor"]))
            cursor = int(item["cursor"])
        if len(items) < 200:  # the receiver pages by 200
            return out


_BUNDLE_ID = re.compile(r"^[0-9a-f-]{36}$")


def synced(report: SyncReport) -> Done[SyncReport]:
    """A sync's report with what it changed, for a front end's runner."""
    return sync_changes(report).carrying(report)


def sync_changes(report: SyncReport) -> Changes:
    """What a sync changed: the outbox and sync state, and whatever each received bundle did."""
    areas = {Area.BUNDLES, Area.SYNC}
    for received in report.received:
        areas |= bundles.bundle_changes(received).areas
    return Changes(frozenset(areas))


def _listing(body: bytes) -> list[dict[str, Any]]:
    """The items of a receiver's listing, each checked: a bundle id that is a UUID (it names a
    file in the inbox — never a path), an integer cursor, a SHA-256; else a clear refusal."""
    listing = loads_bounded(
        body,
        what="同步服务器的列表 / the server's listing",
        max_bytes=16 * 1024**2,
        max_depth=6,
        max_containers=10_000,
    )
    items = listing.get("items") if isinstance(listing, dict) else None
    if not isinstance(items, list) or not all(
        isinstance(i, dict)
        and isinstance(i.get("bundle_id"), str)
        and _BUNDLE_ID.match(i["bundle_id"])
        and isinstance(i.get("cursor"), int)
        and isinstance(i.get("sha256"), str)
        for i in items
    ):
        raise AppError("同步服务器返回的列表格式不正确。 / Malformed listing from the server.")
    return items


def sync_queue(ws: Workspace) -> list[bundles.BundleInfo]:
    """Outgoing bundles waiting or sent, newest first (the visible queue)."""
    return [
        b
        for b in bundles.list_bundles(ws, direction="out")
        if b.status in (OutboxState.QUEUED, OutboxState.SENT)
    ]


def serve_receiver(
    folder: Path, *, host: str = "127.0.0.1", port: int = 8443, token: str = ""
) -> BundleReceiver:
    """The reference receiver (blocking caller decides: .start() for a thread, .serve_forever())."""
    return BundleReceiver(folder, host=host, port=port, token=token)
