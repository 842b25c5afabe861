"""The letter workflow in the app, driven as a person would: Overzicht → next step → assistant →
export → 'Verstuurd…' → Termijnen and Brieven. Also the help (F1, Help menu)."""

import datetime as dt
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication, QCheckBox, QComboBox, QFormLayout, QLineEdit, QPlainTextEdit, QPushButton, QWidget,
)

from tests.conftest import PASSPHRASE
from dossier_app.demo import create_demo
from dossier_app.services import family, session as sessions, timeline
from tests.support.uihelpers import (
    WAIT_MS, choose_step, click_row, click_sidebar, open_with_passphrase, overview_steps, page, press, row_texts,
    type_into, wait_idle,
)

# Slow (the letter assistant clicked through, letters written): make test runs it, make test-quick skips it.
pytestmark = pytest.mark.slow

PRIVATE_NOTE = "Ontvangen per post. Bezwaar maken!"
ERROR_IN_BESLUIT = "Er staat dat Noor geen verwijzing heeft; de huisarts heeft haar verwezen."


@pytest.fixture
def demo_today(tmp_path) -> Path:
    """The demo dossier with today's dates (the app works with today), a private note and an error
    noted on the beschikking."""
    path = tmp_path / "demo.dossier"
    create_demo(path, PASSPHRASE, today=dt.date.today()).close()
    with sessions.DossierSession(path) as opened:
        opened.unlock(PASSPHRASE)
        beschikking = next(item for item in timeline.timeline(opened, kind="document")
                           if item.title == "Beschikking jeugdhulp Noor")
        details = timeline.entry(opened, beschikking.id)
        timeline.update_entry(opened, beschikking.id, title=details.title, occurred_on=details.date,
                              body=PRIVATE_NOTE, traject_id=details.case_id)
        fields = details.fields
        timeline.update_document(opened, beschikking.id, doc_kind="beschikking", direction="ontvangen",
                                 sender=fields["sender"], kenmerk=fields["kenmerk"],
                                 decision_date=fields["decision_date"], received_on=fields["received_on"],
                                 inaccuracies=ERROR_IN_BESLUIT)
    return path


def open_dossier(qtbot, window, path):
    open_with_passphrase(qtbot, window, path, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)


def assistant():
    from dossier_app.ui.letters.assistant import LetterAssistant

    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, LetterAssistant) and w.isVisible()]
    return found[-1] if found else None


def visible(cls, name):
    found = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.objectName() == name]
    return found[-1] if found else None


def child(widget, cls, name):
    found = widget.findChild(cls, name)
    assert found is not None, name
    return found


def preview_text(dialog, name="letter-preview"):
    return " ".join(child(dialog, QWidget, name).toPlainText().split())


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.LeftButton)


def next_step(qtbot, dialog):
    button = child(dialog, QPushButton, "assistant-next")
    qtbot.waitUntil(button.isEnabled, timeout=WAIT_MS)
    click(qtbot, button)


def wait_render(qtbot, dialog, contains, name="letter-preview"):
    qtbot.waitUntil(lambda: contains in preview_text(dialog, name), timeout=WAIT_MS)


def edit_paragraph(qtbot, dialog, after: str, addition: str):
    """Put the cursor after a sentence in the letter text (as with Ctrl+F in an editor) and type."""
    text = child(dialog, QPlainTextEdit, "letter-text")
    text.setFocus()
    assert text.find(after)
    cursor = text.textCursor()
    cursor.clearSelection()
    text.setTextCursor(cursor)
    qtbot.keyClicks(text, addition)


def save_letter(qtbot, dialog, folder: Path, *, pdf_too: bool = False) -> Path:
    type_into(qtbot, child(dialog, QLineEdit, "letter-folder"), str(folder))
    pdf = child(dialog, QCheckBox, "letter-pdf")
    if pdf.isChecked() != pdf_too:
        click(qtbot, pdf)
    click(qtbot, child(dialog, QPushButton, "letter-save"))
    name = child(dialog, QLineEdit, "letter-filename").text()
    target = folder / name
    qtbot.waitUntil(target.exists, timeout=WAIT_MS)
    return target


def docx_text(path: Path) -> str:
    return " ".join(" ".join(p.text for p in docx.Document(str(path)).paragraphs).split())


def mark_sent_on_brieven(qtbot, window, tracking: str):
    click_sidebar(qtbot, window, "Brieven")
    letters_page = page(window, "brieven")
    click_row(qtbot, letters_page.view, 0)
    click(qtbot, letters_page.sent_button)
    qtbot.waitUntil(lambda: visible(QWidget, "sent-dialog") is not None, timeout=WAIT_MS)
    dialog = visible(QWidget, "sent-dialog")
    method = child(dialog, QComboBox, "send-method")
    method.setFocus()
    method.setCurrentIndex(method.findData("aangetekend"))   # as a choice from the list
    type_into(qtbot, child(dialog, QLineEdit, "tracking-number"), tracking)
    press(qtbot, child(dialog, QLineEdit, "tracking-number"), Qt.Key_Return)
    qtbot.waitUntil(lambda: visible(QWidget, "sent-dialog") is None, timeout=WAIT_MS)
    return letters_page


def test_overdue_beslistermijn_to_ingebrekestelling_sent_aangetekend(qtbot, window, demo_today, tmp_path):
    open_dossier(qtbot, window, demo_today)
    buttons = overview_steps(window)
    assert "Beslistermijn verstreken — stuur een ingebrekestelling" in buttons
    assert any(text.startswith("Bezwaartermijn loopt af op ") and text.endswith("maak een bezwaarschrift")
               for text in buttons)
    click(qtbot, choose_step(qtbot, window, "Beslistermijn verstreken"))
    qtbot.waitUntil(lambda: assistant() is not None, timeout=WAIT_MS)
    dialog = assistant()
    # Opened at the fields, prefilled: the aanvraag of the extension, and its ontvangstbevestiging.
    assert dialog.current_step() is dialog.fields_step
    wait_render(qtbot, dialog, "ingebrekestelling wegens niet tijdig beslissen")
    assert "Aanvraag verlenging begeleiding Noor" in preview_text(dialog)
    # A field the dossier did not have: the IBAN for the dwangsom.
    iban = child(dialog, QPlainTextEdit, "veld-iban")
    assert iban.toPlainText() == ""
    type_into(qtbot, iban, "NL91ABNA0417164300")
    wait_render(qtbot, dialog, "op mijn rekening NL91ABNA0417164300")
    next_step(qtbot, dialog)
    assert dialog.current_step() is dialog.text_step
    own = " Ik heb de gemeente ook al twee keer gebeld, zonder antwoord."
    edit_paragraph(qtbot, dialog, "Die termijn is voorbij.", own)
    wait_render(qtbot, dialog, own.strip(), "letter-final-preview")
    next_step(qtbot, dialog)
    from dossier_app.services import letters

    target = save_letter(qtbot, dialog, tmp_path, pdf_too=letters.pdf_available())
    text = docx_text(target)
    assert own.strip() in text and "NL91ABNA0417164300" in text
    if letters.pdf_available():   # LibreOffice converts off the GUI thread; the .docx is there already
        qtbot.waitUntil(lambda: target.with_suffix(".pdf").exists(), timeout=120000)
        wait_idle(qtbot)
        assert "Ook als PDF" in child(dialog, QWidget, "letter-save-status").text()
    assert child(dialog, QPushButton, "letter-open").isEnabled()
    dialog.close()
    letters_page = mark_sent_on_brieven(qtbot, window, "3SABC1234567")
    sent = row_texts(letters_page.view, letters_page.model.column("sent"))[0]
    assert "Aangetekend" in sent and "3SABC1234567" in sent
    assert row_texts(letters_page.view, letters_page.model.column("kind"))[0] == \
        "Ingebrekestelling (niet tijdig beslissen)"
    click_sidebar(qtbot, window, "Termijnen")
    whats = row_texts(page(window, "termijnen").view, 3)
    assert any(what.startswith("Ingebrekestelling") for what in whats)
    assert any(what.startswith("Ontvangstbevestiging verwachten") for what in whats)
    # Issue 21: the ingebrekestelling is under way, so the Overzicht no longer asks to send one, and the
    # beslistermijn it answered is closed.
    assert not any(what.startswith("Beslistermijn aanvraag") for what in whats)
    click_sidebar(qtbot, window, "Overzicht")
    buttons = overview_steps(window)
    assert "Beslistermijn verstreken — stuur een ingebrekestelling" not in buttons


def test_bezwaartermijn_to_bezwaarschrift_without_private_notes(qtbot, window, demo_today, tmp_path):
    open_dossier(qtbot, window, demo_today)
    click(qtbot, choose_step(qtbot, window, "Bezwaartermijn loopt af op "))
    qtbot.waitUntil(lambda: assistant() is not None, timeout=WAIT_MS)
    dialog = assistant()
    assert dialog.current_step() is dialog.fields_step
    wait_render(qtbot, dialog, "bezwaarschrift tegen uw besluit")
    text = preview_text(dialog)
    assert ERROR_IN_BESLUIT in text and PRIVATE_NOTE not in text and "Bezwaar maken" not in text
    # The help needed is prefilled from the dossier; emptied, it is missing and 'Volgende' waits.
    help_field = child(dialog, QPlainTextEdit, "veld-gevraagde_hulp")
    assert help_field.toPlainText().startswith("Jeugdhulp bij Kindpraktijk De Linde")
    type_into(qtbot, help_field, "")
    qtbot.waitUntil(lambda: "[nog invullen]" in preview_text(dialog), timeout=WAIT_MS)
    assert not child(dialog, QPushButton, "assistant-next").isEnabled()
    type_into(qtbot, help_field, "Specialistische jeugd-ggz bij Kindpraktijk De Linde, als pgb.")
    wait_render(qtbot, dialog, "Specialistische jeugd-ggz bij Kindpraktijk De Linde, als pgb.")
    next_step(qtbot, dialog)
    own = " Wij hebben dit ook in het gesprek gezegd."
    edit_paragraph(qtbot, dialog, "Een kopie van het besluit sturen wij mee.", own)
    wait_render(qtbot, dialog, own.strip(), "letter-final-preview")
    next_step(qtbot, dialog)
    target = save_letter(qtbot, dialog, tmp_path)
    text = docx_text(target)
    assert own.strip() in text and ERROR_IN_BESLUIT in text
    assert PRIVATE_NOTE not in text and "Ontvangen per post" not in text
    assert "Kopie van het besluit van" in text
    # The copy of the besluit, chosen by default, is exported next to the letter.
    assert (tmp_path / "beschikking-JGT-2026-0412.txt").read_bytes().startswith(b"Beschikking JGT-2026-0412")
    dialog.close()
    letters_page = mark_sent_on_brieven(qtbot, window, "3SXYZ7654321")
    assert "3SXYZ7654321" in row_texts(letters_page.view, letters_page.model.column("sent"))[0]
    click_sidebar(qtbot, window, "Termijnen")
    whats = row_texts(page(window, "termijnen").view, 3)
    assert any("Beslistermijn op bezwaar" in what or "bezwaar" in what.lower() for what in whats)
    assert not any(what.startswith("Bezwaartermijn") for what in whats)   # closed by sending the bezwaar
    click_sidebar(qtbot, window, "Overzicht")
    buttons = overview_steps(window)
    assert not any(text.startswith("Bezwaartermijn") for text in buttons)


def test_new_letter_from_brieven_starts_with_the_kinds(qtbot, window, demo_today):
    open_dossier(qtbot, window, demo_today)
    click_sidebar(qtbot, window, "Brieven")
    click(qtbot, page(window, "brieven").new_button)
    qtbot.waitUntil(lambda: assistant() is not None, timeout=WAIT_MS)
    dialog = assistant()
    assert dialog.current_step() is dialog.kind_step
    kinds = dialog.kind_step.list
    assert kinds.count() >= 9
    first = kinds.item(0).text()
    assert "\n" in first and "Nog nodig" not in first
    assert not child(dialog, QPushButton, "assistant-next").isEnabled()
    dialog.kind_step.select_kind("avg-inzage")
    next_step(qtbot, dialog)
    assert dialog.current_step() is dialog.traject_step


def test_empty_dossier_shows_the_first_steps(qtbot, window, tmp_path):
    path = tmp_path / "leeg.dossier"
    with sessions.create_dossier(path, PASSPHRASE, name="Leeg"):
        pass
    open_dossier(qtbot, window, path)
    steps = page(window, "overzicht").findChildren(QWidget, "first-step")
    assert len(steps) == 3 and "Gezin" in steps[0].text()


def test_f1_opens_help_for_the_page_and_about_is_in_the_menu(qtbot, window, demo_today):
    open_dossier(qtbot, window, demo_today)
    click_sidebar(qtbot, window, "Brieven")
    press(qtbot, window, Qt.Key_F1)
    qtbot.waitUntil(lambda: visible(QWidget, "help-dialog") is not None, timeout=WAIT_MS)
    help_dialog = visible(QWidget, "help-dialog")
    text = child(help_dialog, QWidget, "help-text").toPlainText()
    assert "Bewijs van verzending" in text and "leesbevestiging" in text
    topics = child(help_dialog, QWidget, "help-topics")
    titles = [topics.item(row).text() for row in range(topics.count())]
    assert "Aanvraag of melding?" in titles and "Komt u er niet uit? De stappen" in titles
    help_dialog.close()
    help_menu = next(action.menu() for action in window.menuBar().actions() if action.text() == "&Help")
    about = next(action for action in help_menu.actions() if action.text().startswith("&Over"))
    assert about.shortcut().isEmpty()


def help_dialogs():
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.objectName() == "help-dialog"]


def test_f1_in_the_assistant_opens_help_for_the_step_on_screen(qtbot, window, demo_today):
    """Issue 24: two actions claimed F1 inside the assistant, so nothing happened."""
    open_dossier(qtbot, window, demo_today)
    click_sidebar(qtbot, window, "Brieven")
    click(qtbot, page(window, "brieven").new_button)
    qtbot.waitUntil(lambda: assistant() is not None, timeout=WAIT_MS)
    dialog = assistant()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=WAIT_MS)
    press(qtbot, dialog.kind_step.list, Qt.Key_F1)
    qtbot.waitUntil(lambda: len(help_dialogs()) == 1, timeout=WAIT_MS)
    shown = help_dialogs()[0]
    text = child(shown, QWidget, "help-text")
    assert "Brieven maken en versturen" in text.toPlainText()
    assert text.textCursor().selectedText() == "Kies de soort brief"
    shown.close()
    dialog.kind_step.select_kind("avg-inzage")
    next_step(qtbot, dialog)
    for _ in range(3):
        if dialog.current_step() is dialog.save_step:
            break
        next_step(qtbot, dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=WAIT_MS)
    press(qtbot, dialog, Qt.Key_F1)
    qtbot.waitUntil(lambda: len(help_dialogs()) == 1, timeout=WAIT_MS)
    place = child(help_dialogs()[0], QWidget, "help-text").textCursor().selectedText()
    assert place == {dialog.traject_step: "Kies het traject", dialog.fields_step: "Vul aan wat ontbreekt",
                     dialog.text_step: "Lees de brief na", dialog.save_step: "Bewijs van verzending"}[
                         dialog.current_step()]
    assert place != "Kies de soort brief"


def test_second_family_letter_log_lists_kind_and_traject(qtbot, window, tmp_path):
    open_dossier(qtbot, window, _family_with_a_letter(tmp_path))
    click_sidebar(qtbot, window, "Brieven")
    view = page(window, "brieven").view
    assert row_texts(view, 1) == ["AVG-verzoek om inzage"] or row_texts(view, 1)[0].startswith("AVG")
    assert row_texts(view, 3) == ["nog niet"]


def _family_with_a_letter(tmp_path) -> Path:
    from dossier_app.services import letters

    path = tmp_path / "gezin.dossier"
    with sessions.create_dossier(path, PASSPHRASE, name="Gezin") as opened:
        family.add_person(opened, "ouder", "Sanne Test", street="Laan 1", postcode="1234 AB", city="Lindenhoven")
        family.add_person(opened, "kind", "Noor Test", birth_date=dt.date(2015, 3, 1))
        family.add_contact(opened, "gemeente", "Gemeente Lindenhoven", organisation="Gemeente Lindenhoven")
        traject = family.add_traject(opened, "Inzage dossier", opened_on=dt.date(2026, 10, 1))
        rendered = letters.prepare(opened, "avg-inzage", traject_id=traject)
        letters.save_docx(opened, rendered, tmp_path / "inzage.docx")
    return path


def test_forms_mark_the_fields_that_feed_letters(qtbot, window, demo_today):
    from tests.support.uihelpers import double_click_row, open_editors

    open_dossier(qtbot, window, demo_today)
    click_sidebar(qtbot, window, "Documenten")
    documents = page(window, "documenten")
    row = row_texts(documents.view, 3).index("Beschikking jeugdhulp Noor")
    double_click_row(qtbot, documents.view, row)
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    editor = open_editors()[0]
    role = QFormLayout.ItemRole.LabelRole
    labels = [editor.form.itemAt(i, role).widget().text() for i in range(editor.form.rowCount())
              if editor.form.itemAt(i, role) is not None]
    assert "Onjuistheden ✉" in labels and "Kenmerk ✉" in labels
    assert "Aantekeningen (alleen voor uzelf)" in labels
    assert editor.findChild(QWidget, "letter-legend").isVisible()


def test_editable_text_reads_plainly_and_keeps_the_same_letter():
    from dossier_app.letters import blocks
    from dossier_app.services.letters import editable_text

    escaped = "06\\-12345678\n\nt\\.a\\.v\\. het college\n\n1\\. niet een lijst\n\n\\- ook niet\n\nJGT\\-2026 (x\\)"
    plain = editable_text(escaped)
    assert "06-12345678" in plain and "t.a.v. het college" in plain and "JGT-2026 (x)" in plain
    assert [(b.kind, b.text) for b in blocks.parse(plain)] == [(b.kind, b.text) for b in blocks.parse(escaped)]


def test_a_missing_addressee_can_be_added_from_the_assistant(qtbot, window, tmp_path):
    import datetime as dt

    from dossier_app.services import family, session as sessions, timeline
    from tests.support.uihelpers import open_editors

    path = tmp_path / "zonder-contacten.dossier"
    decided = dt.date.today() - dt.timedelta(days=7)
    with sessions.create_dossier(path, PASSPHRASE, name="Familie Zonder Contacten") as opened:
        family.add_person(opened, "ouder", "Eva Zonder", street="Laan 2", postcode="1000 AA", city="Ergens")
        child_id = family.add_person(opened, "kind", "Mia Zonder", birth_date=dt.date(2016, 5, 1))
        traject = family.add_traject(opened, "Aanvraag jeugdhulp", opened_on=decided, child_id=child_id)
        timeline.add_document(opened, occurred_on=decided, title="Beschikking jeugdhulp", doc_kind="beschikking",
                              decision_date=decided, kenmerk="ZC-1", sender="Gemeente Ergens", traject_id=traject)
    open_dossier(qtbot, window, path)
    click(qtbot, choose_step(qtbot, window, "Bezwaartermijn loopt af"))
    qtbot.waitUntil(lambda: assistant() is not None, timeout=WAIT_MS)
    dialog = assistant()
    add = child(dialog, QPushButton, "add-missing-contact")
    qtbot.waitUntil(add.isVisible, timeout=WAIT_MS)
    assert add.text() == "Organisatie toevoegen…"
    click(qtbot, add)
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    editor = open_editors()[0]
    assert editor.role.currentData() == "gemeente"
    for key, value in (("name", "College van B&W"), ("organisation", "Gemeente Ergens"), ("street", "Postbus 1"),
                       ("postcode", "1000 AB"), ("city", "Ergens")):
        type_into(qtbot, editor.fields[key], value)
    click(qtbot, editor.buttons.button(editor.buttons.StandardButton.Save))
    wait_render(qtbot, dialog, "Gemeente Ergens")
    assert not add.isVisible()
    dialog.reject()


def test_the_assistant_says_when_the_other_parent_has_gezag(qtbot, window, demo_today):
    open_dossier(qtbot, window, demo_today)
    click_sidebar(qtbot, window, "Brieven")
    click(qtbot, page(window, "brieven").new_button)
    qtbot.waitUntil(lambda: assistant() is not None, timeout=WAIT_MS)
    dialog = assistant()
    dialog.kind_step.select_kind("avg-inzage")
    next_step(qtbot, dialog)
    next_step(qtbot, dialog)
    warnings = child(dialog, QWidget, "letter-warnings")
    qtbot.waitUntil(warnings.isVisible, timeout=WAIT_MS)
    assert "Let op:" in warnings.text() and "heeft ook het gezag" in warnings.text()
    assert "heeft ook het gezag" not in preview_text(dialog)       # a note for the writer, not in the letter
    dialog.reject()


def two_beschikkingen(tmp_path) -> Path:
    import datetime as dt

    from dossier_app.services import family, session as sessions, timeline

    path = tmp_path / "twee-besluiten.dossier"
    with sessions.create_dossier(path, PASSPHRASE, name="Familie Twee") as opened:
        family.add_person(opened, "ouder", "Eva Twee", street="Laan 2", postcode="1000 AA", city="Ergens")
        child = family.add_person(opened, "kind", "Mia Twee", birth_date=dt.date(2016, 5, 1))
        family.add_contact(opened, "gemeente", "College van B&W", organisation="Gemeente Ergens",
                           street="Postbus 1", postcode="1000 AB", city="Ergens")
        traject = family.add_traject(opened, "Jeugdhulp Mia", opened_on=dt.date.today() - dt.timedelta(days=60),
                                     child_id=child)
        for days, kenmerk in ((20, "OUD-1"), (10, "NIEUW-2")):
            decided = dt.date.today() - dt.timedelta(days=days)
            timeline.add_document(opened, occurred_on=decided, title=f"Beschikking {kenmerk}",
                                  doc_kind="beschikking", decision_date=decided, kenmerk=kenmerk,
                                  traject_id=traject)
    return path


def test_the_letter_is_about_the_beschikking_the_user_chooses(qtbot, window, tmp_path):
    path = two_beschikkingen(tmp_path)
    open_dossier(qtbot, window, path)
    click_sidebar(qtbot, window, "Brieven")
    click(qtbot, page(window, "brieven").new_button)
    qtbot.waitUntil(lambda: assistant() is not None, timeout=WAIT_MS)
    dialog = assistant()
    dialog.kind_step.select_kind("bezwaarschrift")
    next_step(qtbot, dialog)
    which = child(dialog, QComboBox, "letter-about-beschikking")
    assert [which.itemText(i).split(" — ")[0] for i in range(which.count())] == ["Beschikking NIEUW-2",
                                                                                  "Beschikking OUD-1"]
    assert "NIEUW-2" in child(dialog, QWidget, "letter-about").text()
    which.setCurrentIndex(1)
    assert "OUD-1" in child(dialog, QWidget, "letter-about").text()
    next_step(qtbot, dialog)
    wait_render(qtbot, dialog, "OUD-1")
    assert "NIEUW-2" not in preview_text(dialog)
    dialog.reject()


def test_cli_letter_over_names_the_item(tmp_path, cli, passphrase_file):
    from dossier_app.services import session as sessions, timeline

    path = two_beschikkingen(tmp_path)
    with sessions.DossierSession(path) as opened:
        opened.unlock(PASSPHRASE)
        old = next(item.id for item in timeline.timeline(opened) if item.title == "Beschikking OUD-1")
    out = tmp_path / "bezwaar.docx"
    code, _out, err = cli("letter", path, "bezwaarschrift", "--out", out, "--over", f"beschikking={old}",
                          "--set", "gevraagde_hulp=Begeleiding", "--passphrase-file", passphrase_file)
    assert code == 0, err
    import docx

    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "OUD-1" in text and "NIEUW-2" not in text
    code, _out, err = cli("letter", path, "bezwaarschrift", "--out", tmp_path / "b2.docx", "--over", "besluit=1",
                          "--passphrase-file", passphrase_file)
    assert code == 2 and "--over onderdeel=nummer" in err
