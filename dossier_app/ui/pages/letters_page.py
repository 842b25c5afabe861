"""Every letter made with the app: when, and whether and how it was sent."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from dossier_app.services import letters
from dossier_app.ui.pages.base import Page, RowsTable
from dossier_app.ui.table_models import LettersModel


class LettersPage(Page):
    name, title = "brieven", "Brieven"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        intro = QLabel("Alle brieven die u met de app maakte, met wanneer en hoe ze zijn verstuurd.")
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        self.model = LettersModel(self)
        self.view = RowsTable(self.model, "Brieven")
        self.view.row_activated.connect(lambda record: self.open_entry.emit(record.id))
        self.layout_.addWidget(self.view)

    def refresh(self):
        self.view.set_rows(letters.letter_records(self.session))

    def clear(self):
        self.view.set_rows([])

    def selected_id(self):
        return self.view.selected_id()

    def select_id(self, letter_id):
        self.view.select_id(letter_id)
