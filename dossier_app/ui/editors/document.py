"""Editor for a document or verslag: kind, sender, kenmerk, the dates that start its deadline."""

from __future__ import annotations

from dossier_app.services import timeline
from dossier_app.services.vocabulary import DOCUMENT_KINDS
from dossier_app.ui.editors.base import letter_label, combo_box, line_edit, select_data, text_edit
from dossier_app.ui.editors.entry import EntryEditor
from dossier_app.ui.widgets import DateField

DIRECTIONS = {"ontvangen": "Ontvangen", "verzonden": "Verzonden"}


class DocumentEditor(EntryEditor):
    kind = "document"
    title_feeds_letters = True
    shows_letter_legend = True

    def add_kind_fields(self, fields: dict) -> None:
        self.doc_kind = combo_box(DOCUMENT_KINDS, "Soort document", fields.get("doc_kind", ""))
        self.direction = combo_box(DIRECTIONS, "Ontvangen of verzonden", fields.get("direction", ""))
        self.sender_edit = line_edit("Afzender", fields.get("sender", ""))
        self.kenmerk = line_edit("Kenmerk", fields.get("kenmerk", ""))
        self.decision_date = DateField("Datum van het besluit", required=False, value=fields.get("decision_date"))
        self.received_on = DateField("Ontvangen op", required=False, value=fields.get("received_on"))
        self.inaccuracies = text_edit("Onjuistheden om te laten verbeteren", fields.get("inaccuracies", ""), 3)
        self.inaccuracies.setToolTip("Wat in het document niet klopt. Dit kan in een bezwaarschrift of een "
                                     "verzoek om correctie komen: bij een beschikking worden het gronden in het "
                                     "bezwaarschrift.")
        self.form.addRow("Soort", self.doc_kind)
        self.form.addRow("Richting", self.direction)
        self.form.addRow(letter_label("Afzender"), self.sender_edit)
        self.form.addRow(letter_label("Kenmerk"), self.kenmerk)
        self.form.addRow(letter_label("Datum besluit (bekendmaking)"), self.decision_date)
        self.form.addRow(letter_label("Ontvangen op"), self.received_on)
        self.form.addRow(letter_label("Onjuistheden"), self.inaccuracies)
        self.watch(self.doc_kind, self.direction, self.sender_edit, self.kenmerk, self.decision_date.edit,
                   self.received_on.edit, self.inaccuracies)

    def collect_kind(self) -> dict:
        return {"kind": self.doc_kind.currentData(), "direction": self.direction.currentData(),
                "sender": self.sender_edit.text(), "kenmerk": self.kenmerk.text(),
                "decision": self.decision_date.text(),
                "received": self.received_on.text(), "inaccuracies": self.inaccuracies.toPlainText()}

    def restore_kind(self, payload: dict) -> None:
        self.sender_edit.setText(payload.get("sender", ""))
        self.kenmerk.setText(payload.get("kenmerk", ""))
        self.decision_date.set_text(payload.get("decision", ""))
        self.received_on.set_text(payload.get("received", ""))
        self.inaccuracies.setPlainText(payload.get("inaccuracies", ""))
        select_data(self.doc_kind, payload.get("kind"))
        select_data(self.direction, payload.get("direction"))

    def has_content(self) -> bool:
        data = self.collect()
        return any(data[key].strip() for key in ("title", "notes", "sender", "kenmerk", "inaccuracies"))

    def kind_problems(self) -> str:
        return "" if self.decision_date.valid and self.received_on.valid else "Controleer de datums van het document."

    def create_entry(self, title, occurred_on, body, traject_id) -> int:
        return timeline.add_document(
            self.session, occurred_on=occurred_on, title=title, body=body, traject_id=traject_id,
            doc_kind=self.doc_kind.currentData(), direction=self.direction.currentData(),
            sender=self.sender_edit.text().strip(), kenmerk=self.kenmerk.text().strip(),
            decision_date=self.decision_date.value(), received_on=self.received_on.value(),
            inaccuracies=self.inaccuracies.toPlainText())

    def update_kind(self) -> None:
        timeline.update_document(
            self.session, self.saved_entry_id(), doc_kind=self.doc_kind.currentData(),
            direction=self.direction.currentData(),
            sender=self.sender_edit.text().strip(), kenmerk=self.kenmerk.text().strip(),
            decision_date=self.decision_date.value(), received_on=self.received_on.value(),
            inaccuracies=self.inaccuracies.toPlainText())
