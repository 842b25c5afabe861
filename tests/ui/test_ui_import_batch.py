"""Issue 26 in the app, as a person does it: a batch import shows "n van N" while it reads and names each
file that failed; a letter already in the dossier is recognised in the review and not stored twice (a
letter with the same kenmerk and date can still be stored as another document)."""

from __future__ import annotations

import datetime as dt
import shutil
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QProgressDialog, QPushButton

from tests.conftest import PASSPHRASE
from dossier_app.intake import extract
from dossier_app.services import session as sessions
from dossier_app.services.handle import store_handle
from dossier_app.store import entries
from tests.cli.test_consequences_e2e import DECISION, decision_pdf
from tests.support.uihelpers import WAIT_MS, button, drop, message_boxes, open_with_passphrase, review_dialog, wait_idle

KENMERK = "JGT-2026-1201"


@pytest.fixture
def opened(qtbot, window, tmp_path):
    path = tmp_path / "demo.dossier"
    with sessions.create_demo(path, PASSPHRASE, today=dt.date(2026, 12, 4)):
        pass
    open_with_passphrase(qtbot, window, path, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    return window


def _with_kenmerk(window, kenmerk: str) -> list[dict]:
    """The documents with this kenmerk in the window's open dossier (read through its own session)."""
    with store_handle(window.session).bound():
        return entries.documents_with_kenmerk(kenmerk)








def close_review(qtbot, dialog):
    qtbot.mouseClick(button(dialog, "Sluiten"), Qt.LeftButton)
    qtbot.waitUntil(lambda: review_dialog() is None, timeout=WAIT_MS)


def store_shown(qtbot, dialog, text="Opslaan"):
    qtbot.mouseClick(button(dialog, text), Qt.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and "Opslaan:" not in dialog.status.text(), timeout=WAIT_MS)


def test_batch_shows_n_of_total_and_names_each_failed_file(qtbot, opened, tmp_path, monkeypatch):
    folder = tmp_path / "post"
    folder.mkdir()
    decision_pdf(folder / "a-besluit.pdf")
    (folder / "b-kapot.pdf").write_bytes(b"dit is geen PDF")
    (folder / "c-ook-kapot.docx").write_bytes(b"PK\x03\x04 ook geen Word-bestand")
    reached_second, release = threading.Event(), threading.Event()
    real = extract.extract_file

    def held_at_the_second(path, workdir, **options):
        if path.name.startswith("b-"):
            reached_second.set()
            release.wait(20)
        return real(path, workdir, **options)

    monkeypatch.setattr(extract, "extract_file", held_at_the_second)
    drop(opened, [folder])
    qtbot.waitUntil(lambda: any(isinstance(w, QProgressDialog) and w.isVisible()
                                for w in opened.findChildren(QProgressDialog)), timeout=WAIT_MS)
    progress = next(w for w in opened.findChildren(QProgressDialog) if w.isVisible())
    qtbot.waitUntil(reached_second.is_set, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: progress.labelText() == "Gelezen: 1 van 3 (a-besluit.pdf)", timeout=WAIT_MS)
    assert progress.value() == 1 and progress.maximum() == 3
    release.set()
    qtbot.waitUntil(lambda: bool(message_boxes()), timeout=WAIT_MS)
    summary = message_boxes()[-1].text()
    assert "2 van 3 bestanden konden niet worden ingelezen" in summary
    assert "<li>b-kapot.pdf: " in summary and "<li>c-ook-kapot.docx: " in summary
    assert "a-besluit.pdf" not in summary
    qtbot.mouseClick(message_boxes()[-1].buttons()[0], Qt.LeftButton)
    qtbot.waitUntil(lambda: review_dialog() is not None, timeout=WAIT_MS)
    assert review_dialog().findChild(QListWidget).count() == 1
    close_review(qtbot, review_dialog())


def test_a_letter_already_in_the_dossier_is_said_and_not_stored_twice(qtbot, opened, tmp_path):
    pdf = decision_pdf(tmp_path / "besluit.pdf")
    drop(opened, [pdf])
    qtbot.waitUntil(lambda: review_dialog() is not None, timeout=WAIT_MS)
    dialog = review_dialog()
    store_shown(qtbot, dialog)
    assert "besluit.pdf opgeslagen" in dialog.status.text()
    close_review(qtbot, dialog)
    assert len(_with_kenmerk(opened, KENMERK)) == 1

    copy = tmp_path / "besluit-nog-eens.pdf"
    shutil.copy(pdf, copy)
    drop(opened, [copy])
    qtbot.waitUntil(lambda: review_dialog() is not None, timeout=WAIT_MS)
    dialog = review_dialog()
    effect = dialog.findChild(QLabel, "intake-effect").text()
    assert effect.startswith("Deze brief staat al in het dossier (dit bestand: 'Beschikking: Besluit op uw aanvraag")
    assert dialog.findChild(QListWidget, "intake-changes").count() == 0
    assert not dialog.findChild(QPushButton, "intake-anyway").isVisible()   # the same bytes: no other document
    store_shown(qtbot, dialog)
    assert dialog.status.text().startswith("besluit-nog-eens.pdf: Deze brief staat al in het dossier")
    assert "er is niets opnieuw opgeslagen en er is geen termijn bijgekomen." in dialog.status.text()
    assert "1 stond al in het dossier" in dialog.status.text()
    close_review(qtbot, dialog)
    assert len(_with_kenmerk(opened, KENMERK)) == 1

    # The same kenmerk and date in another file: the review offers to store it as another document.
    other = decision_pdf(tmp_path / "tweede-brief.pdf", DECISION + "\nBijlage: overzicht van de uren\n")
    drop(opened, [other])
    qtbot.waitUntil(lambda: review_dialog() is not None, timeout=WAIT_MS)
    dialog = review_dialog()
    effect = dialog.findChild(QLabel, "intake-effect").text()
    assert f"een brief met hetzelfde kenmerk ({KENMERK}) en dezelfde datum" in effect
    anyway = dialog.findChild(QPushButton, "intake-anyway")
    assert anyway.isVisible() and anyway.isEnabled()
    store_shown(qtbot, dialog, "Toch opslaan als ander document")
    assert "tweede-brief.pdf opgeslagen" in dialog.status.text()
    close_review(qtbot, dialog)
    assert len(_with_kenmerk(opened, KENMERK)) == 2
