"""Editor for a member of the family (a parent or a child)."""

from __future__ import annotations

from dossier_app.services import family
from dossier_app.services.vocabulary import PERSON_ROLES
from dossier_app.ui.editors.base import letter_label, FormDialog, LineFieldsMixin, combo_box, select_data, text_edit
from dossier_app.ui.widgets import DateField

LINE_FIELDS = (("name", "Naam *"), ("street", "Straat en huisnummer"), ("postcode", "Postcode"),
               ("city", "Woonplaats"), ("phone", "Telefoon"), ("email", "E-mail"))


class PersonEditor(LineFieldsMixin, FormDialog):
    form_id = "gezinslid"
    shows_letter_legend = True

    def __init__(self, session, person: family.Person | None = None, parent=None):
        super().__init__(session, str(person.id) if person else "nieuw",
                         "gezinslid bewerken" if person else "nieuw gezinslid", parent)
        self.person_id = person.id if person else None
        self.role = combo_box(PERSON_ROLES, "Rol", person.role if person else "")
        self.form.addRow("Rol *", self.role)
        self.add_line_fields(LINE_FIELDS, person)
        self.birth_date = DateField("Geboortedatum", required=False, value=person.birth_date if person else None)
        self.form.addRow("Geboortedatum", self.birth_date)
        self.notes = text_edit("Notities", person.notes if person else "", 3)
        self.form.addRow(letter_label("Notities"), self.notes)
        self.notes.setToolTip("Bij een kind: wat het nodig heeft. Dit kan als hulpvraag in een aanvraag komen; "
                              "u ziet en kiest het in de briefhulp.")
        self.watch(self.role, self.birth_date.edit, self.notes)
        self.finish_layout()

    def collect(self) -> dict:
        return dict(self.line_values(), role=self.role.currentData(), birth_date=self.birth_date.text(),
                    notes=self.notes.toPlainText())

    def has_content(self) -> bool:
        return any(self.line_values(strip=True).values())

    def restore(self, payload: dict) -> None:
        self.restore_lines(payload)
        self.birth_date.set_text(payload.get("birth_date", ""))
        self.notes.setPlainText(payload.get("notes", ""))
        select_data(self.role, payload.get("role"))

    def problems(self) -> str:
        if not self.fields["name"].text().strip():
            return "Vul een naam in (verplicht)."
        return "" if self.birth_date.valid else "Controleer de geboortedatum."

    def store(self) -> None:
        values = dict(self.line_values(strip=True), birth_date=self.birth_date.value(), notes=self.notes.toPlainText())
        role, name = self.role.currentData(), values.pop("name")
        if self.person_id:
            family.update_person(self.session, self.person_id, role=role, name=name, **values)
        else:
            self.person_id = family.add_person(self.session, role, name, **values)
