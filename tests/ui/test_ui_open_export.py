"""Bestand → Exporteren (open formaat)… and Bestand → Archief inlezen…, used as a person would."""

from __future__ import annotations

import json
import zipfile

import pyzipper
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.conftest import PASSPHRASE
from dossier_app.services import deadlines, session as sessions, timeline
from dossier_app.ui.archive_dialogs import ExportDialog, ImportArchiveDialog
from tests.support.uihelpers import (
    WAIT_MS, open_with_passphrase, press, trigger_menu, type_into, unlock_dialog, wait_idle, when_modal,
)

ARCHIVE_PASSPHRASE = "archief-wachtwoord-lang"
NEW_PASSPHRASE = "nieuwe zinnen voor het dossier"


def _ok(dialog):
    return dialog.buttons.button(dialog.buttons.StandardButton.Ok)


def test_export_menu_writes_an_encrypted_archive_and_import_opens_it_as_a_new_dossier(
        qtbot, window, demo_path, tmp_path):
    open_with_passphrase(qtbot, window, demo_path, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    target = tmp_path / "uit" / "demo-export.zip"
    target.parent.mkdir()
    seen = {}

    def fill_export(dialog):
        type_into(qtbot, dialog.target, str(target))
        type_into(qtbot, dialog.passphrase, ARCHIVE_PASSPHRASE)
        type_into(qtbot, dialog.repeat, "anders")
        seen["mismatch"] = (dialog.error.text(), _ok(dialog).isEnabled())
        type_into(qtbot, dialog.repeat, ARCHIVE_PASSPHRASE)
        seen["ok"] = _ok(dialog).isEnabled()
        qtbot.mouseClick(_ok(dialog), Qt.LeftButton)

    when_modal(qtbot, ExportDialog, fill_export)
    trigger_menu(window, "Bestand", "Exporteren (open formaat)…")
    qtbot.waitUntil(lambda: target.exists(), timeout=WAIT_MS * 3)
    wait_idle(qtbot)
    assert seen["mismatch"] == ("De twee wachtwoorden zijn niet gelijk.", False) and seen["ok"]
    assert "demo-export.zip" in window.statusBar().currentMessage()
    assert b"Noor" not in target.read_bytes()
    with pyzipper.AESZipFile(target) as handle:
        handle.setpassword(ARCHIVE_PASSPHRASE.encode())
        data = json.loads(handle.read("dossier.json"))
    assert {person["name"] for person in data["persons"]} >= {"Noor de Vries", "Sanne de Vries"}
    terms_before = deadlines.open_items(window.session)

    new = tmp_path / "uit" / "kopie.dossier"

    def fill_import(dialog):
        assert "wordt eerst gesloten" in dialog.intro.text()
        type_into(qtbot, dialog.source, str(target))
        type_into(qtbot, dialog.archive_passphrase, ARCHIVE_PASSPHRASE)
        type_into(qtbot, dialog.target, str(new))
        type_into(qtbot, dialog.new, NEW_PASSPHRASE)
        type_into(qtbot, dialog.repeat, NEW_PASSPHRASE)
        qtbot.mouseClick(_ok(dialog), Qt.LeftButton)

    when_modal(qtbot, ImportArchiveDialog, fill_import)
    trigger_menu(window, "Bestand", "Archief inlezen…")
    qtbot.waitUntil(lambda: new.exists(), timeout=WAIT_MS * 3)
    qtbot.waitUntil(lambda: unlock_dialog() is not None, timeout=WAIT_MS)
    type_into(qtbot, unlock_dialog().panel.passphrase, NEW_PASSPHRASE)
    press(qtbot, unlock_dialog().panel.passphrase, Qt.Key_Return)
    qtbot.waitUntil(lambda: window.dossier.is_open and window.session.path == new, timeout=WAIT_MS)
    wait_idle(qtbot)
    assert deadlines.open_items(window.session) == terms_before
    assert any(item.title == "Keukentafelgesprek met het jeugd- en gezinsteam"
               for item in timeline.timeline(window.session))


def test_plain_export_asks_first_and_no_means_nothing_is_written(qtbot, window, tmp_path, monkeypatch):
    path = tmp_path / "gezin.dossier"
    with sessions.create_dossier(path, PASSPHRASE, name="Familie Open") as opened:
        timeline.add_note(opened, "Eerste notitie")
    open_with_passphrase(qtbot, window, path, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    target = tmp_path / "open.zip"
    answers = [QMessageBox.No, QMessageBox.Yes]
    asked = []

    def warning(_parent, _title, text, *args):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "warning", warning)
    clicks = []

    def fill(dialog):
        type_into(qtbot, dialog.target, str(target))
        qtbot.mouseClick(dialog.encrypt, Qt.LeftButton)
        assert not dialog.passphrase.isEnabled() and _ok(dialog).isEnabled()
        qtbot.mouseClick(_ok(dialog), Qt.LeftButton)       # asked, "Nee": nothing happens
        clicks.append(target.exists())
        qtbot.mouseClick(_ok(dialog), Qt.LeftButton)       # asked again, "Ja"

    when_modal(qtbot, ExportDialog, fill)
    trigger_menu(window, "Bestand", "Exporteren (open formaat)…")
    qtbot.waitUntil(lambda: target.exists(), timeout=WAIT_MS * 3)
    wait_idle(qtbot)
    assert clicks == [False] and len(asked) == 2 and "Onversleuteld exporteren?" in asked[0]
    data = json.loads(zipfile.ZipFile(target).read("dossier.json"))
    assert data["info"]["name"] == "Familie Open"
    assert "ONVERSLEUTELD" in window.statusBar().currentMessage()


def test_import_of_a_bad_archive_shows_the_field_writes_nothing_and_keeps_the_open_dossier(
        qtbot, window, tmp_path):
    path = tmp_path / "gezin.dossier"
    with sessions.create_dossier(path, PASSPHRASE, name="Familie Open") as opened:
        timeline.add_note(opened, "Eerste notitie")
    open_with_passphrase(qtbot, window, path, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    bad = tmp_path / "slecht.zip"
    with zipfile.ZipFile(bad, "w") as handle:
        handle.writestr("dossier.json", json.dumps({"format": "gezinsdossier-export", "version": 1,
                                                    "persons": [{"id": 1, "role": "ouder"}]}))
    new = tmp_path / "nieuw.dossier"
    shown = {}
    before = {item.name for item in tmp_path.iterdir()}

    def fill(dialog):
        type_into(qtbot, dialog.source, str(bad))
        type_into(qtbot, dialog.target, str(new))
        type_into(qtbot, dialog.new, NEW_PASSPHRASE)
        type_into(qtbot, dialog.repeat, NEW_PASSPHRASE)
        qtbot.mouseClick(_ok(dialog), Qt.LeftButton)
        qtbot.waitUntil(lambda: bool(dialog.error.text()), timeout=WAIT_MS)
        shown["error"] = dialog.error.text()
        dialog.reject()

    when_modal(qtbot, ImportArchiveDialog, fill)
    trigger_menu(window, "Bestand", "Archief inlezen…")
    qtbot.waitUntil(lambda: "error" in shown, timeout=WAIT_MS * 3)
    wait_idle(qtbot)
    assert "persons[0]: het veld 'name' ontbreekt" in shown["error"]
    assert {item.name for item in tmp_path.iterdir()} - before <= {"logs", "config", "data"}
    assert not new.exists() and not list(tmp_path.glob(".inlezen-*"))
    assert window.dossier.is_open and window.session.path == path     # only closed for a readable archive


def test_export_over_an_existing_file_asks_and_never_over_the_dossier(qtbot, window, tmp_path, monkeypatch):
    path = tmp_path / "gezin.dossier"
    with sessions.create_dossier(path, PASSPHRASE, name="Familie Open") as opened:
        timeline.add_note(opened, "Eerste notitie")
    open_with_passphrase(qtbot, window, path, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    existing = tmp_path / "bestaat.zip"
    existing.write_bytes(b"oud")
    answers = [QMessageBox.No, QMessageBox.Yes]
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a: asked.append(text) or answers.pop(0))
    states = []

    def fill(dialog):
        type_into(qtbot, dialog.target, str(path))             # the dossier itself: refused, never asked
        type_into(qtbot, dialog.passphrase, ARCHIVE_PASSPHRASE)
        type_into(qtbot, dialog.repeat, ARCHIVE_PASSPHRASE)
        qtbot.mouseClick(_ok(dialog), Qt.LeftButton)
        qtbot.waitUntil(lambda: "nooit overschreven" in dialog.error.text(), timeout=WAIT_MS)
        type_into(qtbot, dialog.target, str(existing))
        qtbot.mouseClick(_ok(dialog), Qt.LeftButton)           # asked: "Nee"
        qtbot.waitUntil(lambda: len(asked) == 1 and _ok(dialog).isEnabled(), timeout=WAIT_MS)
        states.append(existing.read_bytes())
        qtbot.mouseClick(_ok(dialog), Qt.LeftButton)           # asked again: "Ja"

    when_modal(qtbot, ExportDialog, fill)
    trigger_menu(window, "Bestand", "Exporteren (open formaat)…")
    qtbot.waitUntil(lambda: existing.read_bytes() != b"oud", timeout=WAIT_MS * 3)
    wait_idle(qtbot)
    assert states == [b"oud"] and len(asked) == 2 and "bestaat.zip bestaat al" in asked[0]
    assert existing.read_bytes().startswith(b"PK") and window.dossier.is_open


@pytest.mark.parametrize("how", ["ctrl-l", "auto-lock"])
def test_locking_during_a_long_export_cancels_it_and_leaves_nothing(qtbot, window, demo_path, tmp_path, monkeypatch,
                                                                    how):
    """Issue 27: locking waited for running work and tasks could not be cancelled. Now the app locking during
    a long export stops it: the dossier locks, the dialog says it was cancelled, no (half) archive is left."""
    import threading
    import time

    from PySide6.QtCore import QTimer

    from dossier_app.security import filecrypt
    from dossier_app.services import attachments

    with sessions.DossierSession(demo_path) as opened:
        opened.unlock(PASSPHRASE)
        source = tmp_path / "verslag.bin"
        source.write_bytes(b"x" * 200_000)
        attachments.add_file(opened, timeline.add_note(opened, "Met een bijlage"), source)
    real, started = filecrypt.decrypt_file, threading.Event()

    def slow_decrypt(source, dst, *args, **kwargs):
        """As if the attachment were very large: it keeps writing (and so checking) for up to 20 s."""
        real(source, dst, *args, **kwargs)
        if started.is_set():
            return
        started.set()
        for _ in range(400):
            dst.write(b"")
            time.sleep(0.05)

    monkeypatch.setattr(filecrypt, "decrypt_file", slow_decrypt)
    open_with_passphrase(qtbot, window, demo_path, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    target = tmp_path / "uit" / "demo-export.zip"
    target.parent.mkdir()
    seen = {}

    def when(condition, then):
        QTimer.singleShot(20, lambda: then() if condition() else when(condition, then))

    def after_cancel(dialog):
        seen.update(message=dialog.error.text(), locked=not window.dossier.is_open,
                    page=window.stack.currentWidget() is window.lock_page, exists=target.exists())
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.LeftButton)

    def fill(dialog):
        type_into(qtbot, dialog.target, str(target))
        type_into(qtbot, dialog.passphrase, ARCHIVE_PASSPHRASE)
        type_into(qtbot, dialog.repeat, ARCHIVE_PASSPHRASE)
        qtbot.mouseClick(_ok(dialog), Qt.LeftButton)
        # The parent presses Ctrl+L in the export window — or waits without touching anything, and the app
        # locks itself (auto-lock after idle minutes; here after 0.2 s).
        when(started.is_set, lambda: (
            press(qtbot, dialog.passphrase, Qt.Key_L, Qt.ControlModifier) if how == "ctrl-l"
            else window.idle.timer.start(200),
            when(lambda: not dialog.working, lambda: after_cancel(dialog))))

    when_modal(qtbot, ExportDialog, fill)
    began = time.monotonic()
    trigger_menu(window, "Bestand", "Exporteren (open formaat)…")
    qtbot.waitUntil(lambda: "message" in seen, timeout=WAIT_MS * 3)
    assert time.monotonic() - began < 15          # it did not wait for the 20 s "export" to finish
    assert "Afgebroken" in seen["message"] and "niets half opgeslagen" in seen["message"]
    assert seen["locked"] and seen["page"] and not seen["exists"]
    assert sorted(item.name for item in target.parent.iterdir()) == []     # no .deel left either
