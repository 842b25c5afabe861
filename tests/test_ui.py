"""The desktop app driven as a person would (offscreen, in-memory keychain)."""

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from conftest import PASSPHRASE
from dossier_app import paths
from dossier_app.session import Session
from dossier_app.ui import editors
from dossier_app.ui.dialogs import CreateDialog, UnlockDialog
from dossier_app.ui.main_window import MainWindow
from dossier_app.ui.table_models import TimelineModel
from dossier_app.ui.workers import busy


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv(paths.CONFIG_ENV, str(tmp_path / "config"))
    monkeypatch.setenv(paths.DATA_ENV, str(tmp_path / "data"))
    QSettings.setPath(QSettings.NativeFormat, QSettings.UserScope, str(tmp_path / "qsettings"))
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "qsettings"))
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    yield main
    qtbot.waitUntil(lambda: not busy(), timeout=20000)
    main.close_dossier()


def wait_idle(qtbot):
    qtbot.waitUntil(lambda: not busy(), timeout=20000)


def open_new_dossier(qtbot, window, folder) -> Session:
    """A new, empty dossier opened in the window (as after 'Nieuw dossier')."""
    session = Session.create(folder / "gezin.dossier", PASSPHRASE)
    window._opened(session)
    wait_idle(qtbot)
    return session


def test_start_window_offers_demo(window):
    assert window.windowTitle() == "Gezinsdossier"
    assert window.stack.currentWidget() is window.start_page
    assert window.start_page.demo_button.isEnabled()
    assert "demodossier" in window.start_page.hint.text()


def test_create_dialog_checks_passphrases(qtbot, tmp_path):
    dialog = CreateDialog(default_folder=tmp_path)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    dialog.passphrase.setText("kort")
    assert not ok.isEnabled() and "minstens" in dialog.strength.text()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.repeat.setText(PASSPHRASE + "x")
    assert not ok.isEnabled()
    dialog.repeat.setText(PASSPHRASE)
    assert ok.isEnabled() and "Sterkte" in dialog.strength.text()
    assert dialog.values()["path"] == tmp_path / "gezin.dossier"


def test_full_flow_create_gesprek_search_lock_unlock(qtbot, window, tmp_path):
    path = tmp_path / "gezin.dossier"
    window.create_dossier(path, PASSPHRASE, name="Familie Test")
    qtbot.waitUntil(lambda: window.session is not None, timeout=20000)
    wait_idle(qtbot)
    assert window.windowTitle() == "Gezinsdossier — Familie Test"

    editor = window.new_entry("gesprek")
    qtbot.addWidget(editor)
    editor.date.set_text("02-11-2026")
    editor.title_edit.setText("Keukentafelgesprek met het wijkteam")
    editor.location.setText("Thuis")
    editor.notes.setPlainText("Besproken dat Noor niet naar school gaat.")
    editor.add_agreement_row("Wijkteam", "stuurt het gespreksverslag", "16-11-2026")
    assert editor.validate()
    editor.save()
    assert editor.result() == editor.DialogCode.Accepted

    window.show_page(1)
    page = window.view.current_page()
    titles = [page.model.row(i).title for i in range(page.model.rowCount())]
    assert titles == ["Keukentafelgesprek met het wijkteam"]
    entry_id = page.model.row(0).id
    page.select_id(entry_id)

    window.focus_search()
    window.view.search.setText("gespreksverslag")
    hits = window.view.run_search()
    assert [(hit.type, hit.ref) for hit in hits] == [("gesprek", entry_id)]
    assert "\x02" in hits[0].marked
    with qtbot.waitSignal(window.view.search_page.open_entry) as signal:
        window.view.search_page._activate(window.view.search_page.model.index(0, 2))
    assert signal.args == [entry_id]

    window.show_page(1)
    window.view.current_page().select_id(entry_id)
    window.lock()
    assert not window.session.is_open
    assert window.stack.currentWidget() is window.lock_page
    assert window.view.pages[1].model.rowCount() == 0
    assert "vergrendeld" in window.windowTitle() and "Familie Test" not in window.windowTitle()

    panel = window.lock_page.panel
    panel.passphrase.setText("verkeerd wachtwoord")
    panel.start_unlock()
    qtbot.waitUntil(lambda: panel.error.isVisible(), timeout=20000)
    assert "klopt niet" in panel.error.text()
    assert not window.session.is_open

    panel.passphrase.setText(PASSPHRASE)
    panel.start_unlock()
    qtbot.waitUntil(lambda: window.session.is_open, timeout=20000)
    wait_idle(qtbot)
    assert window.stack.currentWidget() is window.view
    assert window.view.sidebar.currentRow() == 1
    assert window.view.current_page().selected_id() == entry_id
    deadlines = window.session.open_items(dt.date(2026, 11, 10))
    assert [(item.source, item.due_date) for item in deadlines] == [("afspraak", dt.date(2026, 11, 16))]


def test_open_demo_dossier(qtbot, window):
    window.open_demo()
    qtbot.waitUntil(lambda: window.session is not None, timeout=30000)
    wait_idle(qtbot)
    assert window.windowTitle() == "Gezinsdossier — Demo: familie De Vries"
    overview = window.view.pages[0]
    statuses = [overview.model.row(i).overdue for i in range(overview.model.rowCount())]
    assert statuses[0] is True and False in statuses
    assert "verlopen" in overview.summary.text()
    window.show_page(5)
    deadlines = window.view.current_page()
    deadlines.view.selectRow(0)
    assert "Awb 4:13" in deadlines.explanation.toPlainText()
    assert "ingebrekestelling" in deadlines.explanation.toPlainText()
    assert (paths.data_dir() / "demo" / "demo.dossier").exists()
    assert window.settings.recent[0].endswith("demo.dossier")


def test_attachments_round_trip_and_no_consent_warning(qtbot, window, tmp_path, monkeypatch):
    session = open_new_dossier(qtbot, window, tmp_path)
    editor = window.new_entry("opname")
    qtbot.addWidget(editor)
    editor.title_edit.setText("Opname evaluatiegesprek")
    assert editor.consent_hint.isVisible()
    source = tmp_path / "opname.m4a"
    source.write_bytes(b"geluid" * 1000)
    editor.attachments.add_files([source])
    assert editor.attachments.pending == [source]
    editor.save()
    wait_idle(qtbot)
    details = session.entry(editor.entry_id)
    assert [a["filename"] for a in details.attachments] == ["opname.m4a"]

    viewer = window.edit_entry(editor.entry_id)
    qtbot.addWidget(viewer)
    panel = viewer.attachments
    assert panel.warning.isVisible() and "niet delen" in panel.warning.text()
    panel.list.setCurrentRow(0)
    target = tmp_path / "gedeeld.m4a"
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.No)
    panel.export_selected(target)
    wait_idle(qtbot)
    assert asked and not target.exists()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    panel.export_selected(target)
    wait_idle(qtbot)
    assert target.read_bytes() == source.read_bytes()
    viewer.close_for_lock()


def test_drafts_survive_a_lock(qtbot, window, tmp_path):
    session = open_new_dossier(qtbot, window, tmp_path)
    editor = window.new_entry("notitie")
    qtbot.addWidget(editor)
    editor.title_edit.setText("Half getypte notitie")
    editor.notes.setPlainText("Dit mag niet verloren gaan.")
    editor.date.set_text("31-02-2026")
    assert not editor.validate() and "datum" in editor.error.text().lower()
    assert editor.date.error.isVisible()
    window.lock()
    assert editor not in editors.open_editors()
    session.unlock(PASSPHRASE)
    window.after_unlock()
    again = window.new_entry("notitie")
    qtbot.addWidget(again)
    assert again.restored.isVisible()
    assert again.title_edit.text() == "Half getypte notitie"
    assert again.notes.toPlainText() == "Dit mag niet verloren gaan."
    again.date.set_text("01-03-2026")
    again.save()
    assert session.load_draft("entry-notitie", "nieuw") is None
    assert [item.title for item in session.timeline()] == ["Half getypte notitie"]


def test_unlock_dialog_with_keychain_and_wrong_passphrase(qtbot, window, tmp_path):
    path = tmp_path / "gezin.dossier"
    Session.create(path, PASSPHRASE).close()
    session = Session(path)
    dialog = UnlockDialog(session, window)
    qtbot.addWidget(dialog)
    dialog.panel.passphrase.setText("fout")
    dialog.panel.start_unlock()
    qtbot.waitUntil(lambda: not dialog.panel.error.isHidden(), timeout=20000)
    assert "klopt niet" in dialog.panel.error.text()
    dialog.panel.passphrase.setText(PASSPHRASE)
    dialog.panel.remember.setChecked(True)
    with qtbot.waitSignal(dialog.panel.unlocked, timeout=20000):
        dialog.panel.start_unlock()
    assert session.is_open and session.key_is_remembered()
    session.lock()
    assert Session(path).unlock_with_keychain()


def test_timeline_model_handles_many_rows(qtbot):
    from dossier_app.store.entries import TimelineItem

    model = TimelineModel()
    rows = [TimelineItem(i, "notitie", dt.date(2026, 1, 1) + dt.timedelta(days=i % 300), f"Notitie {i}", None, "", "")
            for i in range(10000)]
    model.set_rows(rows)
    assert model.rowCount() == 10000
    assert model.data(model.index(9999, 3)) == "Notitie 9999"
    assert model.data(model.index(0, 1)) == "Notitie"
    assert model.data(model.index(0, 0)) == "01-01-2026"


def test_keyboard_shortcuts_and_accessible_names(qtbot, window, tmp_path):
    session = open_new_dossier(qtbot, window, tmp_path)
    from PySide6.QtWidgets import QMenu

    shortcuts = {action.text(): action.shortcut().toString() for menu in window.menuBar().findChildren(QMenu)
                 for action in menu.actions()}
    assert shortcuts["&Vergrendelen"] == "Ctrl+L"
    assert shortcuts["&Zoeken"] == "Ctrl+F"
    assert window.view.search.accessibleName() == "Zoeken"
    assert window.view.sidebar.accessibleName()
    assert [window.view.sidebar.item(i).text() for i in range(9)] == [
        "Overzicht", "Tijdlijn", "Gesprekken", "Documenten", "Opnames", "Termijnen", "Brieven", "Contacten", "Gezin"]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.view.search.setFocus()
    qtbot.keyClick(window.view.search, Qt.Key_L, Qt.ControlModifier)
    assert not session.is_open
    assert window.stack.currentWidget() is window.lock_page


def test_settings_are_saved_without_secrets(qtbot, window, tmp_path):
    from dossier_app import settings as settings_store
    from dossier_app.ui.dialogs import SettingsDialog

    session = open_new_dossier(qtbot, window, tmp_path)
    dialog = SettingsDialog(window.settings, session, window)
    qtbot.addWidget(dialog)
    dialog.lock_minutes.setValue(3)
    dialog.sender_fields["name"].setText("Sanne de Vries")
    dialog.sender_fields["city"].setText("Lindenhoven")
    dialog.place.setText("Lindenhoven")
    dialog._save()
    assert settings_store.load().auto_lock_minutes == 3
    text = settings_store.settings_file().read_text()
    assert PASSPHRASE not in text and "Sanne" not in text and str(tmp_path / "gezin.dossier") in text
    assert session.people("ouder")[0]["name"] == "Sanne de Vries"
    assert session.info("place") == "Lindenhoven"



def test_auto_lock_after_idle(qtbot, window, tmp_path):
    session = open_new_dossier(qtbot, window, tmp_path)
    assert window.idle.timer.isActive()
    assert window.idle.timer.interval() == window.settings.auto_lock_minutes * 60 * 1000
    window.idle.timer.setInterval(50)
    window.idle.start()
    qtbot.waitUntil(lambda: not session.is_open, timeout=5000)
    assert window.stack.currentWidget() is window.lock_page


def test_opened_attachment_copy_is_removed(qtbot, window, tmp_path, monkeypatch):
    from dossier_app.ui import attachments_panel

    session = open_new_dossier(qtbot, window, tmp_path)
    note = session.add_note(text="Scan", occurred_on=dt.date(2026, 11, 2))
    source = tmp_path / "scan.pdf"
    source.write_bytes(b"%PDF-1.4 scan")
    session.add_attachment(note, source)
    opened = []
    monkeypatch.setattr(attachments_panel.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    viewer = window.edit_entry(note)
    qtbot.addWidget(viewer)
    viewer.attachments.list.setCurrentRow(0)
    viewer.attachments.open_selected()
    qtbot.waitUntil(lambda: bool(opened), timeout=10000)
    copy = Path(opened[0])
    assert copy.read_bytes() == b"%PDF-1.4 scan" and copy.name == "scan.pdf"
    viewer.close_for_lock()
    window.lock()
    assert not copy.exists() and not copy.parent.exists()


def test_editing_an_existing_gesprek_and_beschikking(qtbot, window, tmp_path):
    session = open_new_dossier(qtbot, window, tmp_path)
    talk = session.add_conversation(occurred_on=dt.date(2026, 11, 2), title="Evaluatie", participants=["Oma Els"],
                                    agreements=[("Wijkteam", "stuurt verslag", dt.date(2026, 11, 16))])
    editor = window.edit_entry(talk)
    qtbot.addWidget(editor)
    assert editor.others.text() == "Oma Els" and editor.location.isEnabled()
    editor.location.setText("Wijkcentrum")
    editor.agreements.item(0, 3).setCheckState(Qt.Checked)
    editor.add_agreement_row("Sanne", "belt school", "20-11-2026")
    editor.save()
    details = session.entry(talk)
    assert details.fields["location"] == "Wijkcentrum" and details.participants == ["Oma Els"]
    assert [(a["who"], a["done"]) for a in details.agreements] == [("Wijkteam", True), ("Sanne", False)]

    beschikking = session.add_document(occurred_on=dt.date(2026, 11, 2), title="Beschikking", doc_kind="beschikking",
                                       decision_date=dt.date(2026, 11, 2))
    assert [i.due_date for i in session.open_items(dt.date(2026, 11, 3)) if i.rule == "bezwaartermijn"] == [
        dt.date(2026, 12, 14)]
    editor = window.edit_entry(beschikking)
    qtbot.addWidget(editor)
    editor.decision_date.set_text("07-11-2026")
    editor.save()
    assert [i.due_date for i in session.open_items(dt.date(2026, 11, 3)) if i.rule == "bezwaartermijn"] == [
        dt.date(2026, 12, 21)]


def test_add_deadline_by_hand_and_by_rule(qtbot, window, tmp_path):
    session = open_new_dossier(qtbot, window, tmp_path)
    window.show_page(5)
    page = window.view.current_page()
    with qtbot.waitSignal(page.new_entry):
        page.add_button.click()
    editor = window.new_entry("termijn")
    qtbot.addWidget(editor)
    editor.rule.setCurrentIndex(editor.rule.findData("bezwaartermijn"))
    assert "bekendgemaakt" in editor.date_label.text()
    editor.date.set_text("02-11-2026")
    editor.save()
    editor = window.new_entry("termijn")
    qtbot.addWidget(editor)
    editor.title_edit.setText("Formulier pgb inleveren")
    editor.date.set_text("30-11-2026")
    editor.save()
    items = session.open_items(dt.date(2026, 11, 22))
    assert [(i.title, i.due_date) for i in items] == [("Formulier pgb inleveren", dt.date(2026, 11, 30)),
                                                      ("Bezwaartermijn", dt.date(2026, 12, 14))]
    page.refresh()
    assert page.model.rowCount() == 2
