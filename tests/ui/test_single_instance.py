"""Issue 23: one app per user. A dossier double-clicked while the app runs goes to the running app (a second
start hands it over and quits); macOS delivers it as a QFileOpenEvent."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from tests.conftest import PASSPHRASE
from dossier_app.services import session as sessions
from dossier_app.ui import single_instance
from tests.support.uihelpers import WAIT_MS, click_message_button, message_boxes, open_with_passphrase, unlock_dialog

PROGRAM = Path(sys.executable).parent / "dossier-app"


@pytest.fixture
def instance(monkeypatch, window):
    """The test's window as the running app, on a socket name of its own."""
    monkeypatch.setenv(single_instance.NAME_ENV, f"gezinsdossier-test-{uuid.uuid4().hex[:12]}")
    server = single_instance.attach(QApplication.instance(), window)
    assert server.server.isListening()
    yield server
    server.close()
    QApplication.instance().removeEventFilter(server.file_open_filter)


def make_dossier(path: Path) -> Path:
    sessions.create_dossier(path, PASSPHRASE, name=path.stem).close()
    return path


def second_start(qtbot, tmp_path, *args) -> subprocess.Popen:
    """`gezinsdossier ARGS` as the file manager starts it; the running app's event loop keeps turning meanwhile."""
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    process = subprocess.Popen([str(PROGRAM), *map(str, args)], cwd=tmp_path, env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        qtbot.waitUntil(lambda: process.poll() is not None, timeout=30000)
    finally:
        if process.poll() is None:      # it did not hand over and opened its own window: stop it
            process.kill()
            process.wait()
    return process


def unlock_dialog_for(path: Path):
    dialog = unlock_dialog()
    return dialog if dialog is not None and path.stem in dialog_text(dialog) else None


def dialog_text(dialog) -> str:
    from PySide6.QtWidgets import QLabel

    return dialog.windowTitle() + " " + " ".join(label.text() for label in dialog.findChildren(QLabel))


def test_a_second_start_with_a_dossier_hands_it_to_the_running_app(qtbot, instance, window, tmp_path):
    dossier = make_dossier(tmp_path / "dubbelklik.dossier")
    process = second_start(qtbot, tmp_path, dossier.name)     # a relative name: resolved by the second start
    assert process.returncode == 0, process.stderr.read().decode()
    qtbot.waitUntil(lambda: unlock_dialog_for(dossier) is not None, timeout=WAIT_MS)
    unlock_dialog().reject()


def test_a_second_start_without_a_dossier_only_brings_the_app_forward(qtbot, instance, window, tmp_path):
    window.showMinimized()
    process = second_start(qtbot, tmp_path)
    assert process.returncode == 0
    qtbot.waitUntil(lambda: not window.isMinimized(), timeout=WAIT_MS)
    assert unlock_dialog() is None


def test_with_another_dossier_open_the_app_asks_before_switching(qtbot, instance, window, tmp_path, request):
    first = make_dossier(tmp_path / "eerste.dossier")
    other = make_dossier(tmp_path / "tweede.dossier")
    open_with_passphrase(qtbot, window, first, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)

    process = subprocess.Popen([str(PROGRAM), str(other)], cwd=tmp_path, env=dict(os.environ),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    request.addfinalizer(lambda: process.poll() is None and process.kill())
    qtbot.waitUntil(lambda: any("overstappen naar tweede.dossier" in box.text() for box in message_boxes()),
                    timeout=30000)
    click_message_button(qtbot, "Blijven")
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=30000)
    assert process.returncode == 0
    assert window.dossier.is_open and Path(window.session.path) == first
    assert unlock_dialog() is None

    process = subprocess.Popen([str(PROGRAM), str(other)], cwd=tmp_path, env=dict(os.environ),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    request.addfinalizer(lambda: process.poll() is None and process.kill())
    qtbot.waitUntil(lambda: any("overstappen" in box.text() for box in message_boxes()), timeout=30000)
    click_message_button(qtbot, "Overstappen")
    qtbot.waitUntil(lambda: unlock_dialog_for(other) is not None, timeout=WAIT_MS)
    assert not window.dossier.is_open           # the first dossier was locked and closed first
    unlock_dialog().reject()
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=30000)


def test_macos_file_open_event_opens_the_dossier(qtbot, instance, window, tmp_path):
    dossier = make_dossier(tmp_path / "finder.dossier")
    QApplication.sendEvent(QApplication.instance(), QFileOpenEvent(str(dossier)))
    qtbot.waitUntil(lambda: unlock_dialog_for(dossier) is not None, timeout=WAIT_MS)
    unlock_dialog().reject()


def test_no_running_app_means_no_hand_over(monkeypatch, qapp):
    monkeypatch.setenv(single_instance.NAME_ENV, f"gezinsdossier-test-{uuid.uuid4().hex[:12]}")
    assert single_instance.hand_over([Path("x.dossier")]) is False


@pytest.mark.skipif(sys.platform == "win32", reason="Unix socket file")
def test_a_socket_left_by_a_crashed_app_is_taken_over(monkeypatch, qapp):
    name = f"gezinsdossier-test-{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv(single_instance.NAME_ENV, name)
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(Path(QDir.tempPath()) / name))
    stale.close()                                     # the file stays; nobody listens
    server = single_instance.InstanceServer()
    try:
        assert server.listen()
    finally:
        server.close()


def test_the_socket_name_is_private_to_the_user(monkeypatch):
    monkeypatch.delenv(single_instance.NAME_ENV, raising=False)
    name = single_instance.server_name()
    assert name.startswith("gezinsdossier-") and len(name) == len("gezinsdossier-") + 16
    import getpass

    assert getpass.getuser() not in name
