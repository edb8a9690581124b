"""Attacks on the reference sync receiver, with real sockets on 127.0.0.1.

- one idle, unauthenticated TCP connection (no TLS handshake) must not stop service to
  others, and is dropped after the handshake timeout;
- connections beyond the bound are closed at once, and service resumes when they go;
- an upload is streamed to a `.part` file on disk (seen growing while the client is still
  sending), refused beyond the size cap without reading it, and never kept when incomplete;
- `.part` files left by a kill are removed at the next start.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import socket
import ssl
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.bundles.receiver import BundleReceiver


@pytest.fixture
def receiver(tmp_path: Path) -> Iterator[BundleReceiver]:
    r = BundleReceiver(
        tmp_path / "mailbox", token="t", handshake_timeout=1.0, max_body=4 * 1024**2
    ).start()
    yield r
    r.stop()


def address(r: BundleReceiver) -> tuple[str, int]:
    host, port = r.url.removeprefix("https://").rsplit(":", 1)
    return host, int(port)


def client(r: BundleReceiver, timeout: float = 5.0) -> http.client.HTTPSConnection:
    ctx = ssl.create_default_context(cafile=str(r.cert_path))
    host, port = address(r)
    return http.client.HTTPSConnection(host, port, context=ctx, timeout=timeout)


def ping(r: BundleReceiver) -> dict:
    conn = client(r)
    try:
        conn.request("GET", "/v1/ping")
        resp = conn.getresponse()
        assert resp.status == 200
        return json.loads(resp.read())
    finally:
        conn.close()


def wait_until(condition, timeout: float = 10.0):  # noqa: ANN001, ANN201
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = condition()
        except OSError:
            value = None
        if value:
            return value
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


def idle_socket(r: BundleReceiver) -> socket.socket:
    s = socket.create_connection(address(r), timeout=10)
    return s


def closed_by_server(s: socket.socket, within: float) -> bool:
    s.settimeout(within)
    try:
        return s.recv(1) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def test_an_idle_connection_does_not_stop_service_and_is_dropped(receiver) -> None:
    idle = idle_socket(receiver)  # connects, never starts TLS
    try:
        started = time.monotonic()
        assert ping(receiver)["ok"] is True  # a second client is served meanwhile
        assert time.monotonic() - started < 3
        # the idle one is closed by the server once its handshake time is up
        assert closed_by_server(idle, within=8)
    finally:
        idle.close()
    assert ping(receiver)["ok"] is True


def test_connections_are_bounded_and_service_resumes(tmp_path: Path) -> None:
    r = BundleReceiver(
        tmp_path / "mailbox", token="t", handshake_timeout=30.0, max_connections=2
    ).start()
    try:
        hogs = [idle_socket(r), idle_socket(r)]
        # wait until the server holds both (their threads wait in the handshake)
        wait_until(lambda: r._server.slots._value == 0)  # noqa: SLF001 — the bound itself
        third = idle_socket(r)
        assert closed_by_server(third, within=5)  # refused at once, not queued
        third.close()
        for h in hogs:
            h.close()
        assert wait_until(lambda: ping(r))["ok"] is True
    finally:
        r.stop()


def _put_headers(length: int, sha: str) -> dict[str, str]:
    return {
        "Authorization": "Bearer t",
        "Content-Length": str(length),
        "X-Content-SHA256": sha,
        "Content-Type": "application/zip",
    }


def test_an_upload_over_the_cap_is_refused_unread(receiver) -> None:
    conn = client(receiver)
    try:
        conn.putrequest("PUT", f"/v1/bundles/{uuid.uuid4()}")
        for k, v in _put_headers(3 * 1024**3, "0" * 64).items():  # claims 3 GiB
            conn.putheader(k, v)
        conn.endheaders()
        resp = conn.getresponse()  # answered before a byte of the body was sent
        assert resp.status == 413
        assert "at most 4194304 bytes" in json.loads(resp.read())["error"]
    finally:
        conn.close()
    assert list((receiver.folder / "incoming").iterdir()) == []


def test_an_upload_is_streamed_to_disk_and_an_incomplete_one_is_not_kept(receiver) -> None:
    body = bytes(range(256)) * (3 * 1024 * 4)  # 3 MiB
    incoming = receiver.folder / "incoming"
    conn = client(receiver, timeout=20)
    try:
        conn.putrequest("PUT", f"/v1/bundles/{uuid.uuid4()}")
        for k, v in _put_headers(len(body), hashlib.sha256(body).hexdigest()).items():
            conn.putheader(k, v)
        conn.endheaders()
        conn.send(body[: 2 * 1024**2])
        # while the client is still sending, the first 2 MiB are already on disk
        part = wait_until(
            lambda: [p for p in incoming.glob("*.part") if p.stat().st_size >= 1024**2]
        )
        assert part
        conn.send(body[2 * 1024**2 :])
        resp = conn.getresponse()
        # not a bundle: refused after hashing, and the file is not kept
        assert resp.status == 400
        assert "not a bundle" in json.loads(resp.read())["error"]
    finally:
        conn.close()
    assert list(incoming.iterdir()) == []
    assert list((receiver.folder / "bundles").iterdir()) == []

    # a client that stops half-way: the partial file is removed when the connection goes
    conn = client(receiver, timeout=20)
    conn.putrequest("PUT", f"/v1/bundles/{uuid.uuid4()}")
    for k, v in _put_headers(len(body), hashlib.sha256(body).hexdigest()).items():
        conn.putheader(k, v)
    conn.endheaders()
    conn.send(body[: 1024**2])
    wait_until(lambda: list(incoming.glob("*.part")))
    conn.close()
    wait_until(lambda: not list(incoming.glob("*.part")))
    assert ping(receiver)["ok"] is True


def test_part_files_left_by_a_kill_are_removed_at_the_next_start(tmp_path: Path) -> None:
    folder = tmp_path / "mailbox"
    (folder / "incoming").mkdir(parents=True)
    (folder / "bundles").mkdir()
    (folder / "incoming" / "abc.part").write_bytes(b"half an upload")
    (folder / "bundles" / f"{uuid.uuid4()}.part").write_bytes(b"half a rename")
    r = BundleReceiver(folder, token="t")
    try:
        assert list((folder / "incoming").iterdir()) == []
        assert list((folder / "bundles").iterdir()) == []
    finally:
        r.stop()


def test_a_hostile_server_cannot_name_a_path_outside_the_inbox(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sync server (or someone in its place) lists a bundle id that is a path, and serves
    bytes for it: the client refuses the listing and writes nothing anywhere."""
    from app.core.bundles import receiver as receiver_module
    from app.core.domain.errors import AppError
    from app.core.services.exchange import sync
    from app.core.services.kernel.workspace import open_workspace

    target = tmp_path / "evil.zip"
    evil_id = "../" * 12 + str(target.with_suffix(""))[1:]
    payload = b"PK\x05\x06" + b"\x00" * 18

    def hostile_get(self) -> None:  # noqa: ANN001
        if self.path.startswith("/v1/bundles?"):
            item = {
                "cursor": 1,
                "bundle_id": evil_id,
                "sha256": hashlib.sha256(payload).hexdigest(),
                "size": len(payload),
            }
            self._json(200, {"items": [item], "next": 1})
        else:
            self._send(200, payload, "application/zip")

    monkeypatch.setattr(receiver_module._Handler, "do_GET", hostile_get)  # noqa: SLF001
    r = BundleReceiver(tmp_path / "mailbox", token="t").start()
    ws = open_workspace(tmp_path / "laptop.db")
    try:
        sync.configure_sync(ws, url=r.url, token="t", ca_cert=str(r.cert_path))
        with pytest.raises(AppError, match="列表格式不正确"):
            sync.sync_now(ws, backoff=0.01)
        assert not target.exists()
        assert list(sync.inbox_dir().glob("*")) == []
    finally:
        ws.db.dispose()
        r.stop()
