"""Open deadlines and afspraken, overdue first, with how each was computed and what to do."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser

from dossier_app.dutch import weekday_date
from dossier_app.services import deadlines
from dossier_app.ui import theme
from dossier_app.ui.pages.base import Page, RowsTable
from dossier_app.ui.read_aloud import ReadAloudButton
from dossier_app.ui.table_models import DeadlineModel


def explanation_html(item) -> str:
    overdue = " — " + theme.span("error", "verlopen") if item.overdue else ""
    parts = [f"<h3>{html.escape(item.title)}</h3>",
             f"<p><b>Laatste dag:</b> uiterlijk {html.escape(weekday_date(item.due_date))}{overdue}</p>"]
    if item.basis:
        parts.append(f"<p><b>Grondslag:</b> {html.escape(item.basis)}</p>")
    if item.explanation:
        parts.append(f"<p><b>Hoe berekend:</b> {html.escape(item.explanation)}</p>")
    if item.next_step:
        parts.append(f"<p><b>Wat nu:</b> {html.escape(item.next_step)}</p>")
    return "".join(parts)


class DeadlinesPage(Page):
    name, title = "termijnen", "Termijnen"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        intro = QLabel("Open termijnen en afspraken, verlopen eerst. Kies er een voor de uitleg: hoe de datum "
                       "is berekend, op welk wetsartikel hij rust en wat u kunt doen.")
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        self.model = DeadlineModel(self)
        self.view = RowsTable(self.model, "Open termijnen")
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self.show_explanation())
        self.explanation = QTextBrowser()
        self.explanation.setAccessibleName("Uitleg bij de termijn")
        self.done_button = QPushButton("Afvinken als gedaan")
        self.done_button.clicked.connect(lambda _c=False: self.mark_done())
        self.adjust_button = QPushButton("Verdaging of opschorting…")
        self.adjust_button.setObjectName("adjust-deadline")
        self.adjust_button.setToolTip("Leg vast wat de termijn verandert (verdaging, opschorting, commissie, "
                                      "verlenging) en reken hem opnieuw uit.")
        self.adjust_button.clicked.connect(lambda _c=False: self.adjust())
        self.add_button = QPushButton("Nieuwe termijn…")
        self.add_button.clicked.connect(lambda _c=False: self.new_entry.emit("termijn"))
        self.layout_.addWidget(self.view, 2)
        self.layout_.addWidget(self.explanation, 1)
        self.read_aloud = ReadAloudButton(self.explanation.toPlainText, "de uitleg bij de termijn")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch()
        buttons.addWidget(self.read_aloud)
        buttons.addWidget(self.adjust_button)
        buttons.addWidget(self.done_button)
        self.layout_.addLayout(buttons)

    def refresh(self):
        self.view.set_rows(deadlines.open_items(self.session))
        self.show_explanation()

    def clear(self):
        self.view.set_rows([])
        self.explanation.clear()

    def show_explanation(self):
        item = self.view.selected_row()
        self.done_button.setEnabled(item is not None)
        self.read_aloud.setEnabled(item is not None)
        self.adjust_button.setEnabled(item is not None and item.adjustable)
        if item is None:
            self.explanation.setHtml("<p>Kies een termijn.</p>")
            return
        self.explanation.setHtml(explanation_html(item))

    def adjust(self):
        from dossier_app.ui.term_facts_dialog import TermFactsDialog   # cold start: loads when first opened

        item = self.view.selected_row()
        if item is None:
            return
        dialog = TermFactsDialog(self.session, item, self)
        accepted = dialog.exec() == TermFactsDialog.Accepted
        dialog.deleteLater()
        if accepted:
            self.refresh()
            self.view.select_id(item.id)

    def mark_done(self):
        item = self.view.selected_row()
        if item is not None:
            deadlines.mark_done(self.session, item.id, is_agreement=item.source == "afspraak")
            self.refresh()
