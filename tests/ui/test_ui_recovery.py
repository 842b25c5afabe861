"""The recovery key in the desktop app, driven as a person: creating a dossier shows the
Herstelblad once (key, QR code, save as PDF); the unlock dialog's "Wachtwoord vergeten?"
opens the dossier with the key and a new passphrase."""

import re
import stat

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton

from tests.conftest import PASSPHRASE
from dossier_app.services import session as sessions, timeline
from dossier_app.ui.dialogs import CreateDialog
from dossier_app.ui.recovery_dialogs import RecoverDialog, RecoverySheetDialog
from tests.support.uihelpers import (
    WAIT_MS, click_message_button, message_boxes, press, trigger_menu, type_into, unlock_dialog, visible_dialogs,
    wait_idle, when_modal,
)

NEW = "een nieuw wachtwoord voor het gezin"
KEY_PATTERN = re.compile(r"^([0-9A-Z]{4}\s+){8}[0-9A-Z]{4}$")


def sheet_dialog():
    dialogs = visible_dialogs(RecoverySheetDialog)
    return dialogs[-1] if dialogs else None


def create_through_the_menu(qtbot, window, path):
    def fill(dialog):
        type_into(qtbot, dialog.path_edit, str(path))
        type_into(qtbot, dialog.name_edit, "Familie Sleutel")
        type_into(qtbot, dialog.passphrase, PASSPHRASE)
        type_into(qtbot, dialog.repeat, PASSPHRASE)
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.LeftButton)

    when_modal(qtbot, CreateDialog, fill)
    trigger_menu(window, "Bestand", "Nieuw dossier…")
    qtbot.waitUntil(lambda: sheet_dialog() is not None, timeout=WAIT_MS)
    return sheet_dialog()


def test_create_shows_the_herstelblad_and_saves_it_as_pdf(qtbot, window, tmp_path, monkeypatch):
    path = tmp_path / "sleutel.dossier"
    dialog = create_through_the_menu(qtbot, window, path)
    assert window.dossier.is_open
    key = " ".join(dialog.key_label.text().split())
    assert KEY_PATTERN.match(key), key
    shown = " ".join(label.text() for label in dialog.findChildren(type(dialog.key_label)))
    assert "één keer" in shown and "paspoort" in shown and "Familie Sleutel" in shown
    target = tmp_path / "herstelblad.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: target.exists() and "Opgeslagen" in dialog.status.text(), timeout=WAIT_MS)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    import pypdf

    text = pypdf.PdfReader(target).pages[0].extract_text()
    assert all(group in text for group in key.split())
    qtbot.mouseClick(dialog.close_button, Qt.LeftButton)       # saved: closes without asking
    qtbot.waitUntil(lambda: sheet_dialog() is None, timeout=WAIT_MS)
    assert not message_boxes()
    # The key shown is this dossier's.
    window.dossier.close()
    opened = sessions.DossierSession(path)
    from dossier_app.services import recovery

    recovery.recover(opened, key, NEW)
    opened.lock()


def test_printed_sheet_holds_the_key_and_closing_needs_no_question(qtbot, window, tmp_path, monkeypatch):
    """Afdrukken…: the print dialog accepted (to a PDF printer here), the page holds the key."""
    import pypdf
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    dialog = create_through_the_menu(qtbot, window, tmp_path / "print.dossier")
    key = " ".join(dialog.key_label.text().split())
    printed = tmp_path / "geprint.pdf"

    def accept_to_pdf(print_dialog):
        print_dialog.printer().setOutputFormat(QPrinter.PdfFormat)
        print_dialog.printer().setOutputFileName(str(printed))
        return QPrintDialog.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept_to_pdf)
    qtbot.mouseClick(dialog.print_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "printer" in dialog.status.text(), timeout=WAIT_MS)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(printed).pages)
    assert all(group in text for group in key.split()) and "paspoort" in text
    assert stat.S_IMODE(printed.stat().st_mode) == 0o600
    # Printing to a file never goes over the dossier.
    dossier = tmp_path / "print.dossier"
    before = dossier.read_bytes()
    printed = dossier
    qtbot.mouseClick(dialog.print_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=WAIT_MS)
    assert "nooit overschreven" in dialog.error.text() and dossier.read_bytes() == before
    qtbot.mouseClick(dialog.close_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: sheet_dialog() is None, timeout=WAIT_MS)
    assert not message_boxes()


def test_closing_an_unsaved_herstelblad_asks_first(qtbot, window, tmp_path):
    dialog = create_through_the_menu(qtbot, window, tmp_path / "vraag.dossier")
    qtbot.mouseClick(dialog.close_button, Qt.LeftButton)
    click_message_button(qtbot, "Terug")
    qtbot.waitUntil(lambda: not message_boxes(), timeout=WAIT_MS)
    assert sheet_dialog() is dialog
    press(qtbot, dialog, Qt.Key_Escape)
    click_message_button(qtbot, "Toch sluiten")
    qtbot.waitUntil(lambda: sheet_dialog() is None, timeout=WAIT_MS)


def test_forgotten_passphrase_unlock_with_recovery_key(qtbot, window, tmp_path):
    path = tmp_path / "vergeten.dossier"
    from dossier_app.services import recovery

    with sessions.create_dossier(path, PASSPHRASE, name="Familie Vergeten") as opened:
        timeline.add_note(opened, "Eerste notitie")
        key = recovery.make_recovery_key(opened).key
    window.open_path(path)
    qtbot.waitUntil(lambda: unlock_dialog() is not None, timeout=WAIT_MS)
    panel = unlock_dialog().panel
    link = panel.findChild(QPushButton, "use-recovery-key")
    assert link.text() == "Wachtwoord vergeten? Herstelsleutel gebruiken…"
    qtbot.mouseClick(link, Qt.LeftButton)
    qtbot.waitUntil(lambda: bool(visible_dialogs(RecoverDialog)), timeout=WAIT_MS)
    dialog = visible_dialogs(RecoverDialog)[-1]
    # A typo first: said clearly, nothing opened.
    wrong_group = key.split()[3]
    typo = key.replace(wrong_group, ("1" if wrong_group[0] != "1" else "2") + wrong_group[1:], 1)
    type_into(qtbot, dialog.key, typo.lower())
    type_into(qtbot, dialog.new, NEW)
    assert "Sterkte" in dialog.strength.text()
    type_into(qtbot, dialog.repeat, NEW)
    press(qtbot, dialog.repeat, Qt.Key_Return)
    qtbot.waitUntil(lambda: dialog.error.isVisible() and not dialog.working, timeout=WAIT_MS)
    assert "niet goed overgenomen" in dialog.error.text() and not window.dossier.is_open
    type_into(qtbot, dialog.key, key)
    press(qtbot, dialog.key, Qt.Key_Return)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    assert window.windowTitle() == "Gezinsdossier — Familie Vergeten"
    assert [item.title for item in timeline.timeline(window.session)] == ["Eerste notitie"]
    qtbot.waitUntil(lambda: bool(message_boxes()), timeout=WAIT_MS)
    told = message_boxes()[-1].text()
    assert "nieuwe wachtwoord" in told and "oude wachtwoord" in told
    assert "Bestand → Herstelblad maken…" in told and "dossier-app" not in told   # the app names its menu
    window.dossier.close()
    check = sessions.DossierSession(path)
    check.unlock(NEW)
    check.lock()


def test_recovery_dialog_says_when_the_recovery_file_is_missing(qtbot, window, tmp_path):
    path = tmp_path / "zonder.dossier"
    with sessions.create_dossier(path, PASSPHRASE):
        pass
    window.open_path(path)
    qtbot.waitUntil(lambda: unlock_dialog() is not None, timeout=WAIT_MS)
    qtbot.mouseClick(unlock_dialog().panel.forgot_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: bool(visible_dialogs(RecoverDialog)), timeout=WAIT_MS)
    dialog = visible_dialogs(RecoverDialog)[-1]
    assert "geen herstelbestand" in dialog.error.text()
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.LeftButton)


def test_menu_makes_a_new_herstelblad_and_warns_it_replaces_the_old(qtbot, window, tmp_path):
    path = tmp_path / "menu.dossier"
    from dossier_app.services import recovery

    with sessions.create_dossier(path, PASSPHRASE, name="Familie Menu") as opened:
        old = recovery.make_recovery_key(opened).key
    window.open_path(path)
    qtbot.waitUntil(lambda: unlock_dialog() is not None, timeout=WAIT_MS)
    type_into(qtbot, unlock_dialog().panel.passphrase, PASSPHRASE)
    press(qtbot, unlock_dialog().panel.passphrase, Qt.Key_Return)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    seen = []

    def confirm(box):
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == "Nieuw herstelblad maken").click()

    from PySide6.QtWidgets import QMessageBox

    when_modal(qtbot, QMessageBox, confirm)
    trigger_menu(window, "Bestand", "Herstelblad maken…")
    qtbot.waitUntil(lambda: sheet_dialog() is not None, timeout=WAIT_MS)
    assert "werkt daarna niet meer" in seen[0]
    dialog = sheet_dialog()
    new = " ".join(dialog.key_label.text().split())
    assert new != old and "werkt vanaf nu niet meer" in " ".join(
        label.text() for label in dialog.findChildren(type(dialog.key_label)))
