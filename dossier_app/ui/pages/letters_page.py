"""Every letter made with the app: kind, traject, when and how it was sent, receipt, enclosures;
and from a row: read it, save it again, record sending and receipt. 'Nieuwe brief…' opens the assistant."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton

from dossier_app import paths
from dossier_app.dutch import short_date
from dossier_app.errors import DossierError, OutputExists
from dossier_app.services import family, letters
from dossier_app.ui.letters.sending import LetterTextDialog, ReceiptDialog, SentDialog
from dossier_app.ui.messages import describe
from dossier_app.ui.pages.base import Page, RowsTable
from dossier_app.ui.table_models import Column, RowsModel


@dataclass(frozen=True)
class LetterRow:
    record: letters.LetterRecord
    kind_title: str
    traject_title: str

    @property
    def id(self) -> int:
        return self.record.id


def _sent(row: LetterRow) -> str:
    record = row.record
    if not record.sent_on:
        return "nog niet"
    text = f"{short_date(record.sent_on)} ({letters.send_methods().get(record.send_method, record.send_method)}"
    if record.tracking_number:
        text += f", {record.tracking_number}"
    return text + ")"


class LetterLogModel(RowsModel):
    columns = (
        Column("date", "Datum", lambda row: row.record.date),
        Column("kind", "Soort", lambda row: row.kind_title),
        Column("traject", "Traject", lambda row: row.traject_title),
        Column("sent", "Verstuurd", _sent),
        Column("receipt", "Ontvangst bevestigd", lambda row: row.record.receipt_confirmed_on or "nee"),
        Column("enclosures", "Bijlagen", lambda row: "; ".join(row.record.enclosures)),
        Column("subject", "Betreft", lambda row: row.record.subject),
    )


class LettersPage(Page):
    name, title = "brieven", "Brieven"
    letter_requested = Signal(str, object)     # kind id ('' to choose), traject id

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        intro = QLabel("Alle brieven die u met de app maakte: wanneer, hoe ze zijn verstuurd en of de ontvangst "
                       "is bevestigd. Kies een brief om hem te bekijken of vast te leggen dat u hem verstuurde.")
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        top = QHBoxLayout()
        self.new_button = QPushButton("Nieuwe brief…")
        self.new_button.setObjectName("new-letter")
        self.new_button.clicked.connect(lambda _c=False: self.letter_requested.emit("", None))
        top.addWidget(self.new_button)
        top.addStretch(1)
        self.layout_.addLayout(top)
        self.model = LetterLogModel(self)
        self.view = RowsTable(self.model, "Brieven")
        self.view.row_activated.connect(lambda _row: self.show_text())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.layout_.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        self.read_button = QPushButton("Bekijken")
        self.export_button = QPushButton("Opnieuw opslaan…")
        self.sent_button = QPushButton("Verstuurd…")
        self.receipt_button = QPushButton("Ontvangst bevestigd…")
        for button, handler in ((self.read_button, self.show_text), (self.export_button, self.export_again),
                                (self.sent_button, self.record_sent), (self.receipt_button, self.record_receipt)):
            button.clicked.connect(lambda _c=False, h=handler: h())
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.layout_.addWidget(self.status)
        self._update_buttons()

    def refresh(self):
        selected = self.view.selected_id()
        trajecten = {traject.id: traject.title for traject in family.trajecten(self.session)}
        titles = {kind.id: kind.title for kind in letters.kinds()}
        self.view.set_rows([LetterRow(record, titles.get(record.kind, record.kind),
                                      trajecten.get(record.traject_id, ""))
                            for record in letters.letter_records(self.session)])
        if selected is not None:
            self.view.select_id(selected)
        self._update_buttons()

    def clear(self):
        self.view.set_rows([])
        self.status.clear()

    def selected_id(self):
        return self.view.selected_id()

    def select_id(self, letter_id):
        self.view.select_id(letter_id)

    def _selected(self):
        row = self.view.selected_row()
        return row.record if row is not None else None

    def _update_buttons(self):
        record = self._selected()
        for button in (self.read_button, self.export_button, self.sent_button):
            button.setEnabled(record is not None)
        self.receipt_button.setEnabled(record is not None and record.sent_on is not None)

    # -- actions on a row ----------------------------------------------------------------------
    def show_text(self):
        record = self._selected()
        if record is not None:
            dialog = LetterTextDialog(record.subject, letters.letter_text(self.session, record.id), self)
            dialog.setAttribute(Qt.WA_DeleteOnClose)
            dialog.open()

    def export_again(self):
        record = self._selected()
        if record is None:
            return
        default = paths.documents_dir() / f"{record.kind}-{record.date.isoformat()}.docx"
        chosen, _ = QFileDialog.getSaveFileName(self, "Brief opnieuw opslaan", str(default), "Word (*.docx)")
        if not chosen:
            return
        target = Path(chosen)
        try:
            try:
                letters.export_again(self.session, record.id, target)
            except OutputExists:
                answer = QMessageBox.question(self, "Overschrijven?", f"'{target.name}' bestaat al. Overschrijven?",
                                              QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
                if answer != QMessageBox.Yes:
                    return
                letters.export_again(self.session, record.id, target, overwrite=True)
        except (DossierError, OSError) as exc:
            QMessageBox.warning(self, "Brief opslaan", describe(exc))
            return
        self.status.setText(f"Opgeslagen als {target.name}: precies de brief zoals u hem maakte.")

    def _open_dialog(self, dialog: QDialog, done_text: str) -> QDialog:
        """Window-modal, not blocking: the page refreshes when the dialog was accepted."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted():
            self.status.setText(done_text)
            self.refresh()

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def record_sent(self):
        record = self._selected()
        if record is not None:
            return self._open_dialog(SentDialog(self.session, record, self),
                                     "Verzending vastgelegd. De termijnen die daarmee beginnen staan bij Termijnen.")
        return None

    def record_receipt(self):
        record = self._selected()
        if record is not None:
            return self._open_dialog(ReceiptDialog(self.session, record, self),
                                     "Ontvangst vastgelegd; de termijn van de brief is opnieuw berekend.")
        return None
