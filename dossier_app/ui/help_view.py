"""The help window: one topic at a time, the other topics in a list beside it (F1, Help menu)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QListWidget, QTextBrowser, QVBoxLayout

from dossier_app.services import help_topics
from dossier_app.ui.read_aloud import ReadAloudButton
from dossier_app.ui.widgets import fit_to_screen


class HelpDialog(QDialog):
    def __init__(self, topic: str, parent=None, *, place: str = ""):
        super().__init__(parent)
        self.setObjectName("help-dialog")
        self.setWindowTitle("Uitleg")
        fit_to_screen(self, 860, 620)
        self.names = [item.name for item in help_topics.topics()]
        self.list = QListWidget()
        self.list.setObjectName("help-topics")
        self.list.setAccessibleName("Onderwerpen")
        self.list.setFixedWidth(260)
        self.list.setWordWrap(True)                       # a long title wraps instead of hiding behind a scroll bar
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        for item in help_topics.topics():
            self.list.addItem(item.title)
        self.text = QTextBrowser()
        self.text.setObjectName("help-text")
        self.text.setAccessibleName("Uitleg")
        self.text.setOpenExternalLinks(False)
        self.list.currentRowChanged.connect(self._show)
        body = QHBoxLayout()
        body.addWidget(self.list)
        body.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Sluiten")
        buttons.rejected.connect(self.reject)
        buttons.addButton(ReadAloudButton(self.text.toPlainText, "deze uitleg"), QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.show_topic(topic, place)

    def show_topic(self, topic: str, place: str = "") -> None:
        """Show a topic; with ``place``, scrolled to and marked at those words (context help)."""
        self.list.setCurrentRow(self.names.index(help_topics.page_topic(topic)))
        if place:
            self.text.moveCursor(QTextCursor.MoveOperation.Start)
            self.text.find(place)

    def _show(self, row: int) -> None:
        if row >= 0:
            self.text.setHtml(help_topics.topic_html(self.names[row]))
            self.setWindowTitle(f"Uitleg — {self.list.item(row).text()}")
