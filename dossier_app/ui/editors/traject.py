"""Editor for a new traject (a thread such as 'Aanvraag jeugd-ggz Noor 2026')."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox

from dossier_app.services import family
from dossier_app.services.vocabulary import CASE_STATUSES
from dossier_app.ui.editors.base import letter_label, FormDialog, combo_box, line_edit, select_data, text_edit
from dossier_app.ui.widgets import DateField


class TrajectEditor(FormDialog):
    form_id = "traject"
    shows_letter_legend = True

    def __init__(self, session, parent=None):
        super().__init__(session, "nieuw", "nieuw traject", parent)
        self.title_edit = line_edit("Naam van het traject")
        self.title_edit.setPlaceholderText("bijvoorbeeld: Aanvraag jeugd-ggz Noor 2026")
        self.status = combo_box(CASE_STATUSES, "Status")
        self.child = QComboBox()
        self.child.setAccessibleName("Kind")
        self.child.addItem("(geen)", None)
        children = family.people(session, "kind")
        for person in children:
            self.child.addItem(person.name, person.id)
        if len(children) == 1:
            self.child.setCurrentIndex(1)
        self.opened = DateField("Begonnen op", value=dt.date.today())
        self.notes = text_edit("Hulpvraag en notities", "", 4)
        self.form.addRow("Naam *", self.title_edit)
        self.form.addRow("Status", self.status)
        self.form.addRow("Kind", self.child)
        self.form.addRow("Begonnen op *", self.opened)
        self.form.addRow(letter_label("Hulpvraag / notities"), self.notes)
        self.watch(self.title_edit, self.status, self.child, self.opened.edit, self.notes)
        self.finish_layout()

    def collect(self) -> dict:
        return {"title": self.title_edit.text(), "status": self.status.currentData(), "opened": self.opened.text(),
                "child": self.child.currentData(), "notes": self.notes.toPlainText()}

    def has_content(self) -> bool:
        return bool(self.title_edit.text().strip() or self.notes.toPlainText().strip())

    def restore(self, payload: dict) -> None:
        self.title_edit.setText(payload.get("title", ""))
        self.opened.set_text(payload.get("opened", ""))
        self.notes.setPlainText(payload.get("notes", ""))
        select_data(self.status, payload.get("status"))
        select_data(self.child, payload.get("child"))

    def problems(self) -> str:
        if not self.title_edit.text().strip():
            return "Geef het traject een naam (verplicht)."
        return "" if self.opened.valid else "Controleer de datum."

    def store(self) -> None:
        family.add_traject(self.session, self.title_edit.text().strip(), status=self.status.currentData(),
                           opened_on=self.opened.value(), child_id=self.child.currentData(),
                           notes=self.notes.toPlainText())
