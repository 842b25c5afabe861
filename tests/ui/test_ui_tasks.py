"""Locking while work runs (issue 27): what can be cancelled is stopped; what cannot is waited for, visibly."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from tests.conftest import PASSPHRASE
from dossier_app.store.dossier import Dossier
from tests.support.uihelpers import WAIT_MS, open_with_passphrase, press, trigger_menu, wait_idle


def test_locking_waits_visibly_for_the_integrity_check_which_cannot_be_cancelled(
        qtbot, window, demo_path, monkeypatch):
    open_with_passphrase(qtbot, window, demo_path, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    running, release = threading.Event(), threading.Event()
    real = Dossier.verify_integrity

    def slow_check(self):
        """As if the file were large: the check of every page takes until the test lets it finish."""
        running.set()
        release.wait(20)
        real(self)

    monkeypatch.setattr(Dossier, "verify_integrity", slow_check)
    trigger_menu(window, "Bestand", "Dossier controleren")
    qtbot.waitUntil(running.is_set, timeout=WAIT_MS)
    press(qtbot, window, Qt.Key_L, Qt.ControlModifier)
    qtbot.waitUntil(lambda: "zodra dit klaar is" in window.statusBar().currentMessage(), timeout=WAIT_MS)
    assert "de controle van het dossier" in window.statusBar().currentMessage()
    assert window.dossier.is_open                 # not locked under the running check
    release.set()
    qtbot.waitUntil(lambda: not window.dossier.is_open, timeout=WAIT_MS)
    assert window.stack.currentWidget() is window.lock_page
    assert "zodra dit klaar is" not in window.statusBar().currentMessage()


def test_locking_cancels_the_automatic_backup_and_says_so(qtbot, window, demo_path, tmp_path, monkeypatch):
    from dossier_app import settings as settings_store
    from dossier_app.ui.controllers.dossier_controller import AUTOMATIC_BACKUP_CANCELLED

    folder = tmp_path / "backups"
    window.settings.backup_folder = str(folder)
    settings_store.save(window.settings)
    copying, go = threading.Event(), threading.Event()
    real = Dossier.export_copy

    def slow_copy(self, target, **kwargs):
        """As if the dossier were large: copying it for the backup takes until the test lets it finish."""
        real(self, target, **kwargs)
        copying.set()
        go.wait(20)

    monkeypatch.setattr(Dossier, "export_copy", slow_copy)
    open_with_passphrase(qtbot, window, demo_path, PASSPHRASE)
    qtbot.waitUntil(copying.is_set, timeout=WAIT_MS)
    press(qtbot, window, Qt.Key_L, Qt.ControlModifier)
    go.set()
    qtbot.waitUntil(lambda: not window.dossier.is_open, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == AUTOMATIC_BACKUP_CANCELLED, timeout=WAIT_MS)
    assert not folder.exists() or [item.name for item in folder.iterdir()] == []
