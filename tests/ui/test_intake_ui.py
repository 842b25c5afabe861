"""Importing post in the app as a person does: drop files on the window, check, store, see the term."""

from __future__ import annotations

import datetime as dt
import shutil
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QListWidget, QPlainTextEdit, QProgressDialog, QPushButton

from tests.conftest import PASSPHRASE
from dossier_app.intake import extract
from dossier_app.services import session as sessions
from tests.support.uihelpers import (
    WAIT_MS, button, click_sidebar, drop, message_boxes, open_with_passphrase, page, review_dialog, row_texts,
    wait_idle,
)

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is nodig")


@pytest.fixture
def opened(qtbot, window, tmp_path):
    path = tmp_path / "demo.dossier"
    with sessions.create_demo(path, PASSPHRASE, today=dt.date(2026, 11, 22)):
        pass
    open_with_passphrase(qtbot, window, path, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    return window








def test_dropped_beschikking_is_reviewed_stored_and_its_bezwaartermijn_shown(qtbot, opened, corpus):
    window = opened
    click_sidebar(qtbot, window, "Tijdlijn")
    drop(window, [corpus.pdfs[0]], page(window, "tijdlijn"))
    qtbot.waitUntil(lambda: review_dialog() is not None, timeout=WAIT_MS)
    dialog = review_dialog()
    assert dialog.findChild(QLineEdit, "intake-date").text() == "05-03-2026"
    assert dialog.findChild(QLineEdit, "intake-kenmerk").text() == "JGT-2026-0410"
    assert "gedragswetenschapper" in dialog.findChild(QPlainTextEdit, "intake-text").toPlainText()
    effect = dialog.findChild(type(dialog.status), "intake-effect")
    assert effect.text() == "Start: bezwaartermijn, laatste dag 16 april 2026."
    qtbot.mouseClick(button(dialog, "Opslaan"), Qt.LeftButton)
    qtbot.waitUntil(lambda: "opgeslagen" in dialog.status.text(), timeout=WAIT_MS)
    assert "16 april 2026" in dialog.status.text()
    qtbot.mouseClick(button(dialog, "Sluiten"), Qt.LeftButton)
    qtbot.waitUntil(lambda: review_dialog() is None, timeout=WAIT_MS)
    click_sidebar(qtbot, window, "Termijnen")
    terms = page(window, "termijnen")
    titles = row_texts(terms.view, 3)
    row = next(index for index, title in enumerate(titles) if "JGT-2026-0410" in title)
    assert titles[row].startswith("Bezwaartermijn")
    assert row_texts(terms.view, 0)[row] in ("16-04-2026", "2026-04-16", "16 april 2026")


def test_review_of_a_decision_lists_the_beslistermijn_it_closes(qtbot, opened, tmp_path):
    """Issue 21: the review shows exactly what saving will do — here the closure of the pending
    aanvraag's beslistermijn next to the new bezwaartermijn — and saving does it."""
    from tests.cli.test_consequences_e2e import decision_pdf

    window = opened
    click_sidebar(qtbot, window, "Tijdlijn")
    drop(window, [decision_pdf(tmp_path / "besluit-verlenging.pdf")], page(window, "tijdlijn"))
    qtbot.waitUntil(lambda: review_dialog() is not None, timeout=WAIT_MS)
    dialog = review_dialog()
    effect = dialog.findChild(type(dialog.status), "intake-effect").text()
    assert "Sluit: Beslistermijn aanvraag: Aanvraag verlenging begeleiding Noor (besluit ontvangen)." in effect
    assert "Start: bezwaartermijn, laatste dag 12 januari 2027." in effect
    qtbot.mouseClick(button(dialog, "Opslaan"), Qt.LeftButton)
    qtbot.waitUntil(lambda: "opgeslagen" in dialog.status.text(), timeout=WAIT_MS)
    qtbot.mouseClick(button(dialog, "Sluiten"), Qt.LeftButton)
    qtbot.waitUntil(lambda: review_dialog() is None, timeout=WAIT_MS)
    click_sidebar(qtbot, window, "Termijnen")
    titles = row_texts(page(window, "termijnen").view, 3)
    assert not any(title.startswith("Beslistermijn aanvraag: Aanvraag verlenging") for title in titles)
    assert any(title.startswith("Bezwaartermijn") and "JGT-2026-1201" in title for title in titles)


def test_an_unticked_change_is_not_made(qtbot, opened, tmp_path):
    from tests.cli.test_consequences_e2e import decision_pdf

    window = opened
    click_sidebar(qtbot, window, "Tijdlijn")
    drop(window, [decision_pdf(tmp_path / "besluit-verlenging.pdf")], page(window, "tijdlijn"))
    qtbot.waitUntil(lambda: review_dialog() is not None, timeout=WAIT_MS)
    dialog = review_dialog()
    changes = dialog.findChild(QListWidget, "intake-changes")
    lines = [changes.item(number).text() for number in range(changes.count())]
    assert lines == ["Sluit: Beslistermijn aanvraag: Aanvraag verlenging begeleiding Noor (besluit ontvangen).",
                     "Start: bezwaartermijn, laatste dag 12 januari 2027.",
                     "Status van het traject: besluit (Awb 1:3 lid 2 en 3:41: het besluit is bekendgemaakt)."]
    changes.setFocus()
    changes.setCurrentRow(0)
    qtbot.keyClick(changes, Qt.Key_Space)            # untick the closure
    assert changes.item(0).checkState() == Qt.Unchecked
    qtbot.mouseClick(button(dialog, "Opslaan"), Qt.LeftButton)
    qtbot.waitUntil(lambda: "opgeslagen" in dialog.status.text(), timeout=WAIT_MS)
    assert "Sluit:" not in dialog.status.text() and "12 januari 2027" in dialog.status.text()
    qtbot.mouseClick(button(dialog, "Sluiten"), Qt.LeftButton)
    qtbot.waitUntil(lambda: review_dialog() is None, timeout=WAIT_MS)
    click_sidebar(qtbot, window, "Termijnen")
    titles = row_texts(page(window, "termijnen").view, 3)
    assert any(title.startswith("Beslistermijn aanvraag: Aanvraag verlenging") for title in titles)
    assert any(title.startswith("Bezwaartermijn") and "JGT-2026-1201" in title for title in titles)


def test_corrected_date_is_what_gets_stored(qtbot, opened, corpus):
    window = opened
    drop(window, [corpus.pdfs[3]])
    qtbot.waitUntil(lambda: review_dialog() is not None, timeout=WAIT_MS)
    dialog = review_dialog()
    date = dialog.findChild(QLineEdit, "intake-date")
    qtbot.mouseClick(date, Qt.LeftButton)
    date.selectAll()
    qtbot.keyClicks(date, "07-09-2026")
    qtbot.keyClick(date, Qt.Key_Tab)
    assert "laatste dag 19 oktober 2026" in dialog.findChild(type(dialog.status), "intake-effect").text()
    qtbot.mouseClick(button(dialog, "Opslaan"), Qt.LeftButton)
    qtbot.waitUntil(lambda: "opgeslagen" in dialog.status.text(), timeout=WAIT_MS)
    assert "19 oktober 2026" in dialog.status.text()


def test_dropped_folder_read_with_progress_then_stored_oldest_first(qtbot, opened, corpus, tmp_path):
    window = opened
    folder = tmp_path / "oude-brieven"
    folder.mkdir()
    for index in (3, 0, 5):      # copied in another order than their dates
        shutil.copy(corpus.pdfs[index], folder / corpus.pdfs[index].name)
    drop(window, [folder])
    qtbot.waitUntil(lambda: review_dialog() is not None, timeout=WAIT_MS)
    dialog = review_dialog()
    listed = dialog.findChild(QListWidget)
    shown = [listed.item(row).text().split()[0] for row in range(listed.count())]
    assert shown == ["05-03-2026", "29-04-2026", "04-09-2026"]
    qtbot.mouseClick(button(dialog, "Alles opslaan"), Qt.LeftButton)
    qtbot.waitUntil(lambda: "Klaar: 3 opgeslagen" in dialog.status.text(), timeout=WAIT_MS)
    qtbot.mouseClick(button(dialog, "Sluiten"), Qt.LeftButton)
    click_sidebar(qtbot, window, "Documenten")
    view = page(window, "documenten").view
    titles = " ".join(text for column in range(view.model().columnCount()) for text in row_texts(view, column))
    assert "Beschikking jeugdhulp Noor de Vries" in titles and "Ontvangstbevestiging" in titles


def test_cancel_stops_reading_a_folder(qtbot, opened, corpus, tmp_path, monkeypatch):
    window = opened
    folder = tmp_path / "map"
    folder.mkdir()
    for pdf in corpus.pdfs[:4]:
        shutil.copy(pdf, folder / pdf.name)
    release = threading.Event()
    real = extract.extract_file

    def slow_first(path, workdir, **options):
        release.wait(10)
        return real(path, workdir, **options)

    monkeypatch.setattr(extract, "extract_file", slow_first)
    drop(window, [folder])
    qtbot.waitUntil(lambda: any(isinstance(w, QProgressDialog) and w.isVisible()
                                for w in window.findChildren(QProgressDialog)), timeout=WAIT_MS)
    progress = next(w for w in window.findChildren(QProgressDialog) if w.isVisible())
    assert progress.maximum() == 4
    cancel = next(item for item in progress.findChildren(QPushButton) if item.text() == "Annuleren")
    qtbot.mouseClick(cancel, Qt.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: review_dialog() is not None, timeout=WAIT_MS)
    dialog = review_dialog()
    assert dialog.findChild(QListWidget).count() == 1
    assert "afgebroken" in dialog.status.text()


def test_scan_without_tesseract_says_what_is_missing(qtbot, opened, tmp_path, monkeypatch):
    from PIL import Image

    photo = tmp_path / "foto-van-brief.jpg"
    Image.new("RGB", (300, 200), "white").save(photo)
    monkeypatch.setattr(extract, "tesseract_path", lambda: None)
    drop(opened, [photo])
    qtbot.waitUntil(lambda: bool(message_boxes()), timeout=WAIT_MS)
    box = message_boxes()[-1]
    assert "Tesseract" in box.text() and "foto-van-brief.jpg" in box.text()
    qtbot.mouseClick(box.buttons()[0], Qt.LeftButton)
    assert review_dialog() is None


def test_menu_item_imports_the_chosen_files(qtbot, opened, corpus, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *args, **kwargs: ([str(corpus.emails[7])], "")))
    file_menu = opened.menuBar().actions()[0].menu()
    action = next(item for item in file_menu.actions() if item.text().replace("&", "") == "Importeren…")
    action.trigger()
    qtbot.waitUntil(lambda: review_dialog() is not None, timeout=WAIT_MS)
    dialog = review_dialog()
    assert dialog.findChild(QLineEdit, "intake-kenmerk").text() == "JGT/2026/880"
    qtbot.mouseClick(button(dialog, "Overslaan"), Qt.LeftButton)
    assert "overgeslagen" in dialog.status.text()
    assert not button(dialog, "Opslaan").isEnabled()


DETAIL_ROWS = {"Besluit", "Uitleg over bezwaar", "Uw brief ontvangen op", "Verdaging"}
COMMON_ROWS = {"Herkend als", "Soort document", "Titel", "Datum van de brief", "Kenmerk", "Afzender", "Kind",
               "Traject"}


def shown_rows(dialog):
    """The row labels a person sees in the review form."""
    from PySide6.QtWidgets import QLabel

    return {label.text() for label in dialog.findChildren(QLabel) if label.isVisible()} & (DETAIL_ROWS | COMMON_ROWS)


def test_review_shows_only_the_rows_that_matter_for_the_kind(qtbot, opened, corpus, tmp_path):
    import email.message

    from PySide6.QtWidgets import QComboBox

    invitation = tmp_path / "uitnodiging.eml"
    message = email.message.EmailMessage()
    message["From"] = "jgt@lindenhoven.example.nl"
    message["Subject"] = "Uitnodiging gesprek"
    message.set_content("Datum: 12-11-2026\nWij nodigen u uit voor een gesprek over Noor op 19 november.")
    invitation.write_bytes(message.as_bytes())
    drop(opened, [invitation, corpus.pdfs[0]])
    qtbot.waitUntil(lambda: review_dialog() is not None, timeout=WAIT_MS)
    dialog = review_dialog()
    listed = dialog.findChild(QListWidget)
    assert [listed.item(row).text().split("\n")[0] for row in range(2)] == ["05-03-2026  Beschikking",
                                                                           "12-11-2026  Uitnodiging"]
    # The beschikking: whether it grants or refuses, and the rechtsmiddelenclausule.
    assert shown_rows(dialog) == COMMON_ROWS | {"Besluit", "Uitleg over bezwaar"}
    # The uitnodiging: none of those.
    qtbot.mouseClick(listed.viewport(), Qt.LeftButton, pos=listed.visualItemRect(listed.item(1)).center())
    qtbot.waitUntil(lambda: dialog.findChild(QLineEdit, "intake-date").text() == "12-11-2026", timeout=WAIT_MS)
    assert shown_rows(dialog) == COMMON_ROWS
    # Choosing another kind by hand shows that kind's rows.
    kind = next(item for item in dialog.findChildren(QComboBox) if item.accessibleName() == "Soort document")
    qtbot.mouseClick(kind, Qt.LeftButton)
    qtbot.keyClick(kind.view(), Qt.Key_Escape)
    qtbot.keyClicks(kind, "Verdaging")
    assert kind.currentText().startswith("Verdagingsbrief")
    assert shown_rows(dialog) == COMMON_ROWS | {"Verdaging"}
    qtbot.wait(QApplication.keyboardInputInterval() + 100)     # a new search, not "VerdagingOntvangst"
    qtbot.keyClicks(kind, "Ontvangst")
    assert shown_rows(dialog) == COMMON_ROWS | {"Uw brief ontvangen op"}
    qtbot.mouseClick(button(dialog, "Sluiten"), Qt.LeftButton)
