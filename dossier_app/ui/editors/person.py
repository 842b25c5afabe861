"""Editor for a member of the family (a parent or a child)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from dossier_app.services import family
from dossier_app.services.vocabulary import GEZAG_CHOICES, PERSON_ROLES
from dossier_app.ui.editors.base import FormDialog, LineFieldsMixin, combo_box, letter_label, select_data, text_edit
from dossier_app.ui.widgets import DateField

LINE_FIELDS = (("name", "Naam *"), ("street", "Straat en huisnummer"), ("postcode", "Postcode"),
               ("city", "Woonplaats"), ("phone", "Telefoon"), ("email", "E-mail"))

GEZAG_HELP = ("Gezag is het recht en de plicht om beslissingen te nemen over een kind. Hebben twee ouders het "
              "gezag, ook na een scheiding, dan is voor hulp aan het kind de toestemming van allebei nodig, en "
              "tekenen brieven namens het kind door allebei. Zijn de ouders het niet eens, dan kan alleen de "
              "rechtbank 'vervangende toestemming' geven. Daarvoor is een advocaat nodig; zet die bij Contacten "
              "(rol Advocaat).")
OWN_VOICE_HELP = ("Vraag uw kind zelf wat het nodig heeft, en schrijf het op in de woorden van uw kind. "
                  "Brieven (aanvraag, bezwaar, voorstel voor andere hulp) kunnen dit opnemen.")


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
        self.gezag = combo_box(GEZAG_CHOICES, "Gezag", person.gezag if person else "")
        self.gezag.setToolTip(GEZAG_HELP)
        self.gezag_label = QLabel("Gezag")
        self.gezag_help = QLabel(GEZAG_HELP)
        self.gezag_help.setWordWrap(True)
        self.gezag_help.setObjectName("gezag-help")
        self.form.addRow(self.gezag_label, self.gezag)
        self.form.addRow("", self.gezag_help)
        self.own_voice = text_edit("Wat zegt het kind zelf?", person.own_voice if person else "", 3)
        self.own_voice.setToolTip(OWN_VOICE_HELP)
        self.own_voice_label = QLabel("Wat zegt het kind zelf?")
        self.own_voice_label.setToolTip(OWN_VOICE_HELP)
        self.form.addRow(self.own_voice_label, self.own_voice)
        self.notes = text_edit("Notities", person.notes if person else "", 3)
        self.notes_label = QLabel("Notities")
        self.notes_label.setObjectName("notes-label")
        self.notes_label.setBuddy(self.notes)
        self.form.addRow(self.notes_label, self.notes)
        self.role.currentIndexChanged.connect(self._show_for_role)
        self.watch(self.role, self.birth_date.edit, self.notes, self.gezag, self.own_voice)
        self._show_for_role()
        self.finish_layout()

    def _show_for_role(self, *_args):
        parent = self.role.currentData() == "ouder"
        for widget in (self.gezag_label, self.gezag, self.gezag_help):
            widget.setVisible(parent)
        for widget in (self.own_voice_label, self.own_voice):
            widget.setVisible(not parent)
        # Only a child's notes can reach a letter (as the hulpvraag of an aanvraag); a parent's never do.
        child = self.role.currentData() == "kind"
        self.notes_label.setText(letter_label("Notities") if child else "Notities")
        self.notes.setToolTip("Wat uw kind nodig heeft. Dit kan als hulpvraag in een aanvraag komen; u ziet en "
                              "kiest het in de briefhulp." if child else
                              "Alleen voor uzelf: dit komt niet in brieven.")

    def collect(self) -> dict:
        return dict(self.line_values(), role=self.role.currentData(), birth_date=self.birth_date.text(),
                    notes=self.notes.toPlainText(), gezag=self.gezag.currentData(),
                    own_voice=self.own_voice.toPlainText())

    def has_content(self) -> bool:
        return any(self.line_values(strip=True).values())

    def restore(self, payload: dict) -> None:
        self.restore_lines(payload)
        self.birth_date.set_text(payload.get("birth_date", ""))
        self.notes.setPlainText(payload.get("notes", ""))
        self.own_voice.setPlainText(payload.get("own_voice", ""))
        select_data(self.role, payload.get("role"))
        select_data(self.gezag, payload.get("gezag"))

    def problems(self) -> str:
        if not self.fields["name"].text().strip():
            return "Vul een naam in (verplicht)."
        return "" if self.birth_date.valid else "Controleer de geboortedatum."

    def store(self) -> None:
        values = dict(self.line_values(strip=True), birth_date=self.birth_date.value(), notes=self.notes.toPlainText())
        role, name = self.role.currentData(), values.pop("name")
        parent = role == "ouder"
        values["gezag"] = self.gezag.currentData() if parent else ""
        values["own_voice"] = "" if parent else self.own_voice.toPlainText().strip()
        if self.person_id:
            family.update_person(self.session, self.person_id, role=role, name=name, **values)
        else:
            self.person_id = family.add_person(self.session, role, name, **values)
