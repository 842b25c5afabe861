"""Editor for a deadline set by hand, or computed from a legal rule and a start date."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel

from dossier_app.services import deadlines
from dossier_app.ui.editors.base import FormDialog, line_edit, select_data, traject_combo
from dossier_app.ui.widgets import DateField


class DeadlineEditor(FormDialog):
    form_id = "termijn"

    def __init__(self, session, parent=None):
        super().__init__(session, "nieuw", "nieuwe termijn", parent)
        self.rules = {rule.id: rule for rule in deadlines.rules()}
        self.title_edit = line_edit("Omschrijving")
        self.rule = QComboBox()
        self.rule.setAccessibleName("Wettelijke regel")
        self.rule.addItem("Zelf een datum kiezen", "")
        for rule in self.rules.values():
            self.rule.addItem(f"{rule.title} ({rule.basis})", rule.id)
        self.date = DateField("Datum")
        self.date_label = QLabel("Laatste dag *")
        self.traject = traject_combo(session, suggest_single=True)
        self.form.addRow("Omschrijving *", self.title_edit)
        self.form.addRow("Berekenen", self.rule)
        self.form.addRow(self.date_label, self.date)
        self.form.addRow("Traject", self.traject)
        self.rule.currentIndexChanged.connect(self._rule_changed)
        self.watch(self.title_edit, self.rule, self.date.edit, self.traject)
        self.finish_layout()

    def _rule_changed(self, _index):
        rule = self.rules.get(self.rule.currentData())
        self.date_label.setText(f"{rule.start_label} *" if rule else "Laatste dag *")

    def collect(self) -> dict:
        return {"title": self.title_edit.text(), "rule": self.rule.currentData(), "date": self.date.text()}

    def restore(self, payload: dict) -> None:
        self.title_edit.setText(payload.get("title", ""))
        self.date.set_text(payload.get("date", ""))
        select_data(self.rule, payload.get("rule"))

    def has_content(self) -> bool:
        return bool(self.title_edit.text().strip() or self.date.text().strip())

    def problems(self) -> str:
        if not self.title_edit.text().strip() and not self.rule.currentData():
            return "Geef de termijn een omschrijving (verplicht)."
        return "" if self.date.valid else "Controleer de datum."

    def store(self) -> None:
        deadlines.add_deadline(self.session, self.title_edit.text().strip(), self.date.value(),
                               rule_id=self.rule.currentData(), traject_id=self.traject.currentData())
