"""The family (parents, children) and its trajecten."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from dossier_app.services import family
from dossier_app.ui.pages.base import Page, RowsTable
from dossier_app.ui.table_models import PeopleModel, TrajectenModel


class FamilyPage(Page):
    name, title = "gezin", "Gezin en trajecten"
    edit_person = Signal(object)        # a Person, or None for a new one
    new_traject = Signal()

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.people = RowsTable(PeopleModel(self), "Gezinsleden")
        self.people.row_activated.connect(self.edit_person.emit)
        self.trajecten = RowsTable(TrajectenModel(self), "Trajecten")
        self.layout_.addWidget(QLabel("<b>Gezinsleden</b>"))
        self.layout_.addWidget(self.people)
        self.layout_.addWidget(QLabel("<b>Trajecten</b> (bijvoorbeeld een aanvraag met alles wat erbij hoort)"))
        self.layout_.addWidget(self.trajecten)
        buttons = QHBoxLayout()
        add_person = QPushButton("Gezinslid toevoegen")
        add_person.clicked.connect(lambda _c=False: self.edit_person.emit(None))
        add_traject = QPushButton("Traject toevoegen")
        add_traject.clicked.connect(lambda _c=False: self.new_traject.emit())
        buttons.addWidget(add_person)
        buttons.addWidget(add_traject)
        buttons.addStretch()
        self.layout_.addLayout(buttons)

    def refresh(self):
        self.people.set_rows(family.people(self.session))
        self.trajecten.set_rows(family.trajecten(self.session))

    def clear(self):
        self.people.set_rows([])
        self.trajecten.set_rows([])

    def selected_id(self):
        return self.people.selected_id()

    def select_id(self, person_id):
        self.people.select_id(person_id)
