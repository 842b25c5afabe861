"""Shared test set-up: Qt offscreen, never the real keychain, private temp folders."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Subprocesses started by tests must never reach a real keychain either.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
os.environ.pop("DOSSIER_PASSPHRASE", None)

import keyring  # noqa: E402
import pytest  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402

PASSPHRASE = "correct paard batterij nietje"


class MemoryKeyring(KeyringBackend):
    """An in-memory keychain for tests."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        from keyring.errors import PasswordDeleteError

        if (service, username) not in self.store:
            raise PasswordDeleteError("not found")
        del self.store[(service, username)]


@pytest.fixture(autouse=True)
def memory_keyring():
    """Every test gets a fresh in-memory keychain, explicitly trusted as a real one.

    The app accepts only platform keychains (security/keychain.py); this is the
    one documented exception, made in code by the test suite itself."""
    from dossier_app.security import keychain

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    keychain.trust_backend_for_tests(MemoryKeyring)
    yield backend
    keychain.untrust_backend_for_tests(MemoryKeyring)
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _close_open_dossier():
    yield
    from dossier_app.store.dossier import Dossier

    current = Dossier.current()
    if current is not None:
        current.close()


@pytest.fixture(autouse=True)
def _forget_last_folder():
    """The folder file dialogs open in is remembered per run: each test starts without one."""
    yield
    folders = sys.modules.get("dossier_app.ui.folders")
    if folders is not None:
        folders.forget()


@pytest.fixture
def passphrase_file(tmp_path) -> Path:
    path = tmp_path / "wachtwoord.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


@pytest.fixture
def dossier(tmp_path):
    from dossier_app.store.dossier import Dossier

    opened = Dossier.create(tmp_path / "gezin.dossier", PASSPHRASE)
    yield opened
    if opened.is_open:
        opened.close()


@pytest.fixture
def demo_path(tmp_path) -> Path:
    """A closed demo dossier (today fixed at 2026-11-22), passphrase PASSPHRASE."""
    import datetime as dt

    from dossier_app.demo import create_demo

    path = tmp_path / "demo.dossier"
    create_demo(path, PASSPHRASE, today=dt.date(2026, 11, 22)).close()
    return path


@pytest.fixture
def cli(capsys):
    """Run the CLI in-process: returns (exit code, stdout, stderr)."""
    from dossier_app.cli import main

    def run(*args):
        code = main([str(arg) for arg in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def run_cli_subprocess(*args, env_extra=None, cwd=None):
    import subprocess

    env = dict(os.environ)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "dossier_app", *map(str, args)], capture_output=True,
                          text=True, env=env, cwd=cwd, stdin=subprocess.DEVNULL, timeout=120)


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    """The desktop app's main window with private settings, data and log folders; closed afterwards."""
    from dossier_app import paths
    from dossier_app.ui.main_window import MainWindow
    from uihelpers import WAIT_MS, message_boxes, wait_idle

    monkeypatch.setenv(paths.CONFIG_ENV, str(tmp_path / "config"))
    monkeypatch.setenv(paths.DATA_ENV, str(tmp_path / "data"))
    monkeypatch.setenv("GEZINSDOSSIER_LOGS", str(tmp_path / "logs"))
    main = MainWindow()
    main.show()
    main.activateWindow()
    yield main
    wait_idle(qtbot)
    from PySide6.QtWidgets import QApplication

    for box in message_boxes():
        box.close()
    for widget in QApplication.topLevelWidgets():     # dialogs a test left open
        if widget is not main and widget.isVisible() and widget.isWindow():
            widget.close()
    main.close()
    qtbot.waitUntil(lambda: not main.isVisible(), timeout=WAIT_MS)
    main.deleteLater()


def pytest_terminal_summary(terminalreporter):
    """The import's recognition accuracy per field (tests/test_intake.py), shown without -s."""
    lines = sys.modules["intake_corpus"].REPORT if "intake_corpus" in sys.modules else []
    if lines:
        terminalreporter.section("Herkenning bij importeren (testcorpus)")
        for line in lines:
            terminalreporter.write_line(line)
