"""The desktop app driven as a person would: clicks, typing, Enter, Esc, shortcuts (offscreen)."""

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox, QPushButton, QWidget

from tests.conftest import PASSPHRASE
from dossier_app import paths
from dossier_app.services import attachments, deadlines, family, session as sessions, timeline
from dossier_app.ui.dialogs import CreateDialog
from tests.support.uihelpers import (
    WAIT_MS, click_message_button, click_row, click_sidebar, double_click_row, flush_deletions, message_boxes,
    open_editors, open_with_passphrase, page, press, row_texts, type_into, unlock_dialog, visible_dialogs, wait_idle,
)


@pytest.fixture
def dossier_file(tmp_path) -> Path:
    """A closed dossier with one parent, one child, a traject and a gesprek with an afspraak."""
    path = tmp_path / "gezin.dossier"
    with sessions.create_dossier(path, PASSPHRASE, name="Familie Test") as opened:
        family.add_person(opened, "ouder", "Sanne Test", city="Lindenhoven")
        family.add_person(opened, "kind", "Noor Test", birth_date=dt.date(2015, 3, 1))
        traject = family.add_traject(opened, "Aanvraag jeugdhulp Noor", opened_on=dt.date(2026, 10, 1))
        timeline.add_conversation(
            opened, occurred_on=dt.date(2026, 11, 2), title="Keukentafelgesprek", traject_id=traject,
            agreements=[timeline.AgreementInput("Wijkteam", "stuurt het verslag", dt.date(2026, 11, 16))])
    return path


def open_dossier(qtbot, window, path):
    open_with_passphrase(qtbot, window, path, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    return window.session


def no_unexpected_messages():
    return not any("onverwachts" in box.text() for box in message_boxes())


# -- defect 1: Enter in the unlock dialog ------------------------------------------------------------
def test_enter_in_unlock_dialog_wrong_then_right_passphrase(qtbot, window, dossier_file):
    dialog = open_with_passphrase(qtbot, window, dossier_file, "verkeerd wachtwoord")
    qtbot.waitUntil(lambda: dialog.panel.error.isVisible(), timeout=WAIT_MS)
    assert "klopt niet" in dialog.panel.error.text()
    assert dialog.isVisible() and not window.dossier.is_open
    type_into(qtbot, dialog.panel.passphrase, PASSPHRASE)
    press(qtbot, dialog.panel.passphrase, Qt.Key_Enter)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    assert unlock_dialog() is None and no_unexpected_messages()
    assert window.windowTitle() == "Gezinsdossier — Familie Test"


def test_escape_closes_the_unlock_dialog_without_opening(qtbot, window, dossier_file):
    window.open_path(dossier_file)
    qtbot.waitUntil(lambda: unlock_dialog() is not None, timeout=WAIT_MS)
    press(qtbot, unlock_dialog().panel.passphrase, Qt.Key_Escape)
    qtbot.waitUntil(lambda: unlock_dialog() is None, timeout=WAIT_MS)
    assert not window.dossier.is_open and no_unexpected_messages()


# -- defect 2: "Opslaan als…" on an attachment -------------------------------------------------------
def test_save_attachment_as_and_warning_for_recording_without_consent(qtbot, window, dossier_file, tmp_path,
                                                                       monkeypatch):
    source = tmp_path / "opname.m4a"
    source.write_bytes(b"geluid" * 1000)
    with sessions.DossierSession(dossier_file) as opened:
        opened.unlock(PASSPHRASE)
        recording = timeline.add_recording(opened, occurred_on=dt.date(2026, 11, 3), title="Opname evaluatie",
                                           consent=False)
        attachments.add_file(opened, recording, source)
    open_dossier(qtbot, window, dossier_file)
    click_sidebar(qtbot, window, "Opnames")
    table = page(window, "opnames").view
    double_click_row(qtbot, table, 0)
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    editor = open_editors()[0]
    target = tmp_path / "gedeeld.m4a"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.No)
    save_as = editor.attachments.export_button
    qtbot.mouseClick(save_as, Qt.LeftButton)
    wait_idle(qtbot)
    assert asked and not target.exists()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    qtbot.mouseClick(save_as, Qt.LeftButton)
    wait_idle(qtbot)
    assert target.read_bytes() == source.read_bytes()
    assert no_unexpected_messages()
    assert "gedeeld.m4a" in editor.attachments.status.text()


# -- defect 3: double-click opens one editor ------------------------------------------------------------
@pytest.mark.parametrize("label,name", [("Tijdlijn", "tijdlijn"), ("Gesprekken", "gesprekken")])
def test_double_click_opens_exactly_one_editor(qtbot, window, dossier_file, label, name):
    open_dossier(qtbot, window, dossier_file)
    click_sidebar(qtbot, window, label)
    table = page(window, name).view
    assert "Keukentafelgesprek" in row_texts(table, 3)
    double_click_row(qtbot, table, 0)
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    double_click_row(qtbot, table, 0)
    QApplication.processEvents()          # a second editor would open here (nothing to wait for: it must not)
    assert len(open_editors()) == 1
    press(qtbot, table, Qt.Key_Return)
    QApplication.processEvents()
    assert len(open_editors()) == 1


def test_search_result_opens_one_editor(qtbot, window, dossier_file):
    open_dossier(qtbot, window, dossier_file)
    search = window.findChild(QWidget, "search")
    press(qtbot, window, Qt.Key_F, Qt.ControlModifier)
    type_into(qtbot, search, "verslag")
    press(qtbot, search, Qt.Key_Return)
    results = page(window, "zoeken")
    qtbot.waitUntil(lambda: results.view.model().rowCount() == 1, timeout=WAIT_MS)
    assert "1 resultaat" in results.query_label.text()
    double_click_row(qtbot, results.view, 0)
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    double_click_row(qtbot, results.view, 0)
    QApplication.processEvents()          # a second editor would open here (nothing to wait for: it must not)
    assert len(open_editors()) == 1
    assert open_editors()[0].title_edit.text() == "Keukentafelgesprek"


def test_search_results_show_what_was_found_without_scrolling(qtbot, window, demo_path):
    """Found by hand: the Titel column took the width and the Gevonden column ran off the right
    edge; its tooltip showed the raw [ ] marks."""
    window.resize(1100, 700)
    open_dossier(qtbot, window, demo_path)
    search = window.findChild(QWidget, "search")
    press(qtbot, window, Qt.Key_F, Qt.ControlModifier)
    type_into(qtbot, search, "gesprek")
    press(qtbot, search, Qt.Key_Return)
    results = page(window, "zoeken")
    qtbot.waitUntil(lambda: results.view.model().rowCount() >= 3, timeout=WAIT_MS)
    view, found = results.view, results.model.column("found")
    qtbot.waitUntil(lambda: view.columnWidth(found) >= view.viewport().width() // 3, timeout=WAIT_MS)
    right_edge = view.columnViewportPosition(found) + view.columnWidth(found)
    assert right_edge <= view.viewport().width()
    assert view.columnWidth(found) >= view.viewport().width() // 3
    assert not view.horizontalScrollBar().isVisible()
    tip = view.model().index(0, found).data(Qt.ToolTipRole)
    assert tip and "gesprek" in tip.lower() and "[" not in tip and "]" not in tip


# -- defect 4: the live draft survives a lock --------------------------------------------------------------
def test_lock_keeps_the_text_of_the_open_editor_not_an_old_one(qtbot, window, dossier_file):
    open_dossier(qtbot, window, dossier_file)
    press(qtbot, window, Qt.Key_N, Qt.ControlModifier)
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    first = open_editors()[0]
    type_into(qtbot, first.title_edit, "A")
    press(qtbot, first.title_edit, Qt.Key_Escape)
    click_message_button(qtbot, "Als concept bewaren")
    qtbot.waitUntil(lambda: not open_editors(), timeout=WAIT_MS)
    press(qtbot, window, Qt.Key_N, Qt.ControlModifier)
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    second = open_editors()[0]
    assert second.title_edit.text() == "A" and second.restored.isVisible()
    type_into(qtbot, second.title_edit, "B")
    press(qtbot, second.title_edit, Qt.Key_L, Qt.ControlModifier)   # lock from inside the editor
    qtbot.waitUntil(lambda: not window.dossier.is_open, timeout=WAIT_MS)
    assert not open_editors()
    lock_page = page(window, "vergrendeld")
    type_into(qtbot, lock_page.panel.passphrase, PASSPHRASE)
    press(qtbot, lock_page.panel.passphrase, Qt.Key_Return)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    press(qtbot, window, Qt.Key_N, Qt.ControlModifier)
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    assert open_editors()[0].title_edit.text() == "B"


def test_escape_and_discard_leaves_no_draft(qtbot, window, dossier_file):
    open_dossier(qtbot, window, dossier_file)
    press(qtbot, window, Qt.Key_N, Qt.ControlModifier)
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    editor = open_editors()[0]
    type_into(qtbot, editor.title_edit, "Weg ermee")
    press(qtbot, editor.title_edit, Qt.Key_Escape)
    click_message_button(qtbot, "Wijzigingen weggooien")
    qtbot.waitUntil(lambda: not open_editors(), timeout=WAIT_MS)
    assert timeline.load_draft(window.session, "entry-notitie", "nieuw") is None


# -- defect 5: editors are deleted on close; Ctrl+L from an editor ------------------------------------------
def test_closed_editors_are_deleted(qtbot, window, dossier_file):
    from dossier_app.ui.editors.base import FormDialog

    open_dossier(qtbot, window, dossier_file)
    for _ in range(10):
        press(qtbot, window, Qt.Key_G, Qt.ControlModifier)
        qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
        press(qtbot, open_editors()[0], Qt.Key_Escape)
        qtbot.waitUntil(lambda: not open_editors(), timeout=WAIT_MS)
    flush_deletions()
    assert window.findChildren(FormDialog) == []


# -- defect 6: messages only say what is true ----------------------------------------------------------------
def test_unexpected_error_message_claims_no_draft_and_log_has_no_content(tmp_path, monkeypatch):
    from dossier_app import diagnostics
    from dossier_app.ui.messages import describe

    monkeypatch.setenv("GEZINSDOSSIER_LOGS", str(tmp_path / "logs"))
    diagnostics.setup()
    try:
        raise RuntimeError("Noor heeft een diagnose GEHEIM-MARKER")
    except RuntimeError as exc:
        plain = describe(exc)
        kept = describe(exc, draft_kept=True)
    assert "onverwachts" in plain and "concept" not in plain
    assert "als concept bewaard" in kept
    for handler in diagnostics.log.handlers:
        handler.flush()
    text = diagnostics.log_file().read_text(encoding="utf-8")
    assert "RuntimeError" in text and "test_ui.py" in text
    assert "GEHEIM-MARKER" not in text and str(tmp_path) not in text


def test_failed_save_says_the_draft_was_kept_only_when_it_was(qtbot, window, dossier_file, monkeypatch):
    open_dossier(qtbot, window, dossier_file)
    press(qtbot, window, Qt.Key_N, Qt.ControlModifier)
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    editor = open_editors()[0]
    type_into(qtbot, editor.title_edit, "Belangrijk")

    def broken(*_a, **_k):
        raise RuntimeError("kapot")

    monkeypatch.setattr(timeline, "add_note", broken)
    qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), Qt.LeftButton)
    assert "als concept bewaard" in editor.error.text()
    assert timeline.load_draft(window.session, "entry-notitie", "nieuw")["title"] == "Belangrijk"
    monkeypatch.setattr(timeline, "save_draft", broken)
    qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), Qt.LeftButton)
    assert "onverwachts" in editor.error.text() and "concept" not in editor.error.text()
    editor.close_for_lock()


# -- defect 7: the opname editor's layout without consent ------------------------------------------------------
def test_recording_without_consent_shows_one_whole_warning(qtbot, window, dossier_file):
    with sessions.DossierSession(dossier_file) as opened:
        opened.unlock(PASSPHRASE)
        timeline.add_recording(opened, occurred_on=dt.date(2026, 11, 3), title="Opname zonder toestemming",
                               consent=False, participants=["Sanne Test", "Wijkteam"])
    open_dossier(qtbot, window, dossier_file)
    click_sidebar(qtbot, window, "Opnames")
    double_click_row(qtbot, page(window, "opnames").view, 0)
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    editor = open_editors()[0]
    qtbot.waitUntil(lambda: any("niet delen" in label.text() and label.isVisible()
                                for label in editor.findChildren(QLabel)), timeout=WAIT_MS)
    warnings = [label for label in editor.findChildren(QLabel) if "niet delen" in label.text() and label.isVisible()]
    assert len(warnings) == 1
    warning = warnings[0]
    assert warning.height() >= warning.heightForWidth(warning.width())
    assert editor.participants.height() >= 100
    notes_bottom = editor.notes.mapTo(editor, editor.notes.rect().bottomLeft()).y()
    heading = next(label for label in editor.findChildren(QLabel) if "Bijlagen" in label.text())
    assert heading.mapTo(editor, heading.rect().topLeft()).y() >= notes_bottom
    editor.consent.setChecked(True)
    assert not warning.isVisible()
    editor.close_for_lock()


# -- the rest of the app, as a person uses it --------------------------------------------------------------------
def test_start_window_offers_demo(window):
    assert window.windowTitle() == "Gezinsdossier"
    assert page(window, "start").isVisible()
    assert "demodossier" in window.start_page.hint.text()


def test_create_dialog_checks_passphrases(qtbot, tmp_path):
    dialog = CreateDialog(default_folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    type_into(qtbot, dialog.passphrase, "kort")
    assert not ok.isEnabled() and "minstens" in dialog.strength.text()
    type_into(qtbot, dialog.passphrase, PASSPHRASE)
    type_into(qtbot, dialog.repeat, PASSPHRASE + "x")
    assert not ok.isEnabled()
    press(qtbot, dialog.repeat, Qt.Key_Backspace)
    assert ok.isEnabled() and "Sterkte" in dialog.strength.text()
    assert dialog.values()["path"] == tmp_path / "gezin.dossier"


def test_full_flow_create_gesprek_search_lock_unlock(qtbot, window, tmp_path):
    window.create_dossier(tmp_path / "nieuw.dossier", PASSPHRASE, name="Familie Nieuw")
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    # The herstelblad is shown once (tests/ui/test_ui_recovery.py); closed here without printing.
    from dossier_app.ui.recovery_dialogs import RecoverySheetDialog

    qtbot.waitUntil(lambda: bool(visible_dialogs(RecoverySheetDialog)), timeout=WAIT_MS)
    qtbot.mouseClick(visible_dialogs(RecoverySheetDialog)[0].close_button, Qt.LeftButton)
    click_message_button(qtbot, "Toch sluiten")
    qtbot.waitUntil(lambda: not visible_dialogs(RecoverySheetDialog), timeout=WAIT_MS)
    assert window.windowTitle() == "Gezinsdossier — Familie Nieuw"
    press(qtbot, window, Qt.Key_G, Qt.ControlModifier)
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    editor = open_editors()[0]
    type_into(qtbot, editor.date.edit, "02-11-2026")
    type_into(qtbot, editor.title_edit, "Keukentafelgesprek met het wijkteam")
    type_into(qtbot, editor.location, "Thuis")
    type_into(qtbot, editor.notes, "Besproken dat Noor niet naar school gaat.")
    editor.add_agreement_row("Wijkteam", "stuurt het gespreksverslag", "16-11-2026")
    qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), Qt.LeftButton)
    qtbot.waitUntil(lambda: not open_editors(), timeout=WAIT_MS)

    click_sidebar(qtbot, window, "Tijdlijn")
    table = page(window, "tijdlijn").view
    assert row_texts(table, 3) == ["Keukentafelgesprek met het wijkteam"]
    assert row_texts(table, 0) == ["02-11-2026"]
    assert page(window, "tijdlijn").count.text() == "1 item"
    click_row(qtbot, table, 0)

    window.lock()
    qtbot.waitUntil(lambda: not window.dossier.is_open, timeout=WAIT_MS)
    assert page(window, "tijdlijn").view.model().rowCount() == 0
    assert "vergrendeld" in window.windowTitle() and "Familie Nieuw" not in window.windowTitle()
    panel = page(window, "vergrendeld").panel
    type_into(qtbot, panel.passphrase, "verkeerd wachtwoord")
    press(qtbot, panel.passphrase, Qt.Key_Return)
    qtbot.waitUntil(lambda: panel.error.isVisible(), timeout=WAIT_MS)
    assert "klopt niet" in panel.error.text() and not window.dossier.is_open
    type_into(qtbot, panel.passphrase, PASSPHRASE)
    press(qtbot, panel.passphrase, Qt.Key_Return)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    assert page(window, "tijdlijn").isVisible()
    assert page(window, "tijdlijn").selected_id() is not None
    items = deadlines.open_items(window.session, dt.date(2026, 11, 10))
    assert [(item.source, item.due_date) for item in items] == [("afspraak", dt.date(2026, 11, 16))]


def test_open_demo_dossier_and_deadline_explanation(qtbot, window):
    qtbot.mouseClick(window.start_page.demo_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    assert window.windowTitle() == "Gezinsdossier — Demo: familie De Vries"
    overview = page(window, "overzicht")
    assert "verlopen" in overview.summary.text()
    # The most urgent step with a letter is chosen; the button under the tree opens it.
    next_step = overview.findChild(QWidget, "next-step-button")
    assert next_step.isEnabled() and next_step.text() == "Beslistermijn verstreken — stuur een ingebrekestelling"
    click_sidebar(qtbot, window, "Termijnen")
    deadline_page = page(window, "termijnen")
    click_row(qtbot, deadline_page.view, 0)
    text = deadline_page.explanation.toPlainText()
    assert "Awb 4:13" in text and "ingebrekestelling" in text and "uiterlijk" in text
    assert (paths.data_dir() / "demo" / "demo.dossier").exists()
    assert window.settings.recent[0].endswith("demo.dossier")


def test_tables_sort_by_date_through_the_proxy(qtbot, window, dossier_file):
    with sessions.DossierSession(dossier_file) as opened:
        opened.unlock(PASSPHRASE)
        timeline.add_note(opened, "Oud", occurred_on=dt.date(2025, 12, 30))
        timeline.add_note(opened, "Nieuw", occurred_on=dt.date(2026, 1, 2))
    open_dossier(qtbot, window, dossier_file)
    click_sidebar(qtbot, window, "Tijdlijn")
    table = page(window, "tijdlijn").view
    header = table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.LeftButton, pos=QPoint(header.sectionViewportPosition(0) + 10,
                                                                   header.height() // 2))
    dates = row_texts(table, 0)
    assert sorted(dates, key=lambda text: dt.datetime.strptime(text, "%d-%m-%Y")) in (dates, dates[::-1])
    assert dates != sorted(dates)    # text order would put 30-12-2025 last


def test_shortcuts_and_accessible_names(qtbot, window, dossier_file):
    from PySide6.QtWidgets import QMenu

    open_dossier(qtbot, window, dossier_file)
    shortcuts = {action.text(): action.shortcut().toString() for menu in window.menuBar().findChildren(QMenu)
                 for action in menu.actions()}
    assert shortcuts["&Vergrendelen"] == "Ctrl+L" and shortcuts["&Zoeken"] == "Ctrl+F"
    sidebar = window.findChild(QWidget, "sidebar")
    labels = [sidebar.item(i).text() for i in range(sidebar.count())]
    assert labels == ["Overzicht", "Tijdlijn", "Gesprekken", "Documenten", "Opnames", "Termijnen", "Brieven",
                      "Contacten", "Gezin", "Toestemmingen"]
    assert all(not sidebar.item(i).icon().isNull() for i in range(sidebar.count()))
    widest = max(sidebar.fontMetrics().horizontalAdvance(label) for label in labels)
    assert sidebar.width() > widest + sidebar.iconSize().width()
    press(qtbot, window, Qt.Key_6, Qt.ControlModifier)
    assert page(window, "termijnen").isVisible()
    press(qtbot, window.findChild(QWidget, "search"), Qt.Key_L, Qt.ControlModifier)
    qtbot.waitUntil(lambda: not window.dossier.is_open, timeout=WAIT_MS)
    assert page(window, "vergrendeld").isVisible()


def test_remembered_key_opens_without_asking(qtbot, window, dossier_file):
    dialog = open_with_passphrase(qtbot, window, dossier_file, "")
    qtbot.waitUntil(dialog.panel.remember.isEnabled, timeout=WAIT_MS)     # the keychain answered (off-thread)
    qtbot.mouseClick(dialog.panel.remember, Qt.LeftButton)
    type_into(qtbot, dialog.panel.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.panel.button, Qt.LeftButton)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    window.close_dossier()
    qtbot.waitUntil(lambda: window.session is None, timeout=WAIT_MS)
    window.open_path(dossier_file)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    assert unlock_dialog() is None


def test_settings_are_saved_without_secrets(qtbot, window, dossier_file):
    from dossier_app import settings as settings_store
    from dossier_app.ui.dialogs import SettingsDialog

    opened = open_dossier(qtbot, window, dossier_file)
    dialog = SettingsDialog(window.settings, opened, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.lock_minutes.setValue(3)
    type_into(qtbot, dialog.sender_fields["name"], "Sanne de Vries")
    type_into(qtbot, dialog.place, "Lindenhoven")
    save = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Opslaan")
    qtbot.mouseClick(save, Qt.LeftButton)
    assert settings_store.load().auto_lock_minutes == 3
    text = settings_store.settings_file().read_text()
    assert PASSPHRASE not in text and "Sanne" not in text and str(dossier_file) in text
    assert family.people(opened, "ouder")[0].name == "Sanne de Vries"
    assert family.letter_place(opened) == "Lindenhoven"


def test_window_geometry_lives_in_the_one_settings_file(qtbot, window):
    from dossier_app import settings as settings_store

    window.resize(900, 650)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    assert settings_store.load().window_geometry


def test_auto_lock_after_idle(qtbot, window, dossier_file):
    # Cold start: with no dossier open no event of the app goes through the idle watcher's filter.
    assert not window.idle.listening and not window.idle.timer.isActive()
    open_dossier(qtbot, window, dossier_file)
    assert window.idle.timer.isActive() and window.idle.listening
    window.idle.timer.setInterval(50)
    window.idle.start()
    qtbot.waitUntil(lambda: not window.dossier.is_open, timeout=5000)
    assert page(window, "vergrendeld").isVisible()
    assert not window.idle.listening


class _RecordingTimer:
    """Stands in for the idle timer: records each time an event starts the idle minutes again."""

    def __init__(self, real, active=None):
        self.real, self.active, self.started = real, active, 0

    def isActive(self):     # noqa: N802 (Qt's name)
        return self.real.isActive() if self.active is None else self.active

    def start(self):
        self.started += 1
        self.real.start()

    def stop(self):
        self.real.stop()


def _press_a_key(widget):
    QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier))


def test_a_key_pressed_in_an_open_dossier_starts_the_idle_minutes_again(qtbot, window, dossier_file, monkeypatch):
    open_dossier(qtbot, window, dossier_file)
    monkeypatch.setattr(window.idle, "timer", _RecordingTimer(window.idle.timer))
    QApplication.processEvents()
    assert window.idle.timer.started == 0
    _press_a_key(window.view.search)
    assert window.idle.timer.started >= 1


def test_with_no_dossier_open_no_event_passes_the_idle_watcher(qtbot, window, monkeypatch):
    """Cold start: the idle watcher's Python filter sees the app's events only while a dossier is open (even
    a timer that claims to run is not started again by a key on the start page)."""
    monkeypatch.setattr(window.idle, "timer", _RecordingTimer(window.idle.timer, active=True))
    _press_a_key(window)
    QApplication.processEvents()
    assert window.idle.timer.started == 0


def test_opened_attachment_copy_is_removed_on_lock(qtbot, window, dossier_file, tmp_path, monkeypatch):
    from dossier_app.ui import attachments_panel

    source = tmp_path / "scan.pdf"
    source.write_bytes(b"%PDF-1.4 scan")
    with sessions.DossierSession(dossier_file) as opened:
        opened.unlock(PASSPHRASE)
        note = timeline.add_note(opened, "Scan", occurred_on=dt.date(2026, 11, 2))
        attachments.add_file(opened, note, source)
    opened_urls = []
    monkeypatch.setattr(attachments_panel.QDesktopServices, "openUrl", lambda url: opened_urls.append(url) or True)
    open_dossier(qtbot, window, dossier_file)
    click_sidebar(qtbot, window, "Tijdlijn")
    table = page(window, "tijdlijn").view
    double_click_row(qtbot, table, row_texts(table, 3).index("Scan"))
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    panel = open_editors()[0].attachments
    qtbot.mouseClick(panel.open_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: bool(opened_urls), timeout=WAIT_MS)
    copy = Path(opened_urls[0].toLocalFile())
    assert copy.read_bytes() == b"%PDF-1.4 scan" and copy.name == "scan.pdf"
    window.lock()
    qtbot.waitUntil(lambda: not window.dossier.is_open, timeout=WAIT_MS)
    assert not copy.exists() and not copy.parent.exists()


def test_editing_an_existing_gesprek_and_beschikking(qtbot, window, dossier_file):
    with sessions.DossierSession(dossier_file) as opened:
        opened.unlock(PASSPHRASE)
        beschikking = timeline.add_document(opened, occurred_on=dt.date(2026, 11, 2), title="Beschikking",
                                            doc_kind="beschikking", decision_date=dt.date(2026, 11, 2))
    opened = open_dossier(qtbot, window, dossier_file)
    click_sidebar(qtbot, window, "Gesprekken")
    double_click_row(qtbot, page(window, "gesprekken").view, 0)
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    editor = open_editors()[0]
    type_into(qtbot, editor.location, "Wijkcentrum")
    editor.agreements.item(0, 3).setCheckState(Qt.Checked)
    editor.add_agreement_row("Sanne", "belt school", "20-11-2026")
    qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), Qt.LeftButton)
    qtbot.waitUntil(lambda: not open_editors(), timeout=WAIT_MS)
    talk = next(item.id for item in timeline.timeline(opened, kind="gesprek"))
    details = timeline.entry(opened, talk)
    assert details.fields["location"] == "Wijkcentrum"
    assert [(a["who"], a["done"]) for a in details.agreements] == [("Wijkteam", True), ("Sanne", False)]

    def bezwaartermijn():
        return [i.due_date for i in deadlines.open_items(opened, dt.date(2026, 11, 3)) if i.rule == "bezwaartermijn"]

    assert bezwaartermijn() == [dt.date(2026, 12, 14)]
    click_sidebar(qtbot, window, "Documenten")
    double_click_row(qtbot, page(window, "documenten").view, 0)
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    editor = open_editors()[0]
    assert editor.entry_id == beschikking
    type_into(qtbot, editor.decision_date.edit, "07-11-2026")
    press(qtbot, editor.decision_date.edit, Qt.Key_Return)
    qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), Qt.LeftButton)
    qtbot.waitUntil(lambda: not open_editors(), timeout=WAIT_MS)
    assert bezwaartermijn() == [dt.date(2026, 12, 21)]


def test_add_deadline_by_hand_and_by_rule(qtbot, window, dossier_file):
    opened = open_dossier(qtbot, window, dossier_file)
    click_sidebar(qtbot, window, "Termijnen")
    deadline_page = page(window, "termijnen")
    qtbot.mouseClick(deadline_page.add_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    editor = open_editors()[0]
    editor.rule.setCurrentIndex(editor.rule.findData("bezwaartermijn"))
    assert "bekendgemaakt" in editor.date_label.text()
    type_into(qtbot, editor.date.edit, "02-11-2026")
    qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), Qt.LeftButton)
    qtbot.waitUntil(lambda: not open_editors(), timeout=WAIT_MS)
    qtbot.mouseClick(deadline_page.add_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    editor = open_editors()[0]
    type_into(qtbot, editor.title_edit, "Formulier pgb inleveren")
    type_into(qtbot, editor.date.edit, "30-11-2026")
    qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), Qt.LeftButton)
    qtbot.waitUntil(lambda: not open_editors(), timeout=WAIT_MS)
    items = deadlines.open_items(opened, dt.date(2026, 11, 22))
    assert [(i.title, i.due_date) for i in items] == [
        ("Afspraak: Wijkteam — stuurt het verslag", dt.date(2026, 11, 16)),     # overdue first
        ("Formulier pgb inleveren", dt.date(2026, 11, 30)), ("Bezwaartermijn", dt.date(2026, 12, 14))]
    assert deadline_page.view.model().rowCount() == 3


def test_dossier_named_on_the_command_line_opens_its_unlock_dialog(qtbot, monkeypatch, dossier_file):
    from dossier_app import cli
    from dossier_app.ui import app

    started = []
    monkeypatch.setattr(app, "main", lambda argv: started.append(argv) or 0)
    assert cli.main([str(dossier_file)]) == 0
    assert started == [[str(dossier_file)]]
    assert app.dossier_argument(["--x", str(dossier_file)]) == dossier_file


# -- found by trying the app as a new user under Xvfb ------------------------------------------------
def test_closing_an_unchanged_entry_asks_nothing_and_keeps_no_draft(qtbot, window, dossier_file):
    opened = open_dossier(qtbot, window, dossier_file)
    click_sidebar(qtbot, window, "Gesprekken")
    double_click_row(qtbot, page(window, "gesprekken").view, 0)
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    editor = open_editors()[0]
    assert not editor.error.isVisible()
    press(qtbot, editor.title_edit, Qt.Key_Escape)
    qtbot.waitUntil(lambda: not open_editors(), timeout=WAIT_MS)
    assert message_boxes() == []
    talk = timeline.timeline(opened, kind="gesprek")[0].id
    assert timeline.load_draft(opened, "entry-gesprek", str(talk)) is None


def test_required_field_message_waits_until_the_user_types(qtbot, window, dossier_file):
    open_dossier(qtbot, window, dossier_file)
    press(qtbot, window, Qt.Key_N, Qt.ControlModifier)
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    editor = open_editors()[0]
    assert not editor.error.isVisible()
    assert not editor.buttons.button(editor.buttons.StandardButton.Save).isEnabled()
    type_into(qtbot, editor.title_edit, "x")
    press(qtbot, editor.title_edit, Qt.Key_Backspace)
    assert editor.error.isVisible() and "titel" in editor.error.text()
    assert editor.traject.currentText() == "Aanvraag jeugdhulp Noor"     # the only traject is chosen already
    editor.close_for_lock()


def test_the_open_editor_comes_back_after_unlocking(qtbot, window, dossier_file):
    open_dossier(qtbot, window, dossier_file)
    press(qtbot, window, Qt.Key_N, Qt.ControlModifier)
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    type_into(qtbot, open_editors()[0].title_edit, "Half af")
    press(qtbot, open_editors()[0].title_edit, Qt.Key_L, Qt.ControlModifier)
    qtbot.waitUntil(lambda: not window.dossier.is_open, timeout=WAIT_MS)
    panel = page(window, "vergrendeld").panel
    type_into(qtbot, panel.passphrase, PASSPHRASE)
    press(qtbot, panel.passphrase, Qt.Key_Return)
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    editor = open_editors()[0]
    assert editor.title_edit.text() == "Half af" and editor.restored.isVisible()
    editor.close_for_lock()


def test_documents_show_their_own_kind_and_search_shows_titles(qtbot, window, dossier_file):
    with sessions.DossierSession(dossier_file) as opened:
        opened.unlock(PASSPHRASE)
        timeline.add_document(opened, occurred_on=dt.date(2026, 11, 2), title="Besluit jeugdhulp",
                              doc_kind="beschikking", decision_date=dt.date(2026, 11, 2), body="over logopedie")
    open_dossier(qtbot, window, dossier_file)
    click_sidebar(qtbot, window, "Documenten")
    assert row_texts(page(window, "documenten").view, 1) == ["Beschikking (besluit)"]
    search = window.findChild(QWidget, "search")
    type_into(qtbot, search, "logopedie")
    press(qtbot, search, Qt.Key_Return)
    results = page(window, "zoeken")
    qtbot.waitUntil(lambda: results.view.model().rowCount() == 1, timeout=WAIT_MS)
    assert row_texts(results.view, 2) == ["Besluit jeugdhulp"]


def test_opening_an_attachment_without_a_viewer_says_so(qtbot, window, dossier_file, tmp_path, monkeypatch):
    from dossier_app.ui import attachments_panel

    source = tmp_path / "brief.xyz"
    source.write_bytes(b"inhoud")
    with sessions.DossierSession(dossier_file) as opened:
        opened.unlock(PASSPHRASE)
        note = timeline.add_note(opened, "Met bijlage", occurred_on=dt.date(2026, 11, 2))
        attachments.add_file(opened, note, source)
    monkeypatch.setattr(attachments_panel.QDesktopServices, "openUrl", lambda url: False)
    open_dossier(qtbot, window, dossier_file)
    click_sidebar(qtbot, window, "Tijdlijn")
    table = page(window, "tijdlijn").view
    double_click_row(qtbot, table, row_texts(table, 3).index("Met bijlage"))
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    panel = open_editors()[0].attachments
    qtbot.mouseClick(panel.open_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "geen programma" in panel.status.text(), timeout=WAIT_MS)
    open_editors()[0].close_for_lock()


def test_a_verdaging_is_recorded_from_termijnen_and_recomputed(qtbot, window, dossier_file):
    from dossier_app.ui.term_facts_dialog import TermFactsDialog
    from tests.support.uihelpers import when_modal

    with sessions.DossierSession(dossier_file) as opened:
        opened.unlock(PASSPHRASE)
        timeline.add_document(opened, occurred_on=dt.date(2026, 11, 2), title="Aanvraag jeugdhulp",
                              doc_kind="aanvraag", direction="verzonden", received_on=dt.date(2026, 11, 2))
    open_dossier(qtbot, window, dossier_file)
    click_sidebar(qtbot, window, "Termijnen")
    deadline_page = page(window, "termijnen")
    row = row_texts(deadline_page.view, 3).index(next(t for t in row_texts(deadline_page.view, 3)
                                                       if t.startswith("Beslistermijn")))
    click_row(qtbot, deadline_page.view, row)
    assert deadline_page.adjust_button.isEnabled()
    seen = {}

    def fill(dialog, notice):
        dialog.postponement.setValue(4)
        type_into(qtbot, dialog.postponement_notice.edit, notice)
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.LeftButton)
        seen["error"] = dialog.error.text()
        if dialog.isVisible():
            dialog.reject()

    when_modal(qtbot, TermFactsDialog, lambda d: fill(d, "05-01-2027"))     # after the term ended: refused
    qtbot.mouseClick(deadline_page.adjust_button, Qt.LeftButton)
    assert "telt niet" in seen["error"]
    when_modal(qtbot, TermFactsDialog, lambda d: fill(d, "01-12-2026"))
    qtbot.mouseClick(deadline_page.adjust_button, Qt.LeftButton)
    assert seen["error"] == ""
    item = next(i for i in deadlines.open_items(window.session, dt.date(2026, 11, 22))
                if i.rule == "beslistermijn-aanvraag")
    assert item.due_date == dt.date(2027, 1, 25)
    assert "verdaagd met vier weken" in deadline_page.explanation.toPlainText()
