"""The first page: how the dossier stands, the next deadlines, and quick ways to add something."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from dossier_app.dutch import count
from dossier_app.services import deadlines, family, timeline
from dossier_app.services.vocabulary import ENTRY_KINDS
from dossier_app.ui.pages.base import Page, RowsTable
from dossier_app.ui.table_models import DeadlineModel

SHOWN_DEADLINES = 12


class OverviewPage(Page):
    name, title = "overzicht", "Overzicht"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.summary = QLabel()
        self.summary.setObjectName("overview-summary")
        self.summary.setWordWrap(True)
        self.layout_.addWidget(self.summary)
        self.layout_.addWidget(QLabel("<b>Eerstvolgende en verlopen termijnen</b>"))
        self.model = DeadlineModel(self)
        self.view = RowsTable(self.model, "Termijnen in het overzicht")
        self.layout_.addWidget(self.view)
        buttons = QHBoxLayout()
        for kind in ("gesprek", "document", "opname", "notitie"):
            button = QPushButton(f"Nieuw: {ENTRY_KINDS[kind].lower()}")
            button.clicked.connect(lambda _c=False, k=kind: self.new_entry.emit(k))
            buttons.addWidget(button)
        buttons.addStretch()
        self.layout_.addLayout(buttons)

    def refresh(self):
        items = deadlines.open_items(self.session)
        self.view.set_rows(items[:SHOWN_DEADLINES])
        overdue = sum(1 for item in items if item.overdue)
        entries = timeline.count_entries(self.session)
        text = (f"Dossier <b>{html.escape(self.session.name)}</b>: {count(entries, 'item', 'items')} in de "
                f"tijdlijn, {count(len(items), 'open termijn', 'open termijnen')}")
        if overdue:
            text += f", waarvan <span style='color:#b00020'><b>{overdue} verlopen</b></span>"
        text += "."
        if not family.people(self.session):
            text += ("<br><br><b>Om te beginnen:</b> vul bij <i>Gezin</i> uw eigen naam en adres in en die van "
                     "uw kind. Leg daarna bij <i>Tijdlijn</i> vast wat er al is gebeurd: gesprekken, brieven en "
                     "besluiten. De app rekent dan de termijnen voor u uit.")
        self.summary.setText(text)

    def clear(self):
        self.view.set_rows([])
        self.summary.clear()
