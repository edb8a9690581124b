"""A minimal reference receiver for online sync (docs/sync-protocol.md): a mailbox over HTTPS.

stdlib http.server + ssl, a self-signed certificate made with `cryptography`. It stores and
lists bundle files byte for byte and never trusts them: every client verifies on import.
Meant for tests and small offices; binds where it is told (tests: 127.0.0.1 only).

Limits (docs/security.md): the TLS handshake runs in the connection's own thread with a
timeout, never in the accept loop, so an idle or slow client holds up nobody else; at most
MAX_CONNECTIONS connections at once (more are closed at once); an idle connection is
dropped after IO_TIMEOUT; an upload is streamed to a `.part` file under `incoming/` with its
hash computed on the way, never held in memory, and refused beyond `max_body` bytes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import re
import shutil
import ssl
import threading
import uuid
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from .format import MANIFEST_PATH, MAX_MANIFEST_BYTES, BundleError, parse_manifest

PROTOCOL_VERSION = 1
MAX_BODY = 2 * 1024**3  # largest upload accepted (default; BundleReceiver(max_body=...))
MAX_CONNECTIONS = 32  # connections served at once; more are closed straight away
HANDSHAKE_TIMEOUT = 10.0  # seconds a client has to finish the TLS handshake
IO_TIMEOUT = 60.0  # seconds a connection may sit without sending a byte
CHUNK = 1024 * 1024
BUNDLE_ID = re.compile(r"^[0-9a-f-]{36}$")


def make_self_signed_cert(
    folder: Path, *, host: str = "127.0.0.1", days: int = 825
) -> tuple[Path, Path]:
    """cert.pem + key.pem for `host` (an IP or a name); clients pin cert.pem as their CA file."""
    folder.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    try:
        alt: x509.GeneralName = x509.IPAddress(ipaddress.ip_address(host))
    except ValueError:
        alt = x509.DNSName(host)
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.SubjectAlternativeName([alt]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    return cert_path, key_path


class _Store:
    """Bundle files plus an append-only index (index.jsonl); the line number is the cursor."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        (folder / "bundles").mkdir(parents=True, exist_ok=True)
        self.incoming = folder / "incoming"
        self.incoming.mkdir(exist_ok=True)
        for stale in [*self.incoming.glob("*.part"), *(folder / "bundles").glob("*.part")]:
            stale.unlink(missing_ok=True)  # an upload cut short by a kill or a crash
        self.index_path = folder / "index.jsonl"
        self.lock = threading.Lock()
        self.items: list[dict[str, Any]] = []
        if self.index_path.exists():
            self.items = [
                json.loads(line) for line in self.index_path.read_text("utf-8").splitlines() if line
            ]

    def find(self, bundle_id: str) -> dict[str, Any] | None:
        return next((i for i in self.items if i["bundle_id"] == bundle_id), None)

    def add(self, bundle_id: str, upload: Path, sha: str, size: int) -> tuple[int, dict[str, Any]]:
        """Files a complete upload (a `.part` under incoming/, already hashed) as the bundle."""
        with self.lock:
            existing = self.find(bundle_id)
            if existing is not None:
                return (200 if existing["sha256"] == sha else 409), existing
            meta = _peek_manifest(upload)
            path = self.folder / "bundles" / f"{bundle_id}.zip"
            upload.replace(path)
            item = {
                "cursor": len(self.items) + 1,
                "bundle_id": bundle_id,
                "sha256": sha,
                "size": size,
                **meta,
            }
            self.items.append(item)
            with open(self.index_path, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(item, ensure_ascii=False) + "\n")
            return 201, item


def _peek_manifest(path: Path) -> dict[str, Any]:
    """Routing facts from the (unverified) manifest: who produced it, for whom, which flow.

    The manifest goes through the same bounded, shape-checked parse as a reader's."""
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo(MANIFEST_PATH)
            if info.file_size > MAX_MANIFEST_BYTES:
                raise ValueError("manifest too large")
            m = parse_manifest(zf.read(info))
        return {
            "producer_key_id": m.key_id,
            "recipient": m.recipient,
            "flow": m.flow,
            "sequence": m.sequence,
        }
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, BundleError) as exc:
        raise ValueError(f"not a bundle: {exc}") from exc


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    timeout = IO_TIMEOUT  # StreamRequestHandler sets it on the socket: idle readers are dropped

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 — stdlib signature
        return  # quiet: tests and small offices do not want a line per request

    def _send(
        self,
        code: int,
        body: bytes,
        ctype: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, code: int, value: Any) -> None:
        self._send(code, json.dumps(value, ensure_ascii=False).encode("utf-8"))

    def _authorised(self) -> bool:
        token = self.server.token
        given = self.headers.get("Authorization", "")
        if token and not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            self._json(401, {"error": "unauthorised"})
            return False
        return True

    def do_GET(self) -> None:  # noqa: N802 — stdlib naming
        url = urlparse(self.path)
        if url.path == "/v1/ping":
            self._json(200, {"ok": True, "protocol": PROTOCOL_VERSION})
            return
        if not self._authorised():
            return
        if url.path == "/v1/bundles":
            q = parse_qs(url.query)
            try:
                after = int((q.get("after") or ["0"])[0] or 0)
            except ValueError:
                self._json(400, {"error": "bad cursor"})
                return
            me = (q.get("for") or [""])[0]
            items = [
                i
                for i in self.server.store.items
                if i["cursor"] > after
                and i["producer_key_id"] != me
                and (i.get("recipient") in (None, me))
            ]
            last = self.server.store.items[-1]["cursor"] if self.server.store.items else 0
            self._json(
                200,
                {"items": items[:200], "next": items[199]["cursor"] if len(items) > 200 else last},
            )
            return
        m = re.fullmatch(r"/v1/bundles/([0-9a-f-]{36})", url.path)
        item = self.server.store.find(m.group(1)) if m else None
        if item is None:
            self._json(404, {"error": "not found"})
            return
        path = self.server.store.folder / "bundles" / f"{item['bundle_id']}.zip"
        with open(path, "rb") as fh:  # streamed, not read whole into memory
            size = path.stat().st_size
            self.send_response(200)
            self.send_header("Content-Type", "application/zip")
            self.send_header("Content-Length", str(size))
            self.send_header("X-Content-SHA256", item["sha256"])
            self.end_headers()
            shutil.copyfileobj(fh, self.wfile, CHUNK)

    def do_PUT(self) -> None:  # noqa: N802 — stdlib naming
        if not self._authorised():
            return
        m = re.fullmatch(r"/v1/bundles/([0-9a-f-]{36})", urlparse(self.path).path)
        try:
            length = int(self.headers.get("Content-Length") or -1)
        except ValueError:
            length = -1
        if m is None or length <= 0:
            self.close_connection = True
            self._json(400, {"error": "bad request"})
            return
        if length > self.server.max_body:
            self.close_connection = True  # the body is not read: the connection goes
            self._json(413, {"error": f"too large: at most {self.server.max_body} bytes"})
            return
        upload = self.server.store.incoming / f"{uuid.uuid4().hex}.part"
        try:
            sha = self._receive(upload, length)
            if sha is None:
                return
            if sha != self.headers.get("X-Content-SHA256"):
                self._json(400, {"error": "sha256 mismatch (incomplete upload?)"})
                return
            try:
                code, item = self.server.store.add(m.group(1), upload, sha, length)
            except ValueError as exc:
                self._json(400, {"error": str(exc)})
                return
            self._json(code, item)
        finally:
            upload.unlink(missing_ok=True)

    def _receive(self, upload: Path, length: int) -> str | None:
        """Streams `length` bytes of the body to `upload`; its SHA-256, or None when the
        client stopped sending (the connection is closed, nothing kept)."""
        digest = hashlib.sha256()
        left = length
        with open(upload, "wb") as fh:
            while left:
                try:
                    chunk = self.rfile.read(min(CHUNK, left))
                except (TimeoutError, OSError):
                    chunk = b""
                if not chunk:
                    self.close_connection = True
                    return None
                digest.update(chunk)
                fh.write(chunk)
                left -= len(chunk)
        return digest.hexdigest()


class _Server(ThreadingHTTPServer):
    """Accepts plain TCP; each connection's thread does its own TLS handshake (with a
    timeout), so the accept loop never waits on a client."""

    daemon_threads = True
    store: _Store
    token: str
    tls: ssl.SSLContext
    max_body: int = MAX_BODY
    handshake_timeout: float = HANDSHAKE_TIMEOUT

    def __init__(self, address: tuple[str, int], max_connections: int = MAX_CONNECTIONS) -> None:
        super().__init__(address, _Handler)
        self.slots = threading.BoundedSemaphore(max_connections)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.slots.acquire(blocking=False):  # full: refuse at once, keep accepting
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def finish_request(self, request: Any, client_address: Any) -> None:
        request.settimeout(self.handshake_timeout)
        try:
            conn = self.tls.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return  # no handshake in time, or not TLS: dropped (shutdown_request closes it)
        try:
            conn.settimeout(IO_TIMEOUT)
            self.RequestHandlerClass(conn, client_address, self)  # type: ignore[arg-type]  # typeshed: Self
        except (ssl.SSLError, OSError):
            pass  # the client went away mid-request
        finally:
            with contextlib.suppress(OSError):
                conn.close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        return  # a broken client is its own problem; no traceback on the console


class BundleReceiver:
    """Start with `start()`, stop with `stop()`; `url` and `cert_path` for the clients."""

    def __init__(
        self,
        folder: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str = "",
        max_body: int = MAX_BODY,
        max_connections: int = MAX_CONNECTIONS,
        handshake_timeout: float = HANDSHAKE_TIMEOUT,
    ) -> None:
        self.folder = Path(folder)
        self.cert_path, key_path = (
            (self.folder / "tls" / "cert.pem", self.folder / "tls" / "key.pem")
            if (self.folder / "tls" / "cert.pem").exists()
            else make_self_signed_cert(self.folder / "tls", host=host)
        )
        self._server = _Server((host, port), max_connections)
        self._server.store = _Store(self.folder)
        self._server.token = token
        self._server.max_body = max_body
        self._server.handshake_timeout = handshake_timeout
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.load_cert_chain(self.cert_path, key_path)
        self._server.tls = ctx  # wrapped per connection, in its own thread (finish_request)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else host
        return f"https://{name}:{port}"

    def start(self) -> BundleReceiver:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="bundle-receiver", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        if self._thread is not None:  # shutdown() waits for a serve loop: only if one runs
            self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)
