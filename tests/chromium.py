"""Headless Chromium driven over the DevTools protocol on a pipe, for the verify.html tests and bench.

No websocket library and no port: Chromium's `--remote-debugging-pipe` reads commands on fd 3
and writes replies and events on fd 4, each a JSON message ended by a NUL byte. Enough of the
protocol to open a file:// page, wait for a condition inside it, pick a file in an
<input type=file> as a person does, and take a screenshot.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["Browser", "BrowserError", "find_chromium"]

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
    "--disable-default-apps", "--mute-audio", "--remote-debugging-pipe",
]  # fmt: skip


class BrowserError(RuntimeError):
    """Chromium did not answer, or answered with a protocol error."""


def find_chromium() -> str | None:
    """The Chromium executable (Debian's `chromium`), or None when it is not installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    """One headless Chromium with one page; use as a context manager."""

    def __init__(self, executable: str, *, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="chromium-profile-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def fds() -> None:  # in the child: our pipe ends become fds 3 and 4
            a = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self._proc = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self._profile.name}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=fds,  # noqa: PLW1509 (no threads are started before this)
            pass_fds=(3, 4),
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self._session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        self.page("Page.enable")

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(BrowserError, OSError):
            self.call("Browser.close", timeout=5)
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        for fd in (self._to_child, self._from_child):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._profile.cleanup()

    # -- the protocol -------------------------------------------------------------------------

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("Chromium did not answer in time")
            ready, _, _ = select.select([self._from_child], [], [], left)
            if ready:
                chunk = os.read(self._from_child, 1 << 20)
                if not chunk:
                    raise BrowserError("Chromium closed the pipe (it exited)")
                self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        session: str | None = None,
        timeout: float | None = None,
    ) -> dict[str, Any]:
        """Send one command and return its result (events met meanwhile are kept)."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self._events.append(reply)

    def page(self, method: str, params: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
        return self.call(method, params, session=self._session, **kw)

    def wait_event(self, method: str, timeout: float | None = None) -> dict[str, Any]:
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            for n, event in enumerate(self._events):
                if event.get("method") == method:
                    return self._events.pop(n)
            self._events.append(self._read(deadline))

    # -- what the tests do ----------------------------------------------------------------------

    def open(
        self, path: str | Path, *, width: int = 1280, height: int = 900, mobile: bool = False
    ) -> None:
        """Load a file in the page at the given viewport and wait for its load event."""
        self.page(
            "Emulation.setDeviceMetricsOverride",
            {
                "width": width,
                "height": height,
                "deviceScaleFactor": 2 if mobile else 1,
                "mobile": mobile,
            },
        )
        self._events.clear()
        self.page("Page.navigate", {"url": Path(path).resolve().as_uri()})
        self.wait_event("Page.loadEventFired")

    def evaluate(self, expression: str, *, timeout: float | None = None) -> Any:
        """The value of a JavaScript expression in the page (a promise is awaited)."""
        result = self.page(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
            timeout=timeout,
        )
        if "exceptionDetails" in result:
            raise BrowserError(f"page error: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_verdict(self, *, timeout: float | None = None) -> dict[str, Any]:
        """Wait (inside the page, on the condition) until #verdict starts with PASS or FAIL;
        return {verdict, first, seconds, where} as the page shows them (where: worker or page)."""
        limit = int(1000 * (timeout or self.timeout))
        return self.evaluate(
            """new Promise((resolve, reject) => {
                 const start = performance.now();
                 const look = () => {
                   const v = document.getElementById('verdict').textContent;
                   if (/^(PASS|FAIL)/.test(v)) {
                     resolve({verdict: v, first: document.getElementById('first').textContent,
                              seconds: state.seconds, where: state.where});
                   } else if (performance.now() - start > LIMIT) {
                     reject(new Error('no verdict: ' + v));
                   } else { setTimeout(look, 20); }
                 };
                 look();
               })""".replace("LIMIT", str(limit)),
            timeout=(timeout or self.timeout) + 5,
        )

    def choose_file(self, selector: str, path: str | Path) -> None:
        """Pick a file in an <input type=file>, as the file dialog would."""
        doc = self.page("DOM.getDocument")["root"]["nodeId"]
        node = self.page("DOM.querySelector", {"nodeId": doc, "selector": selector})["nodeId"]
        self.page("DOM.setFileInputFiles", {"nodeId": node, "files": [str(Path(path).resolve())]})

    def drop_file(self, path: str | Path, *, x: int = 200, y: int = 150) -> None:
        """Drag a file from the desktop and drop it on the page at (x, y), as a person does."""
        data = {"items": [], "files": [str(Path(path).resolve())], "dragOperationsMask": 1}
        for kind in ("dragEnter", "dragOver", "drop"):
            self.page("Input.dispatchDragEvent", {"type": kind, "x": x, "y": y, "data": data})

    def screenshot(self, path: str | Path, *, full_page: bool = False) -> Path:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
        data = self.page("Page.captureScreenshot", params)["data"]
        out = Path(path)
        out.write_bytes(base64.b64decode(data))
        return out
