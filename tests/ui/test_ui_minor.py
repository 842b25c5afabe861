"""The small things from issue 24, each tried as a person would."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit, QPushButton, QWidget

from tests.conftest import PASSPHRASE
from tests.support.uihelpers import WAIT_MS, click_sidebar, open_with_passphrase, page, press, type_into, wait_idle


@pytest.fixture
def opened(qtbot, window, demo_path):
    open_with_passphrase(qtbot, window, demo_path, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    return window


def _person_editor(qtbot, window, person=None):
    editor = window.editors.edit_person(window.session, person)
    qtbot.waitUntil(editor.isVisible, timeout=WAIT_MS)
    return editor


@pytest.mark.parametrize("typed", ["10062011", "10-6-2011", "10 juni 2011", "10 jun. 2011", "10/06/2011"])
def test_a_birth_date_is_accepted_as_people_type_it_and_the_parsed_date_is_shown(qtbot, opened, typed):
    from dossier_app.services import family

    editor = _person_editor(qtbot, opened)
    role = editor.role
    role.setCurrentIndex(role.findData("kind"))
    type_into(qtbot, editor.fields["name"], "Sem Proef")
    type_into(qtbot, editor.birth_date.edit, typed)
    parsed = editor.birth_date.findChild(QLabel, "parsed-date")
    assert parsed.isVisible() and parsed.text() == "= vrijdag 10 juni 2011"
    assert not editor.birth_date.error.isVisible()
    qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), Qt.LeftButton)
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=WAIT_MS)
    saved = next(person for person in family.people(opened.session, "kind") if person.name == "Sem Proef")
    assert saved.birth_date == dt.date(2011, 6, 10)


def test_a_date_that_does_not_exist_is_still_refused(qtbot, opened):
    editor = _person_editor(qtbot, opened)
    type_into(qtbot, editor.birth_date.edit, "31022011")
    assert editor.birth_date.error.isVisible() and not editor.birth_date.findChild(QLabel, "parsed-date").isVisible()
    editor.reject()


def test_only_a_childs_notes_are_marked_as_going_into_letters(qtbot, opened):
    editor = _person_editor(qtbot, opened)
    notes = editor.findChild(QLabel, "notes-label")
    role = editor.role
    role.setCurrentIndex(role.findData("ouder"))
    assert notes.text() == "Notities" and "niet in brieven" in editor.notes.toolTip()
    role.setCurrentIndex(role.findData("kind"))
    assert notes.text().endswith("✉")
    editor.reject()


def test_addresses_are_shown_with_separators(qtbot, opened):
    from dossier_app.services import family

    parent = family.people(opened.session, "ouder")[0]
    assert parent.street and parent.postcode and parent.city
    click_sidebar(qtbot, opened, "Gezin")
    shown = " | ".join(label.text() for label in page(opened, "gezin").findChildren(QLabel))
    view_texts = []
    for view in page(opened, "gezin").findChildren(QWidget):
        model = getattr(view, "model", None)
        if callable(model) and model() is not None and hasattr(model(), "rowCount"):
            m = model()
            view_texts += [str(m.index(r, c).data()) for r in range(m.rowCount()) for c in range(m.columnCount())]
    expected = f"{parent.street}, {parent.postcode} {parent.city}"
    assert expected in view_texts or expected in shown
    assert f"{parent.street} {parent.postcode}" not in " ".join(view_texts) + shown


def test_step_4_shows_part_markers_readably_and_the_letter_stays_the_same(qtbot, opened):
    from dossier_app.letters import blocks

    click_sidebar(qtbot, opened, "Brieven")
    qtbot.mouseClick(page(opened, "brieven").new_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: any(w.objectName() == "letter-assistant" and w.isVisible()
                                for w in QApplication.topLevelWidgets()), timeout=WAIT_MS)
    dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "letter-assistant")
    dialog.kind_step.select_kind("avg-inzage")
    for _ in range(4):
        if dialog.current_step() is dialog.text_step:
            break
        button = dialog.findChild(QPushButton, "assistant-next")
        qtbot.waitUntil(button.isEnabled, timeout=WAIT_MS)
        qtbot.mouseClick(button, Qt.LeftButton)
    assert dialog.current_step() is dialog.text_step
    text = dialog.findChild(QPlainTextEdit, "letter-text")
    qtbot.waitUntil(lambda: "── afzender ──" in text.toPlainText(), timeout=WAIT_MS)
    assert "<!--" not in text.toPlainText()
    before = [(b.part, b.kind, b.text) for b in blocks.parse(dialog.controller.last.markdown)]
    assert before == [(b.part, b.kind, b.text) for b in blocks.parse(text.toPlainText())]
    # An edit keeps the parts where they were.
    text.setFocus()
    text.moveCursor(text.textCursor().MoveOperation.End)
    qtbot.keyClick(text, Qt.Key_Return)
    qtbot.keyClick(text, Qt.Key_Return)
    qtbot.keyClicks(text, "Nog een zin van mij.")
    qtbot.waitUntil(lambda: dialog.controller.edited is not None, timeout=WAIT_MS)
    wait_idle(qtbot)
    qtbot.waitUntil(lambda: "Nog een zin van mij." in dialog.controller.last.text, timeout=WAIT_MS)
    parts = {b.part for b in dialog.controller.last.blocks}
    assert {"afzender", "betreft"} <= parts
    assert "<!--" in dialog.controller.last.markdown and "──" not in dialog.controller.last.markdown
    press(qtbot, dialog, Qt.Key_Escape)


def _family_with_a_letter(tmp_path):
    from dossier_app.services import family, letters, session as sessions

    path = tmp_path / "gezin.dossier"
    with sessions.create_dossier(path, PASSPHRASE, name="Gezin") as opened:
        family.add_person(opened, "ouder", "Sanne Test", street="Laan 1", postcode="1234 AB", city="Lindenhoven")
        family.add_person(opened, "kind", "Noor Test", birth_date=dt.date(2015, 3, 1))
        family.add_contact(opened, "gemeente", "Gemeente Lindenhoven", organisation="Gemeente Lindenhoven")
        traject = family.add_traject(opened, "Inzage dossier", opened_on=dt.date(2026, 10, 1))
        rendered = letters.prepare(opened, "avg-inzage", traject_id=traject)
        letters.save_docx(opened, rendered, tmp_path / "inzage.docx")
    return path


def _dialog(name):
    found = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.objectName() == name]
    return found[-1] if found else None


def test_a_send_date_before_the_letter_and_a_receipt_before_sending_are_refused(qtbot, window, tmp_path):
    from tests.support.uihelpers import click_row

    from dossier_app.dutch import short_date
    from dossier_app.services import letters

    open_with_passphrase(qtbot, window, _family_with_a_letter(tmp_path), PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    click_sidebar(qtbot, window, "Brieven")
    letters_page = page(window, "brieven")
    click_row(qtbot, letters_page.view, 0)
    record = letters.letter_records(window.session)[0]
    qtbot.mouseClick(letters_page.sent_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: _dialog("sent-dialog") is not None, timeout=WAIT_MS)
    sent = _dialog("sent-dialog")
    type_into(qtbot, sent.date.edit, short_date(record.date - dt.timedelta(days=3)))
    qtbot.mouseClick(sent.buttons.button(sent.buttons.StandardButton.Ok), Qt.LeftButton)
    assert sent.isVisible() and "vóór de datum van de brief" in sent.error.text()
    assert letters.letter_records(window.session)[0].sent_on is None
    type_into(qtbot, sent.date.edit, short_date(record.date))
    qtbot.mouseClick(sent.buttons.button(sent.buttons.StandardButton.Ok), Qt.LeftButton)
    qtbot.waitUntil(lambda: _dialog("sent-dialog") is None, timeout=WAIT_MS)
    assert letters.letter_records(window.session)[0].sent_on == record.date
    click_row(qtbot, letters_page.view, 0)
    qtbot.waitUntil(letters_page.receipt_button.isEnabled, timeout=WAIT_MS)
    qtbot.mouseClick(letters_page.receipt_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: _dialog("receipt-dialog") is not None, timeout=WAIT_MS)
    receipt = _dialog("receipt-dialog")
    type_into(qtbot, receipt.date.edit, short_date(record.date - dt.timedelta(days=1)))
    press(qtbot, receipt.date.edit, Qt.Key_Return)
    assert receipt.isVisible() and "vóór de verzenddatum" in receipt.error.text()
    assert letters.letter_records(window.session)[0].receipt_confirmed_on is None
    receipt.reject()


def test_file_dialogs_open_in_the_folder_used_last_also_after_a_restart(qtbot, window, demo_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from dossier_app import paths, settings as settings_store
    from dossier_app.ui.main_window import MainWindow
    from tests.support.uihelpers import unlock_dialog

    starts, answers = [], [("", ""), (str(demo_path), "")]

    def chooser(_parent, _caption, start, *_rest, **_kw):
        starts.append(start)
        return answers.pop(0) if answers else ("", "")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", chooser)
    press(qtbot, window, Qt.Key_O, Qt.ControlModifier)              # Bestand → Openen…: nothing chosen
    press(qtbot, window, Qt.Key_O, Qt.ControlModifier)              # now the demo in its own folder
    qtbot.waitUntil(lambda: unlock_dialog() is not None, timeout=WAIT_MS)
    unlock_dialog().reject()
    press(qtbot, window, Qt.Key_O, Qt.ControlModifier)
    assert starts[0] == str(paths.documents_dir())
    assert starts[2] == str(demo_path.parent)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    assert settings_store.load().last_folder == str(demo_path.parent)
    from dossier_app.ui import folders

    folders.forget()                                                 # a new run of the app
    again = MainWindow()
    again.show()
    try:
        again.activateWindow()
        press(qtbot, again, Qt.Key_O, Qt.ControlModifier)
        assert starts[-1] == str(demo_path.parent)
    finally:
        again.close()
        again.deleteLater()
