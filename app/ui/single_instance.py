"""One app per database: a lock file beside the database and a local server named after it.

A second instance finds the lock, asks the running one to raise its window, or opens the
file read-only. Never deletes another live process's lock (QLockFile checks the pid).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QMessageBox, QWidget

RAISE = b"raise\n"


def server_name(db_location: str | Path) -> str:
    """A local-socket name derived from the database path (the same for every user spelling)."""
    text = str(db_location)
    if "://" not in text:
        text = str(Path(text).expanduser().resolve())
    return "shuangsuiji-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def lock_path(db_location: str | Path) -> Path:
    return Path(str(Path(db_location).expanduser().resolve()) + ".lock")


class SingleInstance(QObject):
    """Holds the database's lock and answers "raise your window" from later instances."""

    raise_requested = Signal()

    def __init__(self, db_location: str | Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.location = db_location
        self.name = server_name(db_location)
        self.lock: QLockFile | None = None
        self.server: QLocalServer | None = None
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
        server = QLocalServer(self)
        QLocalServer.removeServer(self.name)  # a name left by a crashed instance (Unix)
        server.listen(self.name)
        server.newConnection.connect(self._on_server_new_connection)
        self.server = server
        return True

    def _on_server_new_connection(self) -> None:
        assert self.server is not None
        while (sock := self.server.nextPendingConnection()) is not None:
            sock.readyRead.connect(lambda s=sock: self._on_socket_ready_read(s))
            if sock.bytesAvailable():
                self._on_socket_ready_read(sock)

    def _on_socket_ready_read(self, sock: QLocalSocket) -> None:
        if bytes(sock.readAll().data()).startswith(RAISE.strip()):
            self.raise_requested.emit()
        sock.disconnectFromServer()

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        if self.lock is not None and self.lock.isLocked():
            self.lock.unlock()


def ask_running_instance_to_raise(db_location: str | Path, *, timeout_ms: int = 1000) -> bool:
    """Sends "raise" to the instance holding the database; False when none answers."""
    sock = QLocalSocket()
    sock.connectToServer(server_name(db_location))
    if not sock.waitForConnected(timeout_ms):
        return False
    sock.write(RAISE)
    ok = sock.waitForBytesWritten(timeout_ms)
    sock.disconnectFromServer()
    return ok


SWITCH, READ_ONLY, CANCEL = "switch", "read_only", "cancel"


def ask_second_instance(parent: QWidget | None, db_location: str | Path) -> str:
    """Tells the user the database is open elsewhere; returns SWITCH, READ_ONLY or CANCEL."""
    box = QMessageBox(parent)
    box.setObjectName("secondInstanceBox")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(box.tr("数据库已打开"))
    box.setText(
        box.tr("数据库 {0} 已在另一个窗口中打开。\n同一数据库同时只能由一个窗口编辑。").format(
            db_location
        )
    )
    switch = box.addButton(box.tr("切换到已打开的窗口"), QMessageBox.ButtonRole.AcceptRole)
    read_only = box.addButton(box.tr("以只读方式打开"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(box.tr("取消"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    return SWITCH if clicked is switch else READ_ONLY if clicked is read_only else CANCEL
