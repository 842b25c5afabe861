"""Locking while work runs (issue 27): what can be cancelled is stopped; what cannot is waited for, visibly."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from conftest import PASSPHRASE
from dossier_app.store.dossier import Dossier
from uihelpers import WAIT_MS, open_with_passphrase, press, trigger_menu, wait_idle


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
