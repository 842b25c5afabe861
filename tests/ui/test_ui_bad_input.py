"""Odd text typed into an editor is stored exactly (issue 11, "Bad input, generated"): the UI editors
validate through the services, so what a person types — right-to-left overrides, combining accents,
quotes, braces, markdown, CJK, line breaks — comes back from the dossier as typed, or the form says why not."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.conftest import PASSPHRASE
from dossier_app.services import session as sessions
from dossier_app.services import timeline
from tests.support.uihelpers import WAIT_MS, open_editors, open_with_passphrase, press, type_into, wait_idle

ODD = [
    ("Verslag \u202efdp.exe", "Noor zei: \"ik wil {{ 7*7 }} niet\" — **echt** niet.\n\nTweede alinea é e\u0301 ß İ"),
    ("  spaties rondom  ", "# geen kop\n- geen lijst\n1. geen nummer\n<w:p/> &amp; \\ `code`"),
    ("Gesprek – wijkteam ‘t Hof", "\u200bonzichtbaar\u200b en ﷽ en 日本語"),
]


def type_text(qtbot, widget, text: str):
    """Type like a person: ASCII as key clicks, other characters as the key events a keyboard layout
    or input method sends (QTest's own key clicks only know ASCII)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClick(widget, Qt.Key_Delete)
    for char in text:
        if char == "\n":
            qtbot.keyClick(widget, Qt.Key_Return)
            continue
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.KeyPress, QEvent.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.NoModifier, char))


@pytest.fixture
def dossier_file(tmp_path):
    path = tmp_path / "gezin.dossier"
    with sessions.create_dossier(path, PASSPHRASE, name="Familie Test"):
        pass
    return path


@pytest.mark.parametrize(("title", "notes"), ODD)
def test_odd_text_typed_in_the_note_editor_is_stored_exactly(qtbot, window, dossier_file, title, notes):
    open_with_passphrase(qtbot, window, dossier_file, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    press(qtbot, window, Qt.Key_N, Qt.ControlModifier)              # Nieuw: notitie
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    editor = open_editors()[0]
    type_text(qtbot, editor.title_edit, title)
    type_text(qtbot, editor.notes, notes)
    qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), Qt.LeftButton)
    qtbot.waitUntil(lambda: not open_editors(), timeout=WAIT_MS)
    wait_idle(qtbot)
    items = timeline.timeline(window.session)
    assert len(items) == 1
    details = timeline.entry(window.session, items[0].id)
    assert details.title == title.strip() and details.body == notes


def test_an_empty_title_is_refused_in_words_and_nothing_is_stored(qtbot, window, dossier_file):
    open_with_passphrase(qtbot, window, dossier_file, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    press(qtbot, window, Qt.Key_N, Qt.ControlModifier)
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    editor = open_editors()[0]
    type_into(qtbot, editor.title_edit, " \t ")
    type_into(qtbot, editor.notes, "x" * 200)
    qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), Qt.LeftButton)
    assert "titel" in editor.error.text().lower()
    assert timeline.timeline(window.session) == []
    editor.close_for_lock()
