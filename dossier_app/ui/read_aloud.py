"""The "Voorlezen" button: reads the text shown beside it aloud, or says in one sentence why it cannot."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from dossier_app.ui import speech

READ = "Voorlezen"
STOP = "Stoppen met voorlezen"


class ReadAloudButton(QPushButton):
    """``shown_text`` gives the text exactly as it is on screen at the moment of the click."""

    def __init__(self, shown_text: Callable[[], str], what: str, parent=None):
        super().__init__(parent)
        self.setObjectName("read-aloud")
        self.what = what
        self._label(READ)
        self.setToolTip(f"Laat de computer {what} hardop voorlezen")
        self.setAutoDefault(False)
        self.shown_text = shown_text
        self._mine = False
        self.clicked.connect(self._toggle)

    def _toggle(self):
        voice = speech.speaker()
        if self._mine and voice.is_speaking():
            voice.stop()                  # the engine says so a moment later; the button at once
            self._mine = False
            self._label(READ)
            return
        problem = voice.problem()
        if problem:
            box = QMessageBox(QMessageBox.Information, READ, problem, QMessageBox.Ok, self.window())
            box.setObjectName("read-aloud-unavailable")
            box.setAttribute(Qt.WA_DeleteOnClose)
            box.open()
            return
        voice.speaking_changed.connect(self._speaking, Qt.UniqueConnection)
        self._mine = True
        voice.say(self.shown_text())

    def _speaking(self, speaking: bool):
        if not speaking:
            self._mine = False
        self._label(STOP if speaking and self._mine else READ)

    def _label(self, text: str) -> None:
        """What it does now, on the button and for a screen reader (its name follows its text)."""
        self.setText(text)
        self.setAccessibleName(f"{text}: {self.what}")

    def hideEvent(self, event):       # noqa: N802 (Qt's name): a closed window stops reading
        if self._mine:
            speech.speaker().stop()
        super().hideEvent(event)
