"""One app per user: a dossier double-clicked while the app runs is handed to the running app.

The first app listens on a local socket (QLocalServer: a Unix socket, a named pipe on Windows) whose name is
private to the user. A second start (`gezinsdossier gezin.dossier` from the file manager) connects, sends the
path as one JSON line, waits for "ok" and quits; the running app comes to the front and opens the dossier (or
asks first when another dossier is open). Only file paths pass: never a passphrase or dossier content.

On macOS a double-clicked document arrives as a QFileOpenEvent, also while the app starts; it goes the same way.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QMessageBox

from dossier_app import APP_NAME

NAME_ENV = "GEZINSDOSSIER_INSTANCE"        # another socket name (tests); "uit" = no single instance at all
CONNECT_MS = 500
ANSWER_MS = 3000
MAX_MESSAGE = 64 * 1024


def server_name() -> str:
    """Private to this user (and to the test that sets NAME_ENV)."""
    override = os.environ.get(NAME_ENV)
    if override:
        return override
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(Path.home())
    return "gezinsdossier-" + hashlib.sha256(user.encode("utf-8")).hexdigest()[:16]


def enabled() -> bool:
    return os.environ.get(NAME_ENV, "").lower() not in ("uit", "off", "0")


def hand_over(paths: list[Path]) -> bool:
    """Give the dossier(s) to an app that already runs for this user; True when it took them."""
    if not enabled():
        return False
    socket = QLocalSocket()
    socket.connectToServer(server_name())
    if not socket.waitForConnected(CONNECT_MS):
        return False
    message = json.dumps({"open": [str(Path(path).resolve()) for path in paths]}) + "\n"
    socket.write(QByteArray(message.encode("utf-8")))
    socket.flush()
    if socket.bytesToWrite():
        socket.waitForBytesWritten(ANSWER_MS)
    taken = False
    if socket.waitForReadyRead(ANSWER_MS):
        taken = bytes(socket.readAll().data()).startswith(b"ok")
    socket.disconnectFromServer()
    return taken


class InstanceServer(QObject):
    """Listens for later starts of the app; `requested` carries the paths they were given (maybe none)."""

    requested = Signal(list)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}
        self.file_open_filter: QObject | None = None     # macOS file-open events (attach)

    def listen(self) -> bool:
        """Start listening; a socket left behind by a crashed app is removed first."""
        if not enabled():
            return False
        name = server_name()
        if self.server.listen(name):
            return True
        probe = QLocalSocket()
        probe.connectToServer(name)
        if probe.waitForConnected(CONNECT_MS):
            probe.disconnectFromServer()
            return False           # another app really runs (it lost the race): this one stays on its own
        QLocalServer.removeServer(name)
        return self.server.listen(name)

    def close(self):
        self.server.close()

    def _accept(self):
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _forget(self, socket):
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def _read(self, socket):
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if len(data) > MAX_MESSAGE:
            socket.abort()
            return
        self._buffers[socket] = data
        if b"\n" not in data:
            return
        try:
            paths = [Path(item) for item in json.loads(data.split(b"\n", 1)[0].decode("utf-8")).get("open", [])
                     if isinstance(item, str)]
        except (ValueError, AttributeError):
            socket.abort()
            return
        socket.write(QByteArray(b"ok\n"))
        socket.flush()
        self.requested.emit(paths)


class FileOpenFilter(QObject):
    """macOS: a document double-clicked in the Finder (or dropped on the Dock icon) arrives as QFileOpenEvent."""

    def __init__(self, handler: Callable[[Path], None], parent=None):
        super().__init__(parent)
        self.handler = handler

    def eventFilter(self, watched, event):
        if event.type() == QEvent.FileOpen:
            name = event.file() or event.url().toLocalFile()
            if name:
                self.handler(Path(name))
                return True
        return super().eventFilter(watched, event)


def bring(window, paths: list[Path]) -> None:
    """The running app, given dossier(s) by a later start: to the front, then open the (first) dossier; when
    another dossier is open, ask before switching (it is locked and closed first)."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
    if not paths:
        return
    path = Path(paths[0])
    session = window.session
    if session is not None and session.is_open and Path(session.path).resolve() != path.resolve():
        box = QMessageBox(QMessageBox.Icon.Question, APP_NAME,
                          f"U heeft nu een ander dossier open. Wilt u overstappen naar {path.name}?",
                          QMessageBox.StandardButton.NoButton, window)
        box.setInformativeText("Het open dossier wordt dan eerst vergrendeld en gesloten.")
        switch = box.addButton("Overstappen", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Blijven", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(switch)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Window-modal but not blocking: this runs inside the socket's signal, which must not wait on the user.
        box.buttonClicked.connect(lambda button: window.open_path(path) if button is switch else None)
        box.open()
        return
    window.open_path(path)


def attach(app, window) -> InstanceServer:
    """Make `window` the one app of this user: later starts and macOS file-open events bring it dossiers."""
    server = InstanceServer(app)
    server.requested.connect(lambda paths: bring(window, paths))
    server.listen()
    server.file_open_filter = FileOpenFilter(lambda path: bring(window, [path]), app)
    app.installEventFilter(server.file_open_filter)
    return server
