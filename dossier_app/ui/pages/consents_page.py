"""The consent register (toestemmingen): what the family agreed to, with whom, and what it withdrew."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from dossier_app.services import consents
from dossier_app.ui.pages.base import Page, RowsTable
from dossier_app.ui.table_models import ConsentsModel

INTRO = ("Houd hier bij aan wie u toestemming gaf, waarvoor en wanneer, en bewaar de schriftelijke bevestiging. "
         "U mag een toestemming altijd intrekken, ook mondeling of per e-mail; leg het daarna schriftelijk "
         "vast met de brief 'Intrekking van een toestemming'.")


class ConsentsPage(Page):
    name, title = "toestemmingen", "Toestemmingen"
    edit_consent = Signal(object)       # a Consent, or None for a new one

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        self.view = RowsTable(ConsentsModel(self), "Toestemmingen")
        self.view.row_activated.connect(self.edit_consent.emit)
        self.layout_.addWidget(self.view)
        buttons = QHBoxLayout()
        add = QPushButton("Toestemming toevoegen")
        add.clicked.connect(lambda _c=False: self.edit_consent.emit(None))
        buttons.addWidget(add)
        buttons.addStretch()
        self.layout_.addLayout(buttons)

    def refresh(self):
        self.view.set_rows(consents.consents(self.session))

    def clear(self):
        self.view.set_rows([])

    def selected_id(self):
        return self.view.selected_id()

    def select_id(self, consent_id):
        self.view.select_id(consent_id)
