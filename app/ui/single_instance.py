"""One app per database: a lock file beside the database and a local channel named after it.

A second instance finds the lock, asks the running one to raise its window, or opens the
file read-only. Never deletes another live process's lock (QLockFile checks the pid). The
channel is the standard library's (a Unix socket or a Windows named pipe), so the frozen
app carries no QtNetwork.
"""

from __future__ import annotations

import contextlib
import hashlib
import sys
import tempfile
import threading
from multiprocessing.connection import Client, Listener
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

RAISE = b"raise"
STOP = b"stop"


def server_name(db_location: str | Path) -> str:
    """A channel name derived from the database path (the same for every user spelling)."""
    text = str(db_location)
    if "://" not in text:
        text = str(Path(text).expanduser().resolve())
    return "shuangsuiji-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def _address(name: str) -> tuple[str, str]:
    if sys.platform == "win32":
        return rf"\\.\pipe\{name}", "AF_PIPE"
    return str(Path(tempfile.gettempdir()) / f"{name}.sock"), "AF_UNIX"


def _authkey(name: str) -> bytes:
    return hashlib.sha256(b"shuangsuiji-instance/" + name.encode()).digest()


def lock_path(db_location: str | Path) -> Path:
    return Path(str(Path(db_location).expanduser().resolve()) + ".lock")


class SingleInstance(QObject):
    """Holds the database's lock and answers "raise your window" from later instances."""

    raise_requested = Signal()  # emitted from the listener thread; delivered queued

    def __init__(self, db_location: str | Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.location = db_location
        self.name = server_name(db_location)
        self.lock: QLockFile | None = None
        self._listener: Listener | None = None
        self._thread: threading.Thread | None = None
        if "://" not in str(db_location):
            self.lock = QLockFile(str(lock_path(db_location)))
            self.lock.setStaleLockTime(0)  # stale only when its process is gone

    def acquire(self) -> bool:
        """True when this process now owns the database; False when another instance does."""
        # Another live process holds it; any other lock error (a read-only folder) does not block.
        lock = self.lock
        if (
            lock is not None
            and not lock.tryLock(200)
            and lock.error() == QLockFile.LockError.LockFailedError
        ):
            return False
        address, family = _address(self.name)
        if family == "AF_UNIX":
            Path(address).unlink(missing_ok=True)  # left by a crashed instance; we hold the lock
        try:
            self._listener = Listener(address, family, authkey=_authkey(self.name))
        except OSError:
            self._listener = None  # no channel: the lock alone still guards the file
            return True
        self._thread = threading.Thread(target=self._serve, name="single-instance", daemon=True)
        self._thread.start()
        return True

    def _serve(self) -> None:
        listener = self._listener
        while listener is not None:
            try:
                with listener.accept() as conn:
                    message = conn.recv_bytes(64)
            except (OSError, EOFError):
                return
            except Exception:  # noqa: BLE001 — a stranger's bad handshake must not stop us
                continue
            if message == STOP:
                return
            if message == RAISE:
                self.raise_requested.emit()

    def release(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            _send(self.name, STOP, timeout_s=1.0)  # wakes accept() on every platform
            if self._thread is not None:
                self._thread.join(2.0)
            with contextlib.suppress(OSError):
                listener.close()
        if self.lock is not None and self.lock.isLocked():
            self.lock.unlock()


def _send(name: str, message: bytes, *, timeout_s: float) -> bool:
    address, family = _address(name)
    if family == "AF_UNIX" and not Path(address).exists():
        return False
    result: list[bool] = []

    def attempt() -> None:
        try:
            with Client(address, family, authkey=_authkey(name)) as conn:
                conn.send_bytes(message)
            result.append(True)
        except Exception:  # noqa: BLE001 — nobody listening is an answer, not an error
            result.append(False)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(timeout_s)
    return bool(result and result[0])


def ask_running_instance_to_raise(db_location: str | Path, *, timeout_ms: int = 1000) -> bool:
    """Sends "raise" to the instance holding the database; False when none answers."""
    return _send(server_name(db_location), RAISE, timeout_s=timeout_ms / 1000)


SWITCH, READ_ONLY, CANCEL = "switch", "read_only", "cancel"


def ask_second_instance(parent: QWidget | None, db_location: str | Path) -> str:
    """Tells the user the database is open elsewhere; returns SWITCH, READ_ONLY or CANCEL."""
    box = QMessageBox(parent)
    box.setObjectName("secondInstanceBox")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(QCoreApplication.translate("single_instance", "数据库已打开"))
    box.setText(
        QCoreApplication.translate(
            "single_instance",
            "数据库 {0} 已在另一个窗口中打开。\n同一数据库同时只能由一个窗口编辑。",
        ).format(db_location)
    )
    switch = box.addButton(
        QCoreApplication.translate("single_instance", "切换到已打开的窗口"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    read_only = box.addButton(
        QCoreApplication.translate("single_instance", "以只读方式打开"),
        QMessageBox.ButtonRole.ActionRole,
    )
    box.addButton(
        QCoreApplication.translate("single_instance", "取消"), QMessageBox.ButtonRole.RejectRole
    )
    box.exec()
    clicked = box.clickedButton()
    return SWITCH if clicked is switch else READ_ONLY if clicked is read_only else CANCEL
