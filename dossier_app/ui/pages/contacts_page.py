"""Contacts and organisations: the addressees of letters."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton

from dossier_app.services import family
from dossier_app.ui.pages.base import Page, RowsTable
from dossier_app.ui.table_models import ContactsModel


class ContactsPage(Page):
    name, title = "contacten", "Contacten"
    edit_contact = Signal(object)       # a Contact, or None for a new one

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.model = ContactsModel(self)
        self.view = RowsTable(self.model, "Contacten")
        self.view.row_activated.connect(self.edit_contact.emit)
        self.layout_.addWidget(self.view)
        buttons = QHBoxLayout()
        add = QPushButton("Contact toevoegen")
        add.clicked.connect(lambda _c=False: self.edit_contact.emit(None))
        buttons.addWidget(add)
        buttons.addStretch()
        self.layout_.addLayout(buttons)

    def refresh(self):
        self.view.set_rows(family.contacts(self.session))

    def clear(self):
        self.view.set_rows([])

    def selected_id(self):
        return self.view.selected_id()

    def select_id(self, contact_id):
        self.view.select_id(contact_id)
