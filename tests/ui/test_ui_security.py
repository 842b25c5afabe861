"""The desktop app's careful side, driven as a person: a dossier open elsewhere, a synced folder,
changing the passphrase, putting a backup back, damaged settings."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from tests.conftest import PASSPHRASE
from dossier_app import paths
from dossier_app.services import backups, session as sessions, timeline
from dossier_app.ui.main_window import MainWindow
from dossier_app.ui.security_dialogs import PassphraseDialog, RestoreDialog
from tests.services.test_concurrency import start_other, tell
from tests.support.uihelpers import (
    WAIT_MS, open_with_passphrase, page, press, trigger_menu, type_into, unlock_dialog, wait_idle,
    when_modal,
)

NEW_PASSPHRASE = "nieuwe zinnen voor het dossier"


def make_dossier(folder, name="gezin.dossier"):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    with sessions.create_dossier(path, PASSPHRASE, name="Familie Veilig") as opened:
        timeline.add_note(opened, "Eerste notitie")
    return path


@pytest.mark.multiprocess
def test_dossier_open_elsewhere_offers_read_only(qtbot, window, tmp_path):
    path = make_dossier(tmp_path)
    other = start_other(path)
    try:
        dialog = open_with_passphrase(qtbot, window, path, PASSPHRASE)
        panel = dialog.panel
        qtbot.waitUntil(lambda: panel.read_only_button.isVisible(), timeout=WAIT_MS)
        assert "al geopend op" in panel.error.text()
        assert not window.dossier.is_open
        # Found by hand: the dialog did not grow, so the two-line message was cut off at top and bottom.
        error = panel.error
        qtbot.waitUntil(lambda: error.height() >= error.heightForWidth(error.width()), timeout=WAIT_MS)
        assert dialog.height() >= dialog.sizeHint().height()
        qtbot.mouseClick(panel.read_only_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
        wait_idle(qtbot)
        notice = window.findChild(QWidget, "dossier-notice")
        assert notice.isVisible() and "Alleen-lezen" in notice.text()
        assert window.session.read_only
        assert tell(other, "nog steeds van de ander") == "saved"
        tell(other, "close")
    finally:
        other.stdin.close()
        other.wait(timeout=30)


def test_dossier_in_a_synced_folder_is_warned_about(qtbot, window, tmp_path):
    path = make_dossier(tmp_path / "Dropbox" / "gezin")
    open_with_passphrase(qtbot, window, path, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    notice = window.findChild(QWidget, "dossier-notice")
    assert notice.isVisible() and "gesynchroniseerd" in notice.text() and "Dropbox" in notice.text()


def test_change_passphrase_asks_the_current_one_first(qtbot, window, tmp_path):
    path = make_dossier(tmp_path)
    open_with_passphrase(qtbot, window, path, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    seen = {}

    def fill(dialog, current):
        type_into(qtbot, dialog.current, current)
        type_into(qtbot, dialog.new, NEW_PASSPHRASE)
        type_into(qtbot, dialog.repeat, NEW_PASSPHRASE)
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.LeftButton)
        qtbot.waitUntil(lambda: not dialog.working, timeout=WAIT_MS)
        seen["error"] = dialog.error.text()
        if dialog.isVisible():
            dialog.reject()

    when_modal(qtbot, PassphraseDialog, lambda d: fill(d, "helemaal fout wachtwoord"))
    trigger_menu(window, "Bestand", "Wachtwoord wijzigen…")
    assert "klopt niet" in seen["error"]
    when_modal(qtbot, PassphraseDialog, lambda d: fill(d, PASSPHRASE))
    box_texts = []
    when_modal(qtbot, QMessageBox, lambda box: (box_texts.append(box.text()), box.accept()))
    trigger_menu(window, "Bestand", "Wachtwoord wijzigen…")
    qtbot.waitUntil(lambda: bool(box_texts), timeout=WAIT_MS)
    assert "gewijzigd" in box_texts[0] and "oude wachtwoord" in box_texts[0]
    window.dossier.close()
    check = sessions.DossierSession(path)
    check.unlock(NEW_PASSPHRASE)
    check.lock()


def test_restore_a_backup_as_a_new_dossier_and_open_it(qtbot, window, tmp_path):
    path = make_dossier(tmp_path)
    archive = tmp_path / "gezin.dossierbackup"
    with sessions.DossierSession(path) as opened:
        opened.unlock(PASSPHRASE)
        backups.backup_to(opened, archive)
    target = tmp_path / "terug.dossier"

    def fill(dialog):
        type_into(qtbot, dialog.archive, str(archive))
        type_into(qtbot, dialog.target, str(target))
        type_into(qtbot, dialog.passphrase, PASSPHRASE)
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.LeftButton)

    when_modal(qtbot, RestoreDialog, fill)
    trigger_menu(window, "Bestand", "Back-up terugzetten…")
    qtbot.waitUntil(lambda: target.exists(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: unlock_dialog() is not None, timeout=WAIT_MS)
    type_into(qtbot, unlock_dialog().panel.passphrase, PASSPHRASE)
    press(qtbot, unlock_dialog().panel.passphrase, Qt.Key_Return)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    assert window.session.path == target
    assert [item.title for item in timeline.timeline(window.session)] == ["Eerste notitie"]


def test_damaged_settings_are_said_on_the_start_page(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv(paths.CONFIG_ENV, str(tmp_path / "config"))
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.json").write_text("{ dit is geen json", encoding="utf-8")
    main = MainWindow()
    main.show()
    try:
        assert "standaardinstellingen" in page(main, "start").hint.text()
        assert (tmp_path / "config" / "settings.json.defect").read_text() == "{ dit is geen json"
        assert page(main, "start").demo_button.isEnabled()
    finally:
        main.close()
        main.deleteLater()


def test_qt_own_texts_are_dutch(qtbot):
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

    from dossier_app.ui.app import install_dutch_qt_texts

    app = QApplication.instance()
    translators = install_dutch_qt_texts(app)
    try:
        assert QCoreApplication.translate("QFileDialog", "&Open") == "&Openen"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuleren"
        dialog = QFileDialog(None, "Bijlage toevoegen")
        dialog.setOption(QFileDialog.DontUseNativeDialog, True)
        labels = [label.text() for label in dialog.findChildren(QLabel)]
        assert labels == ["&Zoeken in:", "Bestands&naam:", "Bestands&type:"]
        dialog.deleteLater()
    finally:
        for translator in translators:
            app.removeTranslator(translator)
