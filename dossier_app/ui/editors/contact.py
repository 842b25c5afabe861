"""Editor for a contact or organisation (gemeente, wijkteam, jeugdhulpaanbieder, GI …)."""

from __future__ import annotations

from dossier_app.services import family
from dossier_app.services.vocabulary import CONTACT_ROLES
from dossier_app.ui.editors.base import FormDialog, LineFieldsMixin, combo_box, select_data, text_edit

LINE_FIELDS = (("name", "Naam *"), ("organisation", "Organisatie"), ("department", "Afdeling / t.a.v."),
               ("contact_person", "Contactpersoon"), ("salutation", "Aanhef in brieven"),
               ("street", "Straat of postbus"), ("postcode", "Postcode"), ("city", "Plaats"), ("email", "E-mail"),
               ("phone", "Telefoon"))


class ContactEditor(LineFieldsMixin, FormDialog):
    form_id = "contact"
    shows_letter_legend = True

    def __init__(self, session, contact: family.Contact | None = None, parent=None):
        super().__init__(session, str(contact.id) if contact else "nieuw",
                         "contact bewerken" if contact else "nieuw contact", parent)
        self.contact_id = contact.id if contact else None
        self.role = combo_box(CONTACT_ROLES, "Rol", contact.role if contact else "")
        self.form.addRow("Rol *", self.role)
        self.add_line_fields(LINE_FIELDS, contact)
        self.notes = text_edit("Notities", contact.notes if contact else "", 3)
        self.form.addRow("Notities (alleen voor uzelf)", self.notes)
        self.watch(self.role, self.notes)
        self.finish_layout()

    def collect(self) -> dict:
        return dict(self.line_values(), role=self.role.currentData(), notes=self.notes.toPlainText())

    def has_content(self) -> bool:
        return any(self.line_values(strip=True).values())

    def restore(self, payload: dict) -> None:
        self.restore_lines(payload)
        self.notes.setPlainText(payload.get("notes", ""))
        select_data(self.role, payload.get("role"))

    def problems(self) -> str:
        return "" if self.fields["name"].text().strip() else "Vul een naam in (verplicht)."

    def store(self) -> None:
        values = dict(self.line_values(strip=True), notes=self.notes.toPlainText())
        role, name = self.role.currentData(), values.pop("name")
        if self.contact_id:
            family.update_contact(self.session, self.contact_id, role=role, name=name, **values)
        else:
            self.contact_id = family.add_contact(self.session, role, name, **values)
