"""Voorlezen (issue 24): a letter's text, the assistant's step 4, a term's explanation and a help page are read
aloud exactly as shown; where the computer has no speech engine or no Dutch voice, one Dutch sentence says so.

A fake engine stands in for the computer's voice (``speech.use_speaker``); the real one is tested without an
engine (the module missing, or only Qt's silent test engine), which is what CI has.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QPushButton, QTextBrowser

from tests.conftest import PASSPHRASE
from dossier_app.ui import speech
from tests.support.uihelpers import (
    WAIT_MS, click_row, click_sidebar, message_boxes, open_with_passphrase, page, wait_idle,
)


class FakeSpeaker(QObject):
    speaking_changed = Signal(bool)

    def __init__(self, problem: str = ""):
        super().__init__()
        self._problem = problem
        self.said: list[str] = []
        self.speaking = False

    def problem(self) -> str:
        return self._problem

    def say(self, text: str) -> None:
        self.said.append(text)
        self.speaking = True
        self.speaking_changed.emit(True)

    def stop(self) -> None:
        if self.speaking:             # as a real engine: it stops now and says so a moment later
            self.speaking = False
            QTimer.singleShot(50, lambda: self.speaking_changed.emit(False))

    def is_speaking(self) -> bool:
        return self.speaking


@pytest.fixture
def voice():
    fake = FakeSpeaker()
    speech.use_speaker(lambda: fake)
    yield fake
    speech.use_speaker(speech.QtSpeaker)


@pytest.fixture
def opened(qtbot, window, demo_path):
    open_with_passphrase(qtbot, window, demo_path, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    return window


def read_aloud_in(widget) -> QPushButton:
    found = [button for button in widget.findChildren(QPushButton, "read-aloud") if button.isVisible()]
    assert len(found) == 1, [button.accessibleName() for button in found]
    return found[0]


def visible(name: str):
    found = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.objectName() == name]
    return found[-1] if found else None


def test_a_term_explanation_is_read_as_shown_and_the_button_stops_it(qtbot, opened, voice):
    click_sidebar(qtbot, opened, "Termijnen")
    terms = page(opened, "termijnen")
    button = read_aloud_in(terms)
    assert not button.isEnabled()                       # nothing chosen: nothing to read
    click_row(qtbot, terms.view, 0)
    shown = terms.findChild(QTextBrowser).toPlainText()
    assert "Hoe berekend:" in shown
    qtbot.mouseClick(button, Qt.LeftButton)
    assert voice.said == [shown]
    assert button.text() == "Stoppen met voorlezen"
    assert button.accessibleName() == "Stoppen met voorlezen: de uitleg bij de termijn"   # what a reader hears
    qtbot.mouseClick(button, Qt.LeftButton)
    assert not voice.speaking and button.text() == "Voorlezen"
    assert button.accessibleName() == "Voorlezen: de uitleg bij de termijn"
    assert voice.said == [shown]


def test_a_help_page_is_read_as_shown(qtbot, opened, voice):
    dialog = opened.show_help("beschikking")
    qtbot.waitExposed(dialog)
    shown = dialog.findChild(QTextBrowser, "help-text").toPlainText()
    assert "beschikking" in shown.lower()
    qtbot.mouseClick(read_aloud_in(dialog), Qt.LeftButton)
    assert voice.said == [shown]
    dialog.close()                                      # closing the window stops the voice
    assert not voice.speaking


def test_a_sent_letter_is_read_as_shown(qtbot, opened, voice):
    click_sidebar(qtbot, opened, "Brieven")
    letters_page = page(opened, "brieven")
    click_row(qtbot, letters_page.view, 0)
    qtbot.mouseClick(letters_page.read_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: visible("letter-text-dialog") is not None, timeout=WAIT_MS)
    dialog = visible("letter-text-dialog")
    shown = dialog.findChild(QPlainTextEdit, "letter-final-text").toPlainText()
    assert len(shown) > 200
    qtbot.mouseClick(read_aloud_in(dialog), Qt.LeftButton)
    assert voice.said == [shown]
    dialog.close()


def test_step_4_of_the_assistant_reads_the_letter_as_it_will_be_printed(qtbot, opened, voice):
    click_sidebar(qtbot, opened, "Brieven")
    qtbot.mouseClick(page(opened, "brieven").new_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: visible("letter-assistant") is not None, timeout=WAIT_MS)
    dialog = visible("letter-assistant")
    dialog.kind_step.select_kind("avg-inzage")
    for _ in range(4):
        if dialog.current_step() is dialog.text_step:
            break
        button = dialog.findChild(QPushButton, "assistant-next")
        qtbot.waitUntil(button.isEnabled, timeout=WAIT_MS)
        qtbot.mouseClick(button, Qt.LeftButton)
    assert dialog.current_step() is dialog.text_step
    preview = dialog.text_step.findChild(QTextBrowser, "letter-final-preview")
    qtbot.waitUntil(lambda: "inzage" in preview.toPlainText().lower(), timeout=WAIT_MS)
    qtbot.mouseClick(read_aloud_in(dialog.text_step), Qt.LeftButton)
    assert voice.said == [preview.toPlainText()]
    assert "──" not in voice.said[0] and "<!--" not in voice.said[0]    # no part markers read out
    dialog.close()


def test_without_a_dutch_voice_one_clear_sentence_and_nothing_is_said(qtbot, opened):
    fake = FakeSpeaker(problem=speech.NO_DUTCH_VOICE)
    speech.use_speaker(lambda: fake)
    try:
        dialog = opened.show_help("beschikking")
        qtbot.mouseClick(read_aloud_in(dialog), Qt.LeftButton)
        qtbot.waitUntil(lambda: bool(message_boxes()), timeout=WAIT_MS)
        assert message_boxes()[-1].text() == speech.NO_DUTCH_VOICE
        assert fake.said == []
    finally:
        speech.use_speaker(speech.QtSpeaker)


def test_the_real_speaker_without_a_speech_engine_says_so_in_dutch(qtbot, monkeypatch):
    """What CI and a computer without speech-dispatcher have: Qt's module missing, or only its test engine."""
    import builtins

    real_import = builtins.__import__

    def no_texttospeech(name, *args, **kwargs):
        if name == "PySide6.QtTextToSpeech":
            raise ImportError("libpulse.so.0: cannot open shared object file")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_texttospeech)
    missing = speech.QtSpeaker()
    assert missing.problem() == speech.NO_ENGINE
    missing.say("Dit wordt niet gezegd.")                 # does nothing, raises nothing
    assert not missing.is_speaking()
    monkeypatch.setattr(builtins, "__import__", real_import)

    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError:
        return                                             # PySide6-Addons or libpulse not installed here
    monkeypatch.setattr(QTextToSpeech, "availableEngines", staticmethod(lambda: ["mock"]))
    assert speech.QtSpeaker().problem() == speech.NO_ENGINE
    assert "Nederlandse stem" in speech.NO_DUTCH_VOICE and "speech-dispatcher" in speech.NO_ENGINE
